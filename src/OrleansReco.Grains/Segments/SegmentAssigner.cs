using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansReco.Abstractions;
using OrleansReco.Grains.Ranking;
using OrleansReco.Grains.Users;
using OrleansReco.Learning;
using OrleansReco.Learning.Segments;

namespace OrleansReco.Grains.Segments;

/// <summary>A user's segment and the segmentation generation it belongs to.</summary>
public readonly record struct SegmentAssignment(int Segment, long Generation);

/// <summary>
/// Per silo: caches the segmentation (generation, K, centroids, sizes, top items; polled from the directory every
/// <see cref="SegmentOptions.FlushSeconds"/>, re-read on a new generation and every <see cref="SegmentOptions.RefreshSeconds"/>),
/// assigns user vectors to the nearest centroid, and batches what users report (joins, leaves, vectors, a small vector sample,
/// items, drift) into one call per segment every <see cref="SegmentOptions.FlushSeconds"/>, so a user's interaction never
/// waits for a segment grain.
/// </summary>
public sealed partial class SegmentAssigner(IGrainFactory grains, IItemIndexReplica replica, IOptions<SegmentOptions> options, RecoMetrics metrics,
    RecoClock clock, ILogger<SegmentAssigner> logger)
    : SiloLoop
{
    private readonly Lock _gate = new();
    private DateTime _lastRefresh = DateTime.MinValue;
    private Dictionary<int, Pending> _pending = [];
    private SegmentCache _cache = SegmentCache.Empty;

    /// <summary>The segmentation generation this silo assigns with (−1 before the first refresh).</summary>
    public long Generation => Volatile.Read(ref _cache).Generation;

    /// <summary>The segment nearest to <paramref name="vector"/>, or null while the centroids of that model are not loaded.</summary>
    public SegmentAssignment? Assign(ReadOnlySpan<float> vector, long modelVersion)
    {
        var cache = Volatile.Read(ref _cache);
        return !options.Value.Enabled || !cache.Serves(modelVersion, vector.Length)
            ? null
            : new SegmentAssignment(OnlineKMeans.Nearest(cache.Centroids, cache.Dimensions, vector), cache.Generation);
    }

    /// <summary>
    /// The segment a new user most likely belongs to — the largest one, as <c>evaluate</c>'s centroid start — and its centroid,
    /// or null while it has fewer members than the k-anonymity floor (a centroid of a few users would reveal them).
    /// </summary>
    public (SegmentAssignment Segment, float[] Centroid)? MostLikely(long modelVersion)
    {
        var cache = Volatile.Read(ref _cache);
        if (!options.Value.Enabled || cache.Largest < 0 || cache.ModelVersion != modelVersion
            || !PrivateAggregates.MayShow(cache.Sizes[cache.Largest], options.Value.MinimumUsersShown))
        {
            return null;
        }

        return (new SegmentAssignment(cache.Largest, cache.Generation), cache.Centroids.AsSpan(cache.Largest * cache.Dimensions, cache.Dimensions).ToArray());
    }

    /// <summary>
    /// The cached most popular items of <paramref name="segment"/> (dense indices of <paramref name="modelVersion"/>) with weights
    /// in (0, 1]; empty for another generation or model, or a segment under the k-anonymity floor. Allocates nothing.
    /// </summary>
    public SegmentItems ItemsOf(int? segment, long generation, long modelVersion)
    {
        var cache = Volatile.Read(ref _cache);
        return segment is { } s && s >= 0 && s < cache.K && cache.Generation == generation && cache.ModelVersion == modelVersion ? cache.Items[s] : SegmentItems.None;
    }

    /// <summary>Queues a user's report: its segment (and the one it left, same generation), its vector, the items it interacted with, its drift.</summary>
    public void Record(SegmentAssignment segment, int? previous, string userId, ReadOnlySpan<float> vector, IReadOnlyList<Interaction> items,
        InteractionWeights weights, float driftCosine, bool drifted, long modelVersion)
    {
        lock (_gate)
        {
            var pending = PendingOf(segment.Segment, modelVersion, segment.Generation);
            pending.Add(vector);
            pending.Sample(userId, vector, clock.UtcNow, options.Value.SamplePerFlush);
            foreach (var item in items)
            {
                if (weights.WeightOf(InteractionKinds.Of(item.Type), item.Value) > 0)
                {
                    pending.Items[item.ItemId] = pending.Items.GetValueOrDefault(item.ItemId) + 1;
                }
            }

            (pending.DriftCosineSum, pending.DriftObservations, pending.DriftEvents) =
                (pending.DriftCosineSum + driftCosine, pending.DriftObservations + 1, pending.DriftEvents + (drifted ? 1 : 0));
            if (previous != segment.Segment)
            {
                pending.Joined++;
                if (previous is { } left)
                {
                    PendingOf(left, modelVersion, segment.Generation).Left++;
                }
            }
        }
    }

    /// <inheritdoc />
    protected override TimeSpan Period => TimeSpan.FromSeconds(options.Value.FlushSeconds);

    /// <summary>Sends every queued batch now (also done periodically).</summary>
    public async Task FlushAsync()
    {
        Dictionary<int, Pending> batches;
        lock (_gate)
        {
            (batches, _pending) = (_pending, []);
        }

        foreach (var (segment, p) in batches)
        {
            try
            {
                await grains.GetGrain<ISegmentGrain>(segment).ApplyAsync(new SegmentBatch(p.Joined, p.Left, p.VectorSum, p.VectorCount, p.Items,
                    p.DriftCosineSum, p.DriftObservations, p.DriftEvents, p.ModelVersion, p.Generation, p.SampledUsers));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFlushFailed(logger, segment, e.Message); // analytics only: a lost batch costs accuracy, never user data
            }
        }
    }

    /// <summary>Re-reads the segmentation of the model this silo serves: generation, K, and every segment's view.</summary>
    public async Task RefreshAsync()
    {
        var layout = await grains.GetGrain<ISegmentDirectoryGrain>(0).GetLayoutAsync();
        var catalog = (await replica.GetAsync()).Catalog;
        var d = catalog.Vectors.Dimensions;
        var views = await Task.WhenAll(Enumerable.Range(0, layout.K).Select(i => grains.GetGrain<ISegmentGrain>(i).GetViewAsync()));
        foreach (var view in views)
        {
            if (view.Centroid.Length != d || view.ModelVersion != catalog.ModelVersion || view.Generation != layout.Generation)
            {
                return; // a segment serves another model version or has not been re-seeded yet; try again next tick
            }
        }

        var cache = SegmentCache.From(layout, catalog, views);
        Volatile.Write(ref _cache, cache);
        metrics.SegmentsRefreshed(cache.DriftMeans, cache.GlobalDriftMean);
    }

    private Pending PendingOf(int segment, long modelVersion, long generation)
    {
        if (!_pending.TryGetValue(segment, out var pending) || pending.ModelVersion != modelVersion || pending.Generation != generation)
        {
            pending = new Pending(modelVersion, generation);
            _pending[segment] = pending;
        }

        return pending;
    }

    /// <inheritdoc />
    protected override async Task TickAsync()
    {
        try
        {
            var generation = (await grains.GetGrain<ISegmentDirectoryGrain>(0).GetLayoutAsync()).Generation;
            if (generation != Generation || DateTime.UtcNow - _lastRefresh >= TimeSpan.FromSeconds(options.Value.RefreshSeconds))
            {
                await RefreshAsync();
                _lastRefresh = DateTime.UtcNow;
            }

            await FlushAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRefreshFailed(logger, e.Message);
        }
    }

    /// <inheritdoc />
    protected override Task StoppedAsync() => FlushAsync();

    [LoggerMessage(1, LogLevel.Warning, "Segment {Segment}: a batch could not be applied: {Reason}")]
    private static partial void LogFlushFailed(ILogger logger, int segment, string reason);

    [LoggerMessage(2, LogLevel.Warning, "Segment centroids could not be refreshed: {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, string reason);

    private sealed class Pending(long modelVersion, long generation)
    {
        private readonly List<SampledUser> _sample = [];
        private long _sampleSeen;
        private DeterministicRandom _random = new(DeterministicRandom.SeedFrom($"flush-{modelVersion}-{generation}", (ulong)Environment.TickCount64));

        public long ModelVersion { get; } = modelVersion;

        public long Generation { get; } = generation;

        public float[] VectorSum { get; private set; } = [];

        public int VectorCount { get; private set; }

        public IReadOnlyList<SampledUser> SampledUsers => _sample;

        public void Add(ReadOnlySpan<float> vector)
        {
            if (VectorSum.Length != vector.Length)
            {
                (VectorSum, VectorCount) = (new float[vector.Length], 0);
            }

            System.Numerics.Tensors.TensorPrimitives.Add(VectorSum, vector, VectorSum);
            VectorCount++;
        }

        /// <summary>Reservoir-samples up to <paramref name="capacity"/> member vectors of this flush, one per user (the newest).</summary>
        public void Sample(string userId, ReadOnlySpan<float> vector, DateTimeOffset at, int capacity)
        {
            if (capacity == 0)
            {
                return;
            }

            var key = DeterministicRandom.SeedFrom(userId);
            var known = _sample.FindIndex(u => u.UserKey == key);
            var slot = known >= 0 ? known : Reservoir.Slot(++_sampleSeen, _sample.Count, capacity, ref _random);
            if (slot == _sample.Count)
            {
                _sample.Add(new SampledUser(key, vector.ToArray(), at));
            }
            else if (slot >= 0)
            {
                _sample[slot] = new SampledUser(key, vector.ToArray(), at);
            }
        }

        public Dictionary<string, int> Items { get; } = new(StringComparer.Ordinal);

        public int Joined { get; set; }

        public int Left { get; set; }

        public double DriftCosineSum { get; set; }

        public int DriftObservations { get; set; }

        public int DriftEvents { get; set; }
    }
}
