namespace OrleansReco.Grains.Segments;

/// <summary>User segments. Section <c>OrleansReco:Segments</c>.</summary>
public sealed record SegmentOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "OrleansReco:Segments";

    /// <summary>Assign users to segments and feed the segment grains (off: profiles carry no segment).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Number of segments K.</summary>
    public int Count { get; set; } = 8;

    /// <summary>Nothing is shown about a segment of fewer users (k-anonymity floor).</summary>
    public int MinimumUsersShown { get; set; } = 20;

    /// <summary>When set, exported sizes get Laplace(0, 1/ε) noise (ε-differential privacy per release); null: exact.</summary>
    public double? NoiseEpsilon { get; set; }

    /// <summary>Smallest centroid step (forgetting): older members fade at this rate per update.</summary>
    public float MinLearningRate { get; set; } = 0.01f;

    /// <summary>How often each silo flushes its batches to the segment grains.</summary>
    public double FlushSeconds { get; set; } = 2;

    /// <summary>How often each silo re-reads the centroids.</summary>
    public double RefreshSeconds { get; set; } = 10;

    /// <summary>Items kept in a segment's popularity sketch.</summary>
    public int SketchSize { get; set; } = 200;

    /// <summary>Half-life of item popularity in a segment, hours.</summary>
    public double PopularityHalfLifeHours { get; set; } = 24;

    /// <summary>Most popular items of each segment every silo caches as the "popular in your segment" candidates and exploration pool.</summary>
    public int TopItemsCached { get; set; } = 20;

    /// <summary>Member vectors each segment keeps as the sample <c>segments fit</c> clusters (one per user, reservoir-sampled).</summary>
    public int SampleSize { get; set; } = 256;

    /// <summary>Member vectors a silo sends per segment per flush (the rest of the flush arrives only summed).</summary>
    public int SamplePerFlush { get; set; } = 8;

    /// <summary>Smallest K a fit tries unless the request says otherwise.</summary>
    public int FitMinK { get; set; } = 2;

    /// <summary>Largest K a fit tries unless the request says otherwise.</summary>
    public int FitMaxK { get; set; } = 10;

    /// <summary>A fit with fewer sampled users changes nothing (409 on the gateway).</summary>
    public int FitMinimumUsers { get; set; } = 50;

    /// <summary>Sampled users the silhouette of each candidate K is computed on (quadratic cost).</summary>
    public int FitSilhouetteSample { get; set; } = 500;

    /// <summary>Hours between scheduled fits; 0 (the default): fits run only on demand (<c>POST /v1/segments/fit</c>).</summary>
    public double FitIntervalHours { get; set; }

    /// <summary>Returns the problems with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Count is < 1 or > 1000)
        {
            errors.Add("OrleansReco:Segments:Count must be in [1, 1000].");
        }

        if (MinimumUsersShown < 1)
        {
            errors.Add("OrleansReco:Segments:MinimumUsersShown must be at least 1.");
        }

        if (NoiseEpsilon is <= 0)
        {
            errors.Add("OrleansReco:Segments:NoiseEpsilon must be positive when set.");
        }

        if (MinLearningRate is < 0 or > 1 || FlushSeconds <= 0 || RefreshSeconds <= 0 || SketchSize < 10 || PopularityHalfLifeHours <= 0)
        {
            errors.Add("OrleansReco:Segments: MinLearningRate in [0, 1], FlushSeconds, RefreshSeconds and PopularityHalfLifeHours > 0, SketchSize ≥ 10.");
        }

        if (SampleSize is < 1 or > 10_000 || SamplePerFlush is < 0 or > 1000 || TopItemsCached is < 0 or > 1000)
        {
            errors.Add("OrleansReco:Segments: SampleSize must be in [1, 10000], SamplePerFlush and TopItemsCached in [0, 1000].");
        }

        if (FitMinK < 2 || FitMaxK < FitMinK || FitMaxK > Abstractions.SegmentFitRequest.MaxSegments || FitMinimumUsers < 2 || FitSilhouetteSample < 10
            || FitIntervalHours < 0)
        {
            errors.Add($"OrleansReco:Segments: 2 ≤ FitMinK ≤ FitMaxK ≤ {Abstractions.SegmentFitRequest.MaxSegments}, FitMinimumUsers ≥ 2, FitSilhouetteSample ≥ 10, FitIntervalHours ≥ 0 (0: off).");
        }

        return errors;
    }
}
