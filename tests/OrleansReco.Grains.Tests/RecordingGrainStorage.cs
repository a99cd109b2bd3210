using System.Collections.Concurrent;
using Orleans.Serialization;
using Orleans.Storage;

namespace OrleansReco.Grains.Tests;

/// <summary>
/// In-memory grain storage that keeps deep copies, lets tests read what is stored, and fails writes
/// for grains whose key starts with <see cref="FailingPrefix"/> (to test that a failed write acknowledges nothing).
/// </summary>
public sealed class RecordingGrainStorage(DeepCopier copier) : IGrainStorage
{
    public const string FailingPrefix = "fail-write-";

    /// <summary>Grains whose key starts with this store their first write and fail every later one.</summary>
    public const string FailingAfterFirstWritePrefix = "fail-later-";

    private static readonly ConcurrentDictionary<string, (object State, string ETag)> Stored = new();

    public static T? StoredState<T>(GrainId grainId) where T : class =>
        Stored.TryGetValue(grainId.ToString(), out var entry) ? (T)entry.State : null;

    /// <summary>Stores <paramref name="state"/> as if a grain had written it (e.g. state of an earlier shape).</summary>
    public static void Seed<T>(GrainId grainId, T state) where T : class => Stored[grainId.ToString()] = (state, Guid.NewGuid().ToString("N"));

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (Stored.TryGetValue(grainId.ToString(), out var entry))
        {
            grainState.State = copier.Copy((T)entry.State);
            grainState.ETag = entry.ETag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = grainId.Key.ToString()!;
        if (key.StartsWith(FailingPrefix, StringComparison.Ordinal)
            || (key.StartsWith(FailingAfterFirstWritePrefix, StringComparison.Ordinal) && Stored.ContainsKey(grainId.ToString())))
        {
            throw new IOException("Simulated storage outage.");
        }

        var etag = Guid.NewGuid().ToString("N");
        Stored[grainId.ToString()] = (copier.Copy(grainState.State)!, etag);
        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Stored.TryRemove(grainId.ToString(), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }
}
