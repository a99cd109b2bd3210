namespace OrleansReco.Grains.Audit;

/// <summary>The live fairness and bias audit. Section <c>OrleansReco:Audit</c>.</summary>
public sealed record AuditOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "OrleansReco:Audit";

    /// <summary>Record exposures and interactions for <c>GET /v1/audit</c> (off: nothing is recorded).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often each silo flushes its counts to the audit grain.</summary>
    public double FlushSeconds { get; set; } = 2;

    /// <summary>How often each silo re-reads the popularity deciles it classifies exposures by.</summary>
    public double RefreshSeconds { get; set; } = 10;

    /// <summary>Length of the exposure window the report covers.</summary>
    public double WindowMinutes { get; set; } = 60;

    /// <summary>The window is a ring of this many slots; the oldest slot is dropped as time moves on.</summary>
    public int WindowSlots { get; set; } = 12;

    /// <summary>Half-life of the decayed interaction counts that define item popularity, hours.</summary>
    public double PopularityHalfLifeHours { get; set; } = 24;

    /// <summary>Groups kept per dimension (gender, age, occupation); further values are counted as "other".</summary>
    public int MaxGroupsPerDimension { get; set; } = 64;

    /// <summary>
    /// Distinct users remembered per group, per silo flush and per window slot (bounds memory; the k-anonymity floor needs
    /// only a few): a group's user count is exact up to this many users per slot.
    /// </summary>
    public int MaxUsersPerGroup { get; set; } = 1_000;

    /// <summary>Returns the problems with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (FlushSeconds <= 0 || RefreshSeconds <= 0 || WindowMinutes <= 0 || PopularityHalfLifeHours <= 0)
        {
            errors.Add("OrleansReco:Audit: FlushSeconds, RefreshSeconds, WindowMinutes and PopularityHalfLifeHours must be positive.");
        }

        if (WindowSlots is < 1 or > 1440)
        {
            errors.Add("OrleansReco:Audit:WindowSlots must be in [1, 1440].");
        }

        if (MaxGroupsPerDimension < 1 || MaxUsersPerGroup < 1)
        {
            errors.Add("OrleansReco:Audit: MaxGroupsPerDimension and MaxUsersPerGroup must be at least 1.");
        }

        return errors;
    }
}
