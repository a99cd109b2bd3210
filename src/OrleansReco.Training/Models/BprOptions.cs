namespace OrleansReco.Training.Models;

/// <summary>Hyperparameters of BPR-MF (Rendle et al. 2009).</summary>
public sealed record BprOptions
{
    /// <summary>Factor dimension d.</summary>
    public int Dimensions { get; init; } = 64;

    /// <summary>SGD step size.</summary>
    public float LearningRate { get; init; } = 0.05f;

    /// <summary>L2 regularisation on the factors and item biases touched by a step.</summary>
    public float Regularization { get; init; } = 0.001f;

    /// <summary>Epochs; one epoch draws as many (user, positive, negative) triples as there are interactions.</summary>
    public int Epochs { get; init; } = 40;

    /// <summary>Seed of initialisation and sampling.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Standard deviation of the Gaussian initialisation.</summary>
    public float InitScale { get; init; } = 0.1f;

    /// <summary>Short description for logs and reports.</summary>
    public override string ToString() => $"d={Dimensions} lr={LearningRate} λ={Regularization} epochs={Epochs}";
}
