namespace OrleansReco.Training.Streaming;

/// <summary>Protocol P results: HitRate@10 and NDCG@10 over all replayed events and over events of warm-up users.</summary>
public sealed record StreamingMetrics(
    double HitRate10, double Ndcg10, int Events,
    double HitRate10WarmUsers, double Ndcg10WarmUsers, int WarmUserEvents,
    double WarmUpSeconds, double ReplaySeconds)
{
    /// <summary>The report's keys and values.</summary>
    public Dictionary<string, double> ToReport() => new()
    {
        ["hr@10"] = HitRate10,
        ["ndcg@10"] = Ndcg10,
        ["hr@10_warm_users"] = HitRate10WarmUsers,
        ["ndcg@10_warm_users"] = Ndcg10WarmUsers,
        ["events"] = Events,
        ["warm_user_events"] = WarmUserEvents,
        ["warmup_seconds"] = WarmUpSeconds,
        ["replay_seconds"] = ReplaySeconds,
        ["hr@10_new_users_first_event"] = ColdStart.FirstEventHitRate,
        ["new_users_first_events"] = ColdStart.FirstEvents,
        ["hr@10_new_users_first5"] = ColdStart.FirstFiveHitRate,
        ["new_users_first5_events"] = ColdStart.FirstFiveEvents,
        ["hr@10_new_items"] = ColdStart.NewItemHitRate,
        ["new_item_events"] = ColdStart.NewItemEvents,
    };

    /// <summary>The top-10 list ranked before each replayed event, with the event's hit and NDCG, for the audit.</summary>
    public Evaluation.Audit.RecommendationLog? Lists { get; init; }

    /// <summary>Cold-start slices of the replay: users and items new in the test period.</summary>
    public ColdStartSlices ColdStart { get; init; } = new();
}
