using OrleansReco.Grains.Catalog;
using OrleansReco.Grains.Ranking;
using OrleansReco.Learning;
using OrleansReco.Learning.Rollover;

namespace OrleansReco.Grains.Users;

/// <summary>
/// The model-rollover half of <see cref="UserGrain"/>: on the first call after the served model version changed, the
/// user's state moves into the new version before anything else happens, and is stored.
/// </summary>
public sealed partial class UserGrain
{
    /// <summary>
    /// The catalog this silo serves, with the user moved into its model version (and stored) when it lived in another.
    /// When this silo's replica is not the version right after the user's (the user moved ahead on another silo whose
    /// replica was faster, or is several versions behind), the replica is refreshed once first, so a lagging replica does
    /// not make the user start over in an older version.
    /// </summary>
    private async Task<IndexedCatalog> ServedCatalogAsync()
    {
        var indexed = await indexReplica.GetAsync();
        var s = _state;
        if (s.IsNew || s.ModelVersion == indexed.Catalog.ModelVersion)
        {
            return indexed;
        }

        if (indexed.Catalog.Rollover?.PreviousModelVersion != s.ModelVersion)
        {
            await indexReplica.RefreshAsync();
            indexed = await indexReplica.GetAsync();
        }

        await MoveToServedModelAsync(indexed.Catalog);
        return indexed;
    }

    /// <summary>Moves the user into <paramref name="catalog"/>'s model version and stores the result; no-op when already there.</summary>
    private async Task MoveToServedModelAsync(ItemCatalog catalog)
    {
        if (_state.IsNew || _state.ModelVersion == catalog.ModelVersion)
        {
            return;
        }

        var checkpoint = UserStateCheckpoint.Capture(_state, hides: false);
        try
        {
            MoveToModel(catalog);
            await WriteStateAsync();
        }
        catch
        {
            checkpoint.Restore();
            throw;
        }
        finally
        {
            checkpoint.Release();
        }
    }

    /// <summary>
    /// Aligned rollover from the user's version (the served item vectors were rotated into the previous space): the
    /// vectors keep their meaning and stay, the replay buffer is re-indexed (optionally refining them). Otherwise (no alignment,
    /// or the user is more than one version behind) the user restarts from the cold-start vector and re-learns the replay
    /// entries that can be mapped; a vector from another space is never kept. Optimizer moments restart either way.
    /// </summary>
    private void MoveToModel(ItemCatalog catalog)
    {
        var s = _state;
        var from = s.ModelVersion;
        var capacity = learner.Options.ReplayCapacity;
        var rollover = catalog.Rollover is { } r && r.PreviousModelVersion == from ? r : null;
        var old = new ReplayBuffer(s.ReplayItems, s.ReplayWeightsHalf, s.ReplaySeconds, s.ReplayHead, s.ReplayCount);
        var mapped = rollover is null ? new ReplayBuffer(capacity) : ReplayMapping.Map(old, catalog.PreviousIndexMap, capacity);
        var now = clock.UtcNow.ToUnixTimeSeconds();
        UserModel model;
        if (rollover is { Alignment.Aligned: true } && s.Vector.Length == catalog.Vectors.Dimensions)
        {
            (s.ReplayItems, s.ReplayWeightsHalf, s.ReplaySeconds, s.ReplayHead, s.ReplayCount) =
                (mapped.Items, mapped.Weights, mapped.Timestamps, mapped.Head, mapped.Count);
            (s.Moment1, s.Moment2, s.OptimizerSteps, s.ModelVersion) = ([], [], 0, catalog.ModelVersion);
            model = ModelOver(s);
            UserRefold.Refine(learner, model, catalog.Vectors, options.Value.AlignedRefinePasses, now);
            LogModelAligned(logger, UserId, from, catalog.ModelVersion, old.Count - mapped.Count);
        }
        else
        {
            StartVectors(s, catalog);
            model = ModelOver(s);
            UserRefold.Replay(learner, model, catalog.Vectors, mapped, options.Value.RefoldPasses, now);
            LogModelRefolded(logger, UserId, from, catalog.ModelVersion, mapped.Count, old.Count - mapped.Count);
        }

        SyncScalars(model);
    }

    /// <summary>A <see cref="UserModel"/> over the state's own arrays (what it learns lands in the state; scalars via <see cref="SyncScalars"/>).</summary>
    private static UserModel ModelOver(UserState s) =>
        new(s.Vector, s.ShortTerm, s.BaselineHalf, s.Moment1, s.Moment2, s.OptimizerSteps, s.RandomState,
            new ReplayBuffer(s.ReplayItems, s.ReplayWeightsHalf, s.ReplaySeconds, s.ReplayHead, s.ReplayCount));
}
