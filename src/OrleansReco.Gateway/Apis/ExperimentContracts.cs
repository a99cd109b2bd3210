using System.Text.Json;
using OrleansReco.Abstractions;

namespace OrleansReco.Gateway.Apis;

/// <summary>Body of <c>POST /v1/experiments</c>.</summary>
/// <param name="Name">Unique name, 1–64 of <c>A–Z a–z 0–9 - _</c>.</param>
/// <param name="Variants">2–10 variants; the first is the control. Traffic shares sum to 1.</param>
/// <param name="StartsAt">When assignment starts (default: now).</param>
/// <param name="EndsAt">When assignment ends by itself (default: never; stop it instead).</param>
/// <param name="BaselineRate">Expected rate of the primary outcome in the control (default 0.05), for the planned sample size.</param>
/// <param name="MinimumDetectableEffect">Smallest absolute difference worth detecting (default 0.01).</param>
/// <param name="PrimaryOutcome"><c>click</c> (default), <c>like</c>, <c>purchase</c> or <c>dwell</c>.</param>
public sealed record CreateExperimentRequest(
    string? Name,
    IReadOnlyList<VariantRequest?>? Variants,
    DateTimeOffset? StartsAt = null,
    DateTimeOffset? EndsAt = null,
    double? BaselineRate = null,
    double? MinimumDetectableEffect = null,
    string? PrimaryOutcome = null);

/// <summary>One variant of <see cref="CreateExperimentRequest"/>.</summary>
/// <param name="Name">Unique within the experiment.</param>
/// <param name="Traffic">Share of users in (0, 1].</param>
/// <param name="Settings">Ranking settings: <c>lambda</c> (MMR λ), <c>epsilon</c> (exploration ε), <c>candidates</c> (ANN top-N); none: the configured ranking.</param>
public sealed record VariantRequest(string? Name, double? Traffic, Dictionary<string, JsonElement>? Settings);

/// <summary>An experiment as the API shows it.</summary>
public sealed record ExperimentView(
    string Name,
    ExperimentStatus Status,
    IReadOnlyList<ExperimentVariant> Variants,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StoppedAt,
    double BaselineRate,
    double MinimumDetectableEffect,
    ExperimentOutcome PrimaryOutcome)
{
    /// <summary>The view of <paramref name="info"/> at <paramref name="now"/>.</summary>
    public static ExperimentView Of(ExperimentInfo info, DateTimeOffset now)
    {
        var d = info.Definition;
        return new ExperimentView(d.Name, info.StatusAt(now), d.Variants, d.StartsAt, d.EndsAt, info.CreatedAt, info.StoppedAt, d.BaselineRate,
            d.MinimumDetectableEffect, d.PrimaryOutcome);
    }
}
