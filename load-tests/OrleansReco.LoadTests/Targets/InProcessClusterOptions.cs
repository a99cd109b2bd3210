namespace OrleansReco.LoadTests.Targets;

/// <summary>Grain storage of the in-process cluster's users.</summary>
public enum LoadStorage
{
    /// <summary>Orleans memory storage as the hosts configure it (Orleans' binary storage serializer).</summary>
    Memory,

    /// <summary>Our Azure Table provider on an Azurite the harness starts.</summary>
    AzureTable,

    /// <summary>The Orleans Redis provider on a redis-server the harness starts.</summary>
    Redis,

    /// <summary>Acknowledges writes and keeps nothing (memory scenario; see <see cref="DiscardingGrainStorage"/>).</summary>
    Discard,
}

/// <summary>The in-process cluster: silos, storage, catalog, per-user capacities.</summary>
public sealed record InProcessClusterOptions
{
    /// <summary>Silos started in this process (localhost clustering, the first is the primary).</summary>
    public int Silos { get; init; } = 1;

    /// <summary>User storage.</summary>
    public LoadStorage Storage { get; init; } = LoadStorage.Memory;

    /// <summary>Demo catalog items.</summary>
    public int Items { get; init; } = 100_000;

    /// <summary>Demo catalog dimension.</summary>
    public int Dimensions { get; init; } = 64;

    /// <summary>Catalog seed.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Users are assigned to segments.</summary>
    public bool Segments { get; init; } = true;

    /// <summary>Recently seen item ids kept per user (null: the silo default).</summary>
    public int? SeenCapacity { get; init; }

    /// <summary>Replay ring capacity per user (null: the silo default).</summary>
    public int? ReplayCapacity { get; init; }

    /// <summary>The learner's optimizer (null: the silo default); Adagrad and Adam keep per-user optimizer state.</summary>
    public OrleansReco.Learning.OptimizerKind? Optimizer { get; init; }

    /// <summary>Orleans <c>GrainCollectionOptions.CollectionAge</c> (null: the Orleans default).</summary>
    public TimeSpan? CollectionAge { get; init; }
}
