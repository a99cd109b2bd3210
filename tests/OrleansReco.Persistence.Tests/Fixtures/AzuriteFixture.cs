using OrleansReco.TestServices;

namespace OrleansReco.Persistence.Tests.Fixtures;

/// <summary>Azurite's table service on a free loopback port, in memory (installed by scripts/install-azurite.sh when missing).</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteTables? _azurite;

    public int Port => Azurite.Port;

    public string ConnectionString => Azurite.ConnectionString;

    private AzuriteTables Azurite => _azurite ?? throw new InvalidOperationException("Azurite is not started.");

    public async Task InitializeAsync() => _azurite = await AzuriteTables.StartAsync();

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
