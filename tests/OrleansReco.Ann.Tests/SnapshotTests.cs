using System.Buffers.Binary;

namespace OrleansReco.Ann.Tests;

public sealed class SnapshotTests(ClusteredIndexFixture fixture) : IClassFixture<ClusteredIndexFixture>
{
    [Fact]
    public void SaveThenLoad_GivesIdenticalSearchResults()
    {
        using var loaded = HnswIndex.Load(new MemoryStream(Snapshot()));

        Assert.Equal(fixture.Hnsw.Count, loaded.Count);
        Assert.Equal(fixture.Hnsw.Options with { InitialCapacity = 0 }, loaded.Options with { InitialCapacity = 0 });
        Func<int, bool> filter = id => id % 3 == 0;
        for (var q = 0; q < 50; q++)
        {
            var query = TestData.Row(fixture.Queries, q);
            Assert.Equal(fixture.Hnsw.Search(query, 10, 40), loaded.Search(query, 10, 40));
            Assert.Equal(fixture.Hnsw.Search(query, 10, 40, filter), loaded.Search(query, 10, 40, filter));
        }
    }

    [Fact]
    public void SaveToFile_ThenLoad_RoundTripsAndLeavesNoTemporaryFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ann-test-{Guid.NewGuid():N}.hnsw");
        try
        {
            fixture.Hnsw.Save(path);
            using var loaded = HnswIndex.Load(path);

            Assert.Equal(fixture.Hnsw.Count, loaded.Count);
            Assert.False(File.Exists(path + ".tmp"));
            var query = TestData.Row(fixture.Queries, 0);
            Assert.Equal(fixture.Hnsw.Search(query, 10), loaded.Search(query, 10));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LoadedIndex_AcceptsNewItems()
    {
        using var loaded = HnswIndex.Load(new MemoryStream(Snapshot()));
        var extra = TestData.Vectors(300, block: 5);

        for (var i = 0; i < 300; i++)
        {
            loaded.Add(100_000 + i, TestData.Row(extra, i));
        }

        Assert.Equal(ClusteredIndexFixture.Size + 300, loaded.Count);
        for (var i = 0; i < 300; i += 10)
        {
            Assert.Equal(100_000 + i, loaded.Search(TestData.Row(extra, i), 1)[0].Id);
        }
    }

    [Theory]
    [InlineData(20, "header is corrupt")]
    [InlineData(200, "corrupt")]
    [InlineData(-4000, "corrupt")]
    [InlineData(-1, "corrupt")]
    public void FlippedByte_IsRefused(int offset, string message)
    {
        var bytes = Snapshot();
        var position = offset >= 0 ? offset : bytes.Length + offset;
        bytes[position] ^= 0x10;

        var error = Assert.Throws<InvalidDataException>(() => HnswIndex.Load(new MemoryStream(bytes)));

        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(30)]
    [InlineData(59)]
    [InlineData(60)]
    [InlineData(500_000)]
    [InlineData(-1)]
    public void TruncatedFile_IsRefused(int length)
    {
        var bytes = Snapshot();
        var kept = length >= 0 ? length : bytes.Length + length;

        var error = Assert.Throws<InvalidDataException>(() => HnswIndex.Load(new MemoryStream(bytes, 0, kept)));

        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void TruncatedNonSeekableStream_IsRefusedNamingTheSection()
    {
        var bytes = Snapshot();

        var error = Assert.Throws<InvalidDataException>(() => HnswIndex.Load(new ForwardOnlyStream(bytes.AsSpan(0, bytes.Length / 2).ToArray())));

        Assert.Contains("truncated in section", error.Message);
    }

    [Fact]
    public void ForeignFile_IsRefused()
    {
        var error = Assert.Throws<InvalidDataException>(() => HnswIndex.Load(new MemoryStream("PK\u0003\u0004 not an index at all, clearly"u8.ToArray())));

        Assert.Contains("magic", error.Message);
    }

    [Fact]
    public void NewerFormatVersion_IsRefused()
    {
        var bytes = Snapshot();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 99);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(56), Crc32C.Append(0, bytes.AsSpan(0, 56)));

        var error = Assert.Throws<InvalidDataException>(() => HnswIndex.Load(new MemoryStream(bytes)));

        Assert.Contains("version 99", error.Message);
    }

    private byte[] Snapshot()
    {
        using var stream = new MemoryStream();
        fixture.Hnsw.Save(stream);
        return stream.ToArray();
    }

    /// <summary>A read-only stream that cannot seek, as a network or pipe stream.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 4096));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
