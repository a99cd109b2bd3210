namespace OrleansReco.Ann;

/// <summary>Parameters of an <see cref="HnswIndex"/> (Malkov &amp; Yashunin 2016); the defaults suit d = 32–128 item vectors.</summary>
public sealed record HnswOptions
{
    /// <summary>Default <see cref="M"/>.</summary>
    public const int DefaultM = 16;

    /// <summary>Default <see cref="EfConstruction"/>.</summary>
    public const int DefaultEfConstruction = 200;

    /// <summary>Default <see cref="EfSearch"/>.</summary>
    public const int DefaultEfSearch = 64;

    /// <summary>Largest supported <see cref="M"/>.</summary>
    public const int MaxM = 128;

    /// <summary>Links per node on the upper layers; level 0 keeps up to 2·M.</summary>
    public int M { get; init; } = DefaultM;

    /// <summary>Beam width while inserting; higher builds a better graph, slower.</summary>
    public int EfConstruction { get; init; } = DefaultEfConstruction;

    /// <summary>Default beam width of a search (a search may override it); raised to k when smaller.</summary>
    public int EfSearch { get; init; } = DefaultEfSearch;

    /// <summary>Seed of the level draw: same seed and insertion order, same graph.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Nodes to allocate up front; the index grows by half when full.</summary>
    public int InitialCapacity { get; init; } = 1024;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid parameter.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(M, 2, nameof(M));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(M, MaxM, nameof(M));
        ArgumentOutOfRangeException.ThrowIfLessThan(EfConstruction, M, nameof(EfConstruction));
        ArgumentOutOfRangeException.ThrowIfLessThan(EfSearch, 1, nameof(EfSearch));
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialCapacity, 1, nameof(InitialCapacity));
    }
}
