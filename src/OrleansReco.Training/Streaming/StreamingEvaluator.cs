using System.Diagnostics;
using OrleansReco.Learning;
using OrleansReco.Training.Data;
using OrleansReco.Training.Evaluation.Audit;

namespace OrleansReco.Training.Streaming;

/// <summary>
/// Protocol P (prequential, global time): the model warms up on the first part of the events, then each later event
/// (u, i) is first ranked for (over the items known so far, minus the items u already interacted with; HitRate@10
/// and NDCG@10 = 1/log2(rank + 1) of i) and then ingested. Every event counts, including new users and new items.
/// </summary>
public sealed class StreamingEvaluator(InteractionDataset dataset, TrainTestSplit split)
{
    private const int K = 10;

    /// <summary>The data set being replayed.</summary>
    public InteractionDataset Dataset { get; } = dataset ?? throw new ArgumentNullException(nameof(dataset));

    /// <summary>Warm-up (train) and replayed (test) events.</summary>
    public TrainTestSplit Split { get; } = split ?? throw new ArgumentNullException(nameof(split));

    /// <summary>Warms <paramref name="model"/> up and replays the test events through it.</summary>
    public async Task<StreamingMetrics> EvaluateAsync(IStreamingRecommender model, ProgressLog log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(log);
        var known = new bool[Dataset.ItemCount];
        var history = new HashSet<int>?[Dataset.UserCount];
        var warmUser = new bool[Dataset.UserCount];
        foreach (var e in Split.Train)
        {
            known[e.Item] = true;
            warmUser[e.User] = true;
            (history[e.User] ??= []).Add(e.Item);
        }

        var clock = Stopwatch.StartNew();
        await model.WarmUpAsync(new StreamingContext(Dataset, Split.Train), cancellationToken).ConfigureAwait(false);
        var warmUpSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();

        var currentUser = -1;
        bool Exclude(int item) => !known[item] || (history[currentUser]?.Contains(item) ?? false);
        Func<int, bool> exclude = Exclude;
        double hits = 0, ndcg = 0, warmHits = 0, warmNdcg = 0;
        var warmEvents = 0;
        var knownAtWarmUp = (bool[])known.Clone();
        var testEventsOfUser = new int[Dataset.UserCount];
        var slices = new ColdStartSlices();
        var progressEvery = Math.Max(1, Split.Test.Length / 5);
        var lists = new RecommendationLog(K, Split.Test.Length);
        var top = new int[K];
        for (var n = 0; n < Split.Test.Length; n++)
        {
            var e = Split.Test[n];
            currentUser = e.User;
            var ranked = await model.RankAsync(e.User, K, exclude, cancellationToken).ConfigureAwait(false);
            var gain = Gain(ranked, e.Item, exclude, model.Name);
            hits += gain > 0 ? 1 : 0;
            ndcg += gain;
            var shown = Math.Min(K, ranked.Count);
            for (var r = 0; r < shown; r++)
            {
                top[r] = ranked[r];
            }

            lists.Set(n, e.User, top.AsSpan(0, shown), gain > 0 ? 1 : 0, gain);
            if (warmUser[e.User])
            {
                warmEvents++;
                warmHits += gain > 0 ? 1 : 0;
                warmNdcg += gain;
            }
            else
            {
                slices.NewUserEvent(testEventsOfUser[e.User]++, gain > 0);
            }

            if (!knownAtWarmUp[e.Item])
            {
                slices.NewItemEvent(gain > 0);
            }

            await model.IngestAsync(e.User, e.Item, e.Timestamp, cancellationToken).ConfigureAwait(false);
            known[e.Item] = true;
            (history[e.User] ??= []).Add(e.Item);
            if ((n + 1) % progressEvery == 0)
            {
                log.Info($"{model.Name}: replayed {n + 1}/{Split.Test.Length} events, HR@10 so far {hits / (n + 1):F4}");
            }
        }

        var events = Math.Max(1, Split.Test.Length);
        var warm = Math.Max(1, warmEvents);
        return new StreamingMetrics(hits / events, ndcg / events, Split.Test.Length, warmHits / warm, warmNdcg / warm, warmEvents,
            warmUpSeconds, clock.Elapsed.TotalSeconds) { ColdStart = slices, Lists = lists };
    }

    /// <summary>1/log2(rank + 1) when <paramref name="target"/> is in the top K, else 0; rejects a list that breaks the contract.</summary>
    private static double Gain(IReadOnlyList<int> ranked, int target, Func<int, bool> exclude, string model)
    {
        var gain = 0.0;
        for (var r = 0; r < ranked.Count && r < K; r++)
        {
            if (exclude(ranked[r]))
            {
                throw new InvalidOperationException($"{model} ranked item {ranked[r]}, which is unknown or already seen by the user.");
            }

            if (ranked[r] == target && gain == 0)
            {
                gain = RankingMetrics.DiscountAt(r + 1);
            }
        }

        return gain;
    }
}
