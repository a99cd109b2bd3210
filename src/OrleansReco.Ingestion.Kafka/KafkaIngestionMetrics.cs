using System.Diagnostics.Metrics;

namespace OrleansReco.Ingestion.Kafka;

/// <summary>Instruments of the Kafka consumer, on the <c>OrleansReco</c> meter the gateway exports at <c>/metrics</c>.</summary>
public sealed class KafkaIngestionMetrics
{
    /// <summary>The meter shared with the grains' instruments (<c>RecoMetrics.MeterName</c>).</summary>
    public const string MeterName = "OrleansReco";

    private readonly Counter<long> _applied;
    private readonly Counter<long> _skipped;
    private readonly Counter<long> _deadLetters;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _commits;
    private Measurement<long>[] _lag = [];

    /// <summary>Creates the instruments on the meter factory's <c>OrleansReco</c> meter.</summary>
    public KafkaIngestionMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _applied = meter.CreateCounter<long>("orleansreco.kafka.events.applied", "{event}", "Kafka events learned from by their user grain.");
        _skipped = meter.CreateCounter<long>("orleansreco.kafka.events.skipped", "{event}", "Redelivered Kafka events a user grain had already applied.");
        _deadLetters = meter.CreateCounter<long>("orleansreco.kafka.dead_letters", "{event}", "Poison Kafka events written to the dead-letter topic, by reason (malformed, invalid).");
        _retries = meter.CreateCounter<long>("orleansreco.kafka.retries", "{attempt}", "Grain calls or dead-letter writes that failed and are retried.");
        _commits = meter.CreateCounter<long>("orleansreco.kafka.commits", "{commit}", "Offset commits, by outcome (ok, rebalance, failed).");
        meter.CreateObservableGauge("orleansreco.kafka.lag", () => Volatile.Read(ref _lag), "{event}",
            "Events in each assigned partition not yet applied: high watermark minus the next offset to apply.");
    }

    internal void Applied(int count) => _applied.Add(count);

    internal void Skipped(int count) => _skipped.Add(count);

    internal void DeadLetter(string kind) => _deadLetters.Add(1, new KeyValuePair<string, object?>("reason", kind));

    internal void Retry(string what) => _retries.Add(1, new KeyValuePair<string, object?>("operation", what));

    internal void Commit(string outcome) => _commits.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Replaces the lag readings (one per assigned partition).</summary>
    internal void SetLag(Measurement<long>[] lag) => Volatile.Write(ref _lag, lag);
}
