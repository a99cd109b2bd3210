namespace OrleansReco.Training.Evaluation;

/// <summary>One protocol S row: metrics, fitting time of the final fit, and the chosen hyperparameters.</summary>
public sealed record StaticResult(string Model, StaticMetrics Metrics, double TrainSeconds, string Hyperparameters);

/// <summary>One protocol P row.</summary>
public sealed record StreamingResult(string Model, Streaming.StreamingMetrics Metrics, string Hyperparameters);
