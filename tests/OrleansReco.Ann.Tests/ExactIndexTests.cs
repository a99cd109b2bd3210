namespace OrleansReco.Ann.Tests;

public sealed class ExactIndexTests
{
    [Fact]
    public void Search_ReturnsTheTrueTopK_BestFirst()
    {
        var data = TestData.Vectors(300);
        var (_, exact) = TestData.Build(data);
        var query = TestData.Vectors(1, block: 2);

        var results = exact.Search(query, 5);

        var expected = Enumerable.Range(0, 300)
            .Select(id => (Id: id, Score: System.Numerics.Tensors.TensorPrimitives.Dot(query, TestData.Row(data, id))))
            .OrderByDescending(x => x.Score)
            .Take(5)
            .Select(x => x.Id);
        Assert.Equal(expected, results.Select(r => r.Id));
    }

    [Fact]
    public void Delete_RemovesTheItem_AndKeepsTheOthersSearchable()
    {
        var data = TestData.Vectors(50);
        var (_, exact) = TestData.Build(data);

        Assert.True(exact.Delete(10));

        Assert.False(exact.Contains(10));
        Assert.Equal(49, exact.Count);
        Assert.Equal(49, exact.Search(TestData.Row(data, 49), 1)[0].Id);
        Assert.DoesNotContain(exact.Search(TestData.Row(data, 10), 49), r => r.Id == 10);
    }
}

public sealed class Crc32CTests
{
    [Fact]
    public void HardwareAndPortable_BothGiveTheStandardCheckValue()
    {
        var data = "123456789"u8;

        Assert.Equal(0xE3069283u, Crc32C.AppendPortable(0, data));
        Assert.Equal(0xE3069283u, Crc32C.Append(0, data));
        Assert.Equal(Crc32C.Append(0, data), Crc32C.Append(Crc32C.Append(0, data[..4]), data[4..]));
    }
}
