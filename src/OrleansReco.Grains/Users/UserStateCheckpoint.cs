using System.Buffers;

namespace OrleansReco.Grains.Users;

/// <summary>
/// What a batch, a model rollover or a log apply may change in a <see cref="UserState"/>, copied into pooled buffers
/// before, so one that fails (a refused step, a failed storage write) puts the state back exactly. Cheaper than a deep
/// copy of the state: no allocation except a copy of the hidden set for a batch that hides items. Call
/// <see cref="Release"/> when done. A member added to <see cref="UserState"/> that any of those can change belongs here.
/// </summary>
internal struct UserStateCheckpoint
{
    private readonly UserState _state;
    private readonly (float[] Vector, float[] ShortTerm, Half[] Baseline, float[] Moment1, float[] Moment2) _arrays;
    private readonly (int[] Items, Half[] Weights, uint[] Seconds, int Head, int Count) _replay;
    private readonly (long Steps, ulong Random, long Interactions, long Version, DateTimeOffset? Updated) _learning;
    private readonly (float Cosine, float Average, long Events, int? Segment, long SegmentGeneration) _drift;
    private readonly (UserContext? LastContext, OrleansReco.Abstractions.UserDemographics? Demographics) _context;
    private readonly (Dictionary<string, long>? Cursors, int CursorCount, List<RememberedLogRejection>? Rejections, int RejectionCount) _log;
    private readonly (HashSet<string>? Set, HashSet<string>? Copy) _hidden;
    private readonly List<AcceptedBatch>? _batches;
    private readonly int _batchCount;
    private readonly AcceptedBatch? _oldestBatch;
    private readonly List<string> _seen;
    private readonly int _seenCount;
    private float[]? _floats;
    private Half[]? _halves;
    private int[]? _ints;
    private string[]? _strings;
    private KeyValuePair<string, long>[]? _cursors;
    private RememberedLogRejection[]? _rejections;

    private UserStateCheckpoint(UserState s, bool copyHidden)
    {
        _state = s;
        _arrays = (s.Vector, s.ShortTerm, s.BaselineHalf, s.Moment1, s.Moment2);
        _replay = (s.ReplayItems, s.ReplayWeightsHalf, s.ReplaySeconds, s.ReplayHead, s.ReplayCount);
        _learning = (s.OptimizerSteps, s.RandomState, s.InteractionCount, s.ModelVersion, s.LastUpdated);
        _drift = (s.DriftCosine, s.AverageDriftCosine, s.DriftEvents, s.Segment, s.SegmentGeneration);
        _context = (s.LastContext, s.Demographics);
        _log = (s.LogCursors, s.LogCursors?.Count ?? 0, s.LogRejections, s.LogRejections?.Count ?? 0);
        _hidden = (s.Hidden, copyHidden && s.Hidden is { } hidden ? new HashSet<string>(hidden, hidden.Comparer) : null);
        (_batches, _batchCount, _oldestBatch) = (s.AcceptedBatches, s.AcceptedBatches?.Count ?? 0, s.AcceptedBatches is [var first, ..] ? first : null);
        (_seen, _seenCount) = (s.RecentlySeen, s.RecentlySeen.Count);
        var floats = s.Vector.Length + s.ShortTerm.Length + s.Moment1.Length + s.Moment2.Length;
        _floats = ArrayPool<float>.Shared.Rent(floats);
        _halves = ArrayPool<Half>.Shared.Rent(s.BaselineHalf.Length + s.ReplayWeightsHalf.Length);
        _ints = ArrayPool<int>.Shared.Rent(2 * s.ReplayItems.Length);
        _strings = ArrayPool<string>.Shared.Rent(_seenCount);
        _cursors = ArrayPool<KeyValuePair<string, long>>.Shared.Rent(_log.CursorCount);
        _rejections = ArrayPool<RememberedLogRejection>.Shared.Rent(_log.RejectionCount);
        Copy(toBuffers: true);
        CopyLog(toBuffers: true);
    }

    /// <summary>Copies what a batch may change; <paramref name="hides"/>: the batch hides items (the hidden set is copied too).</summary>
    public static UserStateCheckpoint Capture(UserState state, bool hides) => new(state, hides);

    /// <summary>Puts the state back as it was at <see cref="Capture"/>.</summary>
    public readonly void Restore()
    {
        var s = _state;
        (s.Vector, s.ShortTerm, s.BaselineHalf, s.Moment1, s.Moment2) = _arrays;
        (s.ReplayItems, s.ReplayWeightsHalf, s.ReplaySeconds, s.ReplayHead, s.ReplayCount) = _replay;
        (s.OptimizerSteps, s.RandomState, s.InteractionCount, s.ModelVersion, s.LastUpdated) = _learning;
        (s.DriftCosine, s.AverageDriftCosine, s.DriftEvents, s.Segment, s.SegmentGeneration) = _drift;
        (s.LastContext, s.Demographics) = _context;
        (s.LogCursors, s.LogRejections) = (_log.Cursors, _log.Rejections);
        CopyLog(toBuffers: false);
        s.Hidden = _hidden.Copy ?? _hidden.Set;
        s.AcceptedBatches = _batches;
        if (_batches is not null)
        {
            RestoreBatches(_batches);
        }

        s.RecentlySeen = _seen;
        Copy(toBuffers: false);
    }

    /// <summary>Returns the pooled buffers.</summary>
    public void Release()
    {
        Return(ref _floats);
        Return(ref _halves);
        Return(ref _ints);
        ReturnCleared(ref _strings);
        ReturnCleared(ref _cursors);
        ReturnCleared(ref _rejections);
    }

    /// <summary>A batch appends at most one accepted batch and may then drop the oldest.</summary>
    private readonly void RestoreBatches(List<AcceptedBatch> batches)
    {
        if (batches.Count > 0 && (batches.Count > _batchCount || !ReferenceEquals(batches[0], _oldestBatch)))
        {
            batches.RemoveAt(batches.Count - 1);
        }

        if (_oldestBatch is not null && (batches.Count == 0 || !ReferenceEquals(batches[0], _oldestBatch)))
        {
            batches.Insert(0, _oldestBatch);
        }
    }

    private readonly void Copy(bool toBuffers)
    {
        var floats = _floats.AsSpan();
        foreach (var array in (ReadOnlySpan<float[]>)[_arrays.Vector, _arrays.ShortTerm, _arrays.Moment1, _arrays.Moment2])
        {
            Move(array, floats, toBuffers);
            floats = floats[array.Length..];
        }

        Move(_arrays.Baseline, _halves, toBuffers);
        Move(_replay.Weights, _halves.AsSpan(_arrays.Baseline.Length), toBuffers);
        Move(_replay.Items, _ints, toBuffers);
        Move(System.Runtime.InteropServices.MemoryMarshal.Cast<uint, int>(_replay.Seconds.AsSpan()), _ints.AsSpan(_replay.Items.Length), toBuffers);
        if (toBuffers)
        {
            System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_seen).CopyTo(_strings);
        }
        else
        {
            _seen.Clear();
            _seen.AddRange(_strings.AsSpan(0, _seenCount));
        }
    }

    /// <summary>The event-log cursors and remembered rejections (few: a user's partitions, at most 32 rejections).</summary>
    private readonly void CopyLog(bool toBuffers)
    {
        if (_log.Cursors is { } cursors)
        {
            if (toBuffers)
            {
                ((ICollection<KeyValuePair<string, long>>)cursors).CopyTo(_cursors!, 0);
            }
            else
            {
                cursors.Clear();
                foreach (var (cursor, offset) in _cursors.AsSpan(0, _log.CursorCount))
                {
                    cursors[cursor] = offset;
                }
            }
        }

        if (_log.Rejections is { } rejections)
        {
            if (toBuffers)
            {
                rejections.CopyTo(_rejections!);
            }
            else
            {
                rejections.Clear();
                rejections.AddRange(_rejections.AsSpan(0, _log.RejectionCount));
            }
        }
    }

    private static void Move<T>(Span<T> live, Span<T> buffer, bool toBuffer)
    {
        if (toBuffer)
        {
            live.CopyTo(buffer);
        }
        else
        {
            buffer[..live.Length].CopyTo(live);
        }
    }

    private static void ReturnCleared<T>(ref T[]? array)
    {
        if (array is not null)
        {
            ArrayPool<T>.Shared.Return(array, clearArray: true);
            array = null;
        }
    }

    private static void Return<T>(ref T[]? array)
    {
        if (array is not null)
        {
            ArrayPool<T>.Shared.Return(array);
            array = null;
        }
    }
}
