using System.Text.Json;
using OrleansReco.Learning.Audit;
using OrleansReco.Training.Data;
using OrleansReco.Training.Evaluation;
using OrleansReco.Training.Evaluation.Audit;
using static OrleansReco.Training.Tests.SyntheticData;

namespace OrleansReco.Training.Tests;

public sealed class AuditTests
{
    // Genres are numbered in order of first appearance: A = 0, B = 1, C = 2.
    private static InteractionDataset Dataset() => new("audit", "test", ["u0", "u1", "u2", "u3"],
        [new("i0", "I0", ["A"]), new("i1", "I1", ["B"]), new("i2", "I2", ["A", "B"]), new("i3", "I3", ["C"])],
        [new UserInfo("u0", 30, "F", "engineer", "1"), new UserInfo("u1", 40, "M", "artist", "2"), new UserInfo("u2", 20, "F", "engineer", "3"), null],
        [], []);

    private static double Kl(double[] p, double[] q) => p.Select((pg, g) => pg == 0 ? 0 : pg * Math.Log(pg / ((0.99 * q[g]) + (0.01 * pg)))).Sum();

    [Fact]
    public void AStaticAuditMatchesAHandComputedCase()
    {
        // Train counts: i0 3, i1 2, i2 1, i3 0 → catalogue {i0, i1, i2}, m = 3: i0 D1, i1 floor(10/3) = D4, i2 floor(20/3) = D7.
        var dataset = Dataset();
        var train = InteractionMatrix.From([I(0, 0), I(0, 1), I(1, 0), I(2, 0), I(2, 2), I(3, 1)], 4, 4);
        var counts = Enumerable.Range(0, 4).Select(train.ItemDegree).ToArray();
        var catalog = new AuditCatalog(dataset, counts.Select(c => c > 0).ToArray(), counts);
        var log = new RecommendationLog(k: 2, count: 3);
        log.Set(0, 0, [2, 1], recall: 1, ndcg: 0.5);
        log.Set(1, 1, [1, 2], recall: 0, ndcg: 0);
        log.Set(2, 2, [1], recall: 0.5, ndcg: 0.3);

        var audit = new RecommendationAuditor(catalog, new TrainGenreHistory(catalog, train), minimumGroupUsers: 1).Audit(log);

        Assert.Equal([0, 3, 6], new[] { catalog.Buckets[0], catalog.Buckets[1], catalog.Buckets[2] });
        Assert.Equal(-1, catalog.Buckets[3]);
        // Exposure i0 0, i1 3, i2 2: D4 0.6, D7 0.4; coverage 2/3; Gini of (0, 2, 3) = (−2·0 + 0·2 + 2·3) / (3 · 5) = 0.4.
        Assert.Equal(0.6, audit.BucketShares[3], 12);
        Assert.Equal(0.4, audit.BucketShares[6], 12);
        Assert.Equal(1.0, audit.BucketShares.Sum(), 12);
        Assert.Equal(2.0 / 3, audit.Coverage, 12);
        Assert.Equal(0.4, audit.Gini, 12);
        Assert.Equal(0, audit.PopularShare); // nobody was shown i0, the only D1 item
        // u0: p = (½, ½), q = (¼, ¾); u1: p = (1, 0), q = (¼, ¾); u2: p = (¾, ¼), q = (0, 1).
        var expectedKl = (Kl([0.5, 0.5, 0], [0.25, 0.75, 0]) + Kl([1, 0, 0], [0.25, 0.75, 0]) + Kl([0.75, 0.25, 0], [0, 1, 0])) / 3;
        Assert.Equal(expectedKl, audit.Miscalibration!.Value, 12);
        Assert.Equal(3, audit.CalibratedLists);

        var gender = audit.Groups["gender"];
        Assert.Equal(2, gender["F"].Users);
        Assert.Equal(0.75, gender["F"].Recall, 12);
        Assert.Equal(0.4, gender["F"].Ndcg, 12);
        Assert.Equal(0, gender["M"].Recall);
        var gap = audit.Gaps["gender"].Recall!;
        Assert.Equal(("F", "M", 0.75, 0.0), (gap.Highest, gap.Lowest, gap.Difference, gap.Ratio));
        Assert.Equal(["18-24", "25-34", "35-44"], audit.Groups["age"].Keys);
        Assert.Equal(0, audit.Gaps["occupation"].PopularShare!.Difference);
    }

    [Fact]
    public void GroupsUnderTheMinimumSizeAreReportedButLeftOutOfTheGaps()
    {
        var dataset = Dataset();
        var train = InteractionMatrix.From([I(0, 0), I(1, 1), I(2, 2)], 4, 4);
        var counts = Enumerable.Range(0, 4).Select(train.ItemDegree).ToArray();
        var catalog = new AuditCatalog(dataset, counts.Select(c => c > 0).ToArray(), counts);
        var log = new RecommendationLog(k: 1, count: 3);
        log.Set(0, 0, [1], 1, 1);
        log.Set(1, 1, [0], 0, 0);
        log.Set(2, 2, [0], 0, 0);

        var audit = new RecommendationAuditor(catalog, new TrainGenreHistory(catalog, train), minimumGroupUsers: 2).Audit(log);

        Assert.Equal(1, audit.Groups["gender"]["M"].Users);
        Assert.Null(audit.Gaps["gender"].Recall); // M has one user: only F is eligible
    }

    [Fact]
    public void TheReplayHistoryGrowsWithEachReplayedEventAndNewItemsAreInTheNoneBucket()
    {
        // Warm-up counts i0 2, i1 1; i2 only appears in the replay → bucket "none".
        var dataset = Dataset();
        Interaction[] warmUp = [I(0, 0, 1), I(1, 1, 2), I(1, 0, 3)];
        Interaction[] replayed = [I(0, 1, 4), I(0, 2, 5)];
        var counts = new[] { 2, 1, 0, 0 };
        var catalog = new AuditCatalog(dataset, [true, true, true, false], counts);
        var log = new RecommendationLog(k: 1, count: 2);
        log.Set(0, 0, [1], 1, 1); // u0 has only seen A; the list is B → C_KL = log(1/α)
        log.Set(1, 0, [2], 1, 1); // u0 has now seen A and B; the list is {A, B} → 0

        var audit = new RecommendationAuditor(catalog, new ReplayGenreHistory(catalog, dataset.UserCount, warmUp, replayed)).Audit(log);

        Assert.Equal(5, catalog.Buckets[1]); // floor(10 · 1 / 2)
        Assert.Equal(PopularityDeciles.NoInteractions, catalog.Buckets[2]);
        Assert.Equal(0.5, audit.BucketShares[5], 12);
        Assert.Equal(0.5, audit.BucketShares[PopularityDeciles.NoInteractions], 12);
        Assert.Equal(Math.Log(100) / 2, audit.Miscalibration!.Value, 12);
    }

    [Fact]
    public void EveryStaticModelGetsAnAuditFromItsTestLists()
    {
        var events = Clustered(users: 30, items: 20, clusters: 2, perUser: 6, seed: 5);
        var dataset = new InteractionDataset("synthetic", "test", Enumerable.Range(0, 30).Select(u => $"u{u}").ToArray(),
            Enumerable.Range(0, 20).Select(i => new ItemInfo($"i{i}", "", [i % 2 == 0 ? "Even" : "Odd"])).ToArray(),
            Enumerable.Range(0, 30).Select(u => (UserInfo?)new UserInfo($"u{u}", 20 + u, u % 2 == 0 ? "F" : "M", "writer", "0")).ToArray(),
            events, []);
        var settings = EvaluationSettings.Quick with { Models = new HashSet<string> { "MostPop", "ItemKNN" } };
        var runner = new StaticProtocolRunner(settings, ProgressLog.Silent);

        var results = runner.Run(dataset);

        Assert.Equal(2, results.Count);
        Assert.All(results, r =>
        {
            Assert.NotNull(r.Audit);
            Assert.Equal(r.Metrics.Users, r.Audit.Lists);
            Assert.Equal(1.0, r.Audit.BucketShares.Sum(), 9);
            Assert.Equal(r.Metrics.Recall10, r.Audit.Groups["gender"].Values.Sum(g => g.Recall * g.Lists) / r.Audit.Lists, 9);
            Assert.Equal(r.Audit.BucketShares[0], r.Audit.PopularShare, 9); // every list is full (≥ 14 candidates per user)
            Assert.InRange(r.Audit.Coverage, 0.5, 1); // 20 items, 10 per list
        });
        Assert.NotNull(runner.AuditCatalog);
    }

    [MovieLensFact]
    public async Task Ml100kAuditBreaksResultsDownByGenderAgeAndOccupation()
    {
        using var folder = new TempFolder();
        var json = Path.Combine(folder.Path, "eval.json");
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await Program.RunAsync(["evaluate", "--data", MovieLensFactAttribute.RequiredFolder, "--quick", "--quiet", "--protocol", "s",
            "--models", "MostPop,EASE", "--out", json], output, error, CancellationToken.None);

        Assert.True(code == 0, error.ToString());
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var section = document.RootElement.GetProperty("audit").GetProperty("static");
        AssertSaneAudit(section, ["MostPop", "EASE"]);
        var models = section.GetProperty("models");
        var ease = models.GetProperty("EASE");
        Assert.Equal(["F", "M"], ease.GetProperty("groups").GetProperty("gender").EnumerateObject().Select(p => p.Name));
        Assert.Equal(7, ease.GetProperty("groups").GetProperty("age").EnumerateObject().Count());
        Assert.Equal(21, ease.GetProperty("groups").GetProperty("occupation").EnumerateObject().Count());
        var gender = ease.GetProperty("gaps").GetProperty("gender").GetProperty("equal_opportunity_recall@10");
        Assert.Equal(2, gender.GetProperty("groups").GetInt32());
        Assert.InRange(gender.GetProperty("ratio").GetDouble(), 0, 1);
        // Occupations under 20 users (e.g. doctor, homemaker) are left out of the gap.
        Assert.InRange(ease.GetProperty("gaps").GetProperty("occupation").GetProperty("equal_opportunity_recall@10").GetProperty("groups").GetInt32(), 2, 20);
        // EASE personalises away from the head: less of its exposure goes to the most popular decile than MostPop's.
        Assert.True(ease.GetProperty("popularity_decile_exposure").GetProperty("D1").GetDouble()
            < models.GetProperty("MostPop").GetProperty("popularity_decile_exposure").GetProperty("D1").GetDouble());
    }

    /// <summary>Keys and sanity of one protocol's audit JSON: decile shares sum to 1, rates in [0, 1], KL within its bound.</summary>
    internal static void AssertSaneAudit(JsonElement protocol, string[] models)
    {
        var deciles = protocol.GetProperty("decile_items").EnumerateObject().ToList();
        Assert.Equal(["D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8", "D9", "D10", "none"], deciles.Select(p => p.Name));
        Assert.Equal(protocol.GetProperty("catalog_items").GetInt32(), deciles.Sum(p => p.Value.GetInt32()));
        foreach (var model in models)
        {
            var audit = protocol.GetProperty("models").GetProperty(model);
            Assert.True(audit.GetProperty("lists").GetInt32() > 0, model);
            var shares = audit.GetProperty("popularity_decile_exposure").EnumerateObject().Select(p => p.Value.GetDouble()).ToList();
            Assert.Equal(PopularityDeciles.Buckets, shares.Count);
            Assert.All(shares, s => Assert.InRange(s, 0, 1));
            Assert.Equal(1.0, shares.Sum(), 4); // each share is rounded to 6 decimals
            foreach (var key in new[] { "coverage", "gini", "popular_share" })
            {
                Assert.InRange(audit.GetProperty(key).GetDouble(), 0, 1);
            }

            Assert.True(audit.GetProperty("coverage").GetDouble() > 0, model);
            Assert.InRange(audit.GetProperty("miscalibration_kl").GetDouble(), 0, Math.Log(1 / GenreCalibration.DefaultAlpha));
            Assert.Equal(JsonValueKind.Object, audit.GetProperty("groups").ValueKind);
            Assert.Equal(JsonValueKind.Object, audit.GetProperty("gaps").ValueKind);
        }
    }
}
