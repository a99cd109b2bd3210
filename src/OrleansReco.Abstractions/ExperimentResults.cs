namespace OrleansReco.Abstractions;

/// <summary>An experiment's results: per variant counts and rates with intervals, tests against the control, and the guard.</summary>
/// <param name="Experiment">Its definition and life.</param>
/// <param name="Status">Status now.</param>
/// <param name="PlannedExposuresPerVariant">Exposures each variant needs (α, power, baseline, effect below) before any verdict.</param>
/// <param name="ComparisonAlpha">Significance level of each comparison (0.05, Bonferroni-divided by the number of treatments).</param>
/// <param name="Power">Power the size is planned for.</param>
/// <param name="Variants">One row per variant, control first.</param>
/// <param name="Warning">Why not to stop early on a good-looking p-value.</param>
[GenerateSerializer, Immutable, Alias("OrleansReco.ExperimentResults")]
public sealed record ExperimentResults(
    [property: Id(0)] ExperimentInfo Experiment,
    [property: Id(1)] ExperimentStatus Status,
    [property: Id(2)] long PlannedExposuresPerVariant,
    [property: Id(3)] double ComparisonAlpha,
    [property: Id(4)] double Power,
    [property: Id(5)] IReadOnlyList<VariantResult> Variants,
    [property: Id(6)] string Warning);

/// <summary>One variant's results.</summary>
/// <param name="Variant">Variant name.</param>
/// <param name="IsControl">True for the control.</param>
/// <param name="Lists">Recommendation responses served.</param>
/// <param name="Exposures">Items shown (the trials of every rate).</param>
/// <param name="Verdict">For the primary outcome: <c>control</c>, <c>underpowered</c>, <c>notSignificant</c>, <c>better</c>, <c>worse</c>.</param>
/// <param name="Outcomes">Each outcome's rate per exposure, Wilson 95 % interval and test against the control.</param>
[GenerateSerializer, Immutable, Alias("OrleansReco.VariantResult")]
public sealed record VariantResult(
    [property: Id(0)] string Variant,
    [property: Id(1)] bool IsControl,
    [property: Id(2)] long Lists,
    [property: Id(3)] long Exposures,
    [property: Id(4)] string Verdict,
    [property: Id(5)] IReadOnlyList<OutcomeResult> Outcomes);

/// <summary>One outcome of one variant.</summary>
/// <param name="Outcome">Which outcome.</param>
/// <param name="Count">Exposed items with this outcome.</param>
/// <param name="Rate">Count / exposures.</param>
/// <param name="Low">Lower end of the Wilson 95 % interval.</param>
/// <param name="High">Upper end of the Wilson 95 % interval.</param>
/// <param name="Z">Two-proportion z against the control (0 for the control).</param>
/// <param name="PValue">Two-sided p-value against the control (1 for the control).</param>
[GenerateSerializer, Immutable, Alias("OrleansReco.OutcomeResult")]
public sealed record OutcomeResult(
    [property: Id(0)] ExperimentOutcome Outcome,
    [property: Id(1)] long Count,
    [property: Id(2)] double Rate,
    [property: Id(3)] double Low,
    [property: Id(4)] double High,
    [property: Id(5)] double Z,
    [property: Id(6)] double PValue);
