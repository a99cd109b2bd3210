namespace OrleansReco.Training.Evaluation;

/// <summary>One protocol S row: metrics, fitting time of the final fit, and the chosen hyperparameters.</summary>
public sealed record StaticResult(string Model, StaticMetrics Metrics, double TrainSeconds, string Hyperparameters)
{
    /// <summary>The fairness and bias audit of the model's test lists, once computed.</summary>
    public Audit.ModelAudit? Audit { get; init; }
}

/// <summary>One protocol P row.</summary>
public sealed record StreamingResult(string Model, Streaming.StreamingMetrics Metrics, string Hyperparameters)
{
    /// <summary>The fairness and bias audit of the lists ranked during the replay, once computed.</summary>
    public Audit.ModelAudit? Audit { get; init; }
}
