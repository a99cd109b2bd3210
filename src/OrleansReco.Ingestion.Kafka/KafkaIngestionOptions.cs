namespace OrleansReco.Ingestion.Kafka;

/// <summary>The Kafka consumer that feeds interaction events to user grains. Section <c>OrleansReco:Kafka</c>.</summary>
public sealed class KafkaIngestionOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "OrleansReco:Kafka";

    /// <summary>Turns the consumer on; off by default.</summary>
    public bool Enabled { get; set; }

    /// <summary>Comma-separated <c>host:port</c> list of brokers.</summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary>Topic holding the interaction events.</summary>
    public string Topic { get; set; } = "";

    /// <summary>Consumer group; silos in one group share the partitions.</summary>
    public string GroupId { get; set; } = "orleansreco";

    /// <summary>Topic that receives poison events with the reason; <c>{Topic}.dead-letter</c> when empty.</summary>
    public string DeadLetterTopic { get; set; } = "";

    /// <summary>
    /// Most events read before they are applied as one batch. A user grain's cost is per call (one state write), so a
    /// larger batch, holding more events per user, catches up a backlog faster; a live stream fills batches by the window.
    /// </summary>
    public int MaxBatchEvents { get; set; } = 50_000;

    /// <summary>Longest wait, in milliseconds, for a batch to fill once its first event arrived.</summary>
    public int BatchWindowMs { get; set; } = 100;

    /// <summary>Most events of one user sent to its grain in one call (≤ 1,000).</summary>
    public int MaxEventsPerGrainCall { get; set; } = 500;

    /// <summary>Most grain calls in flight at once.</summary>
    public int MaxConcurrentGrainCalls { get; set; } = 256;

    /// <summary>Offsets are committed at most this often, in milliseconds (and always on shutdown and rebalance).</summary>
    public int CommitIntervalMs { get; set; } = 1_000;

    /// <summary>First wait, in milliseconds, before retrying a failed grain call or dead-letter write; doubles up to 30 s.</summary>
    public int RetryBackoffMs { get; set; } = 200;

    /// <summary>Where a group without committed offsets starts: <c>earliest</c> or <c>latest</c>.</summary>
    public string AutoOffsetReset { get; set; } = "earliest";

    /// <summary>Extra librdkafka settings for both clients (security, timeouts), e.g. <c>"security.protocol": "SASL_SSL"</c>.</summary>
    public Dictionary<string, string> ClientSettings { get; set; } = [];

    /// <summary>The dead-letter topic in effect.</summary>
    public string EffectiveDeadLetterTopic => string.IsNullOrWhiteSpace(DeadLetterTopic) ? $"{Topic}.dead-letter" : DeadLetterTopic;

    /// <summary>Returns the problems with these options; empty when valid or disabled.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Enabled)
        {
            return errors;
        }

        Require(errors, !string.IsNullOrWhiteSpace(BootstrapServers), "BootstrapServers is required when the consumer is enabled.");
        Require(errors, !string.IsNullOrWhiteSpace(Topic), "Topic is required when the consumer is enabled.");
        Require(errors, !string.IsNullOrWhiteSpace(GroupId), "GroupId must not be empty.");
        Require(errors, EffectiveDeadLetterTopic != Topic, "DeadLetterTopic must differ from Topic.");
        Require(errors, MaxBatchEvents is >= 1 and <= 1_000_000, "MaxBatchEvents must be in [1, 1000000].");
        Require(errors, BatchWindowMs is >= 1 and <= 60_000, "BatchWindowMs must be in [1, 60000].");
        Require(errors, MaxEventsPerGrainCall is >= 1 and <= OrleansReco.Abstractions.RecoLimits.MaxBatchSize, "MaxEventsPerGrainCall must be in [1, 1000].");
        Require(errors, MaxConcurrentGrainCalls is >= 1 and <= 100_000, "MaxConcurrentGrainCalls must be in [1, 100000].");
        Require(errors, CommitIntervalMs is >= 0 and <= 3_600_000, "CommitIntervalMs must be in [0, 3600000].");
        Require(errors, RetryBackoffMs is >= 1 and <= 30_000, "RetryBackoffMs must be in [1, 30000].");
        Require(errors, AutoOffsetReset is "earliest" or "latest", "AutoOffsetReset must be 'earliest' or 'latest'.");
        return errors;
    }

    private static void Require(List<string> errors, bool condition, string message)
    {
        if (!condition)
        {
            errors.Add($"Kafka {message}");
        }
    }
}
