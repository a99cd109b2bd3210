namespace OrleansReco.Grains.Experiments;

/// <summary>A/B experiments. Section <c>OrleansReco:Experiments</c>.</summary>
public sealed record ExperimentOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "OrleansReco:Experiments";

    /// <summary>How often each silo sends its counts to the experiment grains.</summary>
    public double FlushSeconds { get; set; } = 2;

    /// <summary>How often each silo re-reads the list of experiments (a new or stopped one takes effect within this time).</summary>
    public double RefreshSeconds { get; set; } = 5;

    /// <summary>An outcome counts for an item shown to the user at most this many minutes before.</summary>
    public double AttributionMinutes { get; set; } = 30;

    /// <summary>Items shown that an active user grain remembers for attribution (the most recent ones).</summary>
    public int RememberedExposures { get; set; } = 50;

    /// <summary>Returns the problems with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!(FlushSeconds is > 0 and <= 3600))
        {
            errors.Add("OrleansReco:Experiments:FlushSeconds must be in (0, 3600].");
        }

        if (!(RefreshSeconds is > 0 and <= 3600))
        {
            errors.Add("OrleansReco:Experiments:RefreshSeconds must be in (0, 3600].");
        }

        if (!(AttributionMinutes is > 0 and <= 10_080))
        {
            errors.Add("OrleansReco:Experiments:AttributionMinutes must be in (0, 10080] (one week).");
        }

        if (RememberedExposures is < 1 or > 10_000)
        {
            errors.Add("OrleansReco:Experiments:RememberedExposures must be in [1, 10000].");
        }

        return errors;
    }
}
