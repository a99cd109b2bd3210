using OrleansReco.Learning;

namespace OrleansReco.Ann.Tests;

public sealed class MutationTests
{
    private const int Size = 2_000;

    [Fact]
    public void DeletedIds_AreNeverReturned()
    {
        var data = TestData.Vectors(Size);
        var (hnsw, _) = TestData.Build(data);
        using var index = hnsw;
        var deleted = Enumerable.Range(0, Size).Where(id => id % 10 < 3).ToHashSet();

        foreach (var id in deleted)
        {
            Assert.True(index.Delete(id));
        }

        Assert.Equal(Size - deleted.Count, index.Count);
        Assert.False(index.Delete(0));
        Assert.False(index.Contains(0));
        var queries = TestData.Vectors(100, block: 3);
        for (var q = 0; q < 100; q++)
        {
            var results = index.Search(TestData.Row(queries, q), 10);
            Assert.Equal(10, results.Length);
            Assert.All(results, r => Assert.DoesNotContain(r.Id, deleted));
        }

        // Searching for a deleted item's own vector returns another item.
        Assert.NotEqual(0, index.Search(TestData.Row(data, 0), 1)[0].Id);
    }

    [Fact]
    public void Compact_DropsDeletedNodes_AndKeepsRecall()
    {
        var data = TestData.Vectors(Size);
        var (hnsw, exact) = TestData.Build(data);
        using var index = hnsw;
        for (var id = 0; id < Size; id += 2)
        {
            index.Delete(id);
            exact.Delete(id);
        }

        index.Compact(degreeOfParallelism: 2);

        Assert.Equal(Size / 2, index.NodeCount);
        Assert.Equal(0, index.DeletedCount);
        var recall = TestData.Recall(index, exact, TestData.Vectors(100, block: 3));
        Assert.True(recall >= 0.95, $"recall@10 after compaction = {recall:F4}");
    }

    [Fact]
    public void AddingADeletedIdAgain_RevivesItWithTheNewVector()
    {
        var data = TestData.Vectors(Size);
        var (hnsw, _) = TestData.Build(data);
        using var index = hnsw;
        var replacement = TestData.Vectors(1, block: 8);
        index.Delete(42);

        index.Add(42, replacement);

        Assert.True(index.Contains(42));
        Assert.Equal(Size, index.Count);
        Assert.Equal(42, index.Search(replacement, 1)[0].Id);
    }

    [Fact]
    public void UpdatingTenPercentOfVectors_KeepsRecallWithin001()
    {
        const int size = 3_000;
        var data = TestData.Vectors(size);
        var queries = TestData.Vectors(200, block: 4);
        var (hnsw, exact) = TestData.Build(data);
        using var index = hnsw;
        var before = TestData.Recall(index, exact, queries, ef: 24);
        var random = new DeterministicRandom(5);
        var updated = new Dictionary<int, float[]>();
        while (updated.Count < size / 10)
        {
            var id = random.NextInt(size);
            if (!updated.ContainsKey(id))
            {
                updated[id] = TestData.Perturb(TestData.Row(data, id), 0.1f, ref random);
            }
        }

        foreach (var (id, vector) in updated)
        {
            index.Update(id, vector);
            exact.Update(id, vector);
        }

        var after = TestData.Recall(index, exact, queries, ef: 24);
        Assert.True(after >= before - 0.01, $"recall@10 before {before:F4}, after {after:F4}");
        Assert.All(updated, pair => Assert.Equal(pair.Key, index.Search(pair.Value, 1)[0].Id));
    }

    [Fact]
    public void AfterUpdatingTenPercent_RecallAtSmallEf_StaysWithin001OfAFreshBuild()
    {
        const int size = 5_000;
        var data = TestData.Vectors(size);
        var queries = TestData.Vectors(300, block: 6);
        var (hnsw, exact) = TestData.Build(data);
        using var index = hnsw;
        var random = new DeterministicRandom(9);
        for (var i = 0; i < size / 10; i++)
        {
            // Every tenth id, moved about as far as the benchmark moves its vectors (cosine ≈ 0.93).
            var id = i * 10;
            var moved = TestData.Perturb(TestData.Row(data, id), 0.07f, ref random);
            index.Update(id, moved);
            exact.Update(id, moved);
            moved.CopyTo(data.AsSpan(id * TestData.Dimensions));
        }

        using var fresh = TestData.Build(data).Hnsw;
        foreach (var ef in new[] { 10, 20 })
        {
            var after = TestData.Recall(index, exact, queries, ef: ef);
            var rebuilt = TestData.Recall(fresh, exact, queries, ef: ef);
            Assert.True(after >= rebuilt - 0.01, $"ef {ef}: recall@10 after updates {after:F4}, fresh build {rebuilt:F4}");
        }
    }

    [Fact]
    public void InvalidWrites_AreRefusedAndLeaveTheIndexUnchanged()
    {
        using var index = new HnswIndex(TestData.Dimensions, TestData.Options);
        var vector = TestData.Vectors(1);
        index.Add(1, vector);

        Assert.Throws<ArgumentException>(() => index.Add(1, vector));
        Assert.Throws<ArgumentException>(() => index.Add(2, new float[TestData.Dimensions - 1]));
        var nan = (float[])vector.Clone();
        nan[3] = float.NaN;
        Assert.Throws<ArgumentException>(() => index.Add(2, nan));
        Assert.Throws<ArgumentException>(() => index.Search(nan, 1));
        Assert.Throws<KeyNotFoundException>(() => index.Update(2, vector));
        Assert.Throws<ArgumentException>(() => index.AddRange(new[] { 5, 5 }, new float[2 * TestData.Dimensions]));
        Assert.Equal(1, index.Count);
        Assert.Equal(1, index.Search(vector, 5).Single().Id);
    }
}
