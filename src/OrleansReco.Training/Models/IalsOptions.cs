namespace OrleansReco.Training.Models;

/// <summary>Hyperparameters of implicit ALS (Hu, Koren &amp; Volinsky 2008) on binary feedback.</summary>
public sealed record IalsOptions
{
    /// <summary>Factor dimension d.</summary>
    public int Dimensions { get; init; } = 64;

    /// <summary>Confidence of an observed pair: c = 1 + α (unobserved pairs have c = 1, preference 0).</summary>
    public float Alpha { get; init; } = 3f;

    /// <summary>L2 regularisation λ on every user and item factor.</summary>
    public float Regularization { get; init; } = 30f;

    /// <summary>Alternating sweeps (users, then items).</summary>
    public int Sweeps { get; init; } = 10;

    /// <summary>Seed of the factor initialisation.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Standard deviation of the Gaussian initialisation.</summary>
    public float InitScale { get; init; } = 0.01f;

    /// <summary>When true, the loss is computed and logged after every sweep (costs about one extra half-sweep).</summary>
    public bool TrackLoss { get; init; } = true;

    /// <summary>Short description for logs and reports.</summary>
    public override string ToString() => $"d={Dimensions} α={Alpha} λ={Regularization} sweeps={Sweeps}";
}
