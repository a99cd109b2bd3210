namespace OrleansReco.Learning.Model;

/// <summary>Catalogue entry of one item of a model: original id, display title, and categories (e.g. genres).</summary>
public sealed record ItemModelEntry(string Id, string Title, IReadOnlyList<string> Categories);

/// <summary>A named weight blob of a tower (e.g. the content tower): values row-major in <paramref name="Shape"/>.</summary>
public sealed record TowerWeights(int[] Shape, float[] Values)
{
    /// <summary>Number of values the shape implies (product of the dimensions; 1 for a scalar).</summary>
    public long ShapeSize()
    {
        long size = 1;
        foreach (var dimension in Shape)
        {
            size *= dimension;
        }

        return size;
    }
}

/// <summary>
/// One trained model version as shipped from the trainer to the silos: item vectors (row i belongs to
/// <see cref="Items"/>[i]), optional tower weights for placing new items, and free-form metadata.
/// </summary>
public sealed class ItemModel
{
    /// <summary>Creates a model; throws when the parts are inconsistent or a value is not finite.</summary>
    public ItemModel(long modelVersion, int dimensions, IReadOnlyList<ItemModelEntry> items, float[] vectors,
        IReadOnlyDictionary<string, TowerWeights>? towers = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        if (vectors.Length != (long)items.Count * dimensions)
        {
            throw new ArgumentException($"Expected {items.Count} × {dimensions} vector values, got {vectors.Length}.", nameof(vectors));
        }

        if (!VectorMath.AllFinite(vectors))
        {
            throw new ArgumentException("Item vectors contain NaN or infinite values.", nameof(vectors));
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            ArgumentNullException.ThrowIfNull(item, nameof(items));
            if (!ids.Add(item.Id))
            {
                throw new ArgumentException($"Item id '{item.Id}' appears twice.", nameof(items));
            }
        }

        towers ??= new Dictionary<string, TowerWeights>();
        foreach (var (name, tower) in towers)
        {
            if (tower.Shape.Any(d => d < 0) || tower.ShapeSize() != tower.Values.Length)
            {
                throw new ArgumentException($"Tower '{name}': shape [{string.Join(", ", tower.Shape)}] does not hold {tower.Values.Length} values.", nameof(towers));
            }

            if (!VectorMath.AllFinite(tower.Values))
            {
                throw new ArgumentException($"Tower '{name}' contains NaN or infinite values.", nameof(towers));
            }
        }

        ModelVersion = modelVersion;
        Dimensions = dimensions;
        Items = items;
        Vectors = vectors;
        Towers = towers;
        Metadata = metadata ?? new Dictionary<string, string>();
    }

    /// <summary>The model version every user vector trained against it records.</summary>
    public long ModelVersion { get; }

    /// <summary>Vector length d.</summary>
    public int Dimensions { get; }

    /// <summary>Items in vector-row order.</summary>
    public IReadOnlyList<ItemModelEntry> Items { get; }

    /// <summary>Item vectors, item count × d, row-major.</summary>
    public float[] Vectors { get; }

    /// <summary>Named tower weights (may be empty).</summary>
    public IReadOnlyDictionary<string, TowerWeights> Towers { get; }

    /// <summary>Free-form key/value metadata (algorithm, hyperparameters, data set, training time, ...).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The vectors as <see cref="ItemVectors"/> (shares the array).</summary>
    public ItemVectors ToItemVectors() => new(Vectors, Dimensions);
}
