namespace OrleansReco.Learning.Audit;

/// <summary>
/// The demographic groups audits break results down by: gender (upper-cased as given, e.g. "M", "F"), age bucket (the
/// MovieLens-1M groups &lt;18, 18–24, 25–34, 35–44, 45–49, 50–55, 56+) and occupation (lower-cased as given). A value
/// that is missing is <see cref="Unknown"/>; unknown groups are reported but left out of the gaps.
/// </summary>
public static class DemographicGroups
{
    /// <summary>The group of a missing value.</summary>
    public const string Unknown = "unknown";

    /// <summary>The grouping dimensions, in report order.</summary>
    public static IReadOnlyList<string> Dimensions { get; } = ["gender", "age", "occupation"];

    private static readonly int[] AgeEdges = [18, 25, 35, 45, 50, 56];

    private static readonly string[] AgeLabels = ["<18", "18-24", "25-34", "35-44", "45-49", "50-55", "56+"];

    /// <summary>The age bucket of <paramref name="age"/> in years.</summary>
    public static string AgeBucket(int? age)
    {
        if (age is not { } years || years < 0)
        {
            return Unknown;
        }

        var slot = 0;
        while (slot < AgeEdges.Length && years >= AgeEdges[slot])
        {
            slot++;
        }

        return AgeLabels[slot];
    }

    /// <summary>The gender group.</summary>
    public static string Gender(string? gender) =>
        string.IsNullOrWhiteSpace(gender) ? Unknown : gender.Trim().ToUpperInvariant();

    /// <summary>The occupation group.</summary>
    public static string Occupation(string? occupation) =>
        string.IsNullOrWhiteSpace(occupation) ? Unknown : occupation.Trim().ToLowerInvariant();

    /// <summary>The three groups of one user, in the order of <see cref="Dimensions"/>.</summary>
    public static (string Gender, string Age, string Occupation) Of(int? age, string? gender, string? occupation) =>
        (Gender(gender), AgeBucket(age), Occupation(occupation));
}
