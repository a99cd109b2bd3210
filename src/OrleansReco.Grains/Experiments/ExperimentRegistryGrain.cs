using OrleansReco.Abstractions;
using OrleansReco.Grains.Catalog;

namespace OrleansReco.Grains.Experiments;

/// <summary>Persisted list of experiments.</summary>
[GenerateSerializer, Alias("OrleansReco.ExperimentRegistryState")]
public sealed class ExperimentRegistryState
{
    /// <summary>Every experiment, oldest first.</summary>
    [Id(0)] public List<ExperimentInfo> Experiments { get; set; } = [];
}

/// <summary>
/// Creates, stops and lists experiments (key 0). Refuses a duplicate name (also of a stopped experiment, so results
/// never mix two experiments) and a variant setting that an active experiment also varies: a user in both could not
/// get both values.
/// </summary>
public sealed class ExperimentRegistryGrain(
    [PersistentState("experiments", CatalogOptions.StorageName)] IPersistentState<ExperimentRegistryState> state,
    RecoClock clock) : Grain, IExperimentRegistryGrain
{
    /// <summary>Most experiments kept.</summary>
    public const int MaxExperiments = 1000;

    /// <inheritdoc />
    public async Task<ExperimentCreation> CreateAsync(ExperimentDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Validate() is { Count: > 0 } invalid)
        {
            return new ExperimentCreation(null, invalid, false);
        }

        if (Find(definition.Name) is not null)
        {
            return new ExperimentCreation(null, [new FieldError("name", $"An experiment named '{definition.Name}' exists already.")], true);
        }

        var errors = Conflicts(definition);
        if (state.State.Experiments.Count >= MaxExperiments)
        {
            errors.Add(new FieldError("name", $"At most {MaxExperiments} experiments are kept."));
        }

        if (errors.Count > 0)
        {
            return new ExperimentCreation(null, errors, false);
        }

        var info = new ExperimentInfo(definition, clock.UtcNow, null);
        state.State.Experiments.Add(info);
        await WriteOrUndoAsync(() => state.State.Experiments.Remove(info));
        return new ExperimentCreation(info, [], false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ExperimentInfo>> ListAsync() => Task.FromResult<IReadOnlyList<ExperimentInfo>>([.. state.State.Experiments]);

    /// <inheritdoc />
    public Task<ExperimentInfo?> GetAsync(string name) => Task.FromResult(Find(name));

    /// <inheritdoc />
    public async Task<ExperimentInfo?> StopAsync(string name)
    {
        if (Find(name) is not { } info || info.StoppedAt is not null)
        {
            return Find(name);
        }

        var index = state.State.Experiments.IndexOf(info);
        var stopped = info with { StoppedAt = clock.UtcNow };
        state.State.Experiments[index] = stopped;
        await WriteOrUndoAsync(() => state.State.Experiments[index] = info);
        return stopped;
    }

    /// <inheritdoc />
    public async Task<ExperimentResults?> GetResultsAsync(string name)
    {
        if (Find(name) is not { } info)
        {
            return null;
        }

        var counts = await GrainFactory.GetGrain<IExperimentGrain>(name).GetCountsAsync();
        return ExperimentResultsBuilder.Build(info, counts, clock.UtcNow);
    }

    private ExperimentInfo? Find(string name) => state.State.Experiments.Find(e => e.Definition.Name == name);

    private List<FieldError> Conflicts(ExperimentDefinition definition)
    {
        var errors = new List<FieldError>();
        var now = clock.UtcNow;
        for (var i = 0; i < definition.Variants.Count; i++)
        {
            foreach (var setting in definition.Variants[i].Settings.SetNames)
            {
                var other = state.State.Experiments.Find(e => e.StatusAt(now) is ExperimentStatus.Running or ExperimentStatus.Scheduled
                    && e.Definition.Variants.Any(v => v.Settings.SetNames.Contains(setting)));
                if (other is not null)
                {
                    errors.Add(new FieldError($"variants[{i}].settings.{setting}",
                        $"The active experiment '{other.Definition.Name}' also varies {setting}; stop it first."));
                }
            }
        }

        return errors;
    }

    private async Task WriteOrUndoAsync(Action undo)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            undo();
            throw;
        }
    }
}
