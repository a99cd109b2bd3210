using Confluent.Kafka;
using ErrorCode = Confluent.Kafka.ErrorCode;
using Microsoft.Extensions.Logging;

namespace OrleansReco.Ingestion.Kafka;

public sealed partial class KafkaIngestionWorker
{
    [LoggerMessage(1, LogLevel.Information, "Kafka: consuming {Topic} as group {GroupId}")]
    private static partial void LogStarted(ILogger logger, string topic, string groupId);

    [LoggerMessage(2, LogLevel.Information, "Kafka: stopped consuming {Topic}; applied offsets committed")]
    private static partial void LogStopped(ILogger logger, string topic);

    [LoggerMessage(3, LogLevel.Warning, "Kafka: aborted without committing")]
    private static partial void LogAborted(ILogger logger);

    [LoggerMessage(4, LogLevel.Warning, "Kafka: shutdown gave up a batch of {Count} events still being retried; it is replayed on the next start")]
    private static partial void LogGaveUpBatch(ILogger logger, int count);

    [LoggerMessage(5, LogLevel.Warning, "Kafka: consume error {Code}: {Reason}")]
    private static partial void LogConsumeError(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(6, LogLevel.Information, "Kafka: commit of {Count} partition(s) refused during a rebalance; the next owner replays from the last commit")]
    private static partial void LogCommitDuringRebalance(ILogger logger, int count);

    [LoggerMessage(7, LogLevel.Warning, "Kafka: commit failed, {Code}: {Reason}; retried at the next commit")]
    private static partial void LogCommitFailed(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(8, LogLevel.Information, "Kafka: partitions assigned: {Partitions}")]
    private static partial void LogAssigned(ILogger logger, string partitions);

    [LoggerMessage(9, LogLevel.Information, "Kafka: partitions revoked: {Partitions}")]
    private static partial void LogRevoked(ILogger logger, string partitions);

    [LoggerMessage(10, LogLevel.Warning, "Kafka client error {Code}: {Reason} (fatal: {Fatal})")]
    private static partial void LogClientError(ILogger logger, ErrorCode code, string reason, bool fatal);

    [LoggerMessage(11, LogLevel.Debug, "Kafka: applied a batch of {Count} events ({DeadLetters} dead-lettered) in {ElapsedMs} ms")]
    private static partial void LogBatchApplied(ILogger logger, int count, int deadLetters, long elapsedMs);
}
