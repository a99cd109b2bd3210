namespace OrleansReco.Benchmarks.UserMemory;

/// <summary>A grain activated only to measure what one activation costs.</summary>
public interface IMemoryProbeGrain : IGrainWithStringKey
{
    /// <summary>Activates the grain (and writes its state, if it has one).</summary>
    Task TouchAsync();
}

/// <summary>No state at all: Orleans' own cost of an activation.</summary>
public sealed class EmptyProbeGrain : Grain, IMemoryProbeGrain
{
    /// <inheritdoc />
    public Task TouchAsync() => Task.CompletedTask;
}

/// <summary>A <c>float[64]</c> in <see cref="IPersistentState{T}"/>: the reference point.</summary>
public sealed class PersistentFloatsProbeGrain([PersistentState("probe", UserMemoryCluster.StorageName)] IPersistentState<ProbeFloats> state)
    : Grain, IMemoryProbeGrain
{
    /// <inheritdoc />
    public Task TouchAsync()
    {
        state.State.Values = new float[64];
        return state.WriteStateAsync();
    }
}

/// <summary>State of <see cref="PersistentFloatsProbeGrain"/>.</summary>
[GenerateSerializer]
public sealed class ProbeFloats
{
    /// <summary>The floats.</summary>
    [Id(0)] public float[] Values { get; set; } = [];
}

/// <summary>The same float[64] written through <see cref="Orleans.Storage.IGrainStorage"/> directly: the grain is its own <see cref="IGrainState{T}"/>.</summary>
public sealed class StorageFloatsProbeGrain([Microsoft.Extensions.DependencyInjection.FromKeyedServices(UserMemoryCluster.StorageName)] Orleans.Storage.IGrainStorage storage)
    : Grain, IMemoryProbeGrain, IGrainState<ProbeFloats>
{
    /// <inheritdoc />
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public ProbeFloats State { get; set; } = new();

    /// <inheritdoc />
    public string? ETag { get; set; }

    /// <inheritdoc />
    public bool RecordExists { get; set; }

    /// <inheritdoc />
    public Task TouchAsync()
    {
        State.Values = new float[64];
        return storage.WriteStateAsync("probe", this.GetGrainId(), this);
    }
}
