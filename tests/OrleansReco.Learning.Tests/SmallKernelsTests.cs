using System.Numerics.Tensors;

namespace OrleansReco.Learning.Tests;

public sealed class SmallKernelsTests
{
    [Theory]
    [InlineData(64)]
    [InlineData(48)]
    [InlineData(13)]
    public void Kernels_agree_with_TensorPrimitives_for_any_length(int length)
    {
        var random = new DeterministicRandom((ulong)length);
        var x = SyntheticItems.RandomVector(length, ref random);
        var y = SyntheticItems.RandomVector(length, ref random);
        var expected = y.ToArray();
        TensorPrimitives.MultiplyAdd(x, 0.37f, expected, expected);

        SmallKernels.MultiplyAdd(x, 0.37f, y);

        Assert.Equal(TensorPrimitives.Dot(x, expected), SmallKernels.Dot(x, y), 3);
        for (var i = 0; i < length; i++)
        {
            Assert.Equal(expected[i], y[i], 5);
        }
    }
}
