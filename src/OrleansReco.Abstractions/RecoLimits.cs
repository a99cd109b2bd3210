namespace OrleansReco.Abstractions;

/// <summary>Input limits shared by the gateway, the client and the grains.</summary>
public static class RecoLimits
{
    /// <summary>Longest accepted user id.</summary>
    public const int MaxUserIdLength = 256;

    /// <summary>Longest accepted item id.</summary>
    public const int MaxItemIdLength = 256;

    /// <summary>Most interactions in one batch.</summary>
    public const int MaxBatchSize = 1000;

    /// <summary>Most recommendations in one request.</summary>
    public const int MaxRecommendations = 500;

    /// <summary>Longest accepted context device or locale.</summary>
    public const int MaxContextValueLength = 64;

    /// <summary>Longest accepted idempotency key.</summary>
    public const int MaxIdempotencyKeyLength = 128;

    /// <summary>Accepted batch keys each user remembers, newest first out last.</summary>
    public const int RememberedIdempotencyKeys = 64;

    /// <summary>How far in the future an event timestamp may lie (clock skew).</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Earliest accepted event timestamp (the Unix epoch: imports of historical data are fine).</summary>
    public static readonly DateTimeOffset EarliestTimestamp = DateTimeOffset.UnixEpoch;

    /// <summary>Returns an error message when <paramref name="userId"/> is not a valid user id, else null.</summary>
    public static string? ValidateUserId(string? userId) =>
        string.IsNullOrWhiteSpace(userId) ? "The user id must not be empty."
        : userId.Length > MaxUserIdLength ? $"The user id must be at most {MaxUserIdLength} characters."
        : null;
}
