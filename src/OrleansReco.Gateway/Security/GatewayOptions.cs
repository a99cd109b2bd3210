namespace OrleansReco.Gateway.Security;

/// <summary>Access scopes of an API key.</summary>
public static class Scopes
{
    /// <summary>Recommendations, similar items, profiles, the catalog, the model version.</summary>
    public const string Read = "read";

    /// <summary>Interactions, demographics, erasure and export of a user.</summary>
    public const string Write = "write";

    /// <summary>Catalog changes and model publishing; implies read and write.</summary>
    public const string Admin = "admin";

    /// <summary>Every scope.</summary>
    public static readonly string[] All = [Read, Write, Admin];
}

/// <summary>One API key: stored as the hex SHA-256 of the key, never the key itself.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>Who holds the key (logs, rate-limit partition).</summary>
    public string Name { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the key's UTF-8 bytes (<c>printf %s KEY | sha256sum</c>).</summary>
    public string KeyHash { get; set; } = "";

    /// <summary>Granted scopes: read, write, admin.</summary>
    public List<string> Scopes { get; set; } = [];
}

/// <summary>The gateway's security settings. Section <c>OrleansReco:Gateway</c>.</summary>
public sealed class GatewayOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "OrleansReco:Gateway";

    /// <summary>Header carrying the key.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>Keys accepted.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>Generate a key with every scope at start and print it (<c>Development API key: …</c>); for the embedded demo only.</summary>
    public bool DevelopmentKey { get; set; }

    /// <summary>Requests per second each key (or, without a key, each client address) may make on average.</summary>
    public int PermitsPerSecond { get; set; } = 200;

    /// <summary>Requests a key may make at once above the average rate.</summary>
    public int Burst { get; set; } = 400;

    /// <summary>Largest request body accepted, bytes (a model upload may be larger, see <see cref="MaxModelBytes"/>).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1 << 20;

    /// <summary>Largest model file accepted by <c>POST /v1/model</c>, bytes.</summary>
    public long MaxModelBytes { get; set; } = 512L << 20;

    /// <summary>Origins browsers may call the API from (CORS); empty: same origin only.</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Returns the problems with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        for (var i = 0; i < ApiKeys.Count; i++)
        {
            var key = ApiKeys[i];
            if (string.IsNullOrWhiteSpace(key.Name))
            {
                errors.Add($"OrleansReco:Gateway:ApiKeys:{i}:Name is required.");
            }

            if (key.KeyHash.Length != 64 || !key.KeyHash.All(Uri.IsHexDigit))
            {
                errors.Add($"OrleansReco:Gateway:ApiKeys:{i}:KeyHash must be the 64-character hex SHA-256 of the key.");
            }

            if (key.Scopes.Count == 0 || key.Scopes.Any(s => !Security.Scopes.All.Contains(s)))
            {
                errors.Add($"OrleansReco:Gateway:ApiKeys:{i}:Scopes must list read, write and/or admin.");
            }
        }

        if (PermitsPerSecond < 1 || Burst < 1)
        {
            errors.Add("OrleansReco:Gateway:PermitsPerSecond and Burst must be at least 1.");
        }

        if (MaxRequestBodyBytes < 1024 || MaxModelBytes < MaxRequestBodyBytes)
        {
            errors.Add("OrleansReco:Gateway:MaxRequestBodyBytes must be at least 1024 and MaxModelBytes at least as large.");
        }

        return errors;
    }
}
