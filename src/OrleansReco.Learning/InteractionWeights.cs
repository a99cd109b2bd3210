namespace OrleansReco.Learning;

/// <summary>Kinds of user feedback the learner distinguishes.</summary>
public enum InteractionKind
{
    /// <summary>Item shown and looked at.</summary>
    View,

    /// <summary>Item opened.</summary>
    Click,

    /// <summary>Explicit like.</summary>
    Like,

    /// <summary>Bought or completed.</summary>
    Purchase,

    /// <summary>Explicit rating; the weight comes from the value.</summary>
    Rating,

    /// <summary>Explicit dislike: negative feedback.</summary>
    Dislike,

    /// <summary>Hide: negative feedback, and the item is never recommended to the user again.</summary>
    Hide,

    /// <summary>Skipped: weak negative feedback.</summary>
    Skip,
}

/// <summary>Weights of interaction kinds (view &lt; click &lt; like/purchase; negatives below zero). Section <c>OrleansReco:Weights</c>.</summary>
public sealed record InteractionWeights
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "OrleansReco:Weights";

    /// <summary>Weight of a view.</summary>
    public float View { get; set; } = 0.3f;

    /// <summary>Weight of a click.</summary>
    public float Click { get; set; } = 1f;

    /// <summary>Weight of a like.</summary>
    public float Like { get; set; } = 2f;

    /// <summary>Weight of a purchase.</summary>
    public float Purchase { get; set; } = 3f;

    /// <summary>Weight of a rating is value × this (1–5 stars → 0.4–2).</summary>
    public float RatingScale { get; set; } = 0.4f;

    /// <summary>Ratings below this value count as negative feedback (0 = every rating is positive, as in the evaluation protocols).</summary>
    public float RatingNegativeBelow { get; set; }

    /// <summary>Weight of a dislike (negative).</summary>
    public float Dislike { get; set; } = -1f;

    /// <summary>Weight of a hide (negative).</summary>
    public float Hide { get; set; } = -2f;

    /// <summary>Weight of a skip (negative).</summary>
    public float Skip { get; set; } = -0.2f;

    /// <summary>
    /// Signed learning weight of an interaction. <paramref name="value"/> is the rating for
    /// <see cref="InteractionKind.Rating"/>, otherwise an optional multiplier (1 when absent).
    /// </summary>
    public float WeightOf(InteractionKind kind, float? value)
    {
        if (kind == InteractionKind.Rating)
        {
            var rating = value ?? 0f;
            var magnitude = Math.Max(rating, 0.1f) * RatingScale;
            return rating < RatingNegativeBelow ? -magnitude : magnitude;
        }

        var multiplier = value ?? 1f;
        return multiplier * kind switch
        {
            InteractionKind.View => View,
            InteractionKind.Click => Click,
            InteractionKind.Like => Like,
            InteractionKind.Purchase => Purchase,
            InteractionKind.Dislike => Dislike,
            InteractionKind.Hide => Hide,
            InteractionKind.Skip => Skip,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown interaction kind."),
        };
    }

    /// <summary>Returns the problems with these weights; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!(View > 0 && Click > 0 && Like > 0 && Purchase > 0 && RatingScale > 0))
        {
            errors.Add("Positive interaction weights (View, Click, Like, Purchase, RatingScale) must be > 0.");
        }

        if (!(Dislike < 0 && Hide < 0 && Skip < 0))
        {
            errors.Add("Negative interaction weights (Dislike, Hide, Skip) must be < 0.");
        }

        if (!float.IsFinite(View + Click + Like + Purchase + RatingScale + Dislike + Hide + Skip + RatingNegativeBelow))
        {
            errors.Add("Interaction weights must be finite.");
        }

        return errors;
    }
}
