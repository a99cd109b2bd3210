using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansReco.Gateway.Security;

/// <summary>The accepted keys, by SHA-256; a development key is generated (and printed) when configured.</summary>
public sealed partial class ApiKeyStore
{
    private readonly List<(byte[] Hash, ApiKeyOptions Key)> _keys = [];

    /// <summary>Loads the configured keys and, if asked, creates the development key.</summary>
    public ApiKeyStore(IOptions<GatewayOptions> options, ILogger<ApiKeyStore> logger)
    {
        foreach (var key in options.Value.ApiKeys)
        {
            _keys.Add((Convert.FromHexString(key.KeyHash), key));
        }

        if (options.Value.DevelopmentKey)
        {
            DevelopmentKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
            _keys.Add((Hash(DevelopmentKey), new ApiKeyOptions { Name = "development", Scopes = [.. Scopes.All] }));
            Console.WriteLine($"Development API key: {DevelopmentKey}");
            LogDevelopmentKey(logger);
        }
    }

    /// <summary>The generated development key, or null.</summary>
    public string? DevelopmentKey { get; }

    /// <summary>The key <paramref name="presented"/> matches, or null (constant-time comparison of the hashes).</summary>
    public ApiKeyOptions? Find(string presented)
    {
        var hash = Hash(presented);
        ApiKeyOptions? found = null;
        foreach (var (stored, key) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(stored, hash))
            {
                found = key;
            }
        }

        return found;
    }

    /// <summary>SHA-256 of the key's UTF-8 bytes, the form keys are configured in.</summary>
    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    [LoggerMessage(1, LogLevel.Warning, "A development API key with every scope was generated and printed; configure OrleansReco:Gateway:ApiKeys outside development")]
    private static partial void LogDevelopmentKey(ILogger logger);
}
