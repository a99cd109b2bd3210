namespace OrleansReco.Abstractions;

/// <summary>
/// What a user told us before (or besides) their interactions. Every field is optional; a model with a cold-start tower
/// turns them into the user's starting vector, so a new user's first recommendations are already personal.
/// </summary>
/// <param name="Age">Age in years (1–130).</param>
/// <param name="Gender">Gender as the training data records it (MovieLens: "M" or "F").</param>
/// <param name="Occupation">Occupation (MovieLens vocabulary, e.g. "engineer"; case-insensitive).</param>
/// <param name="ZipCode">Postal code; only its prefix is used.</param>
[GenerateSerializer, Immutable, Alias("OrleansReco.UserDemographics")]
public sealed record UserDemographics(
    [property: Id(0)] int? Age = null,
    [property: Id(1)] string? Gender = null,
    [property: Id(2)] string? Occupation = null,
    [property: Id(3)] string? ZipCode = null)
{
    /// <summary>Longest accepted text field.</summary>
    public const int MaxTextLength = 64;

    /// <summary>Oldest accepted age.</summary>
    public const int MaxAge = 130;

    /// <summary>True when no field is set.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsEmpty => Age is null && string.IsNullOrWhiteSpace(Gender) && string.IsNullOrWhiteSpace(Occupation) && string.IsNullOrWhiteSpace(ZipCode);

    /// <summary>The fields that are not valid, named as in JSON (camelCase); empty when all are.</summary>
    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        if (Age is { } age && (age < 1 || age > MaxAge))
        {
            errors.Add(new FieldError("age", $"The age must be between 1 and {MaxAge}."));
        }

        CheckText(Gender, "gender", errors);
        CheckText(Occupation, "occupation", errors);
        CheckText(ZipCode, "zipCode", errors);
        return errors;
    }

    private static void CheckText(string? value, string field, List<FieldError> errors)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length > MaxTextLength)
        {
            errors.Add(new FieldError(field, $"The {field} must be at most {MaxTextLength} characters."));
        }
        else if (value.Any(char.IsControl))
        {
            errors.Add(new FieldError(field, $"The {field} must not contain control characters."));
        }
    }
}
