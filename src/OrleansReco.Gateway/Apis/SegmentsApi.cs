using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using OrleansReco.Abstractions;
using OrleansReco.Gateway.Security;

namespace OrleansReco.Gateway.Apis;

/// <summary><c>/v1/segments</c>: segment analytics (size, top items, drift), under the k-anonymity floor.</summary>
public static class SegmentsApi
{
    /// <summary>Maps the segment endpoints.</summary>
    public static RouteGroupBuilder MapSegmentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/segments").WithTags("Segments");
        api.MapGet("/", List).WithName("ListSegments").WithSummary("Every segment; sizes and top items are hidden under the k-anonymity floor.")
            .RequireAuthorization(Scopes.Read);
        api.MapGet("/{id:int}", Get).WithName("GetSegment").WithSummary("One segment's size, top items and drift over time.").RequireAuthorization(Scopes.Read);
        return api;
    }

    internal static async Task<Ok<SegmentSummary[]>> List(IGrainFactory grains, IConfiguration configuration) =>
        TypedResults.Ok(await Task.WhenAll(Enumerable.Range(0, Count(configuration)).Select(i => grains.GetGrain<ISegmentGrain>(i).GetSummaryAsync())));

    internal static async Task<Results<Ok<SegmentSummary>, NotFound<ProblemDetails>>> Get(int id, IGrainFactory grains, IConfiguration configuration) =>
        id >= 0 && id < Count(configuration)
            ? TypedResults.Ok(await grains.GetGrain<ISegmentGrain>(id).GetSummaryAsync())
            : TypedResults.NotFound(new ProblemDetails { Title = "Unknown segment", Detail = $"Segments are numbered 0 to {Count(configuration) - 1}.", Status = StatusCodes.Status404NotFound });

    private static int Count(IConfiguration configuration) => configuration.GetValue("OrleansReco:Segments:Count", 8);
}
