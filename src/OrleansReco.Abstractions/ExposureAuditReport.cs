namespace OrleansReco.Abstractions;

/// <summary>The live audit over the recent window (<c>GET /v1/audit</c>).</summary>
/// <param name="WindowStart">Start of the window the exposure figures cover.</param>
/// <param name="WindowEnd">End of the window (now).</param>
/// <param name="Lists">Recommendation lists shown in the window.</param>
/// <param name="Exposures">Items shown in the window (a list of k items is k exposures).</param>
/// <param name="CatalogItems">Items of the served catalog.</param>
/// <param name="PopularItems">Catalog items with recent positive interactions (the items ranked into deciles).</param>
/// <param name="PopularityDecileExposure">Share of exposures per popularity bucket, "D1" (most popular tenth) … "D10", then "none".</param>
/// <param name="Coverage">Distinct catalog items shown in the window / catalog items.</param>
/// <param name="Gini">Gini coefficient of exposure counts over the catalog.</param>
/// <param name="PopularShare">Share of exposures that went to D1.</param>
/// <param name="Groups">Exposure per demographic group (hidden under the k-anonymity floor).</param>
/// <param name="Gaps">Demographic-parity gap of the D1 share per dimension, over shown groups other than "unknown".</param>
[GenerateSerializer, Immutable, Alias("OrleansReco.ExposureAuditReport")]
public sealed record ExposureAuditReport(
    [property: Id(0)] DateTimeOffset WindowStart,
    [property: Id(1)] DateTimeOffset WindowEnd,
    [property: Id(2)] long Lists,
    [property: Id(3)] long Exposures,
    [property: Id(4)] int CatalogItems,
    [property: Id(5)] int PopularItems,
    [property: Id(6)] IReadOnlyDictionary<string, double> PopularityDecileExposure,
    [property: Id(7)] double Coverage,
    [property: Id(8)] double Gini,
    [property: Id(9)] double PopularShare,
    [property: Id(10)] IReadOnlyList<GroupExposure> Groups,
    [property: Id(11)] IReadOnlyList<GroupParityGap> Gaps);

/// <summary>One demographic group's exposure; every figure is null when <see cref="Hidden"/> (fewer users than the floor).</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.GroupExposure")]
public sealed record GroupExposure(
    [property: Id(0)] string Dimension,
    [property: Id(1)] string Group,
    [property: Id(2)] bool Hidden,
    [property: Id(3)] long? Users,
    [property: Id(4)] long? Lists,
    [property: Id(5)] long? Exposures,
    [property: Id(6)] double? ExposureShare,
    [property: Id(7)] double? PopularShare,
    [property: Id(8)] IReadOnlyDictionary<string, double>? PopularityDecileExposure);

/// <summary>The spread of the D1 share between the shown groups of one dimension: max − min and min ÷ max.</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.GroupParityGap")]
public sealed record GroupParityGap(
    [property: Id(0)] string Dimension,
    [property: Id(1)] string Highest,
    [property: Id(2)] string Lowest,
    [property: Id(3)] double Difference,
    [property: Id(4)] double Ratio,
    [property: Id(5)] int Groups);
