namespace OrleansReco.Training.Evaluation;

/// <summary>Protocol S metrics, averaged over the evaluated users.</summary>
public sealed record StaticMetrics(double Recall10, double Recall20, double Ndcg10, double Ndcg20, double Mrr20, double HitRate20, int Users)
{
    /// <summary>The report's keys and values, plus the fitting time.</summary>
    public Dictionary<string, double> ToReport(double trainSeconds) => new()
    {
        ["recall@10"] = Recall10,
        ["recall@20"] = Recall20,
        ["ndcg@10"] = Ndcg10,
        ["ndcg@20"] = Ndcg20,
        ["mrr@20"] = Mrr20,
        ["hr@20"] = HitRate20,
        ["train_seconds"] = trainSeconds,
    };

    /// <summary>Each evaluated user's top-10 list with its Recall@10 and NDCG@10, for the audit.</summary>
    public Audit.RecommendationLog? Lists { get; init; }
}
