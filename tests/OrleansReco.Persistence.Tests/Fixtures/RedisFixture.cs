using OrleansReco.TestServices;

namespace OrleansReco.Persistence.Tests.Fixtures;

/// <summary>A redis-server on a free loopback port with no persistence (installed by scripts/install-redis.sh when missing).</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private RedisServer? _redis;

    public int Port => Redis.Port;

    public string Configuration => Redis.ConnectionString;

    private RedisServer Redis => _redis ?? throw new InvalidOperationException("redis-server is not started.");

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}
