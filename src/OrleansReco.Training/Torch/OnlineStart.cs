using OrleansReco.Learning;

namespace OrleansReco.Training.Torch;

/// <summary>
/// What an online replay starts from: the fixed item space (one row per catalogue item), which rows can be ranked,
/// warm-up users' trained vectors, warm-up popularity, and optionally a cold-start initial vector for a user unknown at
/// warm-up (null: that user gets the popularity ranking until their first event, then starts from zero).
/// </summary>
public sealed record OnlineStart(ItemVectors Items, bool[] Rankable, float[] UserVectors, bool[] KnownUsers, float[] Popularity,
    Func<int, float[]?>? InitialVector)
{
    /// <summary>The plain iALS start: fitted item and warm-up user vectors, no cold-start towers.</summary>
    internal static OnlineStart FromIals(Streaming.IalsWarmStart ials) =>
        new(ials.Items, ials.Rankable, ials.UserVectors, ials.KnownUser, ials.Popularity, null);
}
