using System.Text.Json;
using OrleansReco.Abstractions;

namespace OrleansReco.Gateway.Apis;

/// <summary>Turns a <see cref="CreateExperimentRequest"/> into a definition, naming every field that is missing or unknown.</summary>
internal static class ExperimentRequestReader
{
    /// <summary>The definition, or the field errors (then null).</summary>
    public static ExperimentDefinition? Read(CreateExperimentRequest request, DateTimeOffset now, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(request.Name))
        {
            errors.Add(new FieldError("name", "A name is required."));
        }

        if (request.Variants is null)
        {
            errors.Add(new FieldError("variants", "variants are required: 2 to 10, the first is the control."));
        }

        var variants = new List<ExperimentVariant>();
        for (var i = 0; i < (request.Variants?.Count ?? 0); i++)
        {
            if (ReadVariant(request.Variants![i], $"variants[{i}]", errors) is { } variant)
            {
                variants.Add(variant);
            }
        }

        var outcome = ExperimentOutcome.Click;
        if (request.PrimaryOutcome is not null && !Enum.TryParse(request.PrimaryOutcome, ignoreCase: true, out outcome) || !Enum.IsDefined(outcome))
        {
            errors.Add(new FieldError("primaryOutcome", "primaryOutcome must be click, like, purchase or dwell."));
        }

        if (errors.Count > 0)
        {
            return null;
        }

        var definition = new ExperimentDefinition(request.Name!, variants, request.StartsAt ?? now, request.EndsAt,
            request.BaselineRate ?? ExperimentDefinition.DefaultBaselineRate,
            request.MinimumDetectableEffect ?? ExperimentDefinition.DefaultMinimumDetectableEffect, outcome);
        errors.AddRange(definition.Validate());
        return errors.Count == 0 ? definition : null;
    }

    private static ExperimentVariant? ReadVariant(VariantRequest? variant, string field, List<FieldError> errors)
    {
        if (variant is null)
        {
            errors.Add(new FieldError(field, "A variant object is required."));
            return null;
        }

        var count = errors.Count;
        if (variant.Traffic is null)
        {
            errors.Add(new FieldError($"{field}.traffic", "traffic (the variant's share of users, in (0, 1]) is required."));
        }

        var settings = ReadSettings(variant.Settings, $"{field}.settings", errors);
        return errors.Count > count ? null : new ExperimentVariant(variant.Name ?? "", variant.Traffic!.Value, settings);
    }

    private static VariantSettings ReadSettings(Dictionary<string, JsonElement>? settings, string field, List<FieldError> errors)
    {
        float? lambda = null, epsilon = null;
        int? candidates = null;
        foreach (var (name, value) in settings ?? [])
        {
            var at = $"{field}.{name}";
            switch (name.ToLowerInvariant())
            {
                case "lambda":
                    lambda = Number(value, at, errors);
                    break;
                case "epsilon":
                    epsilon = Number(value, at, errors);
                    break;
                case "candidates":
                    candidates = value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : Fail<int>(at, "candidates must be an integer.", errors);
                    break;
                case "modelversion":
                    errors.Add(new FieldError(at, "Model-version variants are not supported yet: the catalog serves one model at a time."));
                    break;
                default:
                    errors.Add(new FieldError(at, $"Unknown variant setting '{name}'; known: {string.Join(", ", VariantSettings.Names)}."));
                    break;
            }
        }

        return new VariantSettings(lambda, epsilon, candidates);
    }

    private static float? Number(JsonElement value, string field, List<FieldError> errors) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetSingle(out var number) && float.IsFinite(number)
            ? number
            : Fail<float>(field, "This setting must be a number.", errors);

    private static T? Fail<T>(string field, string message, List<FieldError> errors)
        where T : struct
    {
        errors.Add(new FieldError(field, message));
        return null;
    }
}
