using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OrleansReco.Learning;

/// <summary>
/// Dot product and multiply-add for the short vectors of the per-event path (d = 32–128). At that size the
/// fixed cost of a general <see cref="TensorPrimitives"/> call is a large share of the work (the
/// OnlineUpdate benchmark showed it), so whole multiples of 8 take an unrolled Vector256 loop;
/// anything else falls back to TensorPrimitives.
/// </summary>
public static class SmallKernels
{
    /// <summary>x · y.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        if (!Vector256.IsHardwareAccelerated || x.Length != y.Length || (x.Length & 15) != 0)
        {
            return TensorPrimitives.Dot(x, y);
        }

        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var yr = ref MemoryMarshal.GetReference(y);
        var a0 = Vector256<float>.Zero;
        var a1 = Vector256<float>.Zero;
        for (nuint i = 0, n = (nuint)x.Length; i < n; i += 16)
        {
            a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, i), Vector256.LoadUnsafe(ref yr, i), a0);
            a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, i + 8), Vector256.LoadUnsafe(ref yr, i + 8), a1);
        }

        return Vector256.Sum(a0 + a1);
    }

    /// <summary>destination ← destination + a · x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyAdd(ReadOnlySpan<float> x, float a, Span<float> destination)
    {
        if (!Vector256.IsHardwareAccelerated || x.Length != destination.Length || (x.Length & 7) != 0)
        {
            TensorPrimitives.MultiplyAdd(x, a, destination, destination);
            return;
        }

        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var dr = ref MemoryMarshal.GetReference(destination);
        var av = Vector256.Create(a);
        for (nuint i = 0, n = (nuint)x.Length; i < n; i += 8)
        {
            Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, i), av, Vector256.LoadUnsafe(ref dr, i)).StoreUnsafe(ref dr, i);
        }
    }
}
