namespace OrleansReco.Learning.Towers;

/// <summary>
/// What may be known about a user before their first interaction; every member is optional, and a missing or
/// unrecognised value maps to the "unknown" slot of its feature.
/// </summary>
/// <param name="Age">Age in years.</param>
/// <param name="Gender">Gender as recorded in the training data (MovieLens: "M"/"F"; "male"/"female" map by first letter).</param>
/// <param name="Occupation">Occupation (MovieLens vocabulary, case-insensitive).</param>
/// <param name="ZipCode">Postal code; only its prefix is used.</param>
/// <param name="Device">Device or context class (e.g. "mobile"); unknown unless the training data had devices.</param>
public sealed record UserAttributes(int? Age = null, string? Gender = null, string? Occupation = null, string? ZipCode = null, string? Device = null)
{
    /// <summary>Nothing known.</summary>
    public static UserAttributes Unknown { get; } = new();
}
