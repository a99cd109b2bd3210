using Microsoft.Extensions.Options;
using OrleansReco.Abstractions;
using OrleansReco.Grains.Ranking;
using OrleansReco.Grains.Segments;
using OrleansReco.Learning.Audit;

namespace OrleansReco.Grains.Audit;

/// <summary>
/// The live audit (key 0). Holds the recent window in memory only: it is analytics over the last
/// <see cref="AuditOptions.WindowMinutes"/>, rebuilt from new traffic after a restart, never user data. The silos'
/// recorders call it once per flush and refresh, so it stays active while they run.
/// </summary>
public sealed class AuditGrain(IItemIndexReplica replica, IOptions<AuditOptions> options, IOptions<SegmentOptions> segments, RecoClock clock)
    : Grain, IAuditGrain
{
    private readonly ExposureWindow _window = new(options.Value);
    private Dictionary<string, byte>? _deciles;
    private Catalog.ItemCatalog? _decilesCatalog;

    /// <inheritdoc />
    public Task ApplyAsync(ExposureBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _window.Add(batch, clock.UtcNow);
        if (batch.Interactions.Count > 0)
        {
            _deciles = null;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<Dictionary<string, byte>> GetPopularityDecilesAsync()
    {
        var catalog = (await replica.GetAsync()).Catalog;
        if (_deciles is null || !ReferenceEquals(_decilesCatalog, catalog))
        {
            var buckets = Buckets(catalog);
            var deciles = new Dictionary<string, byte>(StringComparer.Ordinal);
            for (var i = 0; i < buckets.Length; i++)
            {
                if (buckets[i] != PopularityDeciles.NoInteractions)
                {
                    deciles[catalog.IdOf(i)] = (byte)buckets[i];
                }
            }

            (_deciles, _decilesCatalog) = (deciles, catalog);
        }

        return _deciles;
    }

    /// <inheritdoc />
    public async Task<ExposureAuditReport> GetReportAsync()
    {
        var catalog = (await replica.GetAsync()).Catalog;
        var now = clock.UtcNow;
        var (slots, start) = _window.Current(now);
        var exposure = new double[catalog.Count];
        var buckets = new long[PopularityDeciles.Buckets];
        long lists = 0;
        foreach (var slot in slots)
        {
            lists += slot.Lists;
            AddTo(buckets, slot.Buckets);
            foreach (var (item, count) in slot.Exposures)
            {
                if (catalog.TryGetIndex(item, out var index))
                {
                    exposure[index] += count;
                }
            }
        }

        var total = buckets.Sum();
        var groups = ExposureAudit.Groups(slots, total, segments.Value.MinimumUsersShown);
        return new ExposureAuditReport(start, now, lists, total, catalog.Count, CountPopular(catalog), ExposureAudit.Shares(buckets),
            ExposureStatistics.Coverage(exposure), ExposureStatistics.Gini(exposure), total == 0 ? 0 : (double)buckets[0] / total,
            groups, ExposureAudit.Gaps(groups, segments.Value.MinimumUsersShown));
    }

    private int[] Buckets(Catalog.ItemCatalog catalog)
    {
        var popularity = new double[catalog.Count];
        for (var i = 0; i < popularity.Length; i++)
        {
            popularity[i] = _window.Popularity.GetValueOrDefault(catalog.IdOf(i));
        }

        var buckets = new int[popularity.Length];
        PopularityDeciles.Assign(popularity, buckets);
        return buckets;
    }

    private int CountPopular(Catalog.ItemCatalog catalog)
    {
        var count = 0;
        foreach (var item in _window.Popularity.Keys)
        {
            count += catalog.TryGetIndex(item, out _) ? 1 : 0;
        }

        return count;
    }

    private static void AddTo(long[] into, long[] from)
    {
        for (var b = 0; b < into.Length; b++)
        {
            into[b] += from[b];
        }
    }
}
