namespace OrleansReco.Abstractions;

/// <summary>Kind of user feedback on an item.</summary>
[GenerateSerializer]
public enum InteractionType
{
    /// <summary>Item looked at.</summary>
    View,

    /// <summary>Item opened.</summary>
    Click,

    /// <summary>Explicit like.</summary>
    Like,

    /// <summary>Bought or completed.</summary>
    Purchase,

    /// <summary>Explicit rating; <see cref="Interaction.Value"/> holds the rating.</summary>
    Rating,

    /// <summary>Explicit dislike (negative feedback).</summary>
    Dislike,

    /// <summary>Never show this item again (negative feedback).</summary>
    Hide,

    /// <summary>Skipped (weak negative feedback).</summary>
    Skip,
}
