using OrleansReco.Abstractions;
using OrleansReco.Grains.Catalog;
using OrleansReco.Grains.Ranking;
using OrleansReco.Grains.Segments;
using OrleansReco.Learning;
using OrleansReco.Learning.Towers;

namespace OrleansReco.Grains.Users;

/// <summary>The learning half of <see cref="UserGrain"/>: binding state arrays to a <see cref="UserModel"/>.</summary>
public sealed partial class UserGrain
{
    /// <summary>The catalog whose id instances <see cref="UserState.RecentlySeen"/> holds (see <see cref="InternSeen"/>).</summary>
    private ItemCatalog? _seenCatalog;

    /// <summary>Learns from a validated batch; returns the error of an interaction whose step was refused, else null.</summary>
    private FieldError? Learn(IReadOnlyList<Interaction> interactions, IndexedCatalog indexed, DateTimeOffset now)
    {
        var catalog = indexed.Catalog;
        var model = BindModel(catalog);
        InternSeen(catalog);
        var nowSeconds = now.ToUnixTimeSeconds();
        for (var i = 0; i < interactions.Count; i++)
        {
            var interaction = interactions[i];
            catalog.TryGetIndex(interaction.ItemId, out var index);
            var weight = weights.Value.WeightOf(ToKind(interaction.Type), interaction.Value);
            var at = (interaction.Timestamp ?? now).ToUnixTimeSeconds();
            if (!learner.Learn(model, catalog.Vectors, index, weight, at, nowSeconds))
            {
                LogNonFinite(logger, UserId, interaction.ItemId);
                return new FieldError($"interactions[{i}]", "This interaction would make the user vector non-finite; the batch was not applied.");
            }

            Remember(interaction, catalog.IdOf(index));
            if (weight > 0)
            {
                indexed.RecordClick(index);
            }
        }

        SyncScalars(model);
        _state.InteractionCount += interactions.Count;
        _state.LastUpdated = now;
        return null;
    }

    private DriftCheck CheckDrift()
    {
        var s = _state;
        var average = s.AverageDriftCosine;
        var check = driftMonitor.Check(s.Vector, s.BaselineHalf.AsSpan(), s.InteractionCount, ref average);
        s.AverageDriftCosine = average;
        s.DriftCosine = check.Cosine;
        s.DriftEvents += check.Drifted ? 1 : 0;
        return check;
    }

    private void Report(int count, DriftCheck drift)
    {
        metrics.Interactions(count);
        metrics.DriftCosine(drift.Cosine, _state.Segment);
        if (drift.Drifted)
        {
            metrics.DriftEvent(_state.Segment);
            LogDrift(logger, UserId, drift.Cosine, drift.Rebaselined);
        }
    }

    /// <summary>
    /// A model over the state arrays for one batch (not kept between batches: it would cost every active user its
    /// objects), starting a new user from the cold-start vector and moving one from another model version first.
    /// </summary>
    private UserModel BindModel(ItemCatalog catalog)
    {
        var s = _state;
        if (!s.IsNew && s.ModelVersion != catalog.ModelVersion)
        {
            MoveToModel(catalog);
        }
        else if (s.IsNew)
        {
            StartVectors(s, catalog);
        }

        return ModelOver(s);
    }

    /// <summary>
    /// A user's first vector: the user tower's output for their demographics when the model has one (evaluate measured it
    /// far ahead of popularity on new users' first events), else the centroid of the most likely segment (the largest, as
    /// evaluate's centroid start), else the popularity direction. It is also the drift baseline when it came from demographics
    /// or a centroid.
    /// </summary>
    private void StartVectors(UserState s, ItemCatalog catalog)
    {
        var d = catalog.Vectors.Dimensions;
        var capacity = learner.Options.ReplayCapacity;
        s.Vector = new float[d];
        s.BaselineHalf = new Half[d];
        if ((DemographicVector(catalog) ?? segments.MostLikely(catalog.ModelVersion)?.Centroid) is { } start)
        {
            start.CopyTo(s.Vector, 0);
            System.Numerics.Tensors.TensorPrimitives.ConvertToHalf(start, s.BaselineHalf);
        }
        else
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(catalog.PopularityDirection, options.Value.ColdStartNorm, s.Vector);
        }

        (s.ShortTerm, s.Moment1, s.Moment2) = (new float[d], [], []);
        (s.ReplayItems, s.ReplayWeightsHalf, s.ReplaySeconds) = (new int[capacity], new Half[capacity], new uint[capacity]);
        (s.ReplayHead, s.ReplayCount, s.OptimizerSteps) = (0, 0, 0);
        s.RandomState = DeterministicRandom.SeedFrom(UserId);
        s.ModelVersion = catalog.ModelVersion;
    }

    private void SyncScalars(UserModel model)
    {
        var s = _state;
        (s.Moment1, s.Moment2, s.OptimizerSteps, s.RandomState) = (model.Moment1, model.Moment2, model.OptimizerSteps, model.RandomState);
        (s.ReplayHead, s.ReplayCount) = (model.Replay.Head, model.Replay.Count);
    }

    /// <summary>Records a hide, and the item as seen; <paramref name="catalogId"/> is the catalog's instance of its id.</summary>
    private void Remember(Interaction interaction, string catalogId)
    {
        var s = _state;
        if (interaction.Type == InteractionType.Hide)
        {
            (s.Hidden ??= new HashSet<string>(StringComparer.Ordinal)).Add(catalogId);
        }

        var seen = s.RecentlySeen;
        if (options.Value.SeenCapacity == 0 || ContainsInstance(seen, catalogId))
        {
            return;
        }

        if (seen.Count >= options.Value.SeenCapacity)
        {
            seen.RemoveAt(0);
        }

        seen.Add(catalogId);
    }

    /// <summary>
    /// Makes every seen id that the catalog knows the catalog's own string instance: a seen set then costs a reference
    /// per item, and membership is a reference scan (<see cref="ContainsInstance"/>) with no per-user hash set.
    /// Ids stay ids, so the set survives catalog changes and new model versions; it is redone when the catalog changes.
    /// </summary>
    private void InternSeen(ItemCatalog catalog)
    {
        if (ReferenceEquals(_seenCatalog, catalog))
        {
            return;
        }

        var seen = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_state.RecentlySeen);
        for (var i = 0; i < seen.Length; i++)
        {
            if (catalog.TryGetIndex(seen[i], out var index))
            {
                seen[i] = catalog.IdOf(index);
            }
        }

        _seenCatalog = catalog;
    }

    /// <summary>Exact for interned lists: the catalog holds one instance per id.</summary>
    private static bool ContainsInstance(List<string> seen, string catalogId)
    {
        foreach (var id in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(seen))
        {
            if (ReferenceEquals(id, catalogId))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsCurrent(ItemCatalog catalog) => !_state.IsNew && _state.ModelVersion == catalog.ModelVersion;

    /// <summary>
    /// The vector to rank with, where a user without interactions starts (<see cref="StartVectors"/>'s order), and the segment
    /// whose popular items join the candidates: the user's own, or for a new user without demographics the most likely one.
    /// </summary>
    private (float[] Query, ColdStart Source, SegmentAssignment? Segment) ScoringVector(ItemCatalog catalog)
    {
        var s = _state;
        var own = s.Segment is { } segment && s.SegmentGeneration == segments.Generation ? new SegmentAssignment(segment, s.SegmentGeneration) : (SegmentAssignment?)null;
        var query = new float[catalog.Vectors.Dimensions];
        if (IsCurrent(catalog) && s.InteractionCount > 0)
        {
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(s.ShortTerm, learner.Options.ShortTermBeta, s.Vector, query);
            return (query, ColdStart.None, own);
        }

        if (DemographicVector(catalog) is { } fromTower)
        {
            return (fromTower, ColdStart.Demographics, own);
        }

        if (segments.MostLikely(catalog.ModelVersion) is { } likely)
        {
            return (likely.Centroid, ColdStart.SegmentCentroid, likely.Segment);
        }

        catalog.PopularityDirection.CopyTo(query, 0);
        return (query, ColdStart.Popularity, own);
    }

    /// <summary>Where the vector of a user without interactions comes from.</summary>
    private enum ColdStart
    {
        None,
        Demographics,
        SegmentCentroid,
        Popularity,
    }

    /// <summary>The user tower's vector for this user's demographics, or null without a tower or demographics.</summary>
    private float[]? DemographicVector(ItemCatalog catalog)
    {
        if (_state.Demographics is not { } known || catalog.Towers?.User is not { } tower)
        {
            return null;
        }

        var vector = tower.Embed(new UserAttributes(known.Age, known.Gender, known.Occupation, known.ZipCode));
        return VectorMath.AllFinite(vector) ? vector : null;
    }

    private static InteractionKind ToKind(InteractionType type) => InteractionKinds.Of(type);
}
