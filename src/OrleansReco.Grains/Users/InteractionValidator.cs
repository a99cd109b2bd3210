using OrleansReco.Abstractions;
using OrleansReco.Grains.Catalog;

namespace OrleansReco.Grains.Users;

/// <summary>Checks a whole batch before anything is learned; field names match the HTTP JSON body.</summary>
internal static class InteractionValidator
{
    public static List<FieldError> Validate(IReadOnlyList<Interaction>? batch, ItemCatalog catalog, DateTimeOffset now)
    {
        var errors = new List<FieldError>();
        if (batch is null || batch.Count == 0)
        {
            errors.Add(new FieldError("interactions", "The batch must contain at least one interaction."));
            return errors;
        }

        if (batch.Count > RecoLimits.MaxBatchSize)
        {
            errors.Add(new FieldError("interactions", $"The batch holds {batch.Count} interactions; at most {RecoLimits.MaxBatchSize} are accepted."));
            return errors;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            ValidateOne(batch[i], $"interactions[{i}]", catalog, now, errors);
        }

        return errors;
    }

    private static void ValidateOne(Interaction? interaction, string field, ItemCatalog catalog, DateTimeOffset now, List<FieldError> errors)
    {
        if (interaction is null)
        {
            errors.Add(new FieldError(field, "The interaction is missing."));
            return;
        }

        if (string.IsNullOrEmpty(interaction.ItemId))
        {
            errors.Add(new FieldError($"{field}.itemId", "The item id is required."));
        }
        else if (interaction.ItemId.Length > RecoLimits.MaxItemIdLength || !catalog.TryGetIndex(interaction.ItemId, out _))
        {
            errors.Add(new FieldError($"{field}.itemId", $"Unknown item id '{Truncate(interaction.ItemId)}' in catalog version {catalog.ModelVersion}."));
        }

        if (!Enum.IsDefined(interaction.Type))
        {
            errors.Add(new FieldError($"{field}.type", $"Unknown interaction type {(int)interaction.Type}."));
        }

        if (ValueError(interaction) is { } valueError)
        {
            errors.Add(new FieldError($"{field}.value", valueError));
        }

        if (interaction.Timestamp is { } at && (at > now + RecoLimits.MaxClockSkew || at < RecoLimits.EarliestTimestamp))
        {
            errors.Add(new FieldError($"{field}.timestamp", $"The timestamp {at:O} is outside [{RecoLimits.EarliestTimestamp:yyyy-MM-dd}, now + {RecoLimits.MaxClockSkew.TotalMinutes} min]."));
        }

        if (interaction.Context is { } context)
        {
            errors.AddRange(context.Validate($"{field}.context"));
        }
    }

    private static string? ValueError(Interaction interaction) => interaction.Value switch
    {
        null when interaction.Type == InteractionType.Rating => "A rating needs a value.",
        null => null,
        { } v when !float.IsFinite(v) => "The value must be a finite number.",
        { } v when interaction.Type == InteractionType.Rating && v is < 0 or > 10 => "A rating must be in [0, 10].",
        { } v when interaction.Type != InteractionType.Rating && v is <= 0 or > 100 => "A weight multiplier must be in (0, 100].",
        _ => null,
    };

    private static string Truncate(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "…");
}
