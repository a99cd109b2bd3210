using System.Diagnostics;
using System.Diagnostics.Metrics;
using Confluent.Kafka;
using ErrorCode = Confluent.Kafka.ErrorCode;
using Microsoft.Extensions.Logging;

namespace OrleansReco.Ingestion.Kafka;

/// <summary>
/// One consumer-group member. Loop: read a batch (up to <see cref="KafkaIngestionOptions.MaxBatchEvents"/> events or
/// <see cref="KafkaIngestionOptions.BatchWindowMs"/>), apply it to the user grains, write its dead letters, and only then
/// count its offsets as processed; processed offsets are committed every <see cref="KafkaIngestionOptions.CommitIntervalMs"/>,
/// before partitions are revoked, and on shutdown. A crash replays from the last commit; the grains skip what they
/// already applied.
/// </summary>
public sealed partial class KafkaIngestionWorker(IGrainFactory grains, KafkaIngestionOptions options, KafkaIngestionMetrics metrics, ILogger<KafkaIngestionWorker> logger)
{
    private const int IdlePollMs = 100;
    private readonly CancellationTokenSource _abort = new();
    private readonly List<ConsumeResult<byte[]?, byte[]?>> _pending = [];
    private readonly Dictionary<TopicPartition, long> _processed = [];
    private readonly Dictionary<TopicPartition, long> _committed = [];
    private readonly DeadLetterWriter _deadLetters = new(options, metrics, logger);
    private long _lastCommit = Stopwatch.GetTimestamp();

    /// <summary>
    /// Consumes until <paramref name="stop"/> fires, then stops reading, lets the batch in flight finish (a grain call
    /// still being retried is given up), commits what was applied and leaves the group.
    /// </summary>
    public async Task RunAsync(CancellationToken stop)
    {
        using var consumer = BuildConsumer();
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(ClientConfig(new ProducerConfig { EnableIdempotence = true, Acks = Acks.All })).Build();
        var applier = new BatchApplier(grains, options, metrics, logger);
        consumer.Subscribe(options.Topic);
        LogStarted(logger, options.Topic, options.GroupId);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                Fill(consumer, stop);
                if (_pending.Count > 0)
                {
                    await ApplyPendingAsync(applier, producer, stop);
                }

                ReportLag(consumer);
                if (Stopwatch.GetElapsedTime(_lastCommit).TotalMilliseconds >= options.CommitIntervalMs)
                {
                    Commit(consumer, null);
                }
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            LogAborted(logger);
            return; // a simulated crash: no commit, no goodbye to the group
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            LogGaveUpBatch(logger, _pending.Count);
        }

        Commit(consumer, null);
        consumer.Close();
        LogStopped(logger, options.Topic);
    }

    /// <summary>Stops at once without committing or leaving the group, as a crashed process would (for tests).</summary>
    public void Abort() => _abort.Cancel();

    private async Task ApplyPendingAsync(BatchApplier applier, IProducer<byte[]?, byte[]?> producer, CancellationToken stop)
    {
        var started = Stopwatch.GetTimestamp();
        var deadLetters = await applier.ApplyAsync(_pending, stop, _abort.Token);
        await _deadLetters.WriteAsync(producer, deadLetters, stop, _abort.Token);
        foreach (var message in _pending)
        {
            var next = message.Offset.Value + 1;
            if (!_processed.TryGetValue(message.TopicPartition, out var known) || next > known)
            {
                _processed[message.TopicPartition] = next;
            }
        }

        LogBatchApplied(logger, _pending.Count, deadLetters.Count, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        _pending.Clear();
    }

    /// <summary>Reads until the batch is full, its window has passed, or nothing arrives for a poll interval.</summary>
    private void Fill(IConsumer<byte[]?, byte[]?> consumer, CancellationToken stop)
    {
        var started = 0L;
        while (_pending.Count < options.MaxBatchEvents && !stop.IsCancellationRequested)
        {
            _abort.Token.ThrowIfCancellationRequested();
            var waitMs = _pending.Count == 0 ? IdlePollMs : options.BatchWindowMs - (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (waitMs <= 0)
            {
                return;
            }

            var result = Consume(consumer, waitMs);
            if (result is null)
            {
                if (_pending.Count == 0)
                {
                    return;
                }

                continue;
            }

            started = _pending.Count == 0 ? Stopwatch.GetTimestamp() : started;
            _pending.Add(result);
        }
    }

    private ConsumeResult<byte[]?, byte[]?>? Consume(IConsumer<byte[]?, byte[]?> consumer, int waitMs)
    {
        try
        {
            var result = consumer.Consume(waitMs);
            return result is null || result.IsPartitionEOF ? null : result;
        }
        catch (ConsumeException e) when (!e.Error.IsFatal)
        {
            LogConsumeError(logger, e.Error.Code, e.Error.Reason);
            return null;
        }
    }

    /// <summary>Commits processed offsets (of <paramref name="only"/> these partitions, when given); a failure is logged and retried later.</summary>
    private void Commit(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartitionOffset>? only)
    {
        _lastCommit = Stopwatch.GetTimestamp();
        var offsets = new List<TopicPartitionOffset>();
        foreach (var (partition, next) in _processed)
        {
            if ((only is null || only.Exists(p => p.TopicPartition == partition)) && (!_committed.TryGetValue(partition, out var done) || done != next))
            {
                offsets.Add(new TopicPartitionOffset(partition, next));
            }
        }

        if (offsets.Count == 0)
        {
            return;
        }

        try
        {
            consumer.Commit(offsets);
            offsets.ForEach(o => _committed[o.TopicPartition] = o.Offset.Value);
            metrics.Commit("ok");
        }
        catch (KafkaException e) when (e.Error.Code == ErrorCode.RebalanceInProgress)
        {
            // The partitions may move; whoever gets them replays from the last commit and the grains skip the duplicates.
            metrics.Commit("rebalance");
            LogCommitDuringRebalance(logger, offsets.Count);
        }
        catch (KafkaException e) when (!e.Error.IsFatal)
        {
            metrics.Commit("failed");
            LogCommitFailed(logger, e.Error.Code, e.Error.Reason);
        }
    }

    private IConsumer<byte[]?, byte[]?> BuildConsumer()
    {
        var config = ClientConfig(new ConsumerConfig
        {
            GroupId = options.GroupId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = options.AutoOffsetReset == "latest" ? AutoOffsetReset.Latest : AutoOffsetReset.Earliest,
        });
        return new ConsumerBuilder<byte[]?, byte[]?>(config)
            .SetPartitionsAssignedHandler((_, assigned) => LogAssigned(logger, string.Join(",", assigned.ConvertAll(p => p.Partition.Value))))
            .SetPartitionsRevokedHandler(OnRevoked)
            .SetPartitionsLostHandler((_, lost) => Forget(lost))
            .SetErrorHandler((_, error) => LogClientError(logger, error.Code, error.Reason, error.IsFatal))
            .Build();
    }

    /// <summary>Before partitions move: commit what was applied from them and drop their unapplied events (the new owner reads them).</summary>
    private void OnRevoked(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartitionOffset> revoked)
    {
        LogRevoked(logger, string.Join(",", revoked.ConvertAll(p => p.Partition.Value)));
        Commit(consumer, revoked);
        Forget(revoked);
    }

    private void Forget(List<TopicPartitionOffset> partitions)
    {
        foreach (var p in partitions)
        {
            _pending.RemoveAll(m => m.TopicPartition == p.TopicPartition);
            _processed.Remove(p.TopicPartition);
            _committed.Remove(p.TopicPartition);
        }
    }

    /// <summary>Lag per assigned partition from the watermarks the client already holds (no broker round trip).</summary>
    private void ReportLag(IConsumer<byte[]?, byte[]?> consumer)
    {
        var assignment = consumer.Assignment;
        var lag = new Measurement<long>[assignment.Count];
        for (var i = 0; i < assignment.Count; i++)
        {
            var partition = assignment[i];
            var high = consumer.GetWatermarkOffsets(partition).High;
            var next = _processed.TryGetValue(partition, out var processed) ? processed : consumer.Position(partition).Value;
            var behind = high.IsSpecial || next < 0 ? 0 : Math.Max(0, high.Value - next);
            lag[i] = new Measurement<long>(behind, new KeyValuePair<string, object?>("topic", partition.Topic), new KeyValuePair<string, object?>("partition", partition.Partition.Value));
        }

        metrics.SetLag(lag);
    }

    private T ClientConfig<T>(T config)
        where T : ClientConfig
    {
        config.BootstrapServers = options.BootstrapServers;
        foreach (var (key, value) in options.ClientSettings)
        {
            config.Set(key, value);
        }

        return config;
    }
}
