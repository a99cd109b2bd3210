using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansReco.Abstractions;
using OrleansReco.Grains.Audit;
using OrleansReco.Grains.Catalog;
using OrleansReco.Grains.Experiments;
using OrleansReco.Grains.Ranking;
using OrleansReco.Grains.Segments;
using OrleansReco.Learning;
using Orleans.Storage;

namespace OrleansReco.Grains.Users;

/// <summary>
/// One user. Validates a batch, learns from it with <see cref="OnlineUserLearner"/>, checks drift,
/// persists, and only then acknowledges; a batch that fails anywhere leaves state as it was.
/// State goes through the <c>users</c> <see cref="IGrainStorage"/> directly (see UserGrain.Storage.cs).
/// </summary>
public sealed partial class UserGrain(
    [FromKeyedServices(UserGrainOptions.StorageName)] IGrainStorage storage,
    IItemIndexReplica indexReplica,
    OnlineUserLearner learner,
    DriftMonitor driftMonitor,
    IOptions<InteractionWeights> weights,
    IOptions<UserGrainOptions> options,
    RecoMetrics metrics,
    RecoClock clock,
    SegmentAssigner segments,
    ExperimentAssigner experiments,
    ExposureRecorder audit,
    ILogger<UserGrain> logger) : Grain, IUserGrain, IGrainState<UserState>
{
    private ExposureLog? _exposures;

    private string UserId => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public Task<RecordResult> RecordInteractionsAsync(IReadOnlyList<Interaction> interactions) => RecordAsync(interactions, idempotencyKey: null);

    /// <inheritdoc />
    public Task<RecordResult> RecordInteractionsOnceAsync(string idempotencyKey, IReadOnlyList<Interaction> interactions)
    {
        if (string.IsNullOrEmpty(idempotencyKey) || idempotencyKey.Length > RecoLimits.MaxIdempotencyKeyLength)
        {
            return Task.FromResult(Reject([new FieldError("idempotencyKey", $"The idempotency key must be 1 to {RecoLimits.MaxIdempotencyKeyLength} characters.")]));
        }

        return _state.AcceptedBatches?.Find(b => b.Key == idempotencyKey) is { } seen
            ? Task.FromResult(seen.Result)
            : RecordAsync(interactions, idempotencyKey);
    }

    private async Task<RecordResult> RecordAsync(IReadOnlyList<Interaction> interactions, string? idempotencyKey)
    {
        var indexed = await ServedCatalogAsync();
        var catalog = indexed.Catalog;
        var now = clock.UtcNow;
        var errors = InteractionValidator.Validate(interactions, catalog, now);
        AddHiddenLimitError(interactions, errors);
        if (errors.Count > 0)
        {
            return Reject(errors);
        }

        var checkpoint = UserStateCheckpoint.Capture(_state, hides: HasHide(interactions));
        try
        {
            if (Learn(interactions, indexed, now) is { } failure)
            {
                checkpoint.Restore();
                return Reject([failure]);
            }

            _state.LastContext = UserContext.After(_state.LastContext, interactions, now);
            var drift = CheckDrift();
            var result = new RecordResult(interactions.Count, [], _state.InteractionCount, drift.Cosine, drift.Drifted, _state.ModelVersion);
            RememberBatch(idempotencyKey, result);
            var (previousSegment, previousGeneration) = (_state.Segment, _state.SegmentGeneration);
            var segment = segments.Assign(_state.Vector, _state.ModelVersion);
            if (segment is { } current)
            {
                (_state.Segment, _state.SegmentGeneration) = (current.Segment, current.Generation);
            }

            await WriteStateAsync();
            Report(interactions.Count, drift);
            audit.RecordInteractions(interactions, weights.Value);
            if (segment is { } assigned)
            {
                // A segment of an older generation is gone (a fit re-seeded the segments): the user joins afresh.
                segments.Record(assigned, previousGeneration == assigned.Generation ? previousSegment : null, UserId, _state.Vector, interactions,
                    weights.Value, drift.Cosine, drift.Drifted, _state.ModelVersion);
            }

            _exposures?.Acted(interactions, now);
            return result;
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

    /// <inheritdoc />
    public async Task<RecommendationResult> RecommendAsync(RecommendationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.K, 1, nameof(request.K));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.K, RecoLimits.MaxRecommendations, nameof(request.K));
        var catalog = (await ServedCatalogAsync()).Catalog;
        var cold = !IsCurrent(catalog) || _state.InteractionCount == 0;
        InternSeen(catalog);
        var excluded = request.ExcludeSeen ? [.. _state.HiddenItems, .. _state.RecentlySeen] : _state.HiddenItems.ToArray();
        var (query, source, segment) = ScoringVector(catalog);
        if (_state.LastContext is { } remembered)
        {
            request = request with { Context = remembered.Complete(request.Context, clock.UtcNow) };
        }

        var arms = experiments.Assign(UserId);
        var ranking = new RankingRequest(UserId, query, catalog.ModelVersion, excluded, arms.Apply(request), cold, cold && source == ColdStart.Demographics)
        {
            Segment = segment?.Segment, SegmentGeneration = segment?.Generation ?? 0, FromSegmentCentroid = cold && source == ColdStart.SegmentCentroid,
        };
        var result = await GrainFactory.GetGrain<IRankingGrain>(0).RankAsync(ranking);
        metrics.Recommendation();
        if (arms.Assignments.Count > 0)
        {
            (_exposures ??= new ExposureLog(experiments)).Shown(arms, result.Items, clock.UtcNow);
        }

        audit.RecordExposures(UserId, _state.Demographics, result.Items);
        return new RecommendationResult(UserId, result.Items, result.ModelVersion) { Experiments = arms.Assignments };
    }

    /// <inheritdoc />
    public async Task<UserProfile> SetDemographicsAsync(UserDemographics demographics)
    {
        ArgumentNullException.ThrowIfNull(demographics);
        if (demographics.Validate() is [var first, ..])
        {
            throw new ArgumentException($"{first.Field}: {first.Message}", nameof(demographics));
        }

        var (previousDemographics, previousVector) = (_state.Demographics, _state.Vector);
        try
        {
            _state.Demographics = demographics.IsEmpty ? null : demographics;
            if (_state.InteractionCount == 0)
            {
                // Nothing learned yet: start again from the vector these demographics give.
                _state.Vector = [];
            }

            await WriteStateAsync();
        }
        catch
        {
            (_state.Demographics, _state.Vector) = (previousDemographics, previousVector);
            throw;
        }

        return await GetProfileAsync();
    }

    /// <inheritdoc />
    public async Task<UserProfile> GetProfileAsync()
    {
        await ServedCatalogAsync();
        var s = _state;
        var norm = s.Vector.Length == 0 ? 0f : System.Numerics.Tensors.TensorPrimitives.Norm(s.Vector);
        return new UserProfile(UserId, s.InteractionCount, norm, s.DriftCosine, s.AverageDriftCosine, s.DriftEvents,
            s.Segment, s.ModelVersion, s.LastUpdated, [.. s.Vector], s.HiddenItems.Count) { Demographics = s.Demographics, Exists = _recordExists };
    }

    /// <inheritdoc />
    public async Task<UserDataExport> ExportAsync()
    {
        var catalog = (await ServedCatalogAsync()).Catalog;
        var s = _state;
        var replay = new List<ReplayedInteraction>(s.ReplayCount);
        for (var i = 0; i < s.ReplayCount; i++)
        {
            var slot = (s.ReplayHead - s.ReplayCount + i + s.ReplayItems.Length) % s.ReplayItems.Length;
            var item = s.ReplayItems[slot];
            // Replay entries are indices into the model version the user learned in.
            var id = s.ModelVersion == catalog.ModelVersion && item < catalog.Count ? catalog.IdOf(item) : $"#{item} (model {s.ModelVersion})";
            replay.Add(new ReplayedInteraction(id, (float)s.ReplayWeightsHalf[slot], DateTimeOffset.FromUnixTimeSeconds(s.ReplaySeconds[slot])));
        }

        var baseline = new float[s.BaselineHalf.Length];
        System.Numerics.Tensors.TensorPrimitives.ConvertToSingle(s.BaselineHalf, baseline);
        return new UserDataExport(await GetProfileAsync(), [.. s.ShortTerm], baseline, [.. s.RecentlySeen], [.. s.HiddenItems], replay,
            s.AcceptedBatches?.ConvertAll(b => b.Key) ?? []) { LastContext = s.LastContext?.ToContext(clock.UtcNow) };
    }

    /// <inheritdoc />
    public async Task ForgetAsync()
    {
        await ClearStateAsync();
        _state = new UserState();
        _seenCatalog = null;
        _exposures = null;
        LogForgotten(logger, UserId);
        DeactivateOnIdle();
    }

    private void RememberBatch(string? idempotencyKey, RecordResult result)
    {
        if (idempotencyKey is null)
        {
            return;
        }

        var batches = _state.AcceptedBatches ??= [];
        batches.Add(new AcceptedBatch(idempotencyKey, result));
        if (batches.Count > RecoLimits.RememberedIdempotencyKeys)
        {
            batches.RemoveAt(0);
        }
    }

    private RecordResult Reject(List<FieldError> errors)
    {
        metrics.RejectedBatch();
        LogRejected(logger, UserId, errors.Count, errors[0].Field, errors[0].Message);
        return RecordResult.Rejected(errors);
    }

    private void AddHiddenLimitError(IReadOnlyList<Interaction> interactions, List<FieldError> errors)
    {
        if (errors.Count > 0)
        {
            return;
        }

        var hides = 0;
        foreach (var interaction in interactions)
        {
            hides += interaction.Type == InteractionType.Hide && _state.Hidden?.Contains(interaction.ItemId) != true ? 1 : 0;
        }

        if (_state.HiddenItems.Count + hides > options.Value.MaxHiddenItems)
        {
            errors.Add(new FieldError("interactions", $"A user may hide at most {options.Value.MaxHiddenItems} items."));
        }
    }

    private static bool HasHide(IReadOnlyList<Interaction> interactions)
    {
        for (var i = 0; i < interactions.Count; i++)
        {
            if (interactions[i].Type == InteractionType.Hide)
            {
                return true;
            }
        }

        return false;
    }
}
