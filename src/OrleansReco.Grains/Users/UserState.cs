namespace OrleansReco.Grains.Users;

/// <summary>Persisted state of one user. Arrays are shared with the live <c>UserModel</c> while active.</summary>
[GenerateSerializer, Alias("OrleansReco.UserState")]
public sealed class UserState
{
    /// <summary>Long-term vector u; empty until the first interaction.</summary>
    [Id(0)] public float[] Vector { get; set; } = [];

    /// <summary>Short-term vector s.</summary>
    [Id(1)] public float[] ShortTerm { get; set; } = [];

    /// <summary>Drift baseline.</summary>
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

    /// <summary>Replay ring: weights.</summary>
    [Id(8)] public float[] ReplayWeights { get; set; } = [];

    /// <summary>Replay ring: unix seconds.</summary>
    [Id(9)] public long[] ReplayTimestamps { get; set; } = [];

    /// <summary>Replay ring: next slot.</summary>
    [Id(10)] public int ReplayHead { get; set; }

    /// <summary>Replay ring: entries held.</summary>
    [Id(11)] public int ReplayCount { get; set; }

    /// <summary>Recently seen item ids, oldest first, bounded.</summary>
    [Id(12)] public List<string> RecentlySeen { get; set; } = [];

    /// <summary>Hidden item ids: never recommended again.</summary>
    [Id(13)] public HashSet<string> Hidden { get; set; } = [];

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

    /// <summary>Keys of recently accepted batches with their answers, oldest first (idempotent retries).</summary>
    [Id(22)] public List<AcceptedBatch> AcceptedBatches { get; set; } = [];

    /// <summary>Context of the latest interactions that carried one (recommendations without a context use it).</summary>
    [Id(26)] public UserContext? LastContext { get; set; }

    /// <summary>Event-log cursors: the last offset applied per "topic/partition" (see <c>UserGrain.EventLog.cs</c>).</summary>
    [Id(40)] public Dictionary<string, long> LogCursors { get; set; } = [];

    /// <summary>The last events of a log this user refused, oldest first, bounded: reported again when redelivered.</summary>
    [Id(41)] public List<RememberedLogRejection> LogRejections { get; set; } = [];

    /// <summary>Segmentation generation <see cref="Segment"/> was assigned in (a fit starts a new one).</summary>
    [Id(27)] public long SegmentGeneration { get; set; }

    /// <summary>True before the first interaction.</summary>
    public bool IsNew => Vector.Length == 0;

    /// <summary>A deep copy, used to roll back a batch that could not be stored.</summary>
    public UserState Clone() => new()
    {
        Vector = [.. Vector], ShortTerm = [.. ShortTerm], Baseline = [.. Baseline], Moment1 = [.. Moment1], Moment2 = [.. Moment2],
        OptimizerSteps = OptimizerSteps, RandomState = RandomState,
        ReplayItems = [.. ReplayItems], ReplayWeights = [.. ReplayWeights], ReplayTimestamps = [.. ReplayTimestamps],
        ReplayHead = ReplayHead, ReplayCount = ReplayCount,
        RecentlySeen = [.. RecentlySeen], Hidden = new HashSet<string>(Hidden, StringComparer.Ordinal),
        InteractionCount = InteractionCount, ModelVersion = ModelVersion, LastUpdated = LastUpdated,
        DriftCosine = DriftCosine, AverageDriftCosine = AverageDriftCosine, DriftEvents = DriftEvents, Segment = Segment, SegmentGeneration = SegmentGeneration, Demographics = Demographics, AcceptedBatches = [.. AcceptedBatches],
        LastContext = LastContext,
        LogCursors = new Dictionary<string, long>(LogCursors, StringComparer.Ordinal), LogRejections = [.. LogRejections],
    };
}

/// <summary>An accepted batch's idempotency key and the answer it got.</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.AcceptedBatch")]
public sealed record AcceptedBatch([property: Id(0)] string Key, [property: Id(1)] OrleansReco.Abstractions.RecordResult Result);

/// <summary>A refused log event with the "topic/partition" cursor it belongs to.</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.RememberedLogRejection")]
public sealed record RememberedLogRejection([property: Id(0)] string Cursor, [property: Id(1)] OrleansReco.Abstractions.LogRejection Rejection);
