namespace OrleansReco.Abstractions;

/// <summary>Where an experiment is in its life.</summary>
[GenerateSerializer]
public enum ExperimentStatus
{
    /// <summary>Created; starts at <see cref="ExperimentDefinition.StartsAt"/>.</summary>
    Scheduled,

    /// <summary>Assigning users and counting.</summary>
    Running,

    /// <summary>Stopped by an administrator.</summary>
    Stopped,

    /// <summary>Past <see cref="ExperimentDefinition.EndsAt"/>.</summary>
    Ended,
}

/// <summary>An experiment as stored: its definition and when it was created and stopped.</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.ExperimentInfo")]
public sealed record ExperimentInfo(
    [property: Id(0)] ExperimentDefinition Definition,
    [property: Id(1)] DateTimeOffset CreatedAt,
    [property: Id(2)] DateTimeOffset? StoppedAt)
{
    /// <summary>Status at <paramref name="now"/>.</summary>
    public ExperimentStatus StatusAt(DateTimeOffset now) =>
        StoppedAt is not null ? ExperimentStatus.Stopped
        : Definition.EndsAt is { } end && now >= end ? ExperimentStatus.Ended
        : now < Definition.StartsAt ? ExperimentStatus.Scheduled
        : ExperimentStatus.Running;

    /// <summary>True while users are assigned at <paramref name="now"/>.</summary>
    public bool IsRunningAt(DateTimeOffset now) => StatusAt(now) == ExperimentStatus.Running;
}

/// <summary>The variant a user is in for one experiment; carried by a recommendation response.</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.ExperimentAssignment")]
public sealed record ExperimentAssignment(
    [property: Id(0)] string Experiment,
    [property: Id(1)] string Variant);

/// <summary>Counts of one variant: recommendation lists and items shown, and outcomes on items shown.</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.VariantCounts")]
public sealed record VariantCounts(
    [property: Id(0)] long Lists,
    [property: Id(1)] long Exposures,
    [property: Id(2)] long Clicks,
    [property: Id(3)] long Likes,
    [property: Id(4)] long Purchases,
    [property: Id(5)] long Dwells)
{
    /// <summary>Nothing counted.</summary>
    public static VariantCounts Zero { get; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>The sum of two counts.</summary>
    public VariantCounts Add(VariantCounts other) => new(Lists + other.Lists, Exposures + other.Exposures, Clicks + other.Clicks,
        Likes + other.Likes, Purchases + other.Purchases, Dwells + other.Dwells);

    /// <summary>Successes of one outcome.</summary>
    public long Of(ExperimentOutcome outcome) => outcome switch
    {
        ExperimentOutcome.Click => Clicks,
        ExperimentOutcome.Like => Likes,
        ExperimentOutcome.Purchase => Purchases,
        _ => Dwells,
    };
}

/// <summary>One silo's counts of one experiment since its previous batch, numbered so a retried batch is applied once.</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.ExperimentCountsBatch")]
public sealed record ExperimentCountsBatch(
    [property: Id(0)] string Source,
    [property: Id(1)] long Sequence,
    [property: Id(2)] IReadOnlyDictionary<string, VariantCounts> Variants);
