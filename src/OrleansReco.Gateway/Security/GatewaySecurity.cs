using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OrleansReco.Gateway.Security;

/// <summary>API keys with scopes, per-key rate limits, body size limits and CORS for the gateway.</summary>
public static class GatewaySecurity
{
    /// <summary>Name of the CORS policy built from <see cref="GatewayOptions.AllowedOrigins"/>.</summary>
    public const string CorsPolicy = "configured-origins";

    private sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
    {
        public ValidateOptionsResult Validate(string? name, GatewayOptions options) =>
            options.Validate() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }

    /// <summary>Endpoint metadata: this endpoint accepts bodies up to <see cref="GatewayOptions.MaxModelBytes"/>.</summary>
    public sealed class LargeBody;

    /// <summary>Registers the security services.</summary>
    public static IServiceCollection AddGatewaySecurity(this IServiceCollection services)
    {
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        services.AddSingleton<ApiKeyStore>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Scopes.Read, p => p.RequireClaim(ApiKeyAuthenticationHandler.ScopeClaim, Scopes.Read))
            .AddPolicy(Scopes.Write, p => p.RequireClaim(ApiKeyAuthenticationHandler.ScopeClaim, Scopes.Write))
            .AddPolicy(Scopes.Admin, p => p.RequireClaim(ApiKeyAuthenticationHandler.ScopeClaim, Scopes.Admin));
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var settings = context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value;
                var partition = context.User.Identity?.IsAuthenticated == true ? "key:" + context.User.Identity.Name : "ip:" + context.Connection.RemoteIpAddress;
                return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = settings.Burst, TokensPerPeriod = settings.PermitsPerSecond, ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0, AutoReplenishment = true,
                });
            });
            o.OnRejected = async (context, cancellation) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                await Results.Problem(detail: $"Too many requests for this API key; retry after {retryAfter} s.", statusCode: StatusCodes.Status429TooManyRequests,
                    title: "Rate limit exceeded").ExecuteAsync(context.HttpContext);
            };
        });
        services.AddCors(o => o.AddPolicy(CorsPolicy, policy => { }));
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IOptions<GatewayOptions>>((cors, gateway) =>
            cors.AddPolicy(CorsPolicy, policy => policy.WithOrigins([.. gateway.Value.AllowedOrigins]).AllowAnyMethod()
                .WithHeaders("content-type", GatewayOptions.ApiKeyHeader, "idempotency-key")));
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<GatewayOptions>>((kestrel, gateway) =>
            kestrel.Limits.MaxRequestBodySize = gateway.Value.MaxModelBytes);
        services.Configure<ExceptionHandlerOptions>(o => o.StatusCodeSelector = e => e is Microsoft.AspNetCore.Http.BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError);
        return services;
    }

    /// <summary>The security middleware, in order: CORS, body limits, authentication, authorization, rate limits.</summary>
    public static WebApplication UseGatewaySecurity(this WebApplication app)
    {
        app.UseCors(CorsPolicy);
        app.Use(LimitBodyAsync);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    /// <summary>413 as a problem before reading a body over the limit; chunked bodies are cut by Kestrel at the same limit.</summary>
    private static async Task LimitBodyAsync(HttpContext context, RequestDelegate next)
    {
        var settings = context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value;
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<LargeBody>() is null ? settings.MaxRequestBodyBytes : settings.MaxModelBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await Results.Problem(detail: $"The request body is larger than {limit} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Request body too large").ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}
