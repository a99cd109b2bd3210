using MathNet.Numerics.LinearAlgebra;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansReco.Abstractions;
using OrleansReco.Grains.Segments;
using OrleansReco.Learning;
using OrleansReco.Learning.Model;
using Xunit.Abstractions;

namespace OrleansReco.Grains.Tests;

/// <summary>
/// A new model version = the served item vectors × a random rotation + noise, with ten items removed and ten added:
/// what happens to 200 trained users' top-10 lists when it is published with and without alignment.
/// </summary>
[Collection(RolloverClusterCollection.Name)]
public sealed class ModelRolloverTests(RolloverClusterFixture fixture, ITestOutputHelper output)
{
    private const int Users = 200;
    private const int K = 10;
    private static readonly RecommendationRequest TopTen = new(K, Diversify: false, Explore: false);

    private SegmentAssigner Assigner => ((InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost!.Services.GetRequiredService<SegmentAssigner>();

    [Fact]
    public async Task Users_keep_their_top_10_through_an_aligned_rollover_and_relearn_it_from_replay_without_alignment()
    {
        var aligned = await RollOverAsync("aligned", align: true, seed: 1);
        output.WriteLine($"aligned rollover: mean top-10 overlap {aligned.System:F3} (users kept their vectors)");
        output.WriteLine($"  same users, old vectors scored against the unaligned new items: {aligned.OldVectorsUnaligned:F3}");

        var unaligned = await RollOverAsync("unaligned", align: false, seed: 2);
        output.WriteLine($"unaligned rollover (align=false): mean top-10 overlap {unaligned.System:F3} (users re-learned from their replay buffers)");
        output.WriteLine($"  same users, old vectors scored against the unaligned new items: {unaligned.OldVectorsUnaligned:F3}");

        Assert.True(aligned.System >= 0.7, $"aligned overlap {aligned.System:F3}");
        Assert.True(aligned.OldVectorsUnaligned < 0.3, $"without alignment the old vectors still overlap {aligned.OldVectorsUnaligned:F3}");
        Assert.True(unaligned.OldVectorsUnaligned < 0.3, $"without alignment the old vectors still overlap {unaligned.OldVectorsUnaligned:F3}");
        Assert.True(unaligned.System >= 0.6, $"re-learned from replay, the overlap is {unaligned.System:F3}");
    }

    [Fact]
    public async Task A_user_two_versions_behind_restarts_from_the_cold_start_and_one_version_behind_keeps_its_replay()
    {
        var catalog = fixture.Grains.GetGrain<ICatalogGrain>(0);
        var served = await catalog.GetSnapshotAsync();
        var follower = fixture.Grains.GetGrain<IUserGrain>("two-steps-follower");
        var sleeper = fixture.Grains.GetGrain<IUserGrain>("two-steps-sleeper");
        foreach (var user in new[] { follower, sleeper })
        {
            Assert.Equal(20, (await user.RecordInteractionsAsync(Interactions(served, 3, seed: 3))).Accepted);
        }

        var middle = RotatedCopy(served, seed: 4);
        await catalog.PublishModelAsync(Write(middle), align: true);
        await WaitUntilServedAsync(middle.ModelVersion);
        await follower.GetProfileAsync(); // moves one version
        var last = RotatedCopy(await catalog.GetSnapshotAsync(), seed: 5);
        await catalog.PublishModelAsync(Write(last), align: true);
        await WaitUntilServedAsync(last.ModelVersion);

        var followed = await follower.ExportAsync();
        var slept = await sleeper.ExportAsync();

        Assert.Equal(last.ModelVersion, followed.Profile.ModelVersion);
        Assert.Equal(last.ModelVersion, slept.Profile.ModelVersion);
        Assert.True(followed.ReplayBuffer.Count >= 18, $"{followed.ReplayBuffer.Count} replayed items kept"); // two rollovers each removed ~1 in 61 items
        Assert.Empty(slept.ReplayBuffer); // its indices belong to a version whose ids the catalog no longer has
        Assert.Equal(20, slept.Profile.InteractionCount);
        Assert.All(followed.ReplayBuffer, r => Assert.StartsWith("item-", r.ItemId));
    }

    /// <summary>
    /// Trains <see cref="Users"/> users under the served model, publishes a rotated, noisy, slightly changed copy of it,
    /// and returns the mean overlap of each user's top-10 after the rollover (through the grains) with the one before,
    /// and the overlap the pre-rollover scoring vectors would get against the new, unaligned item vectors.
    /// </summary>
    private async Task<(double System, double OldVectorsUnaligned)> RollOverAsync(string group, bool align, int seed)
    {
        var catalog = fixture.Grains.GetGrain<ICatalogGrain>(0);
        var served = await catalog.GetSnapshotAsync();
        var users = Enumerable.Range(0, Users).Select(u => fixture.Grains.GetGrain<IUserGrain>($"{group}-{u}")).ToArray();
        var seen = new HashSet<string>[Users];
        for (var u = 0; u < Users; u++)
        {
            var batch = Interactions(served, u, seed);
            seen[u] = [.. batch.Select(i => i.ItemId)];
            Assert.Equal(batch.Count, (await users[u].RecordInteractionsAsync(batch)).Accepted);
        }

        var before = new string[Users][];
        var queries = new float[Users][];
        for (var u = 0; u < Users; u++)
        {
            before[u] = Ids(await users[u].RecommendAsync(TopTen));
            var export = await users[u].ExportAsync();
            queries[u] = [.. export.Profile.Vector.Zip(export.ShortTermVector, (a, b) => a + b)]; // q = u + β s, β = 1
        }

        await Assigner.FlushAsync(); // the training's segment updates, so only the rollover can change the centroid below
        var centroid = await fixture.Grains.GetGrain<ISegmentGrain>(0).GetCentroidAsync();
        var next = RotatedCopy(served, seed);
        var info = await catalog.PublishModelAsync(Write(next), align);
        Assert.Equal(align, info.Alignment!.Aligned);
        Assert.Equal(served.ItemIds.Length - 10, info.Alignment.SharedItems);
        await WaitUntilServedAsync(next.ModelVersion);

        double system = 0, oldVectors = 0;
        for (var u = 0; u < Users; u++)
        {
            system += Overlap(before[u], Ids(await users[u].RecommendAsync(TopTen)));
            oldVectors += Overlap(before[u], ExactTop(next, queries[u], seen[u]));
        }

        Assert.Equal(next.ModelVersion, (await users[0].GetProfileAsync()).ModelVersion);
        var centroidAfter = await fixture.Grains.GetGrain<ISegmentGrain>(0).GetCentroidAsync();
        Assert.Equal(align, centroid.SequenceEqual(centroidAfter)); // aligned: kept; unaligned: seeded again in the new space
        return (system / Users, oldVectors / Users);
    }

    /// <summary>20 likes and clicks: 14 from the user's favourite genre, 6 from a second one.</summary>
    private static List<Interaction> Interactions(CatalogSnapshot served, int user, int seed)
    {
        var random = new DeterministicRandom((ulong)((seed * 100_000) + user + 1));
        var favourite = $"g{user % RolloverClusterFixture.Genres}";
        var second = $"g{((user * 5) + 3) % RolloverClusterFixture.Genres}";
        var picked = new List<Interaction>();
        while (picked.Count < 20)
        {
            var genre = picked.Count < 14 ? favourite : second;
            var i = random.NextInt(served.ItemIds.Length);
            if (served.Categories[i] == genre && !picked.Exists(p => p.ItemId == served.ItemIds[i]))
            {
                picked.Add(new Interaction(served.ItemIds[i], picked.Count % 3 == 0 ? InteractionType.Like : InteractionType.Click));
            }
        }

        return picked;
    }

    /// <summary>The served items in reverse order, each v Q + noise (σ = 0.02 per component), ten removed and ten new ones added.</summary>
    private static ItemModel RotatedCopy(CatalogSnapshot served, int seed)
    {
        var d = served.Dimensions;
        var random = new DeterministicRandom((ulong)(seed + 1000));
        var q = Matrix<double>.Build.Dense(d, d, (_, _) => random.NextGaussian()).QR().Q;
        var entries = new List<ItemModelEntry>();
        var vectors = new List<float>();
        for (var i = served.ItemIds.Length - 1; i >= 0; i--)
        {
            if (i % 61 == 7)
            {
                continue; // removed in the new model
            }

            entries.Add(new ItemModelEntry(served.ItemIds[i], served.Titles[i], [served.Categories[i]]));
            for (var j = 0; j < d; j++)
            {
                double sum = 0;
                for (var k = 0; k < d; k++)
                {
                    sum += served.Vectors[(i * d) + k] * q[k, j];
                }

                vectors.Add((float)sum + (0.02f * random.NextGaussian()));
            }
        }

        for (var n = 0; n < 10; n++)
        {
            entries.Add(new ItemModelEntry($"new-{served.ModelVersion + 1}-{n}", "New", ["g0"]));
            vectors.AddRange(Enumerable.Range(0, d).Select(_ => random.NextGaussian() / MathF.Sqrt(d)));
        }

        return new ItemModel(served.ModelVersion + 1, d, entries, [.. vectors]);
    }

    private async Task WaitUntilServedAsync(long version)
    {
        var probe = fixture.Grains.GetGrain<IUserGrain>("rollover-probe"); // never records: nothing is stored for it
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await probe.RecommendAsync(TopTen)).ModelVersion != version)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The silo did not serve model version {version} within 20 s.");
            await Task.Delay(50);
        }
    }

    private static string[] ExactTop(ItemModel model, float[] query, HashSet<string> seen)
    {
        var d = model.Dimensions;
        return [.. Enumerable.Range(0, model.Items.Count)
            .Where(i => !seen.Contains(model.Items[i].Id))
            .OrderByDescending(i => System.Numerics.Tensors.TensorPrimitives.Dot(query, model.Vectors.AsSpan(i * d, d)))
            .Take(K)
            .Select(i => model.Items[i].Id)];
    }

    private static byte[] Write(ItemModel model)
    {
        using var stream = new MemoryStream();
        ItemModelFile.Write(stream, model);
        return stream.ToArray();
    }

    private static string[] Ids(RecommendationResult result) => [.. result.Items.Select(i => i.ItemId)];

    private static double Overlap(string[] before, string[] after) => before.Intersect(after).Count() / (double)K;
}
