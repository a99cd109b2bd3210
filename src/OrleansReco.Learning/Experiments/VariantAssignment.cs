using System.Buffers;
using System.IO.Hashing;
using System.Text;

namespace OrleansReco.Learning.Experiments;

/// <summary>
/// Deterministic traffic split: a user's position in [0, 1) is XxHash64 (seed 0) of the UTF-8 bytes of
/// <c>experiment</c>, a zero byte, then <c>user</c>. It depends on nothing but the two names, so every silo, every
/// activation and every restart puts a user in the same variant, and different experiments split users independently.
/// </summary>
public static class VariantAssignment
{
    private const int StackLimit = 512;

    /// <summary>The user's position in [0, 1) for this experiment (53 bits of the hash).</summary>
    public static double Position(string experiment, string userId)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(userId);
        var length = Encoding.UTF8.GetMaxByteCount(experiment.Length + userId.Length) + 1;
        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(experiment, buffer);
            buffer[written++] = 0;
            written += Encoding.UTF8.GetBytes(userId, buffer[written..]);
            var hash = XxHash64.HashToUInt64(buffer[..written]);
            return (hash >> 11) * (1.0 / (1UL << 53));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// The variant whose share of [0, 1) holds <paramref name="position"/>: shares are laid end to end in order, so
    /// variant i gets [w₀ + … + w_{i−1}, w₀ + … + w_i). Positions past the last share (rounding) go to the last variant.
    /// </summary>
    public static int Pick(ReadOnlySpan<double> traffic, double position)
    {
        if (traffic.IsEmpty)
        {
            throw new ArgumentException("At least one variant is needed.", nameof(traffic));
        }

        var end = 0.0;
        for (var i = 0; i < traffic.Length - 1; i++)
        {
            end += traffic[i];
            if (position < end)
            {
                return i;
            }
        }

        return traffic.Length - 1;
    }

    /// <summary>The variant of <paramref name="userId"/> in <paramref name="experiment"/>.</summary>
    public static int Assign(string experiment, string userId, ReadOnlySpan<double> traffic) => Pick(traffic, Position(experiment, userId));
}
