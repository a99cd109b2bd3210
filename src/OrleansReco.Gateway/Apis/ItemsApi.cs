using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OrleansReco.Abstractions;

namespace OrleansReco.Gateway.Apis;

/// <summary><c>/v1/items</c>: item-to-item similarity.</summary>
public static class ItemsApi
{
    /// <summary>Maps the item endpoints.</summary>
    public static RouteGroupBuilder MapItemsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/items").WithTags("Items");
        api.MapGet("/{id}/similar", Similar).WithName("SimilarItems").WithSummary("Items closest to an item in the current model's space.");
        return api;
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
