namespace OrleansReco.Grains.Users;

/// <summary>
/// Persisted state of one user, kept compact because a silo holds one per active user: its arrays are bound to a
/// <c>UserModel</c> for the length of a batch. Version 2 stores the baseline and replay weights in half precision and
/// replay timestamps as unsigned seconds under new ids; <see cref="Upgrade"/> migrates state written before.
/// </summary>
[GenerateSerializer, Alias("OrleansReco.UserState")]
public sealed class UserState
{
    /// <summary>Long-term vector u; empty until the first interaction.</summary>
    [Id(0)] public float[] Vector { get; set; } = [];

    /// <summary>Short-term vector s.</summary>
    [Id(1)] public float[] ShortTerm { get; set; } = [];

    /// <summary>Drift baseline as written before version 2 of this state; read once and moved to <see cref="BaselineHalf"/>.</summary>
    [Id(2)] public float[] Baseline { get; set; } = [];

    /// <summary>Optimizer first moment (Adagrad/Adam).</summary>
    [Id(3)] public float[] Moment1 { get; set; } = [];

    /// <summary>Optimizer second moment (Adam).</summary>
    [Id(4)] public float[] Moment2 { get; set; } = [];

    /// <summary>Optimizer steps taken.</summary>
    [Id(5)] public long OptimizerSteps { get; set; }

    /// <summary>Sampler state.</summary>
    [Id(6)] public ulong RandomState { get; set; }

    /// <summary>Replay ring: item indices in <see cref="ModelVersion"/>.</summary>
    [Id(7)] public int[] ReplayItems { get; set; } = [];

    /// <summary>Replay ring weights as written before version 2; read once and moved to <see cref="ReplayWeightsHalf"/>.</summary>
    [Id(8)] public float[] ReplayWeights { get; set; } = [];

    /// <summary>Replay ring timestamps as written before version 2; read once and moved to <see cref="ReplaySeconds"/>.</summary>
    [Id(9)] public long[] ReplayTimestamps { get; set; } = [];

    /// <summary>Replay ring: next slot.</summary>
    [Id(10)] public int ReplayHead { get; set; }

    /// <summary>Replay ring: entries held.</summary>
    [Id(11)] public int ReplayCount { get; set; }

    /// <summary>Recently seen item ids, oldest first, bounded; while active, the catalog's own string instances.</summary>
    [Id(12)] public List<string> RecentlySeen { get; set; } = [];

    /// <summary>Hidden item ids: never recommended again; null while there are none (no empty set per user).</summary>
    [Id(13)] public HashSet<string>? Hidden { get; set; }

    /// <summary>Interactions learned from.</summary>
    [Id(14)] public long InteractionCount { get; set; }

    /// <summary>Model version the vectors live in.</summary>
    [Id(15)] public long ModelVersion { get; set; }

    /// <summary>Time of the last accepted batch.</summary>
    [Id(16)] public DateTimeOffset? LastUpdated { get; set; }

    /// <summary>Latest cosine to the baseline.</summary>
    [Id(17)] public float DriftCosine { get; set; } = 1f;

    /// <summary>Running average cosine to the baseline.</summary>
    [Id(18)] public float AverageDriftCosine { get; set; } = 1f;

    /// <summary>Drift events so far.</summary>
    [Id(19)] public long DriftEvents { get; set; }

    /// <summary>Segment, once assigned.</summary>
    [Id(20)] public int? Segment { get; set; }

    /// <summary>What the user told us, or null.</summary>
    [Id(21)] public OrleansReco.Abstractions.UserDemographics? Demographics { get; set; }

    /// <summary>Keys of recently accepted batches with their answers, oldest first (idempotent retries); null while none.</summary>
    [Id(22)] public List<AcceptedBatch>? AcceptedBatches { get; set; }

    /// <summary>Drift baseline in half precision (it is only compared by cosine).</summary>
    [Id(23)] public Half[] BaselineHalf { get; set; } = [];

    /// <summary>Replay ring: weights in half precision.</summary>
    [Id(24)] public Half[] ReplayWeightsHalf { get; set; } = [];

    /// <summary>Replay ring: unsigned unix seconds.</summary>
    [Id(25)] public uint[] ReplaySeconds { get; set; } = [];

    /// <summary>Context of the latest interactions that carried one (recommendations without a context use it).</summary>
    [Id(26)] public UserContext? LastContext { get; set; }

    /// <summary>Segmentation generation <see cref="Segment"/> was assigned in (a fit starts a new one).</summary>
    [Id(27)] public long SegmentGeneration { get; set; }

    /// <summary>
    /// Event-log cursors: the last offset applied per "topic/partition" (see <c>UserGrain.EventLog.cs</c>); null until the
    /// user's first log event (no empty dictionary per user).
    /// </summary>
    [Id(40)] public Dictionary<string, long>? LogCursors { get; set; }

    /// <summary>The last events of a log this user refused, oldest first, bounded: reported again when redelivered; null while none.</summary>
    [Id(41)] public List<RememberedLogRejection>? LogRejections { get; set; }

    /// <summary>True before the first interaction.</summary>
    public bool IsNew => Vector.Length == 0;

    /// <summary>Hidden item ids, empty when there are none.</summary>
    public IReadOnlyCollection<string> HiddenItems => (IReadOnlyCollection<string>?)Hidden ?? [];

    /// <summary>
    /// Moves members written by earlier versions of this state to their compact form (baseline and replay weights to
    /// half precision, replay timestamps to unsigned seconds) and drops empty collections; idempotent.
    /// </summary>
    public void Upgrade()
    {
        if (Baseline.Length > 0)
        {
            BaselineHalf = new Half[Baseline.Length];
            System.Numerics.Tensors.TensorPrimitives.ConvertToHalf(Baseline, BaselineHalf);
            Baseline = [];
        }

        if (ReplayWeights.Length > 0)
        {
            ReplayWeightsHalf = new Half[ReplayWeights.Length];
            System.Numerics.Tensors.TensorPrimitives.ConvertToHalf(ReplayWeights, ReplayWeightsHalf);
            ReplayWeights = [];
        }

        if (ReplayTimestamps.Length > 0)
        {
            ReplaySeconds = Array.ConvertAll(ReplayTimestamps, OrleansReco.Learning.ReplayBuffer.ToSeconds);
            ReplayTimestamps = [];
        }

        Hidden = Hidden is { Count: > 0 } ? Hidden : null;
        AcceptedBatches = AcceptedBatches is { Count: > 0 } ? AcceptedBatches : null;
        LogCursors = LogCursors is { Count: > 0 } ? LogCursors : null;
        LogRejections = LogRejections is { Count: > 0 } ? LogRejections : null;
    }
}

/// <summary>An accepted batch's idempotency key and the answer it got.</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.AcceptedBatch")]
public sealed record AcceptedBatch([property: Id(0)] string Key, [property: Id(1)] OrleansReco.Abstractions.RecordResult Result);

/// <summary>A refused log event with the "topic/partition" cursor it belongs to.</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.RememberedLogRejection")]
public sealed record RememberedLogRejection([property: Id(0)] string Cursor, [property: Id(1)] OrleansReco.Abstractions.LogRejection Rejection);
