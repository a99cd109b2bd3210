using OrleansReco.Learning.Model;

namespace OrleansReco.Training.Tests;

public sealed class ItemModelFileTests
{
    private static ItemModel Sample() => new(
        modelVersion: 1_700_000_000_123,
        dimensions: 3,
        items:
        [
            new ItemModelEntry("1", "Toy Story (1995)", ["Animation", "Children's", "Comedy"]),
            new ItemModelEntry("m-2", "Caf\u00e9 \u2603, \"quoted\"", []),
        ],
        vectors: [0.5f, -1.25f, 3e-8f, float.MaxValue, 0f, -0f],
        towers: new Dictionary<string, TowerWeights>
        {
            ["content.w1"] = new([2, 2], [1f, 2f, 3f, 4f]),
            ["content.b1"] = new([2], [0.1f, -0.1f]),
        },
        metadata: new Dictionary<string, string> { ["algorithm"] = "ials", ["note"] = "\u00fcnicode" });

    private static byte[] Bytes(ItemModel model)
    {
        using var stream = new MemoryStream();
        ItemModelFile.Write(stream, model);
        return stream.ToArray();
    }

    private static ItemModel ReadBytes(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return ItemModelFile.Read(stream);
    }

    [Fact]
    public void RoundTripPreservesEverything()
    {
        var original = Sample();

        var copy = ReadBytes(Bytes(original));

        Assert.Equal(original.ModelVersion, copy.ModelVersion);
        Assert.Equal(3, copy.Dimensions);
        Assert.Equal(original.Items.Select(i => (i.Id, i.Title, string.Join("|", i.Categories))),
            copy.Items.Select(i => (i.Id, i.Title, string.Join("|", i.Categories))));
        Assert.Equal(original.Vectors, copy.Vectors);
        Assert.Equal([2, 2], copy.Towers["content.w1"].Shape);
        Assert.Equal([1f, 2f, 3f, 4f], copy.Towers["content.w1"].Values);
        Assert.Equal([0.1f, -0.1f], copy.Towers["content.b1"].Values);
        Assert.Equal("\u00fcnicode", copy.Metadata["note"]);
        Assert.Equal(2, copy.ToItemVectors().Count);
    }

    [Fact]
    public void WritingIsDeterministicAndFileRoundTripWorks()
    {
        var path = Path.Combine(Path.GetTempPath(), $"orleansreco-{Guid.NewGuid():N}{ItemModelFile.Extension}");
        try
        {
            ItemModelFile.Write(path, Sample());
            Assert.Equal(Bytes(Sample()), File.ReadAllBytes(path));
            Assert.Equal(2, ItemModelFile.Read(path).Items.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ACorruptByteAnywhereInThePayloadOrChecksumIsRefused()
    {
        var bytes = Bytes(Sample());
        for (var position = 20; position < bytes.Length; position += 7)
        {
            var corrupt = (byte[])bytes.Clone();
            corrupt[position] ^= 0x10;

            var error = Assert.Throws<InvalidDataException>(() => ReadBytes(corrupt));

            Assert.Contains("checksum", error.Message, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void ATruncatedFileIsRefused()
    {
        var bytes = Bytes(Sample());
        foreach (var length in new[] { 0, 5, 12, 19, 20, bytes.Length / 2, bytes.Length - 32, bytes.Length - 1 })
        {
            var error = Assert.Throws<InvalidDataException>(() => ReadBytes(bytes[..length]));
            Assert.True(error.Message.Contains("Truncated", StringComparison.Ordinal) || error.Message.Contains("magic", StringComparison.Ordinal), error.Message);
        }
    }

    [Fact]
    public void AWrongMagicVersionOrTrailingBytesAreRefused()
    {
        var bytes = Bytes(Sample());

        var magic = (byte[])bytes.Clone();
        magic[0] = (byte)'X';
        Assert.Contains("magic", Assert.Throws<InvalidDataException>(() => ReadBytes(magic)).Message, StringComparison.Ordinal);

        var version = (byte[])bytes.Clone();
        version[8] = 2;
        Assert.Contains("version 2", Assert.Throws<InvalidDataException>(() => ReadBytes(version)).Message, StringComparison.Ordinal);

        Assert.Contains("after the checksum", Assert.Throws<InvalidDataException>(() => ReadBytes([.. bytes, 0])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AModelWithNonFiniteVectorsCannotBeBuilt() =>
        Assert.Throws<ArgumentException>(() => new ItemModel(1, 1, [new ItemModelEntry("a", "", [])], [float.NaN]));
}
