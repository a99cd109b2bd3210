namespace OrleansReco.Ann.Tests;

public sealed class FilteredSearchTests(ClusteredIndexFixture fixture) : IClassFixture<ClusteredIndexFixture>
{
    [Fact]
    public void ExcludingNinetyPercentOfIds_StillReturnsKAllowedItems()
    {
        var excluded = Enumerable.Range(0, ClusteredIndexFixture.Size).Where(id => id % 10 != 3).ToHashSet();
        var filter = ItemFilters.Exclude(excluded);

        for (var q = 0; q < 100; q++)
        {
            var results = fixture.Hnsw.Search(TestData.Row(fixture.Queries, q), 10, filter: filter);

            Assert.Equal(10, results.Length);
            Assert.All(results, r => Assert.DoesNotContain(r.Id, excluded));
            Assert.Equal(10, results.Select(r => r.Id).Distinct().Count());
        }

        var recall = TestData.Recall(fixture.Hnsw, fixture.Exact, fixture.Queries, k: 10, filter: filter);
        Assert.True(recall >= 0.9, $"filtered recall@10 = {recall:F4}");
    }

    [Fact]
    public void CategoryAllowList_ReturnsOnlyAllowedCategories()
    {
        var categoryOf = Enumerable.Range(0, ClusteredIndexFixture.Size).Select(id => id % 10).ToArray();
        var filter = ItemFilters.AllowCategories(categoryOf, new HashSet<int> { 7 });

        for (var q = 0; q < 50; q++)
        {
            var results = fixture.Hnsw.Search(TestData.Row(fixture.Queries, q), 10, filter: filter);

            Assert.Equal(10, results.Length);
            Assert.All(results, r => Assert.Equal(7, categoryOf[r.Id]));
        }
    }

    [Fact]
    public void VerySelectiveFilter_ReturnsExactlyTheAllowedItems()
    {
        var allowed = new HashSet<int> { 5, 77, 1_234, 2_500, 3_333, 4_000, 4_999 };

        for (var q = 0; q < 20; q++)
        {
            var query = TestData.Row(fixture.Queries, q);
            var results = fixture.Hnsw.Search(query, 10, filter: allowed.Contains);
            var exact = fixture.Exact.Search(query, 10, filter: allowed.Contains);

            Assert.Equal(exact.Select(r => r.Id), results.Select(r => r.Id));
        }
    }

    [Fact]
    public void FilterRejectingEverything_ReturnsNoResults()
    {
        Assert.Empty(fixture.Hnsw.Search(TestData.Row(fixture.Queries, 0), 10, filter: _ => false));
    }
}
