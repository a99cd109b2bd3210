using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansReco.Abstractions;
using OrleansReco.Grains.Audit;
using OrleansReco.Grains.Catalog;
using OrleansReco.Grains.Experiments;
using OrleansReco.Grains.Ranking;
using OrleansReco.Grains.Segments;
using OrleansReco.Learning;

namespace OrleansReco.Grains.Users;

/// <summary>
/// One user. Validates a batch, learns from it with <see cref="OnlineUserLearner"/>, checks drift,
/// persists, and only then acknowledges; a batch that fails anywhere leaves state as it was.
/// </summary>
public sealed partial class UserGrain(
    [PersistentState("user", UserGrainOptions.StorageName)] IPersistentState<UserState> state,
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
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    private UserModel? _model;
    private HashSet<string>? _seen;
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

        return state.State.AcceptedBatches.Find(b => b.Key == idempotencyKey) is { } seen
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

        var backup = state.State.Clone();
        try
        {
            if (Learn(interactions, indexed, now) is { } failure)
            {
                Restore(backup);
                return Reject([failure]);
            }

            state.State.LastContext = UserContext.After(state.State.LastContext, interactions, now);
            var drift = CheckDrift();
            var result = new RecordResult(interactions.Count, [], state.State.InteractionCount, drift.Cosine, drift.Drifted, state.State.ModelVersion);
            RememberBatch(idempotencyKey, result);
            var (previousSegment, previousGeneration) = (state.State.Segment, state.State.SegmentGeneration);
            var segment = segments.Assign(state.State.Vector, state.State.ModelVersion);
            if (segment is { } current)
            {
                (state.State.Segment, state.State.SegmentGeneration) = (current.Segment, current.Generation);
            }

            await state.WriteStateAsync();
            Report(interactions.Count, drift);
            audit.RecordInteractions(interactions, weights.Value);
            if (segment is { } assigned)
            {
                // A segment of an older generation is gone (a fit re-seeded the segments): the user joins afresh.
                segments.Record(assigned, previousGeneration == assigned.Generation ? previousSegment : null, UserId, state.State.Vector, interactions,
                    weights.Value, drift.Cosine, drift.Drifted, state.State.ModelVersion);
            }

            _exposures?.Acted(interactions, now);
            return result;
        }
        catch
        {
            Restore(backup);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<RecommendationResult> RecommendAsync(RecommendationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.K, 1, nameof(request.K));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.K, RecoLimits.MaxRecommendations, nameof(request.K));
        var catalog = (await ServedCatalogAsync()).Catalog;
        var cold = !IsCurrent(catalog) || state.State.InteractionCount == 0;
        var excluded = request.ExcludeSeen ? [.. state.State.Hidden, .. state.State.RecentlySeen] : state.State.Hidden.ToArray();
        var (query, source, segment) = ScoringVector(catalog);
        if (state.State.LastContext is { } remembered)
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

        audit.RecordExposures(UserId, state.State.Demographics, result.Items);
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

        var backup = state.State.Clone();
        try
        {
            state.State.Demographics = demographics.IsEmpty ? null : demographics;
            if (state.State.InteractionCount == 0)
            {
                // Nothing learned yet: start again from the vector these demographics give.
                state.State.Vector = [];
                _model = null;
            }

            await state.WriteStateAsync();
        }
        catch
        {
            Restore(backup);
            throw;
        }

        return await GetProfileAsync();
    }

    /// <inheritdoc />
    public async Task<UserProfile> GetProfileAsync()
    {
        await ServedCatalogAsync();
        var s = state.State;
        var norm = s.Vector.Length == 0 ? 0f : System.Numerics.Tensors.TensorPrimitives.Norm(s.Vector);
        return new UserProfile(UserId, s.InteractionCount, norm, s.DriftCosine, s.AverageDriftCosine, s.DriftEvents,
            s.Segment, s.ModelVersion, s.LastUpdated, [.. s.Vector], s.Hidden.Count) { Demographics = s.Demographics, Exists = state.RecordExists };
    }

    /// <inheritdoc />
    public async Task<UserDataExport> ExportAsync()
    {
        var catalog = (await ServedCatalogAsync()).Catalog;
        var s = state.State;
        var replay = new List<ReplayedInteraction>(s.ReplayCount);
        for (var i = 0; i < s.ReplayCount; i++)
        {
            var slot = (s.ReplayHead - s.ReplayCount + i + s.ReplayItems.Length) % s.ReplayItems.Length;
            var item = s.ReplayItems[slot];
            // Replay entries are indices into the model version the user learned in.
            var id = s.ModelVersion == catalog.ModelVersion && item < catalog.Count ? catalog.IdOf(item) : $"#{item} (model {s.ModelVersion})";
            replay.Add(new ReplayedInteraction(id, s.ReplayWeights[slot], DateTimeOffset.FromUnixTimeSeconds(s.ReplayTimestamps[slot])));
        }

        return new UserDataExport(await GetProfileAsync(), [.. s.ShortTerm], [.. s.Baseline], [.. s.RecentlySeen], [.. s.Hidden], replay,
            s.AcceptedBatches.ConvertAll(b => b.Key)) { LastContext = s.LastContext?.ToContext(clock.UtcNow) };
    }

    /// <inheritdoc />
    public async Task ForgetAsync()
    {
        await state.ClearStateAsync();
        state.State = new UserState();
        _model = null;
        _seen = null;
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

        var batches = state.State.AcceptedBatches;
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
            hides += interaction.Type == InteractionType.Hide && !state.State.Hidden.Contains(interaction.ItemId) ? 1 : 0;
        }

        if (state.State.Hidden.Count + hides > options.Value.MaxHiddenItems)
        {
            errors.Add(new FieldError("interactions", $"A user may hide at most {options.Value.MaxHiddenItems} items."));
        }
    }

    private void Restore(UserState backup)
    {
        state.State = backup;
        _model = null;
        _seen = null;
    }
}
