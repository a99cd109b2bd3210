using OrleansReco.Abstractions;
using OrleansReco.Grains.Catalog;

namespace OrleansReco.Grains.Users;

/// <summary>
/// The event-log half of <see cref="UserGrain"/>: events from a partitioned log (Kafka) applied at most once per
/// offset. The grain stores, with its learned state and in the same write, the last offset it applied per
/// (topic, partition); a redelivered event at or below it is skipped, so at-least-once delivery becomes exactly-once
/// in effect. Each event is validated on its own: a bad one is refused (and remembered, so a redelivery reports it
/// again) while the others are learned from.
/// </summary>
public sealed partial class UserGrain
{
    /// <summary>Refused log events each user remembers for redeliveries.</summary>
    private const int RememberedLogRejections = 32;

    /// <summary>Longest Kafka topic name.</summary>
    private const int MaxTopicLength = 249;

    /// <inheritdoc />
    public async Task<LogApplyResult> ApplyLogEventsAsync(LogEventBatch batch)
    {
        var cursor = CursorOf(batch);
        var last = _state.LogCursors is { } cursors && cursors.TryGetValue(cursor, out var applied) ? applied : -1;
        var first = FirstAfter(batch.Offsets, last);
        var redelivered = RememberedRejections(cursor, batch.Offsets, first);
        if (first == batch.Offsets.Length)
        {
            return new LogApplyResult(0, first, redelivered);
        }

        var (previousCursors, previousRejections) = (_state.LogCursors, _state.LogRejections);
        try
        {
            var indexed = await indexReplica.GetAsync();
            var (valid, validOffsets, rejected) = SplitValid(batch, first, indexed.Catalog, clock.UtcNow);
            AdvanceCursor(cursor, batch.Offsets[^1], rejected);
            var learned = await LearnLogEventsAsync(valid, validOffsets, cursor, rejected);
            rejected.InsertRange(0, redelivered);
            return new LogApplyResult(learned, first, rejected);
        }
        catch
        {
            // Nothing new was stored: forget the advanced cursor so a retry applies these events.
            (_state.LogCursors, _state.LogRejections) = (previousCursors, previousRejections);
            throw;
        }
    }

    /// <summary>
    /// Learns the valid events in one write (with the advanced cursor); an event whose step the learner refuses is moved to
    /// <paramref name="rejected"/> and the rest tried again. Returns how many were learned.
    /// </summary>
    private async Task<int> LearnLogEventsAsync(List<Interaction> valid, List<long> offsets, string cursor, List<LogRejection> rejected)
    {
        while (valid.Count > 0)
        {
            var result = await RecordAsync(valid, idempotencyKey: null);
            if (result.IsAccepted)
            {
                return valid.Count;
            }

            // RecordAsync restored the state cloned after the cursor moved; the refused event joins the rejections.
            var error = result.Errors[0];
            var index = IndexOf(error.Field) is { } i && i < valid.Count ? i : 0;
            rejected.Add(new LogRejection(offsets[index], "interaction", error.Message));
            Remember(cursor, rejected[^1]);
            valid.RemoveAt(index);
            offsets.RemoveAt(index);
        }

        await WriteStateAsync();
        return 0;
    }

    private (List<Interaction> Valid, List<long> Offsets, List<LogRejection> Rejected) SplitValid(LogEventBatch batch, int first, ItemCatalog catalog, DateTimeOffset now)
    {
        var valid = new List<Interaction>(batch.Offsets.Length - first);
        var offsets = new List<long>(valid.Capacity);
        var rejected = new List<LogRejection>();
        var newHides = 0;
        for (var i = first; i < batch.Offsets.Length; i++)
        {
            var interaction = batch.Interactions[i];
            var errors = InteractionValidator.Validate([interaction], catalog, now);
            var hides = interaction?.Type == InteractionType.Hide && _state.Hidden?.Contains(interaction.ItemId) != true ? 1 : 0;
            if (errors.Count == 0 && _state.HiddenItems.Count + newHides + hides > options.Value.MaxHiddenItems)
            {
                errors.Add(new FieldError("type", $"A user may hide at most {options.Value.MaxHiddenItems} items."));
            }

            if (errors.Count > 0)
            {
                rejected.Add(new LogRejection(batch.Offsets[i], FieldName(errors[0].Field), errors[0].Message));
                continue;
            }

            newHides += hides;
            valid.Add(interaction!);
            offsets.Add(batch.Offsets[i]);
        }

        return (valid, offsets, rejected);
    }

    /// <summary>
    /// Moves the cursor (copy on write, so a failure can put the old one back) and remembers the rejections. Both are
    /// allocated on a user's first log event only (most users never come through the log).
    /// </summary>
    private void AdvanceCursor(string cursor, long offset, List<LogRejection> rejected)
    {
        _state.LogCursors = _state.LogCursors is { } cursors
            ? new Dictionary<string, long>(cursors, StringComparer.Ordinal) { [cursor] = offset }
            : new Dictionary<string, long>(1, StringComparer.Ordinal) { [cursor] = offset };
        _state.LogRejections = _state.LogRejections is { } remembered ? [.. remembered] : null;
        foreach (var rejection in rejected)
        {
            Remember(cursor, rejection);
        }
    }

    private void Remember(string cursor, LogRejection rejection)
    {
        var remembered = _state.LogRejections ??= [];
        remembered.Add(new RememberedLogRejection(cursor, rejection));
        if (remembered.Count > RememberedLogRejections)
        {
            remembered.RemoveAt(0);
        }
    }

    /// <summary>Rejections this user remembers among the redelivered events (offsets before <paramref name="first"/>).</summary>
    private List<LogRejection> RememberedRejections(string cursor, long[] offsets, int first)
    {
        var found = new List<LogRejection>();
        if (first == 0)
        {
            return found;
        }

        if (_state.LogRejections is not { } all)
        {
            return found;
        }

        foreach (var remembered in all)
        {
            if (remembered.Cursor == cursor && Array.BinarySearch(offsets, 0, first, remembered.Rejection.Offset) >= 0)
            {
                found.Add(remembered.Rejection);
            }
        }

        return found;
    }

    /// <summary>Checks the batch's shape (a caller's bug, not bad data) and returns its cursor key "topic/partition".</summary>
    private static string CursorOf(LogEventBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentException.ThrowIfNullOrEmpty(batch.Topic, nameof(batch.Topic));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batch.Topic.Length, MaxTopicLength, nameof(batch.Topic));
        ArgumentOutOfRangeException.ThrowIfNegative(batch.Partition, nameof(batch.Partition));
        ArgumentNullException.ThrowIfNull(batch.Offsets, nameof(batch.Offsets));
        ArgumentNullException.ThrowIfNull(batch.Interactions, nameof(batch.Interactions));
        if (batch.Offsets.Length != batch.Interactions.Length || batch.Offsets.Length is 0 or > RecoLimits.MaxBatchSize)
        {
            throw new ArgumentException($"A log batch holds 1 to {RecoLimits.MaxBatchSize} events with one offset each.", nameof(batch));
        }

        for (var i = 0; i < batch.Offsets.Length; i++)
        {
            if (batch.Offsets[i] < 0 || (i > 0 && batch.Offsets[i] <= batch.Offsets[i - 1]))
            {
                throw new ArgumentException("Log offsets must be non-negative and strictly increasing.", nameof(batch));
            }
        }

        return string.Concat(batch.Topic, "/", batch.Partition.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Index of the first offset above <paramref name="last"/> (offsets are sorted).</summary>
    private static int FirstAfter(long[] offsets, long last)
    {
        var i = 0;
        while (i < offsets.Length && offsets[i] <= last)
        {
            i++;
        }

        return i;
    }

    /// <summary>"interactions[0].itemId" → "itemId": a log event is validated alone.</summary>
    private static string FieldName(string field) => field.IndexOf("].", StringComparison.Ordinal) is var dot and >= 0 ? field[(dot + 2)..] : "interaction";

    /// <summary>The index in "interactions[i]…", or null.</summary>
    private static int? IndexOf(string field)
    {
        var open = field.IndexOf('[', StringComparison.Ordinal);
        var close = field.IndexOf(']', StringComparison.Ordinal);
        return open >= 0 && close > open && int.TryParse(field.AsSpan(open + 1, close - open - 1), out var index) ? index : null;
    }
}
