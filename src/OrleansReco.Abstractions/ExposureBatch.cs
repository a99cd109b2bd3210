namespace OrleansReco.Abstractions;

/// <summary>
/// One silo's audit counts since its last flush: exposures per item, the popularity bucket of each exposure at the time
/// it was shown (10 deciles then "none"), positive interactions per item, and the same per demographic group.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.ExposureBatch")]
public sealed record ExposureBatch(
    [property: Id(0)] int Lists,
    [property: Id(1)] Dictionary<string, int> Exposures,
    [property: Id(2)] long[] BucketExposures,
    [property: Id(3)] Dictionary<string, int> Interactions,
    [property: Id(4)] IReadOnlyList<GroupExposureBatch> Groups);

/// <summary>One demographic group's counts in an <see cref="ExposureBatch"/>; users as stable 64-bit hashes of their ids.</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.GroupExposureBatch")]
public sealed record GroupExposureBatch(
    [property: Id(0)] string Dimension,
    [property: Id(1)] string Group,
    [property: Id(2)] int Lists,
    [property: Id(3)] long[] BucketExposures,
    [property: Id(4)] ulong[] Users);
