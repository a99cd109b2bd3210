using OrleansReco.Training.Models;
using OrleansReco.Training.Torch;

namespace OrleansReco.Training.Evaluation;

/// <summary>Model choices and hyperparameter grids of <c>evaluate</c>; every grid is searched on a validation split.</summary>
public sealed record EvaluationSettings
{
    /// <summary>Seed of every randomised model.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>EASE λ candidates.</summary>
    public IReadOnlyList<double> EaseLambdas { get; init; } = [100, 250, 500, 1000];

    /// <summary>iALS (α, λ) candidates; dimension and sweeps come from <see cref="Ials"/>.</summary>
    public IReadOnlyList<(float Alpha, float Regularization)> IalsGrid { get; init; } = [(1, 10), (3, 10), (3, 30), (10, 30), (10, 100)];

    /// <summary>iALS settings other than α and λ.</summary>
    public IalsOptions Ials { get; init; } = new() { Dimensions = 64, Sweeps = 10 };

    /// <summary>BPR-MF candidates.</summary>
    public IReadOnlyList<BprOptions> BprGrid { get; init; } =
    [
        new() { Regularization = 0.001f, Epochs = 40 },
        new() { Regularization = 0.01f, Epochs = 40 },
    ];

    /// <summary>
    /// Cold-start towers trained on the warm-up for <c>OrleansReco-streaming</c> (user tower for new users' demographics,
    /// content tower for new items), or null for none; their dimension and seed follow <see cref="Ials"/> and <see cref="Seed"/>.
    /// </summary>
    public HybridOptions? Towers { get; init; } = new();

    /// <summary>Segmentation of the warm-up users for <see cref="EvaluationReport.SegmentModel"/>; its seed is <see cref="Seed"/>.</summary>
    public SegmentOptions Segments { get; init; } = new();

    /// <summary>ItemKNN neighbours.</summary>
    public int KnnNeighbours { get; init; } = 100;

    /// <summary>EASE is skipped above this many items (its fit is cubic in the item count and needs n² memory).</summary>
    public int EaseMaxItems { get; init; } = 6000;

    /// <summary>When set, only these models run (case-insensitive names as in the report).</summary>
    public IReadOnlySet<string>? Models { get; init; }

    /// <summary>True when <paramref name="name"/> is selected.</summary>
    public bool Runs(string name) => Models is null || Models.Contains(name);

    /// <summary>Small grids and few sweeps, for tests.</summary>
    public static EvaluationSettings Quick { get; } = new()
    {
        EaseLambdas = [200],
        IalsGrid = [(10, 10)],
        Ials = new() { Dimensions = 16, Sweeps = 4 },
        BprGrid = [new() { Dimensions = 16, Epochs = 5 }],
        Towers = new() { Towers = new() { Epochs = 2, Hidden = [16] } },
        Segments = new() { Restarts = 3, Epochs = 3, SilhouetteSample = 200 },
    };
}
