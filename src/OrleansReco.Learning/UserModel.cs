namespace OrleansReco.Learning;

/// <summary>
/// Everything the online learner keeps for one user: the long-term vector u, the short-term vector s
/// (decayed sum of recent item vectors), the drift baseline (half precision), optimizer moments, the sampling state and
/// the replay buffer. Arrays are public for persistence.
/// </summary>
public sealed class UserModel
{
    /// <summary>Creates a zero model of <paramref name="dimensions"/> with a replay buffer of <paramref name="replayCapacity"/>.</summary>
    public UserModel(int dimensions, int replayCapacity, ulong seed)
        : this(new float[dimensions], new float[dimensions], new Half[dimensions], [], [], 0, seed, new ReplayBuffer(replayCapacity))
    {
    }

    /// <summary>Restores a model from persisted parts.</summary>
    public UserModel(float[] vector, float[] shortTerm, Half[] baseline, float[] moment1, float[] moment2,
        long optimizerSteps, ulong randomState, ReplayBuffer replay)
    {
        ArgumentNullException.ThrowIfNull(vector);
        ArgumentOutOfRangeException.ThrowIfLessThan(vector.Length, 1, nameof(vector));
        if (shortTerm.Length != vector.Length || baseline.Length != vector.Length)
        {
            throw new ArgumentException("User model arrays must share one dimension.");
        }

        Vector = vector;
        ShortTerm = shortTerm;
        Baseline = baseline;
        Moment1 = moment1;
        Moment2 = moment2;
        OptimizerSteps = optimizerSteps;
        RandomState = randomState;
        Replay = replay;
    }

    /// <summary>Long-term user vector u.</summary>
    public float[] Vector { get; }

    /// <summary>Short-term interest vector s.</summary>
    public float[] ShortTerm { get; }

    /// <summary>Drift baseline b, in half precision: it is only compared by cosine and pulled toward, never learned.</summary>
    public Half[] Baseline { get; }

    /// <summary>Adagrad accumulator or Adam first moment; empty for plain SGD.</summary>
    public float[] Moment1 { get; private set; }

    /// <summary>Adam second moment; empty otherwise.</summary>
    public float[] Moment2 { get; private set; }

    /// <summary>Optimizer steps taken (Adam bias correction).</summary>
    public long OptimizerSteps { get; set; }

    /// <summary>State of the user's deterministic sampler.</summary>
    public ulong RandomState { get; set; }

    /// <summary>Recent positive interactions.</summary>
    public ReplayBuffer Replay { get; }

    /// <summary>d.</summary>
    public int Dimensions => Vector.Length;

    /// <summary>Allocates optimizer moments on first use (once per user, not per event).</summary>
    internal void EnsureMoments(OptimizerKind optimizer)
    {
        if (optimizer != OptimizerKind.Sgd && Moment1.Length != Dimensions)
        {
            Moment1 = new float[Dimensions];
        }

        if (optimizer == OptimizerKind.Adam && Moment2.Length != Dimensions)
        {
            Moment2 = new float[Dimensions];
        }
    }

    /// <summary>Writes the scoring vector q = u + β s into <paramref name="destination"/>.</summary>
    public void ScoringVector(float shortTermBeta, Span<float> destination) =>
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(ShortTerm, shortTermBeta, Vector, destination);
}
