using Microsoft.Extensions.Logging;

namespace OrleansReco.Grains.Users;

public sealed partial class UserGrain
{
    [LoggerMessage(1, LogLevel.Information, "User {UserId}: batch rejected with {ErrorCount} error(s); first: {Field}: {Message}")]
    private static partial void LogRejected(ILogger logger, string userId, int errorCount, string field, string message);

    [LoggerMessage(2, LogLevel.Information, "User {UserId} drifted: cosine to baseline {Cosine:F3}, re-baselined: {Rebaselined}")]
    private static partial void LogDrift(ILogger logger, string userId, float cosine, bool rebaselined);

    [LoggerMessage(3, LogLevel.Warning, "User {UserId}: model version changed from {OldVersion} to {NewVersion}; the user vector restarts from the popularity direction")]
    private static partial void LogModelReset(ILogger logger, string userId, long oldVersion, long newVersion);

    [LoggerMessage(4, LogLevel.Warning, "User {UserId}: interaction with {ItemId} would make the vector non-finite; batch refused")]
    private static partial void LogNonFinite(ILogger logger, string userId, string itemId);

    [LoggerMessage(5, LogLevel.Information, "User {UserId}: state erased on request")]
    private static partial void LogForgotten(ILogger logger, string userId);
}
