using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrleansReco.Abstractions;
using OrleansReco.Gateway.Security;

namespace OrleansReco.Gateway.Apis;

/// <summary>
/// <c>/v1/audit</c>: the live fairness and bias audit over recent exposures. Admin scope: it describes how the whole user
/// base, broken down by demographic group, is being served, which is for the team that runs the recommender, not for the
/// front-ends that hold read keys.
/// </summary>
public static class AuditApi
{
    /// <summary>Maps the audit endpoint.</summary>
    public static RouteGroupBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/audit").WithTags("Audit");
        api.MapGet("/", Get).WithName("GetAudit")
            .WithSummary("Popularity-decile exposure, coverage, Gini and exposure per demographic group over the recent window (admin).")
            .RequireAuthorization(Scopes.Admin);
        return api;
    }

    internal static async Task<Ok<ExposureAuditReport>> Get(IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IAuditGrain>(0).GetReportAsync());
}
