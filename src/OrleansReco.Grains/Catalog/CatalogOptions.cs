namespace OrleansReco.Grains.Catalog;

/// <summary>Where the catalog comes from. Section <c>OrleansReco:Catalog</c>.</summary>
public sealed record CatalogOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "OrleansReco:Catalog";

    /// <summary>Grain storage provider name for the catalog's run-time changes.</summary>
    public const string StorageName = "catalog";

    /// <summary>Seconds between a silo's re-subscriptions to catalog notifications (each also checks the version).</summary>
    public int ResubscribeSeconds { get; set; } = 60;

    /// <summary>
    /// A model file written by the trainer (<c>export</c>/<c>train</c>); when empty the seeded demo catalog is used.
    /// A relative path is resolved against the working directory.
    /// </summary>
    public string? ModelPath { get; set; }

    /// <summary>Items in the seeded demo catalog.</summary>
    public int DemoItems { get; set; } = 1000;

    /// <summary>Where model files published at run time (<c>POST /v1/model</c>) are kept; relative to the working directory.</summary>
    public string ModelDirectory { get; set; } = "models";

    /// <summary>Genres of the demo catalog (at most the number of built-in genre names).</summary>
    public int DemoGenres { get; set; } = 12;

    /// <summary>Vector dimension d of the demo catalog.</summary>
    public int Dimensions { get; set; } = 64;

    /// <summary>Seed of the demo catalog.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>
    /// Items a published model must share (by id) with the served one to be aligned to it; the dimension d is the least
    /// that is ever used. With fewer the model is published unaligned and users re-learn from their replay buffers.
    /// </summary>
    public int AlignmentMinimumSharedItems { get; set; } = 100;

    /// <summary>Returns the problems with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(ModelPath) && !File.Exists(ModelPath))
        {
            errors.Add($"Catalog ModelPath '{ModelPath}' does not exist (full path: {Path.GetFullPath(ModelPath)}).");
        }

        if (DemoItems is < 10 or > 5_000_000)
        {
            errors.Add("Catalog DemoItems must be in [10, 5000000].");
        }

        if (DemoGenres < 1 || DemoGenres > DemoCatalog.GenreNames.Length)
        {
            errors.Add($"Catalog DemoGenres must be in [1, {DemoCatalog.GenreNames.Length}].");
        }

        if (AlignmentMinimumSharedItems < 0)
        {
            errors.Add("Catalog AlignmentMinimumSharedItems must be >= 0.");
        }

        if (Dimensions is < 2 or > 1024)
        {
            errors.Add("Catalog Dimensions must be in [2, 1024].");
        }

        return errors;
    }
}
