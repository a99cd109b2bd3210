using OrleansReco.Abstractions;
using OrleansReco.Learning;

namespace OrleansReco.Grains.Users;

/// <summary>Maps the API's interaction types to the learner's kinds.</summary>
public static class InteractionKinds
{
    /// <summary>The learner's kind of <paramref name="type"/>.</summary>
    public static InteractionKind Of(InteractionType type) => type switch
    {
        InteractionType.View => InteractionKind.View,
        InteractionType.Click => InteractionKind.Click,
        InteractionType.Like => InteractionKind.Like,
        InteractionType.Purchase => InteractionKind.Purchase,
        InteractionType.Rating => InteractionKind.Rating,
        InteractionType.Dislike => InteractionKind.Dislike,
        InteractionType.Hide => InteractionKind.Hide,
        InteractionType.Skip => InteractionKind.Skip,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown interaction type."),
    };
}
