using OrleansReco.Learning;
using TorchSharp;
using static TorchSharp.torch;

namespace OrleansReco.Training.Torch;

/// <summary>Small conversions between our arrays and torch tensors, and seeded shuffling.</summary>
internal static class TorchData
{
    /// <summary>An int64 tensor of <paramref name="source"/>[<paramref name="order"/>[k]] for k in [start, start + count).</summary>
    public static Tensor Indices(int[] source, int[] order, int start, int count)
    {
        var values = new long[count];
        for (var k = 0; k < count; k++)
        {
            values[k] = source[order[start + k]];
        }

        return torch.tensor(values, ScalarType.Int64);
    }

    /// <summary>A float32 tensor of <paramref name="source"/>[<paramref name="order"/>[k]] for k in [start, start + count).</summary>
    public static Tensor Gather(float[] source, int[] order, int start, int count)
    {
        var values = new float[count];
        for (var k = 0; k < count; k++)
        {
            values[k] = source[order[start + k]];
        }

        return torch.tensor(values);
    }

    /// <summary>An int64 tensor of <paramref name="values"/>.</summary>
    public static Tensor Indices(ReadOnlySpan<int> values)
    {
        var longs = new long[values.Length];
        for (var k = 0; k < values.Length; k++)
        {
            longs[k] = values[k];
        }

        return torch.tensor(longs, ScalarType.Int64);
    }

    /// <summary>A float32 [rows × columns] tensor copied from row-major <paramref name="values"/>.</summary>
    public static Tensor Matrix(float[] values, int rows, int columns) => torch.tensor(values, [rows, columns]);

    /// <summary>The float32 values of a tensor (detached, on the CPU) in row-major order.</summary>
    public static float[] ToArray(Tensor tensor)
    {
        using var scope = torch.NewDisposeScope();
        return tensor.detach().cpu().contiguous().to_type(ScalarType.Float32).data<float>().ToArray();
    }

    /// <summary>Fisher–Yates shuffle of <paramref name="order"/> with our seeded generator.</summary>
    public static void Shuffle(int[] order, ref DeterministicRandom random)
    {
        for (var k = order.Length - 1; k > 0; k--)
        {
            var j = random.NextInt(k + 1);
            (order[k], order[j]) = (order[j], order[k]);
        }
    }

    /// <summary>Seeds torch's generator and, when asked, sets its thread count.</summary>
    public static void Seed(ulong seed, int threads)
    {
        if (threads > 0)
        {
            torch.set_num_threads(threads);
        }

        torch.random.manual_seed((long)(seed & long.MaxValue));
    }
}
