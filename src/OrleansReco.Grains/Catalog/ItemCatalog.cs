using OrleansReco.Abstractions;
using OrleansReco.Learning;
using OrleansReco.Learning.Towers;

namespace OrleansReco.Grains.Catalog;

/// <summary>A silo-local, immutable view of one catalog version: vectors plus id lookups.</summary>
public sealed class ItemCatalog
{
    private readonly Dictionary<string, int> _indexById;
    private readonly Lazy<int[]> _previousIndexMap;

    /// <summary>Builds the view of <paramref name="snapshot"/>; throws when the snapshot is inconsistent.</summary>
    public ItemCatalog(CatalogSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var count = snapshot.ItemIds.Length;
        if (snapshot.Titles.Length != count || snapshot.Categories.Length != count || snapshot.Vectors.Length != count * snapshot.Dimensions)
        {
            throw new ArgumentException("Catalog snapshot arrays disagree on the item count.", nameof(snapshot));
        }

        Snapshot = snapshot;
        Vectors = new ItemVectors(snapshot.Vectors, snapshot.Dimensions);
        _indexById = new Dictionary<string, int>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            if (!_indexById.TryAdd(snapshot.ItemIds[i], i))
            {
                throw new ArgumentException($"Catalog item id '{snapshot.ItemIds[i]}' appears twice.", nameof(snapshot));
            }
        }

        PopularityDirection = MeanDirection(Vectors);
        _previousIndexMap = new Lazy<int[]>(MapPreviousIndices);
        Towers = ModelCatalog.TowersOf(snapshot);
    }

    /// <summary>The model's cold-start towers, or null.</summary>
    public TowerSet? Towers { get; }

    /// <summary>The snapshot this view wraps.</summary>
    public CatalogSnapshot Snapshot { get; }

    /// <summary>Item vectors.</summary>
    public ItemVectors Vectors { get; }

    /// <summary>Model version.</summary>
    public long ModelVersion => Snapshot.ModelVersion;

    /// <summary>Number of items.</summary>
    public int Count => Vectors.Count;

    /// <summary>Unit mean item vector: where a user with no history starts.</summary>
    public float[] PopularityDirection { get; }

    /// <summary>How users move to this model version from the previous one, or null.</summary>
    public ModelRollover? Rollover => Snapshot.Rollover;

    /// <summary>
    /// For a catalog published over another: each previous item index's index here, −1 for items that are gone
    /// (computed once per silo and version, on first use).
    /// </summary>
    public int[] PreviousIndexMap => _previousIndexMap.Value;

    /// <summary>Looks up the dense index of an item id.</summary>
    public bool TryGetIndex(string itemId, out int index) => _indexById.TryGetValue(itemId, out index);

    /// <summary>Item id at <paramref name="index"/>.</summary>
    public string IdOf(int index) => Snapshot.ItemIds[index];

    private int[] MapPreviousIndices()
    {
        var previous = Snapshot.Rollover?.PreviousItemIds ?? [];
        var map = new int[previous.Length];
        for (var i = 0; i < previous.Length; i++)
        {
            map[i] = _indexById.TryGetValue(previous[i], out var index) ? index : -1;
        }

        return map;
    }

    private static float[] MeanDirection(ItemVectors vectors)
    {
        var mean = new float[vectors.Dimensions];
        for (var i = 0; i < vectors.Count; i++)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(mean, vectors[i], mean);
        }

        VectorMath.NormalizeInPlace(mean);
        return mean;
    }
}
