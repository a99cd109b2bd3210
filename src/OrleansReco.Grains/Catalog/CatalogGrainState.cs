using OrleansReco.Abstractions;

namespace OrleansReco.Grains.Catalog;

/// <summary>What the catalog grain persists: changes made at run time on top of the model file.</summary>
[GenerateSerializer, Alias("OrleansReco.CatalogGrainState")]
public sealed class CatalogGrainState
{
    /// <summary>Changes so far (availability, reloads).</summary>
    [Id(0)] public long Revision { get; set; }

    /// <summary>Items marked unavailable.</summary>
    [Id(1)] public HashSet<string> Unavailable { get; set; } = [];

    /// <summary>Items added or changed at run time, by id, in order of first upsert.</summary>
    [Id(2)] public List<CatalogItem> Upserts { get; set; } = [];

    /// <summary>Model version the upserts' explicit vectors belong to.</summary>
    [Id(3)] public long UpsertsModelVersion { get; set; }

    /// <summary>The model file published at run time, served instead of the configured one; null for none.</summary>
    [Id(5)] public string? PublishedModelPath { get; set; }

    /// <summary>Changes of the item set or vectors so far.</summary>
    [Id(4)] public long ItemsRevision { get; set; }
}
