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

        return errors;
    }
}
