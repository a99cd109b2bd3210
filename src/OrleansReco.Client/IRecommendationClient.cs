using OrleansReco.Abstractions;

namespace OrleansReco.Client;

/// <summary>
/// OrleansReco for .NET callers: record what users do, get their recommendations and similar items, read and erase
/// users. Registered by <see cref="OrleansRecoClientServiceCollectionExtensions.AddOrleansReco(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{OrleansRecoClientOptions})"/>;
/// thread-safe, use one instance for the whole application.
/// </summary>
/// <remarks>
/// <para>
/// Arguments are checked before anything is sent: a bad user id, item id, batch size or <c>k</c> throws
/// <see cref="ArgumentException"/> (or <see cref="ArgumentNullException"/>, <see cref="ArgumentOutOfRangeException"/>)
/// whose <see cref="ArgumentException.ParamName"/> names the argument, and the cluster is not called.
/// </para>
/// <para>
/// Cancellation: the grain calls themselves cannot be cancelled. A token that is already cancelled sends nothing; a
/// token cancelled later stops the wait with <see cref="OperationCanceledException"/>, but the call may still complete on
/// the server (a cancelled <see cref="RecordAsync"/> may have stored the batch, a cancelled <see cref="ForgetAsync"/> may
/// have erased the user). Calls are idempotent enough to retry except <see cref="RecordAsync"/>, which would count a
/// batch twice.
/// </para>
/// <para>
/// Failures of the cluster surface as Orleans exceptions: <see cref="TimeoutException"/> after
/// <see cref="OrleansRecoClientOptions.ResponseTimeout"/>, <c>SiloUnavailableException</c> or
/// <c>OrleansMessageRejectionException</c> when no silo can be reached.
/// </para>
/// </remarks>
public interface IRecommendationClient
{
    /// <summary>
    /// Learns from a batch of a user's interactions. The whole batch is validated by the user's grain first (item ids
    /// in the catalog, values, timestamps): either every interaction is stored before this returns, or none is and
    /// <see cref="RecordResult.Errors"/> names each bad field (e.g. <c>interactions[3].itemId</c>); check
    /// <see cref="RecordResult.IsAccepted"/>.
    /// </summary>
    /// <param name="userId">The user (1 to <see cref="RecoLimits.MaxUserIdLength"/> characters).</param>
    /// <param name="interactions">1 to <see cref="RecoLimits.MaxBatchSize"/> interactions.</param>
    /// <param name="cancellationToken">Stops the wait (see the remarks on <see cref="IRecommendationClient"/>).</param>
    /// <returns>The outcome: interactions accepted, the user's total, drift, model version; or the errors.</returns>
    /// <exception cref="ArgumentException">A bad <paramref name="userId"/>, or an empty or oversized batch; nothing was sent.</exception>
    Task<RecordResult> RecordAsync(string userId, IReadOnlyList<Interaction> interactions, CancellationToken cancellationToken = default);

    /// <summary>Ranks items for a user: their current vector (or popularity for a new user), filters, diversity, exploration.</summary>
    /// <param name="userId">The user (1 to <see cref="RecoLimits.MaxUserIdLength"/> characters).</param>
    /// <param name="request">How many items and which rules; 10 items, seen items left out, when null.</param>
    /// <param name="cancellationToken">Stops the wait (see the remarks on <see cref="IRecommendationClient"/>).</param>
    /// <returns>The items, best first, each with its score and the reason it was chosen.</returns>
    /// <exception cref="ArgumentException">A bad <paramref name="userId"/>; <see cref="RecommendationRequest.K"/> outside 1..<see cref="RecoLimits.MaxRecommendations"/> or a local hour outside 0..23 (<see cref="ArgumentOutOfRangeException"/>); nothing was sent.</exception>
    Task<RecommendationResult> RecommendAsync(string userId, RecommendationRequest? request = null, CancellationToken cancellationToken = default);

    /// <summary>Items closest to an item in the current model's space (the item itself left out).</summary>
    /// <param name="itemId">A catalog item (1 to <see cref="RecoLimits.MaxItemIdLength"/> characters).</param>
    /// <param name="k">How many items (1..<see cref="RecoLimits.MaxRecommendations"/>).</param>
    /// <param name="cancellationToken">Stops the wait (see the remarks on <see cref="IRecommendationClient"/>).</param>
    /// <returns>The items, most similar first.</returns>
    /// <exception cref="ArgumentException">A bad <paramref name="itemId"/> or <paramref name="k"/>; nothing was sent.</exception>
    /// <exception cref="KeyNotFoundException">The item is not in the catalog.</exception>
    Task<SimilarItemsResult> SimilarAsync(string itemId, int k = 10, CancellationToken cancellationToken = default);

    /// <summary>What the system knows about a user: interaction count, vector and its norm, drift, demographics. An unknown user has an empty profile.</summary>
    /// <param name="userId">The user (1 to <see cref="RecoLimits.MaxUserIdLength"/> characters).</param>
    /// <param name="cancellationToken">Stops the wait (see the remarks on <see cref="IRecommendationClient"/>).</param>
    /// <returns>The user's profile.</returns>
    /// <exception cref="ArgumentException">A bad <paramref name="userId"/>; nothing was sent.</exception>
    Task<UserProfile> GetProfileAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Records what a user told us; a user without interactions then starts from the model's user tower (when it has one).</summary>
    /// <param name="userId">The user (1 to <see cref="RecoLimits.MaxUserIdLength"/> characters).</param>
    /// <param name="demographics">Age, gender, occupation, zip code; all optional, all empty clears them.</param>
    /// <param name="cancellationToken">Stops the wait (see the remarks on <see cref="IRecommendationClient"/>).</param>
    /// <returns>The user's profile with the demographics stored.</returns>
    /// <exception cref="ArgumentException">A bad <paramref name="userId"/>, or demographics that fail <see cref="UserDemographics.Validate"/> (the message names each field); nothing was sent.</exception>
    Task<UserProfile> SetDemographicsAsync(string userId, UserDemographics demographics, CancellationToken cancellationToken = default);

    /// <summary>Erases everything stored about a user (GDPR erasure); the user then starts again as a new user.</summary>
    /// <param name="userId">The user (1 to <see cref="RecoLimits.MaxUserIdLength"/> characters).</param>
    /// <param name="cancellationToken">Stops the wait (see the remarks on <see cref="IRecommendationClient"/>).</param>
    /// <returns>A task that completes when the user's state is erased.</returns>
    /// <exception cref="ArgumentException">A bad <paramref name="userId"/>; nothing was sent.</exception>
    Task ForgetAsync(string userId, CancellationToken cancellationToken = default);
}
