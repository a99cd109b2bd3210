namespace OrleansReco.Abstractions;

/// <summary>
/// The cluster's segmentation (key 0): the current generation and K, and <c>segments fit</c>, which chooses K by silhouette
/// on the segment grains' samples of current user vectors and re-seeds the segment grains with the fitted centroids.
/// </summary>
public interface ISegmentDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>The current generation and K (every silo's segment assigner polls it; answered even while a fit runs).</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<SegmentLayout> GetLayoutAsync();

    /// <summary>Fits K in the requested range on sampled user vectors and, unless too few users were sampled, re-seeds the segments.</summary>
    Task<SegmentFitReport> FitAsync(SegmentFitRequest request);
}

/// <summary>The segmentation in force: generation 0 is the item-vector seeding at start; each fit starts a new one.</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.SegmentLayout")]
public sealed record SegmentLayout(
    [property: Id(0)] long Generation,
    [property: Id(1)] int K,
    [property: Id(2)] DateTimeOffset? FittedAt,
    [property: Id(3)] SegmentFitReport? LastFit);

/// <summary>The K range of a fit (inclusive); null bounds take the configured ones.</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.SegmentFitRequest")]
public sealed record SegmentFitRequest([property: Id(0)] int? MinK = null, [property: Id(1)] int? MaxK = null)
{
    /// <summary>Largest K a fit may try.</summary>
    public const int MaxSegments = 64;

    /// <summary>The problems with this request; empty when valid.</summary>
    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        if (MinK is < 2 or > MaxSegments)
        {
            errors.Add(new FieldError("minK", $"minK must be in [2, {MaxSegments}]."));
        }

        if (MaxK is < 2 or > MaxSegments)
        {
            errors.Add(new FieldError("maxK", $"maxK must be in [2, {MaxSegments}]."));
        }

        if (MinK is { } min && MaxK is { } max && min > max)
        {
            errors.Add(new FieldError("maxK", "maxK must not be below minK."));
        }

        return errors;
    }
}

/// <summary>Silhouette and inertia of one candidate K (a point of the elbow curve).</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.SegmentFitPoint")]
public sealed record SegmentFitPoint([property: Id(0)] int K, [property: Id(1)] double Silhouette, [property: Id(2)] double Inertia);

/// <summary>
/// What a fit did: when <see cref="Applied"/>, the chosen K, its silhouette, every candidate, the sampled users per new segment and
/// the new generation; otherwise <see cref="Problem"/> says why nothing changed.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.SegmentFitReport")]
public sealed record SegmentFitReport(
    [property: Id(0)] bool Applied,
    [property: Id(1)] string? Problem,
    [property: Id(2)] int SampledUsers,
    [property: Id(3)] int MinimumUsers,
    [property: Id(4)] int MinK,
    [property: Id(5)] int MaxK,
    [property: Id(6)] int K,
    [property: Id(7)] double Silhouette,
    [property: Id(8)] IReadOnlyList<SegmentFitPoint> Candidates,
    [property: Id(9)] IReadOnlyList<int> Sizes,
    [property: Id(10)] long Generation,
    [property: Id(11)] long ModelVersion,
    [property: Id(12)] DateTimeOffset At);
