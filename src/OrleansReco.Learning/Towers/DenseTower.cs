using System.Buffers;
using System.Globalization;
using OrleansReco.Learning.Model;

namespace OrleansReco.Learning.Towers;

/// <summary>
/// A stack of <see cref="DenseLayer"/>s evaluated in pure C# (no TorchSharp at run time). Stored in a model file as
/// <c>{name}.{k}.weight</c> ([outputs, inputs]) and <c>{name}.{k}.bias</c> ([outputs]) tower blobs for k = 0, 1, …,
/// plus the metadata <c>{name}.activations</c> (comma-separated, one per layer) and <c>{name}.layer_shapes</c>
/// (JSON <c>[[outputs, inputs], …]</c>). Thread-safe: evaluation keeps no state.
/// </summary>
public sealed class DenseTower
{
    private const int StackLimit = 1024;
    private readonly DenseLayer[] _layers;

    /// <summary>Creates a tower; throws when consecutive layers do not chain.</summary>
    public DenseTower(IReadOnlyList<DenseLayer> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0)
        {
            throw new ArgumentException("A tower needs at least one layer.", nameof(layers));
        }

        for (var k = 1; k < layers.Count; k++)
        {
            if (layers[k].Inputs != layers[k - 1].Outputs)
            {
                throw new ArgumentException($"Layer {k} takes {layers[k].Inputs} inputs but layer {k - 1} gives {layers[k - 1].Outputs}.", nameof(layers));
            }
        }

        _layers = [.. layers];
        MaxWidth = _layers.Max(l => l.Outputs);
    }

    /// <summary>The layers, input first.</summary>
    public IReadOnlyList<DenseLayer> Layers => _layers;

    /// <summary>Input width.</summary>
    public int InputSize => _layers[0].Inputs;

    /// <summary>Output width (d for a tower that places things in the item space).</summary>
    public int OutputSize => _layers[^1].Outputs;

    private int MaxWidth { get; }

    /// <summary>Writes the tower's input features for <paramref name="state"/> into <paramref name="features"/> (length <see cref="InputSize"/>).</summary>
    public delegate void FeatureWriter<TState>(TState state, Span<float> features);

    /// <summary>
    /// Encodes <paramref name="state"/> with <paramref name="encode"/> into a scratch input (stack up to 2048 features,
    /// else pooled) and evaluates the tower on it; allocation-free with a static lambda.
    /// </summary>
    public void Forward<TState>(TState state, FeatureWriter<TState> encode, Span<float> output)
    {
        ArgumentNullException.ThrowIfNull(encode);
        const int featureStackLimit = 2048;
        var n = InputSize;
        float[]? rented = null;
        Span<float> features = n <= featureStackLimit ? stackalloc float[n] : (rented = ArrayPool<float>.Shared.Rent(n)).AsSpan(0, n);
        try
        {
            encode(state, features);
            Forward(features, output);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Evaluates the tower on <paramref name="input"/> into <paramref name="output"/>. Allocation-free when every
    /// hidden layer is at most 1024 wide (stack scratch), otherwise it rents from the shared array pool.
    /// </summary>
    public void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        if (input.Length != InputSize || output.Length != OutputSize)
        {
            throw new ArgumentException($"Tower {InputSize} → {OutputSize} got input {input.Length} and output {output.Length}.");
        }

        if (_layers.Length == 1)
        {
            _layers[0].Forward(input, output);
            return;
        }

        float[]? rented = null;
        Span<float> scratch = MaxWidth <= StackLimit ? stackalloc float[2 * MaxWidth] : (rented = ArrayPool<float>.Shared.Rent(2 * MaxWidth));
        try
        {
            scoped ReadOnlySpan<float> current = input;
            for (var k = 0; k < _layers.Length; k++)
            {
                var layer = _layers[k];
                var target = k == _layers.Length - 1 ? output : scratch.Slice((k & 1) * MaxWidth, layer.Outputs);
                layer.Forward(current, target);
                current = target;
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    /// <summary>True when <paramref name="towers"/> holds layer 0 of tower <paramref name="name"/>.</summary>
    public static bool IsPresent(IReadOnlyDictionary<string, TowerWeights> towers, string name)
    {
        ArgumentNullException.ThrowIfNull(towers);
        return towers.ContainsKey(WeightName(name, 0));
    }

    /// <summary>
    /// Reads tower <paramref name="name"/> from a model's blobs and metadata. Throws <see cref="InvalidDataException"/>
    /// naming the problem when a blob is missing or has the wrong shape, or an activation is unknown.
    /// </summary>
    public static DenseTower Read(IReadOnlyDictionary<string, TowerWeights> towers, IReadOnlyDictionary<string, string> metadata, string name)
    {
        ArgumentNullException.ThrowIfNull(towers);
        ArgumentNullException.ThrowIfNull(metadata);
        if (!metadata.TryGetValue(name + ".activations", out var activationText))
        {
            throw new InvalidDataException($"Tower '{name}': metadata '{name}.activations' is missing.");
        }

        var activations = activationText.Split(',', StringSplitOptions.TrimEntries);
        var layers = new List<DenseLayer>();
        for (var k = 0; towers.TryGetValue(WeightName(name, k), out var weight); k++)
        {
            if (!towers.TryGetValue(BiasName(name, k), out var bias))
            {
                throw new InvalidDataException($"Tower '{name}': blob '{BiasName(name, k)}' is missing.");
            }

            if (weight.Shape.Length != 2 || bias.Shape.Length != 1 || bias.Shape[0] != weight.Shape[0])
            {
                throw new InvalidDataException($"Tower '{name}' layer {k}: weight shape [{string.Join(", ", weight.Shape)}] and bias shape [{string.Join(", ", bias.Shape)}] do not form a layer.");
            }

            if (k >= activations.Length || !TryParseActivation(activations[k], out var activation))
            {
                throw new InvalidDataException($"Tower '{name}' layer {k}: no known activation in '{activationText}'.");
            }

            try
            {
                layers.Add(new DenseLayer(weight.Shape[1], weight.Shape[0], weight.Values, bias.Values, activation));
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"Tower '{name}' layer {k}: {e.Message}", e);
            }
        }

        if (layers.Count == 0 || layers.Count != activations.Length)
        {
            throw new InvalidDataException($"Tower '{name}': {layers.Count} layers found for {activations.Length} activations.");
        }

        try
        {
            return new DenseTower(layers);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"Tower '{name}': {e.Message}", e);
        }
    }

    /// <summary>Adds this tower's blobs and its activation/shape metadata under <paramref name="name"/>.</summary>
    public void Write(string name, IDictionary<string, TowerWeights> towers, IDictionary<string, string> metadata)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(towers);
        ArgumentNullException.ThrowIfNull(metadata);
        for (var k = 0; k < _layers.Length; k++)
        {
            var layer = _layers[k];
            towers[WeightName(name, k)] = new TowerWeights([layer.Outputs, layer.Inputs], layer.WeightArray);
            towers[BiasName(name, k)] = new TowerWeights([layer.Outputs], layer.BiasArray);
        }

        metadata[name + ".activations"] = string.Join(',', _layers.Select(l => FormatActivation(l.Activation)));
        metadata[name + ".layer_shapes"] = "[" + string.Join(',', _layers.Select(l => string.Create(CultureInfo.InvariantCulture, $"[{l.Outputs},{l.Inputs}]"))) + "]";
    }

    /// <summary>Blob name of layer <paramref name="layer"/>'s weight matrix.</summary>
    public static string WeightName(string name, int layer) => string.Create(CultureInfo.InvariantCulture, $"{name}.{layer}.weight");

    /// <summary>Blob name of layer <paramref name="layer"/>'s bias vector.</summary>
    public static string BiasName(string name, int layer) => string.Create(CultureInfo.InvariantCulture, $"{name}.{layer}.bias");

    /// <summary>The metadata spelling of an activation: identity, relu or tanh.</summary>
    public static string FormatActivation(TowerActivation activation) => activation switch
    {
        TowerActivation.Relu => "relu",
        TowerActivation.Tanh => "tanh",
        _ => "identity",
    };

    /// <summary>Parses identity, relu or tanh (case-insensitive).</summary>
    public static bool TryParseActivation(string text, out TowerActivation activation)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "identity" or "linear" or "none":
                activation = TowerActivation.Identity;
                return true;
            case "relu":
                activation = TowerActivation.Relu;
                return true;
            case "tanh":
                activation = TowerActivation.Tanh;
                return true;
            default:
                activation = TowerActivation.Identity;
                return false;
        }
    }
}
