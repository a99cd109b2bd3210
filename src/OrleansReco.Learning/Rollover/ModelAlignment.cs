using OrleansReco.Learning.Model;
using OrleansReco.Learning.Segments;
using OrleansReco.Learning.Towers;

namespace OrleansReco.Learning.Rollover;

/// <summary>The rotation that aligns a new model to the served one, fitted on the items both share.</summary>
/// <param name="Rotation">R (d × d, row-major): a new-space row vector x maps to x R in the served space.</param>
/// <param name="SharedItems">Items present in both models (by id) that the fit used.</param>
/// <param name="RelativeResidual">‖V_new R − V_old‖_F / ‖V_old‖_F over the shared items: 0 for a pure rotation.</param>
public sealed record ModelAlignmentFit(float[] Rotation, int SharedItems, float RelativeResidual);

/// <summary>
/// Aligns a new model version to the one being served (orthogonal Procrustes on the shared items) and rotates every
/// vector the new model produces into the served space: item vectors and the outputs of its cold-start towers.
/// </summary>
public static class ModelAlignment
{
    /// <summary>
    /// Fits R over the items of <paramref name="next"/> whose ids appear in <paramref name="previousIds"/> (row i of
    /// <paramref name="previousVectors"/> belongs to previousIds[i]). Returns null when fewer than
    /// <paramref name="minimumShared"/> items are shared; <paramref name="shared"/> says how many there were.
    /// </summary>
    public static ModelAlignmentFit? Fit(ItemModel next, IReadOnlyList<string> previousIds, ReadOnlySpan<float> previousVectors,
        int minimumShared, out int shared)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(previousIds);
        var d = next.Dimensions;
        if (previousVectors.Length != (long)previousIds.Count * d)
        {
            throw new ArgumentException($"The previous model needs {previousIds.Count} × {d} vector values, got {previousVectors.Length}.", nameof(previousVectors));
        }

        var rowOfPrevious = new Dictionary<string, int>(previousIds.Count, StringComparer.Ordinal);
        for (var i = 0; i < previousIds.Count; i++)
        {
            rowOfPrevious.TryAdd(previousIds[i], i);
        }

        var newRows = new List<float>();
        var oldRows = new List<float>();
        for (var i = 0; i < next.Items.Count; i++)
        {
            if (rowOfPrevious.TryGetValue(next.Items[i].Id, out var row))
            {
                newRows.AddRange(next.Vectors.AsSpan(i * d, d));
                oldRows.AddRange(previousVectors.Slice(row * d, d));
            }
        }

        shared = newRows.Count / d;
        if (shared < Math.Max(1, minimumShared))
        {
            return null;
        }

        var newVectors = newRows.ToArray();
        var oldVectors = oldRows.ToArray();
        var rotation = Procrustes.Rotation(newVectors, oldVectors, d);
        return new ModelAlignmentFit(rotation, shared, RelativeResidual(newVectors, oldVectors, rotation, d));
    }

    /// <summary>
    /// The same model with every item vector replaced by v R and each tower's output multiplied by R, so towers keep
    /// placing users and new items in the space of the (rotated) item vectors. Other blobs and metadata are kept.
    /// </summary>
    public static ItemModel Rotate(ItemModel model, ReadOnlySpan<float> rotation)
    {
        ArgumentNullException.ThrowIfNull(model);
        var d = model.Dimensions;
        if (rotation.Length != d * d)
        {
            throw new ArgumentException($"A {d}-dimensional model needs a {d} × {d} rotation.", nameof(rotation));
        }

        var vectors = new float[model.Vectors.Length];
        for (var i = 0; i < model.Items.Count; i++)
        {
            Procrustes.Apply(rotation, model.Vectors.AsSpan(i * d, d), vectors.AsSpan(i * d, d));
        }

        var towers = new Dictionary<string, TowerWeights>(model.Towers, StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(model.Metadata, StringComparer.Ordinal);
        if (TowerSet.TryLoad(model) is { } set)
        {
            var r = rotation.ToArray();
            var user = set.User is { } u ? new ColdStartTower(u.Encoder, RotateOutput(u.Network, r)) : null;
            var content = set.Content is { } c ? new ContentTower(c.Encoder, RotateOutput(c.Network, r)) : null;
            new TowerSet(user, content).Write(towers, metadata);
        }

        return new ItemModel(model.ModelVersion, d, model.Items, vectors, towers, metadata);
    }

    /// <summary>
    /// A tower whose output is this tower's output times R. A linear last layer y = W x + b absorbs R (W' = Rᵀ W,
    /// b' = Rᵀ b); after a non-linear last layer a linear d → d layer with weights Rᵀ is appended.
    /// </summary>
    public static DenseTower RotateOutput(DenseTower tower, ReadOnlySpan<float> rotation)
    {
        ArgumentNullException.ThrowIfNull(tower);
        var d = tower.OutputSize;
        if (rotation.Length != d * d)
        {
            throw new ArgumentException($"A tower with {d} outputs needs a {d} × {d} rotation.", nameof(rotation));
        }

        var layers = new List<DenseLayer>(tower.Layers);
        var last = layers[^1];
        if (last.Activation != TowerActivation.Identity)
        {
            var transpose = new float[d * d];
            for (var j = 0; j < d; j++)
            {
                for (var i = 0; i < d; i++)
                {
                    transpose[(j * d) + i] = rotation[(i * d) + j];
                }
            }

            layers.Add(new DenseLayer(d, d, transpose, new float[d], TowerActivation.Identity));
            return new DenseTower(layers);
        }

        var inputs = last.Inputs;
        var weights = new float[d * inputs];
        var bias = new float[d];
        for (var j = 0; j < d; j++)
        {
            var target = weights.AsSpan(j * inputs, inputs);
            for (var i = 0; i < d; i++)
            {
                var r = rotation[(i * d) + j];
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(last.Weights.Slice(i * inputs, inputs), r, target, target);
                bias[j] += r * last.Bias[i];
            }
        }

        layers[^1] = new DenseLayer(inputs, d, weights, bias, TowerActivation.Identity);
        return new DenseTower(layers);
    }

    private static float RelativeResidual(float[] newVectors, float[] oldVectors, float[] rotation, int d)
    {
        Span<float> rotated = d <= 1024 ? stackalloc float[d] : new float[d];
        double error = 0, norm = 0;
        for (var row = 0; row < newVectors.Length / d; row++)
        {
            Procrustes.Apply(rotation, newVectors.AsSpan(row * d, d), rotated);
            var old = oldVectors.AsSpan(row * d, d);
            for (var j = 0; j < d; j++)
            {
                var difference = (double)rotated[j] - old[j];
                error += difference * difference;
                norm += (double)old[j] * old[j];
            }
        }

        return norm == 0 ? 0f : (float)Math.Sqrt(error / norm);
    }
}
