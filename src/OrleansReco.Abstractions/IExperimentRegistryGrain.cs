namespace OrleansReco.Abstractions;

/// <summary>
/// The list of experiments (key 0): creates, stops, lists them and computes results. Touched by administrators and by
/// each silo's periodic refresh, never per request.
/// </summary>
public interface IExperimentRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Creates an experiment; errors name the field (a duplicate name is the field <c>name</c>, nothing is stored then).</summary>
    Task<ExperimentCreation> CreateAsync(ExperimentDefinition definition);

    /// <summary>Every experiment, oldest first.</summary>
    Task<IReadOnlyList<ExperimentInfo>> ListAsync();

    /// <summary>One experiment, or null when unknown.</summary>
    Task<ExperimentInfo?> GetAsync(string name);

    /// <summary>Stops an experiment (idempotent); null when unknown.</summary>
    Task<ExperimentInfo?> StopAsync(string name);

    /// <summary>Results so far, or null when unknown.</summary>
    Task<ExperimentResults?> GetResultsAsync(string name);
}

/// <summary>The created experiment, or why it was refused.</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.ExperimentCreation")]
public sealed record ExperimentCreation(
    [property: Id(0)] ExperimentInfo? Experiment,
    [property: Id(1)] IReadOnlyList<FieldError> Errors,
    [property: Id(2)] bool DuplicateName);
