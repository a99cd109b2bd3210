using Microsoft.Extensions.Logging;

namespace OrleansReco.Grains.Users;

public sealed partial class UserGrain
{
    [LoggerMessage(1, LogLevel.Information, "User {UserId}: batch rejected with {ErrorCount} error(s); first: {Field}: {Message}")]
    private static partial void LogRejected(ILogger logger, string userId, int errorCount, string field, string message);

    [LoggerMessage(2, LogLevel.Information, "User {UserId} drifted: cosine to baseline {Cosine:F3}, re-baselined: {Rebaselined}")]
    private static partial void LogDrift(ILogger logger, string userId, float cosine, bool rebaselined);

    [LoggerMessage(6, LogLevel.Information, "User {UserId}: moved from model version {OldVersion} to the aligned version {NewVersion}, vectors kept and refined from the replay buffer ({Dropped} replayed item(s) gone)")]
    private static partial void LogModelAligned(ILogger logger, string userId, long oldVersion, long newVersion, int dropped);

    [LoggerMessage(7, LogLevel.Warning, "User {UserId}: model version {NewVersion} is not aligned to the user's version {OldVersion}; restarted from the cold-start vector and re-learned {Replayed} replayed item(s) ({Dropped} gone)")]
    private static partial void LogModelRefolded(ILogger logger, string userId, long oldVersion, long newVersion, int replayed, int dropped);

    [LoggerMessage(4, LogLevel.Warning, "User {UserId}: interaction with {ItemId} would make the vector non-finite; batch refused")]
    private static partial void LogNonFinite(ILogger logger, string userId, string itemId);

    [LoggerMessage(5, LogLevel.Information, "User {UserId}: state erased on request")]
    private static partial void LogForgotten(ILogger logger, string userId);
}
