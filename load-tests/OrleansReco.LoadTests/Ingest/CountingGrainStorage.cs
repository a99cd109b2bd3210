using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace OrleansReco.LoadTests.Ingest;

/// <summary>Counts the reads, writes and clears a named grain storage receives: write amplification is measured, not assumed.</summary>
public sealed class CountingGrainStorage(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private long _reads;
    private long _writes;
    private long _clears;

    /// <summary>State reads so far.</summary>
    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>State writes so far.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>State clears so far.</summary>
    public long Clears => Interlocked.Read(ref _clears);

    /// <summary>Wraps the keyed storage <paramref name="name"/> registered in <paramref name="services"/>; returns the counter.</summary>
    public static CountingHandle Decorate(IServiceCollection services, string name)
    {
        var original = services.LastOrDefault(d => d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, name) && d.KeyedImplementationFactory is not null)
            ?? throw new InvalidOperationException($"No grain storage named '{name}' is registered.");
        var handle = new CountingHandle();
        services.Remove(original);
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) => handle.Counter = new CountingGrainStorage((IGrainStorage)original.KeyedImplementationFactory!(sp, key)));
        return handle;
    }

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Interlocked.Increment(ref _reads);
        return inner.ReadStateAsync(stateName, grainId, grainState);
    }

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Interlocked.Increment(ref _writes);
        return inner.WriteStateAsync(stateName, grainId, grainState);
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Interlocked.Increment(ref _clears);
        return inner.ClearStateAsync(stateName, grainId, grainState);
    }

    /// <inheritdoc />
    public void Participate(ISiloLifecycle observer)
    {
        if (inner is ILifecycleParticipant<ISiloLifecycle> participant)
        {
            participant.Participate(observer);
        }
    }
}

/// <summary>The decorator once the silo created it.</summary>
public sealed class CountingHandle
{
    /// <summary>The counting storage (null until first resolved).</summary>
    public CountingGrainStorage? Counter { get; set; }
}
