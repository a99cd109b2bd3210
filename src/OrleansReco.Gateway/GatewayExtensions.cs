using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OrleansReco.Gateway.Apis;

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
        return services;
    }

    /// <summary>Maps <c>/v1/users</c>, <c>/health</c> and <c>/openapi/v1.json</c>.</summary>
    public static IEndpointRouteBuilder MapOrleansRecoApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();
        app.MapUsersApi();
        app.MapItemsApi();
        app.MapHealthApi();
        app.MapDemoPage();
        return app;
    }
}
