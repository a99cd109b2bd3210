using Orleans.Storage;

namespace OrleansReco.Benchmarks.UserMemory;

/// <summary>
/// Grain storage that reads nothing and discards every write (it only hands out an ETag), so a memory measurement
/// counts what the activations hold and not a stored copy of their state.
/// </summary>
public sealed class DiscardingGrainStorage : IGrainStorage
{
    private const string ETag = "1";

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        (grainState.ETag, grainState.RecordExists) = (ETag, true);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        (grainState.ETag, grainState.RecordExists) = (null, false);
        return Task.CompletedTask;
    }
}
