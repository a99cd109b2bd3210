namespace OrleansReco.Ann.Tests;

public sealed class SearchTests(ClusteredIndexFixture fixture) : IClassFixture<ClusteredIndexFixture>
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void RecallAt10_IsAtLeast095_AgainstExactIndex(int degreeOfParallelism)
    {
        var (hnsw, _) = degreeOfParallelism == 2 ? (fixture.Hnsw, fixture.Exact) : TestData.Build(fixture.Data, degreeOfParallelism);

        var recall = TestData.Recall(hnsw, fixture.Exact, fixture.Queries, k: 10, ef: 64);

        Assert.True(recall >= 0.95, $"recall@10 = {recall:F4} with a {degreeOfParallelism}-thread build");
    }

    [Fact]
    public void Results_AreBestFirst_WithTheirExactDotProduct()
    {
        for (var q = 0; q < 20; q++)
        {
            var query = TestData.Row(fixture.Queries, q);

            var results = fixture.Hnsw.Search(query, 10);

            Assert.Equal(10, results.Length);
            Assert.Equal(10, results.Select(r => r.Id).Distinct().Count());
            for (var i = 0; i < results.Length; i++)
            {
                var dot = System.Numerics.Tensors.TensorPrimitives.Dot(query, TestData.Row(fixture.Data, results[i].Id));
                Assert.Equal(dot, results[i].Score, 4);
                Assert.True(i == 0 || results[i - 1].Score >= results[i].Score);
            }
        }
    }

    [Fact]
    public void Search_WithCallerBuffer_AllocatesNothing()
    {
        var results = new ScoredItem[10];
        var filter = ItemFilters.Exclude(new HashSet<int> { 1, 2, 3 });
        for (var q = 0; q < 50; q++)
        {
            fixture.Hnsw.Search(TestData.Row(fixture.Queries, q), results, 64);
            fixture.Hnsw.Search(TestData.Row(fixture.Queries, q), results, 64, filter);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var q = 0; q < 200; q++)
        {
            fixture.Hnsw.Search(TestData.Row(fixture.Queries, q), results, 64);
            fixture.Hnsw.Search(TestData.Row(fixture.Queries, q), results, 64, filter);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void GraphOverhead_IsAtMost200BytesPerVector_AtM16()
    {
        Assert.Equal(16, fixture.Hnsw.Options.M);

        Assert.InRange(fixture.Hnsw.GraphBytesPerVector, 132, 200);
    }

    [Fact]
    public void EmptyIndex_ReturnsNoResults()
    {
        using var index = new HnswIndex(TestData.Dimensions, TestData.Options);

        Assert.Empty(index.Search(TestData.Row(fixture.Queries, 0), 10));
    }
}
