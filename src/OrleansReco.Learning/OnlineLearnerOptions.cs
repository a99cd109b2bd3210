namespace OrleansReco.Learning;

/// <summary>Ranking loss of the per-event user update.</summary>
public enum RankingLoss
{
    /// <summary>Bayesian personalised ranking against sampled negatives.</summary>
    Bpr,

    /// <summary>Softmax over the positive and the sampled negatives.</summary>
    SampledSoftmax,
}

/// <summary>Per-user optimizer of the user vector.</summary>
public enum OptimizerKind
{
    /// <summary>Plain stochastic gradient descent.</summary>
    Sgd,

    /// <summary>Per-coordinate adaptive learning rate (accumulated squared gradients).</summary>
    Adagrad,

    /// <summary>Adam with bias correction.</summary>
    Adam,
}

/// <summary>Hyperparameters of <see cref="OnlineUserLearner"/>. Bound from configuration section <c>OrleansReco:Learner</c>.</summary>
public sealed record OnlineLearnerOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "OrleansReco:Learner";

    /// <summary>Ranking loss.</summary>
    public RankingLoss Loss { get; set; } = RankingLoss.Bpr;

    /// <summary>Optimizer.</summary>
    public OptimizerKind Optimizer { get; set; } = OptimizerKind.Sgd;

    /// <summary>Step size.</summary>
    public float LearningRate { get; set; } = 0.25f;

    /// <summary>Gradient steps per event (negatives are resampled each step).</summary>
    public int StepsPerEvent { get; set; } = 1;

    /// <summary>Negatives sampled uniformly per positive.</summary>
    public int NegativeSamples { get; set; } = 8;

    /// <summary>Past positives replayed from the ring buffer in each step (0 = off).</summary>
    public int ReplaySamples { get; set; }

    /// <summary>Weight of a replayed positive relative to a fresh one.</summary>
    public float ReplayWeight { get; set; } = 0.5f;

    /// <summary>Replay ring capacity per user.</summary>
    public int ReplayCapacity { get; set; } = 64;

    /// <summary>L2 pull λ toward the drift baseline (0 = off).</summary>
    public float BaselinePull { get; set; }

    /// <summary>Upper bound on ‖u‖ (0 = unbounded).</summary>
    public float MaxNorm { get; set; } = 10f;

    /// <summary>Softmax temperature τ for <see cref="RankingLoss.SampledSoftmax"/>.</summary>
    public float SoftmaxTemperature { get; set; } = 1f;

    /// <summary>Mix β of the short-term vector into the score: (u + β s) · v.</summary>
    public float ShortTermBeta { get; set; } = 1f;

    /// <summary>Decay of the short-term vector per positive event: s ← decay · s + w v.</summary>
    public float ShortTermDecay { get; set; } = 0.8f;

    /// <summary>Half-life of an event's weight by age in seconds (0 = no recency decay).</summary>
    public double RecencyHalfLifeSeconds { get; set; } = 30 * 24 * 3600;

    /// <summary>Adam β1.</summary>
    public float AdamBeta1 { get; set; } = 0.9f;

    /// <summary>Adam β2.</summary>
    public float AdamBeta2 { get; set; } = 0.999f;

    /// <summary>Numerical floor of adaptive optimizers.</summary>
    public float Epsilon { get; set; } = 1e-6f;

    /// <summary>Returns the problems with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Check(float.IsFinite(LearningRate) && LearningRate > 0, "LearningRate must be a positive finite number.");
        Check(StepsPerEvent is >= 1 and <= 64, "StepsPerEvent must be in [1, 64].");
        Check(NegativeSamples is >= 1 and <= 256, "NegativeSamples must be in [1, 256].");
        Check(ReplaySamples is >= 0 and <= 64, "ReplaySamples must be in [0, 64].");
        Check(ReplayCapacity is >= 0 and <= 4096, "ReplayCapacity must be in [0, 4096].");
        Check(float.IsFinite(ReplayWeight) && ReplayWeight >= 0, "ReplayWeight must be finite and >= 0.");
        Check(float.IsFinite(BaselinePull) && BaselinePull >= 0, "BaselinePull must be finite and >= 0.");
        Check(float.IsFinite(MaxNorm) && MaxNorm >= 0, "MaxNorm must be finite and >= 0.");
        Check(float.IsFinite(SoftmaxTemperature) && SoftmaxTemperature > 0, "SoftmaxTemperature must be > 0.");
        Check(float.IsFinite(ShortTermBeta) && ShortTermBeta >= 0, "ShortTermBeta must be finite and >= 0.");
        Check(ShortTermDecay is >= 0 and <= 1, "ShortTermDecay must be in [0, 1].");
        Check(double.IsFinite(RecencyHalfLifeSeconds) && RecencyHalfLifeSeconds >= 0, "RecencyHalfLifeSeconds must be >= 0.");
        Check(AdamBeta1 is >= 0 and < 1 && AdamBeta2 is >= 0 and < 1, "Adam betas must be in [0, 1).");
        Check(Epsilon > 0 && float.IsFinite(Epsilon), "Epsilon must be > 0.");
        return errors;

        void Check(bool ok, string message)
        {
            if (!ok)
            {
                errors.Add(message);
            }
        }
    }
}
