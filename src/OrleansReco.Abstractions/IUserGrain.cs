namespace OrleansReco.Abstractions;

/// <summary>One user: owns the user's embedding, replay buffer and drift baseline. Key: the user id.</summary>
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Validates the whole batch, learns from it, persists, then returns; a rejected batch changes nothing.</summary>
    Task<RecordResult> RecordInteractionsAsync(IReadOnlyList<Interaction> interactions);

    /// <summary>
    /// As <see cref="RecordInteractionsAsync"/>, applied at most once per <paramref name="idempotencyKey"/>: a retry with a key
    /// this user accepted recently (the last <see cref="RecoLimits.RememberedIdempotencyKeys"/> keys) returns the first
    /// answer and learns nothing. The key is stored with the learned state in one write.
    /// </summary>
    Task<RecordResult> RecordInteractionsOnceAsync(string idempotencyKey, IReadOnlyList<Interaction> interactions);

    /// <summary>
    /// Applies events read from an event log, each at most once: events at or below the offset this user last applied for
    /// the batch's (topic, partition) are skipped, each other event is validated on its own and learned from or rejected,
    /// and the new offset is stored with the learned state in one write. Safe to call again with the same events.
    /// </summary>
    Task<LogApplyResult> ApplyLogEventsAsync(LogEventBatch batch);

    /// <summary>Ranks items for this user.</summary>
    Task<RecommendationResult> RecommendAsync(RecommendationRequest request);

    /// <summary>
    /// Records what the user told us (validated first: <see cref="ArgumentException"/> names the field). A user without
    /// interactions starts from the cold-start tower's vector for them; later interactions move it as usual.
    /// </summary>
    Task<UserProfile> SetDemographicsAsync(UserDemographics demographics);

    /// <summary>Returns the user's profile (vector norm, drift, counters, model version).</summary>
    Task<UserProfile> GetProfileAsync();

    /// <summary>Everything stored about this user (GDPR access).</summary>
    Task<UserDataExport> ExportAsync();

    /// <summary>Erases everything stored about this user (GDPR erasure).</summary>
    Task ForgetAsync();
}
