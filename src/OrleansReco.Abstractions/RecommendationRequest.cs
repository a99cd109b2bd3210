namespace OrleansReco.Abstractions;

/// <summary>What to recommend, with optional business rules and request context.</summary>
/// <param name="K">How many items (1..<see cref="RecoLimits.MaxRecommendations"/>).</param>
/// <param name="ExcludeSeen">Leave out items the user already interacted with.</param>
/// <param name="IncludeCategories">Only items in at least one of these categories (none: any category).</param>
/// <param name="ExcludeCategories">Never items in any of these categories.</param>
/// <param name="ExcludeItemIds">Never these items (e.g. out of stock for this request).</param>
/// <param name="Context">Device, locale and local time, for context boosts.</param>
/// <param name="Diversify">Apply MMR diversity re-ranking (default from configuration when null).</param>
/// <param name="Explore">Allow exploratory items (default from configuration when null).</param>
[GenerateSerializer, Immutable, Alias("OrleansReco.RecommendationRequest")]
public sealed record RecommendationRequest(
    [property: Id(0)] int K = 10,
    [property: Id(1)] bool ExcludeSeen = true,
    [property: Id(2)] IReadOnlyList<string>? IncludeCategories = null,
    [property: Id(3)] IReadOnlyList<string>? ExcludeCategories = null,
    [property: Id(4)] IReadOnlyList<string>? ExcludeItemIds = null,
    [property: Id(5)] RecommendationContext? Context = null,
    [property: Id(6)] bool? Diversify = null,
    [property: Id(7)] bool? Explore = null)
{
    /// <summary>MMR trade-off λ in [0, 1] for this request (1: relevance only); null: the configured value.</summary>
    [Id(8)] public float? DiversityLambda { get; init; }

    /// <summary>Exploration probability ε in [0, 1] for this request; null: the configured value.</summary>
    [Id(9)] public float? Epsilon { get; init; }

    /// <summary>ANN candidates ranked before MMR and exploration for this request; null: the configured value.</summary>
    [Id(10)] public int? Candidates { get; init; }
}

/// <summary>Where and when a recommendation is shown.</summary>
/// <param name="Device">e.g. <c>mobile</c>, <c>tv</c>, <c>web</c>.</param>
/// <param name="Locale">e.g. <c>fr-FR</c>.</param>
/// <param name="LocalHour">Hour of day 0–23 at the user's location.</param>
[GenerateSerializer, Immutable, Alias("OrleansReco.RecommendationContext")]
public sealed record RecommendationContext(
    [property: Id(0)] string? Device = null,
    [property: Id(1)] string? Locale = null,
    [property: Id(2)] int? LocalHour = null)
{
    /// <summary>True when no field is set.</summary>
    public bool IsEmpty => Device is null && Locale is null && LocalHour is null;

    /// <summary>Field errors (named <paramref name="field"/>.device, .locale, .localHour); empty when valid.</summary>
    public List<FieldError> Validate(string field)
    {
        var errors = new List<FieldError>();
        AddTextError(Device, $"{field}.device", errors);
        AddTextError(Locale, $"{field}.locale", errors);
        if (LocalHour is < 0 or > 23)
        {
            errors.Add(new FieldError($"{field}.localHour", "The local hour must be in [0, 23]."));
        }

        return errors;
    }

    private static void AddTextError(string? value, string field, List<FieldError> errors)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length is 0 or > RecoLimits.MaxContextValueLength)
        {
            errors.Add(new FieldError(field, $"Must be 1 to {RecoLimits.MaxContextValueLength} characters."));
        }
        else if (value.AsSpan().IndexOfAnyExcept(AllowedCharacters) >= 0)
        {
            errors.Add(new FieldError(field, "Only letters, digits, '-', '_' and '.' are allowed."));
        }
    }

    private static readonly System.Buffers.SearchValues<char> AllowedCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.");
}
