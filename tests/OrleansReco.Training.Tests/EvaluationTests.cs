using OrleansReco.Training.Data;
using OrleansReco.Training.Evaluation;
using OrleansReco.Training.Models;
using OrleansReco.Training.Streaming;
using static OrleansReco.Training.Tests.SyntheticData;

namespace OrleansReco.Training.Tests;

public sealed class EvaluationTests
{
    private static readonly double Log3 = Math.Log2(3);

    [Fact]
    public void StaticMetricsMatchAHandComputedCase()
    {
        // Train: u0 {0}, u1 {0,1}, u2 {0,1,2}, u3 {3}; item 4 is never trained, so it is no candidate.
        var train = InteractionMatrix.From([I(0, 0), I(1, 0), I(1, 1), I(2, 0), I(2, 1), I(2, 2), I(3, 3)], 4, 5);
        // Test: u0 {1, 4} → relevant {1}; u3 {0, 2}; u1 {4} → nothing relevant, not evaluated.
        var evaluation = new StaticEvaluation(train, [I(0, 1), I(0, 4), I(3, 0), I(3, 2), I(1, 4)]);
        var model = new FixedScores([0.1f, 0.5f, 0.9f, 0.3f, 5f]);

        var metrics = evaluation.Evaluate(model);

        // u0 ranks [2, 1, 3]: the relevant item at rank 2. u3 ranks [2, 1, 0]: relevant at ranks 1 and 3.
        Assert.Equal(2, metrics.Users);
        Assert.Equal(1.0, metrics.Recall10, 9);
        Assert.Equal(((1 / Log3) + (1.5 / (1 + (1 / Log3)))) / 2, metrics.Ndcg10, 9);
        Assert.Equal((0.5 + 1.0) / 2, metrics.Mrr20, 9);
        Assert.Equal(1.0, metrics.HitRate20, 9);
    }

    [Fact]
    public void StaticMetricsRespectTheCutoffs()
    {
        // 30 items all trained; u0 has item 0 and its test item 15 ranks 15th under score = −index.
        var train = InteractionMatrix.From([I(0, 0), .. Enumerable.Range(1, 29).Select(i => I(1, i))], 2, 30);
        var evaluation = new StaticEvaluation(train, [I(0, 15)]);
        var model = new FixedScores(Enumerable.Range(0, 30).Select(i => (float)-i).ToArray());

        var metrics = evaluation.Evaluate(model);

        Assert.Equal(0.0, metrics.Recall10);
        Assert.Equal(1.0, metrics.Recall20);
        Assert.Equal(0.0, metrics.Ndcg10);
        Assert.Equal(1 / Math.Log2(16), metrics.Ndcg20, 9);
        Assert.Equal(1.0 / 15, metrics.Mrr20, 9);
        Assert.Equal(1.0, metrics.HitRate20);
    }

    [Fact]
    public async Task StreamingMetricsMatchAHandComputedReplay()
    {
        var dataset = TinyDataset(users: 3, items: 3);
        var split = new TrainTestSplit(
            [I(0, 0, 1), I(1, 0, 2), I(1, 1, 3)],
            // u0 → item 1: the only candidate (rank 1). u2 → item 2: unknown yet, a miss.
            // u2 → item 1: items 0 and 1 both have 2 events, the tie goes to item 0, so rank 2.
            [I(0, 1, 4), I(2, 2, 5), I(2, 1, 6)]);
        var evaluator = new StreamingEvaluator(dataset, split);

        var metrics = await evaluator.EvaluateAsync(new StreamingMostPopular(), ProgressLog.Silent);

        Assert.Equal(3, metrics.Events);
        Assert.Equal(2.0 / 3, metrics.HitRate10, 9);
        Assert.Equal((1 + (1 / Log3)) / 3, metrics.Ndcg10, 9);
        Assert.Equal(1, metrics.WarmUserEvents);
        Assert.Equal(1.0, metrics.HitRate10WarmUsers);
    }

    [Fact]
    public async Task AStreamingModelThatRanksAnExcludedItemIsRejected()
    {
        var dataset = TinyDataset(users: 2, items: 3);
        var split = new TrainTestSplit([I(0, 0, 1)], [I(0, 1, 2)]);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new StreamingEvaluator(dataset, split).EvaluateAsync(new RanksEverything(), ProgressLog.Silent));

        Assert.Contains("unknown or already seen", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EaseHistoryUsesEventsIngestedDuringTheReplay()
    {
        // Items 0 and 1 always co-occur in the warm-up; u2 is new, so only after ingesting item 0 can EASE rank item 1 first.
        var warm = Enumerable.Range(0, 6).SelectMany(u => new[] { I(u, 0, u), I(u, 1, u), I(u, 2 + (u % 3), u) }).ToArray();
        var dataset = TinyDataset(users: 8, items: 5);
        var split = new TrainTestSplit(warm, [I(7, 0, 100), I(7, 1, 101)]);

        var metrics = await new StreamingEvaluator(dataset, split).EvaluateAsync(new StreamingEaseHistory(1.0, ProgressLog.Silent), ProgressLog.Silent);

        Assert.Equal(1.0, metrics.HitRate10); // both hits: there are only 5 items
        Assert.Equal((1.0 + 1.0) / 2, metrics.Ndcg10, 9);
    }

    [MovieLensFact]
    public async Task RealMl100kProtocolPBaselinesAreInTheExpectedRange()
    {
        var dataset = MovieLensLoader.Load(MovieLensFactAttribute.RequiredFolder);
        var evaluator = new StreamingEvaluator(dataset, Splits.GlobalTime(dataset.Interactions));

        var popular = await evaluator.EvaluateAsync(new StreamingMostPopular(), ProgressLog.Silent);
        var ease = await evaluator.EvaluateAsync(new StreamingEaseHistory(300, ProgressLog.Silent), ProgressLog.Silent);

        // A Python study of the same protocol: MostPop ≈ 0.076, EASE-history ≈ 0.148.
        Assert.InRange(popular.HitRate10, 0.070, 0.082);
        Assert.InRange(ease.HitRate10, 0.135, 0.160);
    }

    [Fact]
    public async Task AnExternalStreamingModelPlugsInThroughTheRunnerAndIsDisposed()
    {
        var events = SyntheticData.Clustered(users: 20, items: 12, clusters: 2, perUser: 5, seed: 3);
        var dataset = new InteractionDataset("synthetic", "test",
            Enumerable.Range(0, 20).Select(u => $"u{u}").ToArray(),
            Enumerable.Range(0, 12).Select(i => new ItemInfo($"i{i}", "", [])).ToArray(),
            new UserInfo?[20], events, []);
        var external = new RecordingModel();
        var settings = EvaluationSettings.Quick with { Models = new HashSet<string> { "none" } };

        var results = await new StreamingProtocolRunner(settings, ProgressLog.Silent).RunAsync(dataset, [_ => external]);

        var result = Assert.Single(results);
        Assert.Equal("recording", result.Model);
        Assert.Equal(20, result.Metrics.Events); // round(0.2 × 100)
        Assert.Equal(80, external.WarmUpEvents);
        Assert.Equal(20, external.Ingested);
        Assert.True(external.Disposed);
    }

    internal static InteractionDataset TinyDataset(int users, int items) => new(
        "tiny", "test",
        Enumerable.Range(0, users).Select(u => u.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        Enumerable.Range(0, items).Select(i => new ItemInfo(i.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Item {i}", [])).ToArray(),
        new UserInfo?[users], [], []);

    private sealed class FixedScores(float[] scores) : IStaticRecommender
    {
        public string Name => "fixed";

        public void Fit(InteractionMatrix train, ProgressLog log)
        {
        }

        public void Score(int user, ReadOnlySpan<int> history, Span<float> output) => scores.CopyTo(output);
    }

    private sealed class RecordingModel : IStreamingRecommender, IAsyncDisposable
    {
        public int WarmUpEvents { get; private set; }

        public int Ingested { get; private set; }

        public bool Disposed { get; private set; }

        public string Name => "recording";

        public ValueTask WarmUpAsync(StreamingContext context, CancellationToken cancellationToken)
        {
            WarmUpEvents = context.WarmUp.Length;
            return ValueTask.CompletedTask;
        }

        public ValueTask<IReadOnlyList<int>> RankAsync(int user, int k, Func<int, bool> exclude, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<int>>(Enumerable.Range(0, 12).Where(i => !exclude(i)).Take(k).ToArray());

        public ValueTask IngestAsync(int user, int item, long timestamp, CancellationToken cancellationToken)
        {
            Ingested++;
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }

    private sealed class RanksEverything : IStreamingRecommender
    {
        public string Name => "bad";

        public ValueTask WarmUpAsync(StreamingContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask<IReadOnlyList<int>> RankAsync(int user, int k, Func<int, bool> exclude, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<int>>([0, 1, 2]);

        public ValueTask IngestAsync(int user, int item, long timestamp, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
