using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace OrleansReco.LoadTests.Targets;

/// <summary>
/// Grain storage that keeps nothing: reads find no record, writes are acknowledged and dropped. The memory scenario uses
/// it so that what it measures is the activations' own state: the memory provider would hold a second, serialized copy
/// of every user's state in its storage grains, which a silo with durable storage does not hold.
/// </summary>
public sealed class DiscardingGrainStorage : IGrainStorage
{
    private long _writes;

    /// <summary>Writes acknowledged (and dropped).</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>Registers a discarding storage named <paramref name="name"/>.</summary>
    public static void Add(ISiloBuilder silo, string name) =>
        silo.Services.AddKeyedSingleton<IGrainStorage>(name, (_, _) => new DiscardingGrainStorage());

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Interlocked.Increment(ref _writes);
        grainState.ETag = "discarded";
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }
}
