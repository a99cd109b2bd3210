using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using OrleansReco.Hosting;

namespace OrleansReco.Deployment.Tests;

/// <summary>The compose file with the roles of its services and the configuration each host container sees.</summary>
internal sealed class ComposeStack
{
    /// <summary>Assembly of the silo host (silo + co-hosted HTTP gateway).</summary>
    public const string SiloAssembly = "OrleansReco.Silo";

    /// <summary>Assembly of the standalone HTTP gateway (an Orleans client).</summary>
    public const string GatewayAssembly = "OrleansReco.GatewayHost";

    /// <summary>The configuration profile the containers are built around.</summary>
    public const string Profile = "multi-silo";

    /// <summary>Key the hosts read the profile name from (<see cref="HostProfile.AddProfileConfiguration"/>).</summary>
    public const string ProfileKey = "OrleansReco:Profile";

    /// <summary>
    /// Keys whose container value may differ from the profile, as docker-compose.yml documents: addresses that differ
    /// inside a container network. <see cref="ConfigurationTests"/> checks what each must be instead.
    /// </summary>
    public static readonly IReadOnlySet<string> ContainerOverrides = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        WebHostDefaults.ServerUrlsKey,
        $"{ClusterConnectionOptions.SectionName}:{nameof(ClusterConnectionOptions.RedisConnectionString)}",
        $"{ClusterConnectionOptions.SectionName}:{nameof(ClusterConnectionOptions.AdvertisedHost)}",
        $"{ClusterConnectionOptions.SectionName}:{nameof(ClusterConnectionOptions.ListenOnAnyHostAddress)}",
        $"{StorageOptions.SectionName}:{nameof(StorageOptions.ConnectionString)}",
    };

    private ComposeStack(ComposeFile compose) => Compose = compose;

    public ComposeFile Compose { get; }

    public IReadOnlyDictionary<string, ComposeService> Services => Compose.Services;

    public static ComposeStack Load() => new(ComposeFile.Load());

    public static ComposeStack Parse(string yaml) => new(ComposeFile.Parse(yaml));

    /// <summary>Services whose image runs the silo host.</summary>
    public IReadOnlyList<ComposeService> Silos => Running(SiloAssembly);

    /// <summary>Services whose image runs the standalone gateway.</summary>
    public IReadOnlyList<ComposeService> Gateways => Running(GatewayAssembly);

    /// <summary>Silos and gateways: the services running OrleansReco hosts.</summary>
    public IReadOnlyList<ComposeService> Hosts => [.. Silos, .. Gateways];

    /// <summary>The Dockerfile a service is built from, or null for an image-only service.</summary>
    public static Dockerfile? DockerfileOf(ComposeService service) =>
        service.Build is { } build && File.Exists(Repository.PathOf(build.Dockerfile)) ? Dockerfile.Load(build.Dockerfile) : null;

    /// <summary>The dll the image's ENTRYPOINT runs (<c>["dotnet", "X.dll"]</c> → X), or null.</summary>
    public static string? EntrypointAssembly(Dockerfile dockerfile) =>
        dockerfile.Runtime.Last("ENTRYPOINT")?.ExecForm() is ["dotnet", var dll, ..] && dll.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? Path.GetFileNameWithoutExtension(dll)
            : null;

    /// <summary>The configuration the host in this service's container reads.</summary>
    public static IConfiguration ConfigurationOf(ComposeService service) => ContainerConfiguration.Of(service.Environment);

    /// <summary>The port of the host's HTTP endpoint (<c>Urls</c>), after the profile and the environment.</summary>
    public static int HttpPort(ComposeService service) => HttpEndpoints(ConfigurationOf(service)).Single().Port;

    /// <summary>The endpoints of <c>Urls</c> (<c>+</c> and <c>*</c> read as every interface).</summary>
    public static IReadOnlyList<Uri> HttpEndpoints(IConfiguration configuration) =>
        (configuration[WebHostDefaults.ServerUrlsKey] ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(url => new Uri(url.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal)))
            .ToList();

    private List<ComposeService> Running(string assembly) =>
        Services.Values.Where(s => DockerfileOf(s) is { } dockerfile && EntrypointAssembly(dockerfile) == assembly).ToList();
}
