using System.Globalization;
using System.Text;
using OrleansReco.Learning;
using OrleansReco.Learning.Towers;
using OrleansReco.Training.Data;
using OrleansReco.Training.Models;
using OrleansReco.Training.Streaming;

namespace OrleansReco.Training.Torch;

/// <summary>One replayed variant of <see cref="ColdStartComparison"/>.</summary>
public sealed record ColdStartComparisonRow(string Model, StreamingMetrics Metrics, (int Events, int Hits) FirstEvents,
    (int Events, int Hits) NewUserEvents, (int Events, int Hits) NewItemEvents)
{
    /// <summary>HitRate@10 of new users' first events.</summary>
    public double FirstEventHitRate => FirstEvents.Events == 0 ? 0 : (double)FirstEvents.Hits / FirstEvents.Events;

    /// <summary>HitRate@10 over all events of new users.</summary>
    public double NewUserHitRate => NewUserEvents.Events == 0 ? 0 : (double)NewUserEvents.Hits / NewUserEvents.Events;

    /// <summary>HitRate@10 over events on items new since warm-up.</summary>
    public double NewItemHitRate => NewItemEvents.Events == 0 ? 0 : (double)NewItemEvents.Hits / NewItemEvents.Events;
}

/// <summary>
/// Protocol P replay of the online recipe (<see cref="OnlineUserLearner"/> with the given options) over the iALS and the
/// hybrid item spaces, each without and with the cold-start towers, plus MostPop: HitRate@10 over all events and the
/// cold-start slices (first event of users new in the replay, all their events, events on items new in the replay).
/// Every model is fitted on the warm-up only.
/// </summary>
public static class ColdStartComparison
{
    /// <summary>Runs every variant on <paramref name="dataset"/>.</summary>
    public static async Task<IReadOnlyList<ColdStartComparisonRow>> RunAsync(InteractionDataset dataset, IalsOptions ials, HybridOptions hybrid,
        OnlineLearnerOptions learner, ProgressLog log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(ials);
        ArgumentNullException.ThrowIfNull(hybrid);
        ArgumentNullException.ThrowIfNull(learner);
        ArgumentNullException.ThrowIfNull(log);
        var split = Splits.GlobalTime(dataset.Interactions);
        var evaluator = new StreamingEvaluator(dataset, split);
        log.Info($"Protocol P cold-start comparison: {split.Train.Length} warm-up events, {split.Test.Length} replayed");
        var spaces = new Spaces(dataset, ials, hybrid, log, cancellationToken);
        var seed = ials.Seed;
        var variants = new List<IStreamingRecommender>
        {
            new StreamingMostPopular(),
            new FirstEventsPopularity(hybrid.Towers.UserFirstEvents == 0 ? 5 : hybrid.Towers.UserFirstEvents),
            new OnlineColdStartStreaming("online-ials", c => spaces.Ials(c, content: false, user: false), learner, seed),
            new OnlineColdStartStreaming("online-ials+content", c => spaces.Ials(c, content: true, user: false), learner, seed),
            new OnlineColdStartStreaming("online-ials+content+user-tower", c => spaces.Ials(c, content: true, user: true), learner, seed),
            new OnlineColdStartStreaming("online-hybrid", c => spaces.Hybrid(c, content: false, user: false), learner, seed),
            new OnlineColdStartStreaming("online-hybrid+content", c => spaces.Hybrid(c, content: true, user: false), learner, seed),
            new OnlineColdStartStreaming("online-hybrid+content+user-tower", c => spaces.Hybrid(c, content: true, user: true), learner, seed),
        };

        var rows = new List<ColdStartComparisonRow>();
        foreach (var variant in variants)
        {
            var probe = new ColdStartProbe(variant);
            var metrics = await evaluator.EvaluateAsync(probe, ProgressLog.Silent, cancellationToken).ConfigureAwait(false);
            var row = new ColdStartComparisonRow(variant.Name, metrics, probe.FirstEvents, probe.NewUserEvents, probe.NewItemEvents);
            log.Info($"{row.Model}: HR@10 {metrics.HitRate10:F4}, first-event HR@10 {row.FirstEventHitRate:F4} ({row.FirstEvents.Events} new users), " +
                $"new-item events HR@10 {row.NewItemHitRate:F4} ({row.NewItemEvents.Events})");
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The rows as a fixed-width table.</summary>
    public static string ToTable(IReadOnlyList<ColdStartComparisonRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder();
        var header = string.Format(CultureInfo.InvariantCulture, "{0,-34} {1,8} {2,8} {3,10} {4,12} {5,10} {6,10}",
            "model", "HR@10", "NDCG@10", "HR@10 warm", "first-event", "new users", "new items");
        text.AppendLine(header);
        text.AppendLine(new string('-', header.Length));
        foreach (var row in rows)
        {
            text.AppendLine(string.Format(CultureInfo.InvariantCulture, "{0,-34} {1,8:F4} {2,8:F4} {3,10:F4} {4,12:F4} {5,10:F4} {6,10:F4}",
                row.Model, row.Metrics.HitRate10, row.Metrics.Ndcg10, row.Metrics.HitRate10WarmUsers, row.FirstEventHitRate, row.NewUserHitRate,
                row.NewItemHitRate));
        }

        if (rows.Count > 0)
        {
            var r = rows[0];
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"events {r.Metrics.Events}; first-event = first replayed event of each of {r.FirstEvents.Events} users new in the replay; " +
                $"new users = their {r.NewUserEvents.Events} events; new items = {r.NewItemEvents.Events} events on items unseen in warm-up"));
        }

        return text.ToString();
    }

    /// <summary>
    /// The reference for the user tower's first-event slice: popularity among warm-up users' first n events (static), the
    /// same events the tower is trained on, without demographics.
    /// </summary>
    private sealed class FirstEventsPopularity(int firstEvents) : ScoringStreamingRecommender
    {
        private float[] _counts = [];

        public override string Name => $"MostPop(first {firstEvents} events)";

        protected override void WarmUp(StreamingContext context)
        {
            _counts = new float[context.ItemCount];
            var taken = new int[context.UserCount];
            foreach (var e in context.WarmUp)
            {
                if (taken[e.User]++ < firstEvents)
                {
                    _counts[e.Item]++;
                }
            }
        }

        protected override void Score(int user, Span<float> scores) => _counts.CopyTo(scores);

        protected override void Ingest(int user, int item, long timestamp)
        {
        }
    }

    /// <summary>Fits each item space once (on the warm-up) and derives the variants' starts from it.</summary>
    private sealed class Spaces(InteractionDataset dataset, IalsOptions ialsOptions, HybridOptions hybridOptions, ProgressLog log, CancellationToken cancellationToken)
    {
        private IalsWarmStart? _ials;
        private TowerSet? _ialsTowers;
        private HybridModelResult? _hybrid;

        public OnlineStart Ials(StreamingContext context, bool content, bool user)
        {
            _ials ??= IalsWarmStart.Fit(context, ialsOptions with { TrackLoss = false }, "iALS", log);
            if (content || user)
            {
                _ialsTowers ??= HybridTraining.TrainTowers(dataset, context.WarmUp, _ials.Items, _ials.UserVectors,
                    hybridOptions with { Dimensions = ialsOptions.Dimensions }, log, cancellationToken);
            }

            var items = _ials.Items.All.ToArray();
            var rankable = (bool[])_ials.Rankable.Clone();
            if (content && _ialsTowers?.Content is { } tower)
            {
                FillContent(tower, items, rankable);
            }

            return new OnlineStart(new ItemVectors(items, ialsOptions.Dimensions), rankable, _ials.UserVectors, _ials.KnownUser, _ials.Popularity,
                user ? Initializer(_ialsTowers?.User) : null);
        }

        public OnlineStart Hybrid(StreamingContext context, bool content, bool user)
        {
            _hybrid ??= HybridTraining.Fit(context, hybridOptions, log, cancellationToken);
            var d = _hybrid.Dimensions;
            var trained = _hybrid.TrainedItems;
            var items = _hybrid.Fit.ItemVectors.ToArray();
            var rankable = (bool[])trained.Clone();
            for (var i = 0; i < trained.Length; i++)
            {
                if (!trained[i])
                {
                    items.AsSpan(i * d, d).Clear();
                }
            }

            if (content && _hybrid.Towers?.Content is { } tower)
            {
                FillContent(tower, items, rankable);
            }

            var popularity = new float[dataset.ItemCount];
            foreach (var e in context.WarmUp)
            {
                popularity[e.Item]++;
            }

            return new OnlineStart(new ItemVectors(items, d), rankable, _hybrid.UserVectors, _hybrid.TrainedUsers, popularity,
                user ? Initializer(_hybrid.Towers?.User) : null);
        }

        /// <summary>Gives every item without a trained vector its content vector and makes it rankable.</summary>
        private void FillContent(ContentTower tower, float[] items, bool[] rankable)
        {
            var d = tower.Dimensions;
            for (var i = 0; i < rankable.Length; i++)
            {
                if (!rankable[i])
                {
                    var info = dataset.Items[i];
                    tower.Embed(info.Categories, ReleaseYear.FromTitle(info.Title), items.AsSpan(i * d, d));
                    rankable[i] = true;
                }
            }
        }

        private Func<int, float[]?>? Initializer(ColdStartTower? tower) =>
            tower is null ? null : u => tower.Embed(TowerFeatures.AttributesOf(dataset.Users[u]));
    }
}
