using System.Globalization;
using OrleansReco.Abstractions;

namespace OrleansReco.LoadTests.Workload;

/// <summary>
/// Produces the seeded operation stream: a pool of concurrent sessions, each of one active user (uniform) for a geometric
/// number of operations; each operation is a recommendation with probability <see cref="WorkloadOptions.RecommendShare"/>,
/// else a batch of interactions on Zipf-popular items (a seeded permutation maps popularity rank to item id) with types
/// drawn from the view/click/like mix. Not thread-safe: one generator per thread (see <see cref="ForStream"/>).
/// </summary>
public sealed class WorkloadGenerator
{
    private readonly WorkloadOptions _options;
    private readonly ItemSpace _items;
    private readonly Random _random;
    private readonly int[] _sessionUser;
    private readonly int[] _sessionRemaining;

    private WorkloadGenerator(WorkloadOptions options, ItemSpace items, int stream)
    {
        _options = options;
        _items = items;
        _random = new Random(SeedOf(options.Seed, stream));
        _sessionUser = new int[options.ConcurrentSessions];
        _sessionRemaining = new int[options.ConcurrentSessions];
    }

    /// <summary>A generator for stream <paramref name="stream"/> (e.g. a worker index) sharing <paramref name="items"/>.</summary>
    public static WorkloadGenerator ForStream(WorkloadOptions options, ItemSpace items, int stream) => new(options, items, stream);

    /// <summary>The user id of user index <paramref name="user"/>.</summary>
    public static string UserId(int user) => "load-" + user.ToString(CultureInfo.InvariantCulture);

    /// <summary>The next operation.</summary>
    public Operation Next()
    {
        var slot = _random.Next(_sessionUser.Length);
        if (_sessionRemaining[slot] <= 0)
        {
            _sessionUser[slot] = _random.Next(_options.ActiveUsers);
            _sessionRemaining[slot] = GeometricLength();
        }

        _sessionRemaining[slot]--;
        var user = UserId(_sessionUser[slot]);
        return _random.NextDouble() < _options.RecommendShare
            ? new Operation(OperationKind.Recommend, user, null)
            : new Operation(OperationKind.Ingest, user, NextBatch(_options.BatchSize));
    }

    /// <summary>A batch of <paramref name="size"/> interactions on Zipf-popular items with the configured type mix.</summary>
    public Interaction[] NextBatch(int size)
    {
        var batch = new Interaction[size];
        for (var i = 0; i < batch.Length; i++)
        {
            var roll = _random.NextDouble();
            var type = roll < _options.ViewShare ? InteractionType.View
                : roll < _options.ViewShare + _options.ClickShare ? InteractionType.Click : InteractionType.Like;
            batch[i] = new Interaction(_items.IdOfRank(_items.Popularity.Next(_random)), type);
        }

        return batch;
    }

    /// <summary>A batch of <paramref name="size"/> distinct items (uniform) with the type mix, ids as fresh strings.</summary>
    public Interaction[] NextDistinctBatch(int size, bool freshStrings)
    {
        var chosen = new HashSet<int>();
        var batch = new Interaction[Math.Min(size, _items.Count)];
        for (var i = 0; i < batch.Length; i++)
        {
            int item;
            do
            {
                item = _random.Next(_items.Count);
            }
            while (!chosen.Add(item));
            var id = _items.IdOfRank(item);
            batch[i] = new Interaction(freshStrings ? new string(id.AsSpan()) : id, i % 4 == 0 ? InteractionType.Like : InteractionType.Click);
        }

        return batch;
    }

    private int GeometricLength()
    {
        // Geometric on {1, 2, …} with the given mean: P(stop after each op) = 1 / mean.
        var p = 1.0 / _options.MeanSessionLength;
        var u = 1.0 - _random.NextDouble();
        return p >= 1 ? 1 : 1 + (int)Math.Min(1_000_000, Math.Floor(Math.Log(u) / Math.Log(1 - p)));
    }

    private static int SeedOf(ulong seed, int stream) => (int)((seed * 0x9E3779B97F4A7C15UL + (ulong)stream * 0xBF58476D1CE4E5B9UL) >> 33);
}

/// <summary>The catalog as the workload sees it: ids, and Zipf popularity over a seeded permutation of them.</summary>
public sealed class ItemSpace
{
    private readonly string[] _idByRank;

    /// <summary>Builds the id table and popularity for <paramref name="options"/>.</summary>
    public ItemSpace(WorkloadOptions options)
    {
        _idByRank = new string[options.Items];
        var order = new int[options.Items];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        new Random((int)(options.Seed ^ 0x5EED)).Shuffle(order);
        for (var rank = 0; rank < order.Length; rank++)
        {
            _idByRank[rank] = "item-" + (order[rank] + 1).ToString(CultureInfo.InvariantCulture);
        }

        Popularity = new ZipfSampler(options.Items, options.ZipfExponent);
    }

    /// <summary>Items.</summary>
    public int Count => _idByRank.Length;

    /// <summary>Popularity by rank.</summary>
    public ZipfSampler Popularity { get; }

    /// <summary>The id of the item of popularity rank <paramref name="rank"/>.</summary>
    public string IdOfRank(int rank) => _idByRank[rank];
}
