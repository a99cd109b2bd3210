namespace OrleansReco.Learning;

/// <summary>
/// A fixed set of item vectors of one model version, stored row-major in one contiguous array
/// so that a row is a span and a scan over all items walks memory in order.
/// </summary>
public sealed class ItemVectors
{
    private readonly float[] _data;

    /// <summary>Wraps <paramref name="data"/> (count × dimensions, row-major); the array is not copied.</summary>
    public ItemVectors(float[] data, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        if (data.Length % dimensions != 0)
        {
            throw new ArgumentException($"Vector data length {data.Length} is not a multiple of the dimension {dimensions}.", nameof(data));
        }

        if (!VectorMath.AllFinite(data))
        {
            throw new ArgumentException("Item vectors contain NaN or infinite values.", nameof(data));
        }

        _data = data;
        Dimensions = dimensions;
        Count = data.Length / dimensions;
    }

    /// <summary>Vector length d.</summary>
    public int Dimensions { get; }

    /// <summary>Number of items.</summary>
    public int Count { get; }

    /// <summary>The whole matrix, row-major.</summary>
    public ReadOnlySpan<float> All => _data;

    /// <summary>The vector of the item at <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> this[int index] => new(_data, index * Dimensions, Dimensions);
}
