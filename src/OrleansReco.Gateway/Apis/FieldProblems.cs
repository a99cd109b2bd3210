using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansReco.Abstractions;

namespace OrleansReco.Gateway.Apis;

/// <summary>400 ProblemDetails whose <c>errors</c> name the offending fields (RFC 9457 validation problems).</summary>
internal static class FieldProblems
{
    /// <summary>One field, one message.</summary>
    public static ValidationProblem One(string field, string message, string? title = null) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: title);

    /// <summary>Messages grouped by field in first-seen order; <paramref name="rename"/> maps grain field names to the body's.</summary>
    public static Dictionary<string, string[]> ByField(IReadOnlyList<FieldError> errors, Func<string, string>? rename = null)
    {
        var byField = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var error in errors)
        {
            var field = rename is null ? error.Field : rename(error.Field);
            byField[field] = byField.TryGetValue(field, out var existing) ? [.. existing, error.Message] : [error.Message];
        }

        return byField;
    }
}
