using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace OrleansReco.Ingestion.Kafka;

/// <summary>Writes a batch's dead letters and waits until the brokers have them; a failed write is retried, never skipped.</summary>
internal sealed partial class DeadLetterWriter(KafkaIngestionOptions options, KafkaIngestionMetrics metrics, ILogger logger)
{
    private const int MaxBackoffMs = 30_000;

    public async Task WriteAsync(IProducer<byte[]?, byte[]?> producer, List<DeadLetter> deadLetters, CancellationToken stop, CancellationToken abort)
    {
        if (deadLetters.Count == 0)
        {
            return;
        }

        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(stop, abort);
        var writes = new Task[deadLetters.Count];
        for (var i = 0; i < writes.Length; i++)
        {
            writes[i] = WriteOneAsync(producer, deadLetters[i], giveUp.Token, abort);
        }

        await Task.WhenAll(writes);
    }

    private async Task WriteOneAsync(IProducer<byte[]?, byte[]?> producer, DeadLetter deadLetter, CancellationToken giveUp, CancellationToken abort)
    {
        var backoff = options.RetryBackoffMs;
        while (true)
        {
            try
            {
                await producer.ProduceAsync(options.EffectiveDeadLetterTopic, deadLetter.ToMessage(), abort);
                metrics.DeadLetter(deadLetter.Kind);
                LogDeadLettered(logger, deadLetter.Source.Partition.Value, deadLetter.Source.Offset.Value, deadLetter.Field, deadLetter.Reason);
                return;
            }
            catch (KafkaException e) when (!abort.IsCancellationRequested)
            {
                metrics.Retry("dead-letter");
                LogDeadLetterRetry(logger, e, options.EffectiveDeadLetterTopic, backoff);
                await Task.Delay(backoff, giveUp);
                backoff = Math.Min(backoff * 2, MaxBackoffMs);
            }
        }
    }

    [LoggerMessage(30, LogLevel.Warning, "Kafka: dead-lettered the event at partition {Partition} offset {Offset}: {Field}: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, int partition, long offset, string field, string reason);

    [LoggerMessage(31, LogLevel.Warning, "Kafka: writing to dead-letter topic {Topic} failed; retrying in {BackoffMs} ms")]
    private static partial void LogDeadLetterRetry(ILogger logger, Exception exception, string topic, int backoffMs);
}
