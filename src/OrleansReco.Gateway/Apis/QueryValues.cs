using System.Globalization;
using OrleansReco.Abstractions;

namespace OrleansReco.Gateway.Apis;

/// <summary>Parsing of query-string values shared by the endpoints, each naming its own error.</summary>
internal static class QueryValues
{
    /// <summary>Error text for a bad <c>k</c>.</summary>
    public static readonly string KError = $"k must be an integer in [1, {RecoLimits.MaxRecommendations}].";

    /// <summary>Parses an optional integer in [min, max]; absent gives <paramref name="fallback"/>.</summary>
    public static bool TryParseInRange(string? text, int min, int max, int fallback, out int value)
    {
        value = fallback;
        return text is null || (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value >= min && value <= max);
    }

    /// <summary>Parses <c>k</c> (default 10).</summary>
    public static bool TryParseK(string? text, out int k) => TryParseInRange(text, 1, RecoLimits.MaxRecommendations, 10, out k);
}
