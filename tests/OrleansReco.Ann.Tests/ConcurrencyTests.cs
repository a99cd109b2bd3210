using System.Collections.Concurrent;

namespace OrleansReco.Ann.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task SearchesDuringInserts_DoNotThrow_AndTheGraphEndsComplete()
    {
        const int initial = 500;
        const int total = 4_000;
        var data = TestData.Vectors(total);
        var queries = TestData.Vectors(100, block: 6);
        using var index = new HnswIndex(TestData.Dimensions, TestData.Options with { InitialCapacity = 16 });
        index.AddRange(Enumerable.Range(0, initial).ToArray(), data.AsMemory(0, initial * TestData.Dimensions));
        var writing = true;

        var writer = Task.Run(() =>
        {
            try
            {
                index.AddRange(Enumerable.Range(initial, total - initial).ToArray(), data.AsMemory(initial * TestData.Dimensions), degreeOfParallelism: 2);
            }
            finally
            {
                Volatile.Write(ref writing, false);
            }
        });
        var searches = Enumerable.Range(0, 2).Select(reader => Task.Run(() =>
        {
            var results = new ScoredItem[10];
            var count = 0;
            while (Volatile.Read(ref writing) || count < 100)
            {
                var found = index.Search(TestData.Row(queries, (count + reader) % 100), results, 32);
                Assert.Equal(10, found);
                Assert.All(results, r => Assert.InRange(r.Id, 0, total - 1));
                Assert.Equal(10, results.Select(r => r.Id).Distinct().Count());
                count++;
            }

            return count;
        })).ToArray();

        await writer;
        var counts = await Task.WhenAll(searches);

        Assert.All(counts, c => Assert.True(c >= 100));
        Assert.Equal(total, index.Count);
        var exact = new ExactIndex(TestData.Dimensions, total);
        for (var i = 0; i < total; i++)
        {
            exact.Add(i, TestData.Row(data, i));
        }

        var recall = TestData.Recall(index, exact, queries);
        Assert.True(recall >= 0.95, $"recall@10 after a concurrent build = {recall:F4}");
    }

    [Fact]
    public async Task SearchesDuringUpdatesAndDeletes_NeverReturnAnIdDeletedBeforeTheSearch()
    {
        const int size = 2_000;
        var data = TestData.Vectors(size);
        var queries = TestData.Vectors(50, block: 7);
        var (hnsw, _) = TestData.Build(data);
        using var index = hnsw;
        var deleted = new ConcurrentDictionary<int, bool>();
        var writing = true;

        var writer = Task.Run(() =>
        {
            try
            {
                var random = new Learning.DeterministicRandom(3);
                for (var i = 0; i < 600; i++)
                {
                    var id = random.NextInt(size);
                    if (i % 3 == 0 && index.Delete(id))
                    {
                        deleted[id] = true;
                    }
                    else if (!deleted.ContainsKey(id))
                    {
                        index.Update(id, TestData.Perturb(TestData.Row(data, id), 0.2f, ref random));
                    }
                }
            }
            finally
            {
                Volatile.Write(ref writing, false);
            }
        });
        var reader = Task.Run(() =>
        {
            var results = new ScoredItem[10];
            var searches = 0;
            while (Volatile.Read(ref writing) || searches < 50)
            {
                var deletedBefore = deleted.Keys.ToHashSet();
                var found = index.Search(TestData.Row(queries, searches % 50), results, 32);
                Assert.Equal(10, found);
                Assert.All(results, r => Assert.DoesNotContain(r.Id, deletedBefore));
                searches++;
            }
        });

        await Task.WhenAll(writer, reader);

        Assert.Equal(size - deleted.Count, index.Count);
    }
}
