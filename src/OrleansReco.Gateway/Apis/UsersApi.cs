using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OrleansReco.Abstractions;
using OrleansReco.Gateway.Security;

namespace OrleansReco.Gateway.Apis;

/// <summary><c>/v1/users</c>: record interactions, get recommendations, read and erase a user.</summary>
public static class UsersApi
{
    /// <summary>Maps the user endpoints.</summary>
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/users").WithTags("Users");
        api.MapPost("/{id}/interactions", RecordInteractions).WithName("RecordInteractions")
            .WithSummary("Learn from a batch of interactions; all are stored before the answer, or none.")
            .Accepts<InteractionsRequest>("application/json").RequireAuthorization(Scopes.Write);
        app.MapPost("/v1/interactions", RecordInteraction).WithTags("Users").WithName("RecordInteraction")
            .WithSummary("Learn from one interaction of the user named in the body; stored before the answer.")
            .Accepts<SingleInteractionRequest>("application/json").RequireAuthorization(Scopes.Write);
        api.MapGet("/{id}/recommendations", Recommend).WithName("Recommend").WithSummary("Top-k items for the user.").RequireAuthorization(Scopes.Read);
        api.MapPut("/{id}/demographics", SetDemographics).WithName("SetUserDemographics")
            .WithSummary("Record what the user told us (age, gender, occupation, zip code); a user without interactions starts from them.")
            .Accepts<UserDemographics>("application/json").RequireAuthorization(Scopes.Write);
        api.MapGet("/{id}", GetProfile).WithName("GetUser").WithSummary("The user's profile: vector norm, drift, counters.").RequireAuthorization(Scopes.Read);
        api.MapGet("/{id}/export", Export).WithName("ExportUser").WithSummary("Everything stored about the user (GDPR access).")
            .RequireAuthorization(Scopes.Write);
        api.MapDelete("/{id}", Forget).WithName("ForgetUser").WithSummary("Erase everything stored about the user.").RequireAuthorization(Scopes.Write);
        return api;
    }

    /// <summary>Request header making a batch idempotent: a retry with the same key is applied once.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    internal static async Task<Results<Ok<InteractionsAccepted>, ValidationProblem>> RecordInteractions(
        string id, JsonBody<InteractionsRequest> body, IGrainFactory grains, [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey)
    {
        if (idempotencyKey is { Length: 0 or > RecoLimits.MaxIdempotencyKeyLength })
        {
            return Problem(IdempotencyKeyHeader, $"The idempotency key must be 1 to {RecoLimits.MaxIdempotencyKeyLength} characters.");
        }

        if (RecoLimits.ValidateUserId(id) is { } idError)
        {
            return Problem("userId", idError);
        }

        if (body.Value is null)
        {
            return Problem(body.ErrorField!, body.Error!);
        }

        var result = await RecordAsync(grains.GetGrain<IUserGrain>(id), body.Value.Interactions ?? [], idempotencyKey);
        return result.IsAccepted
            ? TypedResults.Ok(Accepted(result))
            : TypedResults.ValidationProblem(FieldProblems.ByField(result.Errors), title: "The batch was rejected; nothing was stored.");
    }

    internal static async Task<Results<Ok<InteractionsAccepted>, ValidationProblem>> RecordInteraction(
        JsonBody<SingleInteractionRequest> body, IGrainFactory grains, [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey)
    {
        if (body.Value is null)
        {
            return Problem(body.ErrorField!, body.Error!);
        }

        var single = body.Value;
        if (RecoLimits.ValidateUserId(single.UserId) is { } idError)
        {
            return Problem("userId", idError);
        }

        var interaction = new Interaction(single.ItemId!, single.Type ?? InteractionType.Click, single.Value, single.Timestamp, single.Context);
        var result = await RecordAsync(grains.GetGrain<IUserGrain>(single.UserId!), [interaction], idempotencyKey);
        return result.IsAccepted
            ? TypedResults.Ok(Accepted(result))
            : TypedResults.ValidationProblem(FieldProblems.ByField(result.Errors, SingleEventField), title: "The interaction was rejected; nothing was stored.");
    }

    /// <summary>The grain names fields of a batch (<c>interactions[0].itemId</c>); a single event's body has them at the top.</summary>
    private static string SingleEventField(string field) =>
        field.StartsWith("interactions[0].", StringComparison.Ordinal) ? field["interactions[0].".Length..]
        : field == "interactions[0]" ? "body"
        : field;

    private static Task<RecordResult> RecordAsync(IUserGrain grain, IReadOnlyList<Interaction> interactions, string? idempotencyKey) =>
        idempotencyKey is null ? grain.RecordInteractionsAsync(interactions) : grain.RecordInteractionsOnceAsync(idempotencyKey, interactions);

    private static InteractionsAccepted Accepted(RecordResult result) =>
        new(result.Accepted, result.InteractionCount, result.DriftCosine, result.Drifted, result.ModelVersion);

    internal static async Task<Results<Ok<RecommendationResult>, ValidationProblem>> Recommend(
        string id, [AsParameters] RecommendQuery query, IGrainFactory grains)
    {
        if (RecoLimits.ValidateUserId(id) is { } idError)
        {
            return Problem("userId", idError);
        }

        if (query.ToRequest() is not { } request)
        {
            return Problem(query.ErrorField!, query.Error!);
        }

        return TypedResults.Ok(await grains.GetGrain<IUserGrain>(id).RecommendAsync(request));
    }

    internal static async Task<Results<Ok<UserProfile>, ValidationProblem>> SetDemographics(string id, JsonBody<UserDemographics> body, IGrainFactory grains)
    {
        if (RecoLimits.ValidateUserId(id) is { } idError)
        {
            return Problem("userId", idError);
        }

        if (body.Value is null)
        {
            return Problem(body.ErrorField!, body.Error!);
        }

        if (body.Value.Validate() is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(FieldProblems.ByField(errors), title: "The demographics were rejected; nothing was stored.");
        }

        return TypedResults.Ok(await grains.GetGrain<IUserGrain>(id).SetDemographicsAsync(body.Value));
    }

    internal static async Task<Results<Ok<UserProfile>, NotFound<ProblemDetails>, ValidationProblem>> GetProfile(string id, IGrainFactory grains)
    {
        if (RecoLimits.ValidateUserId(id) is { } idError)
        {
            return Problem("userId", idError);
        }

        var profile = await grains.GetGrain<IUserGrain>(id).GetProfileAsync();
        return profile.Exists
            ? TypedResults.Ok(profile)
            : TypedResults.NotFound(new ProblemDetails { Title = "Unknown user", Detail = $"Nothing is stored about user '{id}'.", Status = StatusCodes.Status404NotFound });
    }

    internal static async Task<Results<Ok<UserDataExport>, NotFound<ProblemDetails>, ValidationProblem>> Export(string id, IGrainFactory grains)
    {
        if (RecoLimits.ValidateUserId(id) is { } idError)
        {
            return Problem("userId", idError);
        }

        var export = await grains.GetGrain<IUserGrain>(id).ExportAsync();
        return export.Profile.Exists
            ? TypedResults.Ok(export)
            : TypedResults.NotFound(new ProblemDetails { Title = "Unknown user", Detail = $"Nothing is stored about user '{id}'.", Status = StatusCodes.Status404NotFound });
    }

    internal static async Task<Results<NoContent, ValidationProblem>> Forget(string id, IGrainFactory grains)
    {
        if (RecoLimits.ValidateUserId(id) is { } idError)
        {
            return Problem("userId", idError);
        }

        await grains.GetGrain<IUserGrain>(id).ForgetAsync();
        return TypedResults.NoContent();
    }

    private static ValidationProblem Problem(string field, string message) => FieldProblems.One(field, message);
}
