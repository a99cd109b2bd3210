using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OrleansReco.Gateway.Apis;

/// <summary>
/// A JSON request body bound by hand so that malformed JSON becomes a 400 naming the field
/// (from the reader's JSON path) instead of an empty 400.
/// </summary>
public sealed class JsonBody<T>
    where T : class
{
    private JsonBody(T? value, string? errorField, string? error) => (Value, ErrorField, Error) = (value, errorField, error);

    /// <summary>The parsed body, when valid JSON.</summary>
    public T? Value { get; }

    /// <summary>The field the JSON error is in.</summary>
    public string? ErrorField { get; }

    /// <summary>The JSON error.</summary>
    public string? Error { get; }

    /// <summary>Minimal API binding hook.</summary>
    public static async ValueTask<JsonBody<T>> BindAsync(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(context.Request.Body, options, context.RequestAborted);
            return value is null ? new JsonBody<T>(null, "body", "A JSON body is required.") : new JsonBody<T>(value, null, null);
        }
        catch (JsonException e)
        {
            return new JsonBody<T>(null, FieldOf(e.Path), $"Malformed JSON: {e.Message}");
        }
    }

    private static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
}
