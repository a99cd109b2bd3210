using OrleansReco.Abstractions;

namespace OrleansReco.Client;

/// <summary>
/// <see cref="IRecommendationClient"/> over an Orleans <see cref="IGrainFactory"/>: checks the arguments, calls the
/// user, ranking or catalog grain, and waits for the answer for as long as the caller's token allows.
/// </summary>
/// <remarks>
/// <c>AddOrleansReco</c> registers it over the Orleans client. Inside a silo (or a host with its own Orleans client),
/// construct it over that host's <see cref="IGrainFactory"/>.
/// </remarks>
/// <param name="grains">Where grain references come from.</param>
public sealed class RecommendationClient(IGrainFactory grains) : IRecommendationClient
{
    private readonly IGrainFactory _grains = grains ?? throw new ArgumentNullException(nameof(grains));

    /// <inheritdoc />
    public Task<RecordResult> RecordAsync(string userId, IReadOnlyList<Interaction> interactions, CancellationToken cancellationToken = default)
    {
        CheckUserId(userId);
        ArgumentNullException.ThrowIfNull(interactions);
        if (interactions.Count is 0 or > RecoLimits.MaxBatchSize)
        {
            throw new ArgumentException(
                $"The batch must hold 1 to {RecoLimits.MaxBatchSize} interactions (was {interactions.Count}).", nameof(interactions));
        }

        return Send(() => User(userId).RecordInteractionsAsync(interactions), cancellationToken);
    }

    /// <inheritdoc />
    public Task<RecommendationResult> RecommendAsync(string userId, RecommendationRequest? request = null, CancellationToken cancellationToken = default)
    {
        CheckUserId(userId);
        request ??= new RecommendationRequest();
        if (request.K is < 1 or > RecoLimits.MaxRecommendations)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.K, $"request.K must be in [1, {RecoLimits.MaxRecommendations}].");
        }

        if (request.Context?.LocalHour is < 0 or > 23)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Context.LocalHour, "request.Context.LocalHour must be in [0, 23].");
        }

        return Send(() => User(userId).RecommendAsync(request), cancellationToken);
    }

    /// <inheritdoc />
    public Task<SimilarItemsResult> SimilarAsync(string itemId, int k = 10, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(itemId);
        if (string.IsNullOrWhiteSpace(itemId) || itemId.Length > RecoLimits.MaxItemIdLength)
        {
            throw new ArgumentException($"The item id must be 1 to {RecoLimits.MaxItemIdLength} characters, not blank.", nameof(itemId));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, RecoLimits.MaxRecommendations);
        return Send(() => _grains.GetGrain<IRankingGrain>(0).SimilarItemsAsync(itemId, k), cancellationToken);
    }

    /// <inheritdoc />
    public Task<UserProfile> GetProfileAsync(string userId, CancellationToken cancellationToken = default)
    {
        CheckUserId(userId);
        return Send(() => User(userId).GetProfileAsync(), cancellationToken);
    }

    /// <inheritdoc />
    public Task<UserProfile> SetDemographicsAsync(string userId, UserDemographics demographics, CancellationToken cancellationToken = default)
    {
        CheckUserId(userId);
        ArgumentNullException.ThrowIfNull(demographics);
        if (demographics.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException(string.Join(" ", errors.Select(e => $"demographics.{e.Field}: {e.Message}")), nameof(demographics));
        }

        return Send(() => User(userId).SetDemographicsAsync(demographics), cancellationToken);
    }

    /// <inheritdoc />
    public Task ForgetAsync(string userId, CancellationToken cancellationToken = default)
    {
        CheckUserId(userId);
        return cancellationToken.IsCancellationRequested
            ? Task.FromCanceled(cancellationToken)
            : User(userId).ForgetAsync().WaitAsync(cancellationToken);
    }

    private static void CheckUserId(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        if (RecoLimits.ValidateUserId(userId) is { } error)
        {
            throw new ArgumentException(error, nameof(userId));
        }
    }

    /// <summary>Sends nothing for a cancelled token; otherwise calls and stops waiting when the token is cancelled.</summary>
    private static Task<T> Send<T>(Func<Task<T>> call, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? Task.FromCanceled<T>(cancellationToken) : call().WaitAsync(cancellationToken);

    private IUserGrain User(string userId) => _grains.GetGrain<IUserGrain>(userId);
}
