using OrleansReco.Learning.Towers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OrleansReco.Training.Torch.Models;

/// <summary>
/// The trainable counterpart of <see cref="DenseTower"/>: Linear layers with an activation after every hidden layer
/// and none after the output layer. <see cref="Export"/> turns it into the pure C# tower used at run time.
/// </summary>
internal sealed class FeatureTower : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Linear> _layers;
    private readonly TowerActivation _activation;

    /// <summary>Creates inputs → hidden… → outputs (no hidden width: a single linear map).</summary>
    public FeatureTower(int inputs, IReadOnlyList<int> hidden, int outputs, TowerActivation activation)
        : base(nameof(FeatureTower))
    {
        var widths = new List<int> { inputs };
        widths.AddRange(hidden);
        widths.Add(outputs);
        _layers = new ModuleList<Linear>([.. Enumerable.Range(0, widths.Count - 1).Select(k => nn.Linear(widths[k], widths[k + 1]))]);
        _activation = activation;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var x = input;
        for (var k = 0; k < _layers.Count; k++)
        {
            x = _layers[k].call(x);
            if (k < _layers.Count - 1)
            {
                x = _activation switch
                {
                    TowerActivation.Relu => nn.functional.relu(x),
                    TowerActivation.Tanh => torch.tanh(x),
                    _ => x,
                };
            }
        }

        return x.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The trained weights as a pure C# <see cref="DenseTower"/> (float32, [outputs × inputs] row-major), the output layer
    /// multiplied by <paramref name="outputScale"/>.
    /// </summary>
    public DenseTower Export(float outputScale = 1f)
    {
        using var scope = torch.NewDisposeScope();
        var layers = new List<DenseLayer>();
        for (var k = 0; k < _layers.Count; k++)
        {
            var linear = _layers[k];
            var scale = k == _layers.Count - 1 ? outputScale : 1f;
            var weight = (linear.weight!.detach().cpu() * scale).contiguous();
            var bias = (linear.bias!.detach().cpu() * scale).contiguous();
            layers.Add(new DenseLayer((int)weight.shape[1], (int)weight.shape[0], weight.data<float>().ToArray(), bias.data<float>().ToArray(),
                k < _layers.Count - 1 ? _activation : TowerActivation.Identity));
        }

        return new DenseTower(layers);
    }
}
