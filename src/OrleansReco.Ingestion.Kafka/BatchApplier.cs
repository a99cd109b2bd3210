using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using OrleansReco.Abstractions;

namespace OrleansReco.Ingestion.Kafka;

/// <summary>
/// Applies one consumed batch: parses each event, groups a partition's events per user in log order, and sends each
/// user's events to its grain in as few calls as the per-call limit allows (many users at once, one user's calls in
/// order). A failed grain call is retried with backoff, never dead-lettered; unreadable events and events the grain
/// refused come back as dead letters.
/// </summary>
internal sealed partial class BatchApplier(IGrainFactory grains, KafkaIngestionOptions options, KafkaIngestionMetrics metrics, ILogger logger)
{
    private const int MaxBackoffMs = 30_000;

    /// <summary>
    /// Returns when every event of the batch was acknowledged by its grain; throws <see cref="OperationCanceledException"/>
    /// when <paramref name="stop"/> fires while a call is being retried or <paramref name="abort"/> fires at all.
    /// </summary>
    public async Task<List<DeadLetter>> ApplyAsync(IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> messages, CancellationToken stop, CancellationToken abort)
    {
        var deadLetters = new List<DeadLetter>();
        var users = Group(messages, deadLetters);
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(stop, abort);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrentGrainCalls, CancellationToken = abort };
        await Parallel.ForEachAsync(users, parallel, async (events, _) => await ApplyUserAsync(events, messages, deadLetters, giveUp.Token, abort));
        return deadLetters;
    }

    private static List<UserEvents> Group(IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> messages, List<DeadLetter> deadLetters)
    {
        var byUser = new Dictionary<(int Partition, string User), UserEvents>();
        var users = new List<UserEvents>();
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (!InteractionEvent.TryParse(message.Message.Value, out var parsed, out var field, out var reason))
            {
                deadLetters.Add(new DeadLetter(message, DeadLetter.Malformed, field, reason, EventId: null));
                continue;
            }

            if (!byUser.TryGetValue((message.Partition.Value, parsed.UserId), out var events))
            {
                events = new UserEvents(message.Topic, message.Partition.Value, parsed.UserId);
                byUser.Add((message.Partition.Value, parsed.UserId), events);
                users.Add(events);
            }

            if (events.Count == 0 || message.Offset.Value > events.LastOffset)
            {
                events.Add(message.Offset.Value, parsed, i); // a batch never holds an offset twice, but a grain batch must be strictly increasing
            }
        }

        return users;
    }

    private async Task ApplyUserAsync(UserEvents events, IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> messages, List<DeadLetter> deadLetters,
        CancellationToken giveUp, CancellationToken abort)
    {
        var grain = grains.GetGrain<IUserGrain>(events.UserId);
        for (var start = 0; start < events.Count; start += options.MaxEventsPerGrainCall)
        {
            var batch = events.Slice(start, Math.Min(options.MaxEventsPerGrainCall, events.Count - start));
            var result = await CallAsync(grain, batch, giveUp, abort);
            foreach (var rejection in result.Rejected)
            {
                var index = events.IndexOf(rejection.Offset);
                var source = messages[events.MessageIndex[index]];
                lock (deadLetters)
                {
                    deadLetters.Add(new DeadLetter(source, DeadLetter.Invalid, rejection.Field, rejection.Reason, events.EventIds[index]));
                }
            }
        }
    }

    private async Task<LogApplyResult> CallAsync(IUserGrain grain, LogEventBatch batch, CancellationToken giveUp, CancellationToken abort)
    {
        var backoff = options.RetryBackoffMs;
        while (true)
        {
            try
            {
                var call = grain.ApplyLogEventsAsync(batch);
                _ = call.ContinueWith(Count, CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                return await call.WaitAsync(abort);
            }
            catch (Exception e) when (!abort.IsCancellationRequested)
            {
                metrics.Retry("grain");
                LogGrainRetry(logger, e, grain.GetPrimaryKeyString(), batch.Partition, batch.Offsets[0], backoff);
                await Task.Delay(backoff, giveUp);
                backoff = Math.Min(backoff * 2, MaxBackoffMs);
            }
        }
    }

    /// <summary>Counts what a grain did even when the consumer was aborted before the answer came: the grain did apply it.</summary>
    private void Count(Task<LogApplyResult> call)
    {
        metrics.Applied(call.Result.Applied);
        metrics.Skipped(call.Result.Skipped);
    }

    [LoggerMessage(20, LogLevel.Warning, "Kafka: applying user {UserId}'s events from partition {Partition} at offset {Offset} failed; retrying in {BackoffMs} ms")]
    private static partial void LogGrainRetry(ILogger logger, Exception exception, string userId, int partition, long offset, int backoffMs);

    /// <summary>One user's events from one partition, in log order.</summary>
    private sealed class UserEvents(string topic, int partition, string userId)
    {
        private readonly List<long> _offsets = [];
        private readonly List<Interaction> _interactions = [];

        public string UserId => userId;

        public int Count => _offsets.Count;

        public long LastOffset => _offsets[^1];

        public List<int> MessageIndex { get; } = [];

        public List<string?> EventIds { get; } = [];

        public void Add(long offset, InteractionEvent parsed, int messageIndex)
        {
            _offsets.Add(offset);
            _interactions.Add(parsed.Interaction);
            EventIds.Add(parsed.EventId);
            MessageIndex.Add(messageIndex);
        }

        public LogEventBatch Slice(int start, int count) =>
            new(topic, partition, _offsets.GetRange(start, count).ToArray(), _interactions.GetRange(start, count).ToArray());

        public int IndexOf(long offset) => _offsets.BinarySearch(offset);
    }
}
