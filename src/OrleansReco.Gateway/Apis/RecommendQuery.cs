using OrleansReco.Abstractions;

namespace OrleansReco.Gateway.Apis;

/// <summary>Query string of <c>GET /v1/users/{id}/recommendations</c>, parsed by hand so a bad value names its parameter.</summary>
public sealed class RecommendQuery
{
    /// <summary>How many items (1–500, default 10).</summary>
    public string? K { get; init; }

    /// <summary>Leave out items the user interacted with (default true).</summary>
    public bool? ExcludeSeen { get; init; }

    /// <summary>Comma-separated categories an item must have one of.</summary>
    public string? Categories { get; init; }

    /// <summary>Comma-separated categories an item must not have.</summary>
    public string? ExcludeCategories { get; init; }

    /// <summary>Comma-separated item ids never to return.</summary>
    public string? ExcludeItems { get; init; }

    /// <summary>Device for context boosts.</summary>
    public string? Device { get; init; }

    /// <summary>Locale for context boosts.</summary>
    public string? Locale { get; init; }

    /// <summary>Local hour 0–23 for context boosts.</summary>
    public string? Hour { get; init; }

    /// <summary>Apply MMR diversity (default from configuration).</summary>
    public bool? Diversify { get; init; }

    /// <summary>Allow exploratory items (default true).</summary>
    public bool? Explore { get; init; }

    /// <summary>MMR trade-off λ in [0, 1] for this request (1: relevance only).</summary>
    public string? Lambda { get; init; }

    /// <summary>Exploration probability ε in [0, 1] for this request.</summary>
    public string? Epsilon { get; init; }

    internal string? ErrorField { get; private set; }

    internal string? Error { get; private set; }

    /// <summary>The grain request, or null with <see cref="ErrorField"/> set.</summary>
    internal RecommendationRequest? ToRequest()
    {
        if (!QueryValues.TryParseK(K, out var k))
        {
            return Fail("k", QueryValues.KError);
        }

        if (!QueryValues.TryParseInRange(Hour, 0, 23, -1, out var h))
        {
            return Fail("hour", "hour must be an integer in [0, 23].");
        }

        int? hour = h < 0 ? null : h;
        if (!TryUnit(Lambda, out var lambda))
        {
            return Fail("lambda", "lambda must be a number in [0, 1].");
        }

        if (!TryUnit(Epsilon, out var epsilon))
        {
            return Fail("epsilon", "epsilon must be a number in [0, 1].");
        }

        var context = Device is null && Locale is null && hour is null ? null : new RecommendationContext(Device, Locale, hour);
        if (context?.Validate("context") is [var contextError, ..])
        {
            return Fail(contextError.Field["context.".Length..], contextError.Message);
        }

        return new RecommendationRequest(k, ExcludeSeen ?? true, List(Categories), List(ExcludeCategories), List(ExcludeItems), context, Diversify, Explore)
        {
            DiversityLambda = lambda, Epsilon = epsilon,
        };
    }

    private RecommendationRequest? Fail(string field, string message)
    {
        (ErrorField, Error) = (field, message);
        return null;
    }

    private static bool TryUnit(string? text, out float? value)
    {
        value = null;
        if (text is null)
        {
            return true;
        }

        if (!float.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed) || !(parsed is >= 0f and <= 1f))
        {
            return false;
        }

        value = parsed;
        return true;
    }

    private static string[]? List(string? csv) =>
        string.IsNullOrWhiteSpace(csv) ? null : csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
