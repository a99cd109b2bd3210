using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrleansReco.Abstractions;
using OrleansReco.Gateway.Security;

namespace OrleansReco.Gateway.Apis;

/// <summary><c>/v1/model</c>: the model version served, and publishing a new model file (admin).</summary>
public static class ModelApi
{
    /// <summary>Maps the model endpoints.</summary>
    public static RouteGroupBuilder MapModelApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/model").WithTags("Model");
        api.MapGet("/", Current).WithName("GetModel").WithSummary("The model version and catalog the cluster serves.").RequireAuthorization(Scopes.Read);
        api.MapPost("/", Publish).WithName("PublishModel")
            .WithSummary("Publish a model file written by the trainer (`export`/`train`), sent as the raw body; every silo switches to it. " +
                "By default it is aligned to the served model (Procrustes over shared items) so users keep what they learned; `align=false` publishes it as it is.")
            .Accepts<byte[]>("application/octet-stream").RequireAuthorization(Scopes.Admin).WithMetadata(new GatewaySecurity.LargeBody());
        return api;
    }

    internal static async Task<Ok<CatalogInfo>> Current(IGrainFactory grains) => TypedResults.Ok(await grains.GetGrain<ICatalogGrain>(0).GetInfoAsync());

    internal static async Task<Results<Ok<CatalogInfo>, ValidationProblem>> Publish(HttpRequest request, IGrainFactory grains, string? align = null)
    {
        var aligned = true;
        if (align is not null && !bool.TryParse(align, out aligned))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["align"] = [$"'{Truncate(align)}' is not true or false."] },
                title: "The model file was refused; nothing changed.");
        }

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
        if (body.Length == 0)
        {
            return Problem("Send the model file as the request body.");
        }

        try
        {
            return TypedResults.Ok(await grains.GetGrain<ICatalogGrain>(0).PublishModelAsync(body.ToArray(), aligned));
        }
        catch (InvalidDataException e)
        {
            return Problem(e.Message);
        }
    }

    private static string Truncate(string text) => text.Length <= 32 ? text : string.Concat(text.AsSpan(0, 32), "…");

    private static ValidationProblem Problem(string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [message] }, title: "The model file was refused; nothing changed.");
}
