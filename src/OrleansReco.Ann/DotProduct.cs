using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OrleansReco.Ann;

/// <summary>
/// Inner product on refs into the contiguous vector array. For d a multiple of 8 (the d = 32–128 of item vectors)
/// a Vector256 FMA loop with two accumulators, inlined into the search loop; otherwise <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>.
/// </summary>
internal static class DotProduct
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Compute(ref float x, ref float y, int length)
    {
        if (Vector256.IsHardwareAccelerated && (length & 7) == 0)
        {
            return Compute256(ref x, ref y, length);
        }

        return TensorPrimitives.Dot(MemoryMarshal.CreateReadOnlySpan(ref x, length), MemoryMarshal.CreateReadOnlySpan(ref y, length));
    }

    /// <summary>Span overload for callers outside the hot path.</summary>
    public static float Compute(ReadOnlySpan<float> x, ReadOnlySpan<float> y) =>
        Compute(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), x.Length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Compute256(ref float x, ref float y, int length)
    {
        var acc0 = Vector256<float>.Zero;
        var acc1 = Vector256<float>.Zero;
        nuint i = 0;
        var n = (nuint)length;
        for (; i + 16 <= n; i += 16)
        {
            acc0 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x, i), Vector256.LoadUnsafe(ref y, i), acc0);
            acc1 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x, i + 8), Vector256.LoadUnsafe(ref y, i + 8), acc1);
        }

        if (i < n)
        {
            acc0 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x, i), Vector256.LoadUnsafe(ref y, i), acc0);
        }

        return Vector256.Sum(acc0 + acc1);
    }
}
