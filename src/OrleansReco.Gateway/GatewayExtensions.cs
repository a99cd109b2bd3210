using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.RateLimiting;
using OrleansReco.Gateway.Apis;
using OrleansReco.Gateway.Observability;
using OrleansReco.Gateway.Security;

namespace OrleansReco.Gateway;

/// <summary>Registers and maps the OrleansReco HTTP API.</summary>
public static class GatewayExtensions
{
    /// <summary>JSON conventions, problem details and OpenAPI for the gateway.</summary>
    public static IServiceCollection AddOrleansRecoGateway(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        });
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddGatewaySecurity();
        services.AddSingleton(_ => new PrometheusMetrics(PrometheusMetrics.DefaultMeters));
        return services;
    }

    /// <summary>Maps <c>/v1/users</c>, <c>/health</c> and <c>/openapi/v1.json</c>.</summary>
    public static IEndpointRouteBuilder MapOrleansRecoApi(this WebApplication app)
    {
        _ = app.Services.GetRequiredService<ApiKeyStore>(); // loads the keys, and prints a development key, at start
        _ = app.Services.GetRequiredService<PrometheusMetrics>(); // listens from the start
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseGatewaySecurity();
        app.MapOpenApi();
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint("/openapi/v1.json", "OrleansReco v1");
            o.RoutePrefix = "docs"; // the API reference at /docs, served from the package (no CDN)
        });
        PrometheusMetrics.Map(app, "/metrics").AllowAnonymous().DisableRateLimiting(); // Prometheus text: OrleansReco, Orleans, ASP.NET Core
        app.MapUsersApi();
        app.MapItemsApi();
        app.MapModelApi();
        app.MapSegmentsApi();
        app.MapExperimentsApi();
        app.MapAuditApi();
        app.MapHealthApi();
        app.MapDemoPage();
        return app;
    }
}
