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

    private static readonly ConcurrentDictionary<string, (object State, string ETag)> Stored = new();

    public static T? StoredState<T>(GrainId grainId) where T : class =>
        Stored.TryGetValue(grainId.ToString(), out var entry) ? (T)entry.State : null;

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
        if (grainId.Key.ToString()!.StartsWith(FailingPrefix, StringComparison.Ordinal))
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
