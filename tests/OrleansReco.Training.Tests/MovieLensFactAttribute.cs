using OrleansReco.Training.Data;

namespace OrleansReco.Training.Tests;

/// <summary>
/// A fact that needs the real ml-100k (MovieLens may not be redistributed): skipped, visibly and with download
/// instructions, when it is neither under $ORLEANSRECO_DATASETS nor at ../shared/datasets/ml-100k from the repository root.
/// </summary>
public sealed class MovieLensFactAttribute : FactAttribute
{
    public MovieLensFactAttribute()
    {
        if (Folder is null)
        {
            Skip = "ml-100k not found. " + MovieLensLoader.DownloadHint;
        }
    }

    /// <summary>The ml-100k folder, or null.</summary>
    public static string? Folder { get; } = DatasetLocator.Find("ml-100k");

    /// <summary>The folder; only call from a test carrying this attribute.</summary>
    public static string RequiredFolder => Folder ?? throw new InvalidOperationException("ml-100k is not available.");
}
