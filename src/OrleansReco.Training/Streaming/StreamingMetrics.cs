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
    };
}
