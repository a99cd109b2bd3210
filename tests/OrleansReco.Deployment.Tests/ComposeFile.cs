using YamlDotNet.RepresentationModel;

namespace OrleansReco.Deployment.Tests;

/// <summary>A published port: <c>[host_ip:]published:target</c>.</summary>
internal sealed record PortMapping(string? HostIp, int Published, int Target);

/// <summary>One service of a compose file, read the way Compose reads it (short and long syntaxes).</summary>
internal sealed class ComposeService(string name, YamlMappingNode node)
{
    public string Name { get; } = name;

    public string? Image => Yaml.Scalar(node, "image");

    /// <summary>Hostname other containers reach this one at: the service name, or <c>hostname:</c> when set.</summary>
    public IReadOnlySet<string> DnsNames => new HashSet<string>(StringComparer.OrdinalIgnoreCase) { Name, Yaml.Scalar(node, "hostname") ?? Name };

    /// <summary><c>environment:</c> as a mapping or as a list of <c>KEY=VALUE</c>.</summary>
    public IReadOnlyDictionary<string, string> Environment
    {
        get
        {
            var environment = new Dictionary<string, string>(StringComparer.Ordinal);
            switch (Yaml.Child(node, "environment"))
            {
                case YamlMappingNode map:
                    foreach (var (key, value) in map.Children)
                    {
                        environment[((YamlScalarNode)key).Value!] = (value as YamlScalarNode)?.Value ?? "";
                    }

                    break;
                case YamlSequenceNode list:
                    foreach (var item in list.Children.Cast<YamlScalarNode>().Select(i => i.Value!))
                    {
                        var equals = item.IndexOf('=', StringComparison.Ordinal);
                        environment[equals < 0 ? item : item[..equals]] = equals < 0 ? "" : item[(equals + 1)..];
                    }

                    break;
            }

            return environment;
        }
    }

    /// <summary><c>build:</c>: the context folder and the Dockerfile, both relative to the repository root; null without a build.</summary>
    public (string Context, string Dockerfile)? Build
    {
        get
        {
            switch (Yaml.Child(node, "build"))
            {
                case YamlScalarNode context:
                    return (Normalize(context.Value!), Normalize(Path.Combine(context.Value!, "Dockerfile")));
                case YamlMappingNode build:
                    var folder = Yaml.Scalar(build, "context") ?? ".";
                    return (Normalize(folder), Normalize(Path.Combine(folder, Yaml.Scalar(build, "dockerfile") ?? "Dockerfile")));
                default:
                    return null;
            }

            static string Normalize(string path) => Repository.Relative(Repository.PathOf(path));
        }
    }

    /// <summary><c>ports:</c> in short (<c>"127.0.0.1:5081:8080"</c>, <c>"5080:8080"</c>) or long syntax.</summary>
    public IReadOnlyList<PortMapping> Ports =>
        Yaml.Child(node, "ports") is YamlSequenceNode ports ? ports.Children.Select(Port).ToList() : [];

    /// <summary><c>depends_on:</c> as service name → condition (a plain list means <c>service_started</c>).</summary>
    public IReadOnlyDictionary<string, string> DependsOn => Yaml.Child(node, "depends_on") switch
    {
        YamlSequenceNode list => list.Children.Cast<YamlScalarNode>().ToDictionary(n => n.Value!, _ => "service_started"),
        YamlMappingNode map => map.Children.ToDictionary(
            kv => ((YamlScalarNode)kv.Key).Value!,
            kv => (kv.Value as YamlMappingNode is { } entry ? Yaml.Scalar(entry, "condition") : null) ?? "service_started"),
        _ => new Dictionary<string, string>(),
    };

    /// <summary>The health check command (<c>test:</c>) as one string, or null when there is none or it is disabled.</summary>
    public string? HealthCheck
    {
        get
        {
            if (Yaml.Child(node, "healthcheck") is not YamlMappingNode check || Yaml.Scalar(check, "disable") == "true")
            {
                return null;
            }

            var test = Yaml.Child(check, "test") switch
            {
                YamlScalarNode shell => ["CMD-SHELL", shell.Value!],
                YamlSequenceNode exec => exec.Children.Cast<YamlScalarNode>().Select(n => n.Value!).ToArray(),
                _ => Array.Empty<string>(),
            };
            return test.Length < 2 || test[0] is not ("CMD" or "CMD-SHELL") ? null : string.Join(' ', test.Skip(1));
        }
    }

    private static PortMapping Port(YamlNode port)
    {
        if (port is YamlMappingNode longSyntax)
        {
            var target = int.Parse(Yaml.Scalar(longSyntax, "target")!, System.Globalization.CultureInfo.InvariantCulture);
            var published = Yaml.Scalar(longSyntax, "published");
            return new(Yaml.Scalar(longSyntax, "host_ip"), published is null ? 0 : ParsePort(published), target);
        }

        var parts = ((YamlScalarNode)port).Value!.Split('/')[0].Split(':');
        return parts.Length switch
        {
            1 => new(null, 0, ParsePort(parts[0])),
            2 => new(null, ParsePort(parts[0]), ParsePort(parts[1])),
            _ => new(string.Join(':', parts[..^2]), ParsePort(parts[^2]), ParsePort(parts[^1])),
        };

        static int ParsePort(string text) =>
            int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value
                : throw new FormatException($"Port '{text}' is not a single port number (ranges are not used here).");
    }
}

/// <summary><c>docker-compose.yml</c> at the repository root.</summary>
internal sealed class ComposeFile
{
    private ComposeFile(IReadOnlyDictionary<string, ComposeService> services) => Services = services;

    public const string FileName = "docker-compose.yml";

    public IReadOnlyDictionary<string, ComposeService> Services { get; }

    public static ComposeFile Load() => Parse(File.ReadAllText(Repository.PathOf(FileName)));

    public static ComposeFile Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var services = (YamlMappingNode)(Yaml.Child(root, "services") ?? throw new InvalidDataException("No services: section."));
        return new(services.Children.ToDictionary(
            kv => ((YamlScalarNode)kv.Key).Value!,
            kv => new ComposeService(((YamlScalarNode)kv.Key).Value!, (YamlMappingNode)kv.Value)));
    }
}

internal static class Yaml
{
    public static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    public static string? Scalar(YamlMappingNode node, string key) => (Child(node, key) as YamlScalarNode)?.Value;
}
