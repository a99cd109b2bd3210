using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansReco.Abstractions;
using OrleansReco.Grains.Users;
using OrleansReco.Learning;
using OrleansReco.Learning.Audit;

namespace OrleansReco.Grains.Audit;

/// <summary>
/// Per silo: counts the items recommendations show (with the viewer's demographic groups) and the positive interactions
/// users record, and sends them to the <see cref="IAuditGrain"/> in one call every <see cref="AuditOptions.FlushSeconds"/>,
/// so no request waits for the audit and no grain is called per request. Each exposure is classified by the popularity
/// deciles last read from the audit grain (re-read every <see cref="AuditOptions.RefreshSeconds"/>). Between flushes the
/// counts are bounded: one entry per catalog item, a fixed number of groups per dimension and of users per group.
/// </summary>
public sealed partial class ExposureRecorder(IGrainFactory grains, IOptions<AuditOptions> options, ILogger<ExposureRecorder> logger) : SiloLoop
{
    private const string OtherGroup = "other";
    private readonly Lock _gate = new();
    private Pending _pending = new();
    private Dictionary<string, byte> _deciles = [];
    private DateTime _lastRefresh = DateTime.MinValue;

    /// <summary>Counts one list shown to <paramref name="userId"/>.</summary>
    public void RecordExposures(string userId, UserDemographics? demographics, IReadOnlyList<Recommendation> items)
    {
        if (!options.Value.Enabled || items.Count == 0)
        {
            return;
        }

        var (gender, age, occupation) = DemographicGroups.Of(demographics?.Age, demographics?.Gender, demographics?.Occupation);
        var user = DeterministicRandom.SeedFrom(userId);
        var deciles = Volatile.Read(ref _deciles);
        lock (_gate)
        {
            var pending = _pending;
            pending.Lists++;
            var groups = (GroupOf(pending, 0, gender), GroupOf(pending, 1, age), GroupOf(pending, 2, occupation));
            groups.Item1.AddList(user, options.Value.MaxUsersPerGroup);
            groups.Item2.AddList(user, options.Value.MaxUsersPerGroup);
            groups.Item3.AddList(user, options.Value.MaxUsersPerGroup);
            foreach (var item in items)
            {
                var bucket = deciles.TryGetValue(item.ItemId, out var decile) ? decile : PopularityDeciles.NoInteractions;
                pending.Exposures[item.ItemId] = pending.Exposures.GetValueOrDefault(item.ItemId) + 1;
                pending.Buckets[bucket]++;
                groups.Item1.Buckets[bucket]++;
                groups.Item2.Buckets[bucket]++;
                groups.Item3.Buckets[bucket]++;
            }
        }
    }

    /// <summary>Counts the positive interactions of an accepted batch (they define item popularity).</summary>
    public void RecordInteractions(IReadOnlyList<Interaction> interactions, InteractionWeights weights)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        lock (_gate)
        {
            foreach (var interaction in interactions)
            {
                if (weights.WeightOf(InteractionKinds.Of(interaction.Type), interaction.Value) > 0)
                {
                    _pending.Interactions[interaction.ItemId] = _pending.Interactions.GetValueOrDefault(interaction.ItemId) + 1;
                }
            }
        }
    }

    /// <summary>Sends the counts gathered since the last flush (also done periodically and when the silo stops).</summary>
    public async Task FlushAsync()
    {
        Pending batch;
        lock (_gate)
        {
            (batch, _pending) = (_pending, new Pending());
        }

        if (batch.Lists == 0 && batch.Interactions.Count == 0)
        {
            return;
        }

        var groups = batch.Groups.Select(g => new GroupExposureBatch(DemographicGroups.Dimensions[g.Key.Dimension], g.Key.Group, g.Value.Lists,
            g.Value.Buckets, [.. g.Value.Users])).ToArray();
        try
        {
            await grains.GetGrain<IAuditGrain>(0).ApplyAsync(new ExposureBatch(batch.Lists, batch.Exposures, batch.Buckets, batch.Interactions, groups));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFlushFailed(logger, e.Message); // analytics only: a lost batch costs accuracy, never user data
        }
    }

    /// <summary>Re-reads the popularity deciles exposures are classified by.</summary>
    public async Task RefreshAsync() =>
        Volatile.Write(ref _deciles, await grains.GetGrain<IAuditGrain>(0).GetPopularityDecilesAsync());

    /// <inheritdoc />
    protected override TimeSpan Period => TimeSpan.FromSeconds(options.Value.FlushSeconds);

    /// <inheritdoc />
    protected override async Task TickAsync()
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        try
        {
            await FlushAsync();
            if (DateTime.UtcNow - _lastRefresh >= TimeSpan.FromSeconds(options.Value.RefreshSeconds))
            {
                await RefreshAsync();
                _lastRefresh = DateTime.UtcNow;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRefreshFailed(logger, e.Message);
        }
    }

    /// <inheritdoc />
    protected override Task StoppedAsync() => FlushAsync();

    private PendingGroup GroupOf(Pending pending, int dimension, string group)
    {
        if (!pending.Groups.TryGetValue((dimension, group), out var counts))
        {
            if (pending.GroupCounts[dimension] >= options.Value.MaxGroupsPerDimension && group != OtherGroup)
            {
                return GroupOf(pending, dimension, OtherGroup);
            }

            pending.Groups[(dimension, group)] = counts = new PendingGroup();
            pending.GroupCounts[dimension]++;
        }

        return counts;
    }

    [LoggerMessage(1, LogLevel.Warning, "Audit: a batch of exposures could not be applied: {Reason}")]
    private static partial void LogFlushFailed(ILogger logger, string reason);

    [LoggerMessage(2, LogLevel.Warning, "Audit: popularity deciles could not be refreshed: {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, string reason);

    private sealed class Pending
    {
        public int Lists { get; set; }

        public Dictionary<string, int> Exposures { get; } = new(StringComparer.Ordinal);

        public long[] Buckets { get; } = new long[PopularityDeciles.Buckets];

        public Dictionary<string, int> Interactions { get; } = new(StringComparer.Ordinal);

        public Dictionary<(int Dimension, string Group), PendingGroup> Groups { get; } = [];

        public int[] GroupCounts { get; } = new int[3];
    }

    private sealed class PendingGroup
    {
        public int Lists { get; private set; }

        public long[] Buckets { get; } = new long[PopularityDeciles.Buckets];

        public HashSet<ulong> Users { get; } = [];

        public void AddList(ulong user, int maxUsers)
        {
            Lists++;
            if (Users.Count < maxUsers)
            {
                Users.Add(user);
            }
        }
    }
}
