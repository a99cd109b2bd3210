using OrleansReco.Abstractions;
using OrleansReco.LoadTests.Workload;

namespace OrleansReco.LoadTests.Tests;

public sealed class WorkloadTests
{
    private static readonly WorkloadOptions Options = new() { Users = 1_000, ActiveFraction = 0.2, Items = 1_000, BatchSize = 5, RecommendPerIngest = 1, Seed = 7 };

    [Fact]
    public void The_same_seed_gives_the_same_operations()
    {
        var items = new ItemSpace(Options);
        var a = WorkloadGenerator.ForStream(Options, items, 0);
        var b = WorkloadGenerator.ForStream(Options, new ItemSpace(Options), 0);

        for (var i = 0; i < 1_000; i++)
        {
            var (x, y) = (a.Next(), b.Next());
            Assert.Equal(x.Kind, y.Kind);
            Assert.Equal(x.UserId, y.UserId);
            Assert.Equal(x.Interactions?.Select(t => (t.ItemId, t.Type)), y.Interactions?.Select(t => (t.ItemId, t.Type)));
        }
    }

    [Fact]
    public void Operations_follow_the_ratio_the_mix_and_stay_within_the_active_users()
    {
        var generator = WorkloadGenerator.ForStream(Options, new ItemSpace(Options), 3);
        var (recommends, ingests) = (0, 0);
        var types = new Dictionary<InteractionType, int>();
        var users = new HashSet<string>();
        for (var i = 0; i < 20_000; i++)
        {
            var op = generator.Next();
            users.Add(op.UserId);
            if (op.Kind == OperationKind.Recommend)
            {
                recommends++;
                continue;
            }

            ingests++;
            Assert.Equal(5, op.Interactions!.Length);
            foreach (var interaction in op.Interactions)
            {
                types[interaction.Type] = types.GetValueOrDefault(interaction.Type) + 1;
            }
        }

        Assert.InRange(recommends / (double)(recommends + ingests), 0.48, 0.52);
        var total = (double)types.Values.Sum();
        Assert.InRange(types[InteractionType.View] / total, 0.68, 0.72);
        Assert.InRange(types[InteractionType.Click] / total, 0.23, 0.27);
        Assert.InRange(types[InteractionType.Like] / total, 0.04, 0.06);
        Assert.All(users, u => Assert.InRange(int.Parse(u["load-".Length..], System.Globalization.CultureInfo.InvariantCulture), 0, 199));
        Assert.True(users.Count > 190, $"{users.Count} of 200 active users seen");
    }

    [Fact]
    public void Item_popularity_follows_zipf()
    {
        // s = 1 over 1,000 ranks: P(rank 0) = 1 / H(1000) ≈ 0.1336, P(rank 1) ≈ 0.0668.
        var zipf = new ZipfSampler(1_000, 1.0);
        var random = new Random(1);
        var counts = new int[1_000];
        for (var i = 0; i < 200_000; i++)
        {
            counts[zipf.Next(random)]++;
        }

        Assert.InRange(zipf.Probability(0), 0.1335, 0.1337);
        Assert.InRange(counts[0] / 200_000.0, 0.128, 0.139);
        Assert.InRange(counts[1] / 200_000.0, 0.062, 0.071);
        Assert.True(counts[999] < counts[9]);
    }

    [Fact]
    public void A_distinct_batch_has_no_repeated_item_and_fresh_strings_when_asked()
    {
        var items = new ItemSpace(Options);
        var batch = WorkloadGenerator.ForStream(Options, items, 1).NextDistinctBatch(64, freshStrings: true);

        Assert.Equal(64, batch.Select(b => b.ItemId).Distinct().Count());
        Assert.DoesNotContain(batch, b => ReferenceEquals(b.ItemId, string.IsInterned(b.ItemId)));
    }
}
