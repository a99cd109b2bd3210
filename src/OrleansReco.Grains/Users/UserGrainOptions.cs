namespace OrleansReco.Grains.Users;

/// <summary>Per-user limits and cold start. Section <c>OrleansReco:Users</c>.</summary>
public sealed record UserGrainOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "OrleansReco:Users";

    /// <summary>Grain storage provider name for user state.</summary>
    public const string StorageName = "users";

    /// <summary>Recently seen item ids kept to filter recommendations.</summary>
    public int SeenCapacity { get; set; } = 500;

    /// <summary>Most hidden items per user; a batch that would exceed it is rejected.</summary>
    public int MaxHiddenItems { get; set; } = 10_000;

    /// <summary>Norm of a new user's vector along the popularity direction.</summary>
    public float ColdStartNorm { get; set; } = 0.5f;

    /// <summary>
    /// Passes of the learner over the replay buffer when a user is re-learned in a new model version that is not aligned to
    /// theirs: they restart from the cold-start vector and the first pass learns each replayed interaction once, as when it
    /// happened (rebuilding the short-term vector); further passes repeat the gradient steps.
    /// </summary>
    public int RefoldPasses { get; set; } = 1;

    /// <summary>
    /// Extra passes over the re-indexed replay buffer for a user moving to a model aligned to theirs, whose vectors are
    /// kept (0: none; the rollover test measured that they pull users away from their pre-rollover lists).
    /// </summary>
    public int AlignedRefinePasses { get; set; }

    /// <summary>Returns the problems with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (SeenCapacity is < 0 or > 100_000)
        {
            errors.Add("Users SeenCapacity must be in [0, 100000].");
        }

        if (MaxHiddenItems is < 0 or > 1_000_000)
        {
            errors.Add("Users MaxHiddenItems must be in [0, 1000000].");
        }

        if (RefoldPasses is < 1 or > 20)
        {
            errors.Add("Users RefoldPasses must be in [1, 20].");
        }

        if (AlignedRefinePasses is < 0 or > 20)
        {
            errors.Add("Users AlignedRefinePasses must be in [0, 20].");
        }

        if (!float.IsFinite(ColdStartNorm) || ColdStartNorm < 0)
        {
            errors.Add("Users ColdStartNorm must be finite and >= 0.");
        }

        return errors;
    }
}
