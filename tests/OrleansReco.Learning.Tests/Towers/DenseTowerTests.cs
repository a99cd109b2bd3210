using OrleansReco.Learning.Towers;

namespace OrleansReco.Learning.Tests.Towers;

public sealed class DenseTowerTests
{
    [Fact]
    public void Forward_computes_relu_then_affine_by_hand()
    {
        // Layer 0: W = [[1, -1], [2, 0.5]], b = [0, -3] then ReLU; layer 1: W = [[1, 1]], b = [0.25].
        var tower = new DenseTower(
        [
            new DenseLayer(2, 2, [1f, -1f, 2f, 0.5f], [0f, -3f], TowerActivation.Relu),
            new DenseLayer(2, 1, [1f, 1f], [0.25f], TowerActivation.Identity),
        ]);
        var output = new float[1];

        tower.Forward([3f, 1f], output);

        // h = relu([2, 3.5]) = [2, 3.5]; y = 5.5 + 0.25.
        Assert.Equal(5.75f, output[0], 5);
        tower.Forward([-1f, 2f], output);
        // h = relu([-3, -4]) = [0, 0]; y = 0.25.
        Assert.Equal(0.25f, output[0], 5);
    }

    [Fact]
    public void Tanh_layer_applies_tanh()
    {
        var tower = new DenseTower([new DenseLayer(1, 2, [1f, -2f], [0f, 0f], TowerActivation.Tanh)]);
        var output = new float[2];

        tower.Forward([0.5f], output);

        Assert.Equal(MathF.Tanh(0.5f), output[0], 6);
        Assert.Equal(MathF.Tanh(-1f), output[1], 6);
    }

    [Fact]
    public void Layers_that_do_not_chain_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new DenseTower(
        [
            new DenseLayer(2, 3, new float[6], new float[3], TowerActivation.Relu),
            new DenseLayer(4, 1, new float[4], new float[1], TowerActivation.Identity),
        ]));
        Assert.Throws<ArgumentException>(() => new DenseLayer(2, 2, new float[3], new float[2], TowerActivation.Relu));
        Assert.Throws<ArgumentException>(() => new DenseLayer(1, 1, [float.NaN], [0f], TowerActivation.Relu));
    }

    [Fact]
    public void Wrong_span_lengths_are_rejected()
    {
        var tower = TowerFixtures.RandomTower(3, 4, 2, TowerActivation.Relu, 1);

        Assert.Throws<ArgumentException>(() => tower.Forward(new float[2], new float[2]));
        Assert.Throws<ArgumentException>(() => tower.Forward(new float[3], new float[3]));
    }

    [Fact]
    public void Forward_allocates_nothing()
    {
        var tower = TowerFixtures.RandomTower(40, 64, 64, TowerActivation.Relu, 2);
        var input = new float[40];
        var output = new float[64];
        tower.Forward(input, output);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var k = 0; k < 100; k++)
        {
            tower.Forward(input, output);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
