using System.Diagnostics;
using System.Globalization;
using OrleansReco.Learning.Model;
using OrleansReco.Training.Data;
using OrleansReco.Training.Models;

namespace OrleansReco.Training.Evaluation;

/// <summary>
/// "OrleansReco-static": the item vectors of a shipped <see cref="ItemModel"/> (as a silo would load them) with each
/// user's vector solved in closed form from the training history (the iALS user step).
/// </summary>
public sealed class FoldInRecommender(ItemModel model) : IStaticRecommender
{
    private float[] _users = [];

    /// <inheritdoc />
    public string Name => "OrleansReco-static";

    /// <summary>The model whose item vectors are used.</summary>
    public ItemModel Model { get; } = model ?? throw new ArgumentNullException(nameof(model));

    /// <inheritdoc />
    public void Fit(InteractionMatrix train, ProgressLog log)
    {
        ArgumentNullException.ThrowIfNull(train);
        var alpha = float.Parse(Model.Metadata["ials.alpha"], CultureInfo.InvariantCulture);
        var regularization = float.Parse(Model.Metadata["ials.regularization"], CultureInfo.InvariantCulture);
        var foldIn = new IalsFoldIn(Model.ToItemVectors(), alpha, regularization);
        var d = Model.Dimensions;
        var users = new float[train.UserCount * d];
        var clock = Stopwatch.StartNew();
        Parallel.For(0, train.UserCount, u => foldIn.Solve(train.ItemsOf(u), users.AsSpan(u * d, d)));
        _users = users;
        log.Info($"{Name}: folded in {train.UserCount} users against model v{Model.ModelVersion} in {clock.Elapsed.TotalSeconds:F2}s");
    }

    /// <inheritdoc />
    public void Score(int user, ReadOnlySpan<int> history, Span<float> scores)
    {
        var d = Model.Dimensions;
        ImplicitAls.DotAll(_users.AsSpan(user * d, d), Model.Vectors, d, scores);
    }
}
