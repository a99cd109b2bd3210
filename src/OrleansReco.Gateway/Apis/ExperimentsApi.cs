using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrleansReco.Abstractions;
using OrleansReco.Gateway.Security;

namespace OrleansReco.Gateway.Apis;

/// <summary><c>/v1/experiments</c>: create, list and stop A/B experiments; read their results.</summary>
public static class ExperimentsApi
{
    /// <summary>Maps the experiment endpoints.</summary>
    public static RouteGroupBuilder MapExperimentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/experiments").WithTags("Experiments");
        api.MapPost("/", Create).WithName("CreateExperiment")
            .WithSummary("Create an A/B experiment: variants with ranking settings and traffic shares (the first is the control).")
            .Accepts<CreateExperimentRequest>("application/json").RequireAuthorization(Scopes.Admin);
        api.MapGet("/", List).WithName("ListExperiments").WithSummary("Every experiment with its status.").RequireAuthorization(Scopes.Read);
        api.MapGet("/{name}", Get).WithName("GetExperiment").WithSummary("One experiment.").ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Scopes.Read);
        api.MapGet("/{name}/results", Results).WithName("ExperimentResults")
            .WithSummary("Per-variant exposures, outcome rates with Wilson 95 % intervals, z-tests against the control, the planned sample size.")
            .ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Scopes.Read);
        api.MapPost("/{name}/stop", Stop).WithName("StopExperiment").WithSummary("Stop assigning users; counts and results stay.")
            .ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Scopes.Admin);
        return api;
    }

    internal static async Task<Results<Created<ExperimentView>, ValidationProblem, Conflict<HttpValidationProblemDetails>>> Create(
        JsonBody<CreateExperimentRequest> body, IGrainFactory grains)
    {
        if (body.Value is null)
        {
            return Problem([new FieldError(body.ErrorField!, body.Error!)]);
        }

        var now = DateTimeOffset.UtcNow;
        var errors = new List<FieldError>();
        if (ExperimentRequestReader.Read(body.Value, now, errors) is not { } definition)
        {
            return Problem(errors);
        }

        var created = await grains.GetGrain<IExperimentRegistryGrain>(0).CreateAsync(definition);
        if (created.DuplicateName)
        {
            return TypedResults.Conflict(new HttpValidationProblemDetails(FieldProblems.ByField(created.Errors))
            {
                Title = "An experiment of that name exists.", Status = StatusCodes.Status409Conflict,
            });
        }

        return created.Experiment is { } info
            ? TypedResults.Created($"/v1/experiments/{info.Definition.Name}", ExperimentView.Of(info, now))
            : Problem(created.Errors);
    }

    internal static async Task<Ok<ExperimentView[]>> List(IGrainFactory grains)
    {
        var now = DateTimeOffset.UtcNow;
        var all = await grains.GetGrain<IExperimentRegistryGrain>(0).ListAsync();
        return TypedResults.Ok(all.Select(e => ExperimentView.Of(e, now)).ToArray());
    }

    internal static async Task<Results<Ok<ExperimentView>, ProblemHttpResult>> Get(string name, IGrainFactory grains) =>
        await grains.GetGrain<IExperimentRegistryGrain>(0).GetAsync(name) is { } info
            ? TypedResults.Ok(ExperimentView.Of(info, DateTimeOffset.UtcNow))
            : Unknown(name);

    internal static async Task<Results<Ok<ExperimentResults>, ProblemHttpResult>> Results(string name, IGrainFactory grains) =>
        await grains.GetGrain<IExperimentRegistryGrain>(0).GetResultsAsync(name) is { } results ? TypedResults.Ok(results) : Unknown(name);

    internal static async Task<Results<Ok<ExperimentView>, ProblemHttpResult>> Stop(string name, IGrainFactory grains) =>
        await grains.GetGrain<IExperimentRegistryGrain>(0).StopAsync(name) is { } info
            ? TypedResults.Ok(ExperimentView.Of(info, DateTimeOffset.UtcNow))
            : Unknown(name);

    private static ProblemHttpResult Unknown(string name) =>
        TypedResults.Problem(title: "Unknown experiment", detail: $"No experiment is named '{name}'.", statusCode: StatusCodes.Status404NotFound);

    private static ValidationProblem Problem(IReadOnlyList<FieldError> errors) =>
        TypedResults.ValidationProblem(FieldProblems.ByField(errors), title: "The experiment was rejected; nothing was stored.");
}
