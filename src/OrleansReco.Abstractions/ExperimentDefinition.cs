using System.Text.Json.Serialization;

namespace OrleansReco.Abstractions;

/// <summary>
/// An A/B experiment: variants with their traffic shares (the first is the control), when it runs, and what the
/// planned sample size is computed from. Immutable once created; it can only be stopped.
/// </summary>
/// <param name="Name">Unique name, 1–64 of <c>A–Z a–z 0–9 - _</c>.</param>
/// <param name="Variants">2–10 variants; the first is the control every other is compared with.</param>
/// <param name="StartsAt">When users start being assigned.</param>
/// <param name="EndsAt">When assignment ends by itself; null: runs until stopped.</param>
/// <param name="BaselineRate">Expected rate of the primary outcome in the control, in (0, 1), for the planned sample size.</param>
/// <param name="MinimumDetectableEffect">Smallest absolute difference of rates worth detecting (0.01 = one percentage point).</param>
/// <param name="PrimaryOutcome">The outcome the verdict is about.</param>
[GenerateSerializer, Immutable, Alias("OrleansReco.ExperimentDefinition")]
public sealed record ExperimentDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] IReadOnlyList<ExperimentVariant> Variants,
    [property: Id(2)] DateTimeOffset StartsAt,
    [property: Id(3)] DateTimeOffset? EndsAt,
    [property: Id(4)] double BaselineRate,
    [property: Id(5)] double MinimumDetectableEffect,
    [property: Id(6)] ExperimentOutcome PrimaryOutcome)
{
    /// <summary>Longest experiment or variant name.</summary>
    public const int MaxNameLength = 64;

    /// <summary>Most variants in one experiment.</summary>
    public const int MaxVariants = 10;

    /// <summary>Default expected control rate.</summary>
    public const double DefaultBaselineRate = 0.05;

    /// <summary>Default minimum detectable effect (absolute).</summary>
    public const double DefaultMinimumDetectableEffect = 0.01;

    /// <summary>How far the traffic shares may sum from 1.</summary>
    public const double TrafficTolerance = 1e-6;

    /// <summary>The problems with this definition, fields named as in JSON; empty when valid.</summary>
    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        if (!IsValidName(Name))
        {
            errors.Add(new FieldError("name", $"The name must be 1 to {MaxNameLength} letters, digits, '-' or '_'."));
        }

        ValidateVariants(errors);
        if (EndsAt is { } end && end <= StartsAt)
        {
            errors.Add(new FieldError("endsAt", "endsAt must be after startsAt."));
        }

        if (!(BaselineRate > 0 && BaselineRate < 1))
        {
            errors.Add(new FieldError("baselineRate", "baselineRate must be in (0, 1)."));
        }
        else if (!(MinimumDetectableEffect > 0 && BaselineRate + MinimumDetectableEffect < 1))
        {
            errors.Add(new FieldError("minimumDetectableEffect", "minimumDetectableEffect must be > 0 with baselineRate + minimumDetectableEffect < 1."));
        }

        if (!Enum.IsDefined(PrimaryOutcome))
        {
            errors.Add(new FieldError("primaryOutcome", "primaryOutcome must be click, like, purchase or dwell."));
        }

        return errors;
    }

    /// <summary>True for 1–64 of <c>A–Z a–z 0–9 - _</c>.</summary>
    public static bool IsValidName(string? name) =>
        name is { Length: > 0 and <= MaxNameLength } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private void ValidateVariants(List<FieldError> errors)
    {
        if (Variants is not { Count: >= 2 and <= MaxVariants })
        {
            errors.Add(new FieldError("variants", $"An experiment needs 2 to {MaxVariants} variants (the first is the control)."));
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var sum = 0.0;
        for (var i = 0; i < Variants.Count; i++)
        {
            var variant = Variants[i];
            if (!IsValidName(variant.Name))
            {
                errors.Add(new FieldError($"variants[{i}].name", $"A variant name must be 1 to {MaxNameLength} letters, digits, '-' or '_'."));
            }
            else if (!names.Add(variant.Name))
            {
                errors.Add(new FieldError($"variants[{i}].name", $"The variant name '{variant.Name}' is used twice."));
            }

            if (!(variant.Traffic > 0 && variant.Traffic <= 1))
            {
                errors.Add(new FieldError($"variants[{i}].traffic", "A variant's traffic share must be in (0, 1]."));
            }

            sum += variant.Traffic;
            variant.Settings.Validate($"variants[{i}].settings", errors);
        }

        if (Math.Abs(sum - 1) > TrafficTolerance)
        {
            errors.Add(new FieldError("variants", $"The traffic shares must sum to 1; they sum to {sum.ToString(System.Globalization.CultureInfo.InvariantCulture)}."));
        }
    }
}

/// <summary>One arm of an experiment.</summary>
/// <param name="Name">Unique within the experiment.</param>
/// <param name="Traffic">Share of users, in (0, 1]; the shares of an experiment sum to 1.</param>
/// <param name="Settings">Ranking settings this arm changes; unset ones keep the configured value.</param>
[GenerateSerializer, Immutable, Alias("OrleansReco.ExperimentVariant")]
public sealed record ExperimentVariant(
    [property: Id(0)] string Name,
    [property: Id(1)] double Traffic,
    [property: Id(2)] VariantSettings Settings);

/// <summary>Ranking settings of a variant; null keeps what the request or the configuration says.</summary>
/// <param name="Lambda">MMR trade-off λ in [0, 1].</param>
/// <param name="Epsilon">Exploration probability ε in [0, 1].</param>
/// <param name="Candidates">ANN candidates N ranked before MMR and exploration, 1–10,000.</param>
[GenerateSerializer, Immutable, Alias("OrleansReco.VariantSettings")]
public sealed record VariantSettings(
    [property: Id(0)] float? Lambda = null,
    [property: Id(1)] float? Epsilon = null,
    [property: Id(2)] int? Candidates = null)
{
    /// <summary>Most candidates a variant may ask for.</summary>
    public const int MaxCandidates = 10_000;

    /// <summary>The JSON names of the settings a variant may set.</summary>
    public static IReadOnlyList<string> Names { get; } = ["lambda", "epsilon", "candidates"];

    /// <summary>The JSON names of the settings this variant sets.</summary>
    [JsonIgnore]
    public IEnumerable<string> SetNames
    {
        get
        {
            if (Lambda is not null)
            {
                yield return "lambda";
            }

            if (Epsilon is not null)
            {
                yield return "epsilon";
            }

            if (Candidates is not null)
            {
                yield return "candidates";
            }
        }
    }

    /// <summary>Adds the problems with these settings under <paramref name="prefix"/>.</summary>
    public void Validate(string prefix, List<FieldError> errors)
    {
        if (Lambda is { } lambda && !(lambda >= 0 && lambda <= 1))
        {
            errors.Add(new FieldError($"{prefix}.lambda", "lambda must be in [0, 1]."));
        }

        if (Epsilon is { } epsilon && !(epsilon >= 0 && epsilon <= 1))
        {
            errors.Add(new FieldError($"{prefix}.epsilon", "epsilon must be in [0, 1]."));
        }

        if (Candidates is < 1 or > MaxCandidates)
        {
            errors.Add(new FieldError($"{prefix}.candidates", $"candidates must be in [1, {MaxCandidates}]."));
        }
    }
}

/// <summary>What counts as a success of an exposed item; each is one interaction type.</summary>
[GenerateSerializer]
public enum ExperimentOutcome
{
    /// <summary>A <c>click</c> on the item (click-through rate).</summary>
    Click,

    /// <summary>A <c>like</c>.</summary>
    Like,

    /// <summary>A <c>purchase</c> (conversion).</summary>
    Purchase,

    /// <summary>A <c>view</c> (the item looked at: dwell).</summary>
    Dwell,
}
