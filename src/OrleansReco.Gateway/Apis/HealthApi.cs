using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using OrleansReco.Abstractions;

namespace OrleansReco.Gateway.Apis;

/// <summary><c>GET /health</c>: healthy when the catalog grain answers.</summary>
public static class HealthApi
{
    /// <summary>Maps the health endpoint.</summary>
    public static RouteHandlerBuilder MapHealthApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/health", Check).WithName("Health").WithTags("Health").WithSummary("Healthy when the cluster serves the catalog.")
            .AllowAnonymous().DisableRateLimiting();

    internal static async Task<Results<Ok<HealthReport>, ProblemHttpResult>> Check(IGrainFactory grains, CancellationToken cancellation)
    {
        try
        {
            var info = await grains.GetGrain<ICatalogGrain>(0).GetInfoAsync().WaitAsync(TimeSpan.FromSeconds(10), cancellation);
            var index = await grains.GetGrain<IRankingGrain>(0).GetIndexInfoAsync().WaitAsync(TimeSpan.FromSeconds(30), cancellation);
            return TypedResults.Ok(new HealthReport("healthy", info.ModelVersion, info.ItemCount, info.Source, index));
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            return TypedResults.Problem($"The cluster does not serve the catalog: {e.Message}", statusCode: StatusCodes.Status503ServiceUnavailable, title: "unhealthy");
        }
    }
}
