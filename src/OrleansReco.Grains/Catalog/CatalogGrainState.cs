namespace OrleansReco.Grains.Catalog;

/// <summary>What the catalog grain persists: changes made at run time on top of the model file.</summary>
[GenerateSerializer, Alias("OrleansReco.CatalogGrainState")]
public sealed class CatalogGrainState
{
    /// <summary>Changes so far (availability, reloads).</summary>
    [Id(0)] public long Revision { get; set; }

    /// <summary>Items marked unavailable.</summary>
    [Id(1)] public HashSet<string> Unavailable { get; set; } = [];
}
