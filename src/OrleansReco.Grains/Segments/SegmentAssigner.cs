using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansReco.Abstractions;
using OrleansReco.Grains.Ranking;
using OrleansReco.Grains.Users;
using OrleansReco.Learning;
using OrleansReco.Learning.Segments;

namespace OrleansReco.Grains.Segments;

/// <summary>
/// Per silo: caches the segment centroids (re-read every <see cref="SegmentOptions.RefreshSeconds"/>), assigns user
/// vectors to the nearest, and batches what users report (joins, leaves, vectors, items, drift) into one call per segment
/// every <see cref="SegmentOptions.FlushSeconds"/>, so a user's interaction never waits for a segment grain.
/// </summary>
public sealed partial class SegmentAssigner(IGrainFactory grains, IItemIndexReplica replica, IOptions<SegmentOptions> options, ILogger<SegmentAssigner> logger)
    : SiloLoop
{
    private readonly Lock _gate = new();
    private DateTime _lastRefresh = DateTime.MinValue;
    private Dictionary<int, Pending> _pending = [];
    private CentroidCache _cache = new([], 0, -1);

    /// <summary>The segment nearest to <paramref name="vector"/>, or null while the centroids of that model are not loaded.</summary>
    public int? Assign(ReadOnlySpan<float> vector, long modelVersion)
    {
        if (!options.Value.Enabled)
        {
            return null;
        }

        var (centroids, d, version) = Volatile.Read(ref _cache);
        return version != modelVersion || d != vector.Length || centroids.Length == 0 ? null : OnlineKMeans.Nearest(centroids, d, vector);
    }

    /// <summary>Queues a user's report: its segment (and the one it left), its vector, the items it interacted with, its drift.</summary>
    public void Record(int segment, int? previous, ReadOnlySpan<float> vector, IReadOnlyList<Interaction> items, InteractionWeights weights,
        float driftCosine, bool drifted, long modelVersion)
    {
        lock (_gate)
        {
            var pending = PendingOf(segment, modelVersion);
            pending.Add(vector);
            foreach (var item in items)
            {
                if (weights.WeightOf(InteractionKinds.Of(item.Type), item.Value) > 0)
                {
                    pending.Items[item.ItemId] = pending.Items.GetValueOrDefault(item.ItemId) + 1;
                }
            }

            (pending.DriftCosineSum, pending.DriftObservations, pending.DriftEvents) =
                (pending.DriftCosineSum + driftCosine, pending.DriftObservations + 1, pending.DriftEvents + (drifted ? 1 : 0));
            if (previous != segment)
            {
                pending.Joined++;
                if (previous is { } left)
                {
                    PendingOf(left, modelVersion).Left++;
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
                    p.DriftCosineSum, p.DriftObservations, p.DriftEvents, p.ModelVersion));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFlushFailed(logger, segment, e.Message); // analytics only: a lost batch costs accuracy, never user data
            }
        }
    }

    /// <summary>Re-reads the centroids of the model this silo serves.</summary>
    public async Task RefreshAsync()
    {
        var catalog = (await replica.GetAsync()).Catalog;
        var k = options.Value.Count;
        var d = catalog.Vectors.Dimensions;
        var centroids = new float[k * d];
        for (var c = 0; c < k; c++)
        {
            var centroid = await grains.GetGrain<ISegmentGrain>(c).GetCentroidAsync();
            if (centroid.Length != d)
            {
                return; // that grain serves another model version; try again next time
            }

            centroid.CopyTo(centroids, c * d);
        }

        Volatile.Write(ref _cache, new CentroidCache(centroids, d, catalog.ModelVersion));
    }

    private Pending PendingOf(int segment, long modelVersion)
    {
        if (!_pending.TryGetValue(segment, out var pending) || pending.ModelVersion != modelVersion)
        {
            pending = new Pending(modelVersion);
            _pending[segment] = pending;
        }

        return pending;
    }

    /// <inheritdoc />
    protected override async Task TickAsync()
    {
        try
        {
            if (DateTime.UtcNow - _lastRefresh >= TimeSpan.FromSeconds(options.Value.RefreshSeconds))
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

    private sealed record CentroidCache(float[] Centroids, int Dimensions, long ModelVersion);

    private sealed class Pending(long modelVersion)
    {
        public long ModelVersion { get; } = modelVersion;

        public float[] VectorSum { get; private set; } = [];

        public int VectorCount { get; private set; }

        public void Add(ReadOnlySpan<float> vector)
        {
            if (VectorSum.Length != vector.Length)
            {
                (VectorSum, VectorCount) = (new float[vector.Length], 0);
            }

            System.Numerics.Tensors.TensorPrimitives.Add(VectorSum, vector, VectorSum);
            VectorCount++;
        }

        public Dictionary<string, int> Items { get; } = new(StringComparer.Ordinal);

        public int Joined { get; set; }

        public int Left { get; set; }

        public double DriftCosineSum { get; set; }

        public int DriftObservations { get; set; }

        public int DriftEvents { get; set; }
    }
}
