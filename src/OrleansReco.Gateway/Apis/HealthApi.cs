using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using OrleansReco.Abstractions;

namespace OrleansReco.Gateway.Apis;

/// <summary><c>/health</c> (readiness: the catalog is served and this silo's index answers) and <c>/health/live</c>.</summary>
public static class HealthApi
{
    /// <summary>Maps the health endpoint.</summary>
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", Check).WithName("Health").WithTags("Health").WithSummary("Ready: the silo and its item index serve the catalog (503 otherwise).")
            .AllowAnonymous().DisableRateLimiting();
        app.MapGet("/health/ready", Check).WithName("Readiness").WithTags("Health").WithSummary("Same as /health.")
            .AllowAnonymous().DisableRateLimiting();
        app.MapGet("/health/live", () => TypedResults.Ok(new { status = "alive" })).WithName("Liveness").WithTags("Health")
            .WithSummary("The process answers (whether or not the cluster is ready).").AllowAnonymous().DisableRateLimiting();
        return app;
    }

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
