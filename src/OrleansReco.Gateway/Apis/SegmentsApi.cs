using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OrleansReco.Abstractions;
using OrleansReco.Gateway.Security;

namespace OrleansReco.Gateway.Apis;

/// <summary><c>/v1/segments</c>: segment analytics (size, top items, drift) under the k-anonymity floor, and <c>segments fit</c> (admin).</summary>
public static class SegmentsApi
{
    /// <summary>Maps the segment endpoints.</summary>
    public static RouteGroupBuilder MapSegmentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/segments").WithTags("Segments");
        api.MapGet("/", List).WithName("ListSegments").WithSummary("Every segment; sizes and top items are hidden under the k-anonymity floor.")
            .RequireAuthorization(Scopes.Read);
        api.MapGet("/{id:int}", Get).WithName("GetSegment").WithSummary("One segment's size, top items and drift over time.").RequireAuthorization(Scopes.Read);
        api.MapGet("/fit", LastFit).WithName("GetSegmentFit").WithSummary("The segmentation in force: generation, K and the last fit's report.")
            .RequireAuthorization(Scopes.Read);
        api.MapPost("/fit", Fit).WithName("FitSegments")
            .WithSummary("Chooses K in [minK, maxK] by sampled silhouette on sampled user vectors, reports silhouette and inertia per K, and re-seeds the segments.")
            .RequireAuthorization(Scopes.Admin);
        return api;
    }

    internal static async Task<Ok<SegmentSummary[]>> List(IGrainFactory grains)
    {
        var k = (await Directory(grains).GetLayoutAsync()).K;
        return TypedResults.Ok(await Task.WhenAll(Enumerable.Range(0, k).Select(i => grains.GetGrain<ISegmentGrain>(i).GetSummaryAsync())));
    }

    internal static async Task<Results<Ok<SegmentSummary>, NotFound<ProblemDetails>>> Get(int id, IGrainFactory grains)
    {
        var k = (await Directory(grains).GetLayoutAsync()).K;
        return id >= 0 && id < k
            ? TypedResults.Ok(await grains.GetGrain<ISegmentGrain>(id).GetSummaryAsync())
            : TypedResults.NotFound(new ProblemDetails { Title = "Unknown segment", Detail = $"Segments are numbered 0 to {k - 1}.", Status = StatusCodes.Status404NotFound });
    }

    internal static async Task<Ok<SegmentLayout>> LastFit(IGrainFactory grains) => TypedResults.Ok(await Directory(grains).GetLayoutAsync());

    internal static async Task<Results<Ok<SegmentFitReport>, ValidationProblem, Conflict<ProblemDetails>>> Fit(string? minK, string? maxK, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>();
        var range = $"must be an integer in [2, {SegmentFitRequest.MaxSegments}].";
        if (!QueryValues.TryParseInRange(minK, 2, SegmentFitRequest.MaxSegments, 0, out var min))
        {
            errors["minK"] = [$"minK {range}"];
        }

        if (!QueryValues.TryParseInRange(maxK, 2, SegmentFitRequest.MaxSegments, 0, out var max))
        {
            errors["maxK"] = [$"maxK {range}"];
        }

        var request = new SegmentFitRequest(minK is null ? null : min, maxK is null ? null : max);
        foreach (var error in errors.Count == 0 ? request.Validate() : [])
        {
            errors[error.Field] = [error.Message];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The fit request was rejected; nothing changed.");
        }

        var report = await Directory(grains).FitAsync(request);
        return report.Applied ? TypedResults.Ok(report) : TypedResults.Conflict(new ProblemDetails
        {
            Title = "Too few sampled users to fit segments; nothing changed.",
            Detail = report.Problem,
            Status = StatusCodes.Status409Conflict,
            Extensions = { ["sampledUsers"] = report.SampledUsers, ["minimumUsers"] = report.MinimumUsers },
        });
    }

    private static ISegmentDirectoryGrain Directory(IGrainFactory grains) => grains.GetGrain<ISegmentDirectoryGrain>(0);
}
