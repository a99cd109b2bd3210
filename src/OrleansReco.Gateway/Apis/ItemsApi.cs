using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OrleansReco.Abstractions;
using OrleansReco.Gateway.Security;

namespace OrleansReco.Gateway.Apis;

/// <summary><c>/v1/items</c>: add or change items, item-to-item similarity.</summary>
public static class ItemsApi
{
    /// <summary>Maps the item endpoints.</summary>
    public static RouteGroupBuilder MapItemsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/items").WithTags("Items");
        api.MapPost("/", Upsert).WithName("UpsertItems")
            .WithSummary("Add items or change existing ones; an item without a vector is placed by the model's content tower.")
            .Accepts<ItemsRequest>("application/json").RequireAuthorization(Scopes.Admin);
        api.MapGet("/{id}/similar", Similar).WithName("SimilarItems").WithSummary("Items closest to an item in the current model's space.")
            .RequireAuthorization(Scopes.Read);
        return api;
    }

    internal static async Task<Results<Ok<CatalogInfo>, ValidationProblem>> Upsert(JsonBody<ItemsRequest> body, IGrainFactory grains)
    {
        if (body.Value is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [body.ErrorField!] = [body.Error!] });
        }

        try
        {
            return TypedResults.Ok(await grains.GetGrain<ICatalogGrain>(0).UpsertItemsAsync(body.Value.Items ?? []));
        }
        catch (ArgumentException e)
        {
            // "items[3].vector: ..." names the field; nothing was stored.
            var message = e.Message.Split(" (Parameter", 2)[0];
            var colon = message.IndexOf(": ", StringComparison.Ordinal);
            var (field, detail) = colon > 0 ? (message[..colon], message[(colon + 2)..]) : ("items", message);
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [detail] }, title: "The items were rejected; nothing was stored.");
        }
    }

    internal static async Task<Results<Ok<SimilarItemsResult>, NotFound<ProblemDetails>, ValidationProblem>> Similar(string id, string? k, IGrainFactory grains)
    {
        if (!QueryValues.TryParseK(k, out var count))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["k"] = [QueryValues.KError] });
        }

        try
        {
            return TypedResults.Ok(await grains.GetGrain<IRankingGrain>(0).SimilarItemsAsync(id, count));
        }
        catch (KeyNotFoundException e)
        {
            return TypedResults.NotFound(new ProblemDetails { Title = "Unknown item", Detail = e.Message, Status = StatusCodes.Status404NotFound });
        }
    }
}
