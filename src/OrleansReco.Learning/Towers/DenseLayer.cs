using System.Numerics.Tensors;

namespace OrleansReco.Learning.Towers;

/// <summary>
/// One fully connected layer y = f(W x + b) with W stored row-major as [outputs × inputs], the layout of a
/// PyTorch/TorchSharp <c>Linear</c> weight, so exported weights are used as they are.
/// </summary>
public sealed class DenseLayer
{
    private readonly float[] _weights;
    private readonly float[] _bias;

    /// <summary>Creates a layer; throws when the arrays do not match the sizes or hold a non-finite value.</summary>
    public DenseLayer(int inputs, int outputs, float[] weights, float[] bias, TowerActivation activation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(bias);
        if (weights.Length != (long)inputs * outputs || bias.Length != outputs)
        {
            throw new ArgumentException($"A {inputs} → {outputs} layer needs {inputs * (long)outputs} weights and {outputs} biases, got {weights.Length} and {bias.Length}.");
        }

        if (!VectorMath.AllFinite(weights) || !VectorMath.AllFinite(bias))
        {
            throw new ArgumentException("Layer weights contain NaN or infinite values.");
        }

        if (!Enum.IsDefined(activation))
        {
            throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
        }

        Inputs = inputs;
        Outputs = outputs;
        _weights = weights;
        _bias = bias;
        Activation = activation;
    }

    /// <summary>Input width.</summary>
    public int Inputs { get; }

    /// <summary>Output width.</summary>
    public int Outputs { get; }

    /// <summary>W, [outputs × inputs] row-major.</summary>
    public ReadOnlySpan<float> Weights => _weights;

    /// <summary>b, [outputs].</summary>
    public ReadOnlySpan<float> Bias => _bias;

    /// <summary>The activation after the affine map.</summary>
    public TowerActivation Activation { get; }

    /// <summary>Writes f(W x + b) to <paramref name="output"/> (length <see cref="Outputs"/>); allocation-free.</summary>
    public void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        if (input.Length != Inputs || output.Length != Outputs)
        {
            throw new ArgumentException($"Layer {Inputs} → {Outputs} got input {input.Length} and output {output.Length}.");
        }

        var weights = _weights.AsSpan();
        for (var j = 0; j < Outputs; j++)
        {
            output[j] = TensorPrimitives.Dot(weights.Slice(j * Inputs, Inputs), input) + _bias[j];
        }

        switch (Activation)
        {
            case TowerActivation.Relu:
                TensorPrimitives.Max(output, 0f, output);
                break;
            case TowerActivation.Tanh:
                TensorPrimitives.Tanh(output, output);
                break;
            default:
                break;
        }
    }

    /// <summary>The weights as exported (a copy of the arrays is not made: the model shares them).</summary>
    internal float[] WeightArray => _weights;

    internal float[] BiasArray => _bias;
}
