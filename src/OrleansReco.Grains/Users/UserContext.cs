using OrleansReco.Abstractions;

namespace OrleansReco.Grains.Users;

/// <summary>
/// The context of a user's latest interactions: device, locale, and how many hours the user's clock is ahead of UTC
/// (0–23, so only the local hour is kept, not a time zone). Fills what a recommendation request leaves out.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.UserContext")]
public sealed record UserContext(
    [property: Id(0)] string? Device,
    [property: Id(1)] string? Locale,
    [property: Id(2)] int? HoursAheadOfUtc)
{
    /// <summary>
    /// The context after <paramref name="batch"/>: the last interaction that carries one wins field by field; fields it
    /// leaves out keep their previous value. Null when neither the batch nor <paramref name="previous"/> has any.
    /// </summary>
    public static UserContext? After(UserContext? previous, IReadOnlyList<Interaction> batch, DateTimeOffset now)
    {
        var current = previous;
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i].Context is not { IsEmpty: false } context)
            {
                continue;
            }

            var at = batch[i].Timestamp ?? now;
            int? ahead = context.LocalHour is { } hour ? ((hour - at.UtcDateTime.Hour) % 24 + 24) % 24 : current?.HoursAheadOfUtc;
            current = new UserContext(context.Device ?? current?.Device, context.Locale ?? current?.Locale, ahead);
        }

        return current;
    }

    /// <summary>The request's context with its missing fields taken from this one; the local hour is the user's now.</summary>
    public RecommendationContext Complete(RecommendationContext? requested, DateTimeOffset now) => new(
        requested?.Device ?? Device,
        requested?.Locale ?? Locale,
        requested?.LocalHour ?? (HoursAheadOfUtc is { } ahead ? (now.UtcDateTime.Hour + ahead) % 24 : null));

    /// <summary>As the API shows it: the local hour at <paramref name="now"/>.</summary>
    public RecommendationContext ToContext(DateTimeOffset now) => Complete(null, now);
}
