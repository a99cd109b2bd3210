namespace OrleansReco.Learning;

/// <summary>
/// SplitMix64: a tiny, seedable generator whose whole state is one <see cref="ulong"/>,
/// so a user's sampling sequence can be persisted with the user and replayed exactly.
/// </summary>
public struct DeterministicRandom(ulong state)
{
    /// <summary>The current state; persist it to continue the sequence later.</summary>
    public ulong State { get; private set; } = state;

    /// <summary>Next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        State += 0x9E3779B97F4A7C15UL;
        var z = State;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform integer in [0, <paramref name="maxExclusive"/>).</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxExclusive, 1);
        return (int)((NextUInt64() >> 33) % (ulong)maxExclusive);
    }

    /// <summary>Uniform float in [0, 1).</summary>
    public float NextFloat() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>Standard normal sample (Box–Muller).</summary>
    public float NextGaussian()
    {
        var u1 = 1f - NextFloat();
        var u2 = NextFloat();
        return MathF.Sqrt(-2f * MathF.Log(u1)) * MathF.Cos(2f * MathF.PI * u2);
    }

    /// <summary>Derives a stable seed from a string (FNV-1a), e.g. a user id.</summary>
    public static ulong SeedFrom(string text, ulong salt = 0)
    {
        var hash = 14695981039346656037UL ^ salt;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}
