namespace OrleansReco.Persistence.Tests.Fixtures;

/// <summary>
/// Azurite's table service on a free loopback port, in memory, as a child process (installed into tools/azurite by
/// scripts/install-azurite.sh when missing); killed with its process tree on dispose.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>Azurite's well-known development account key (public, not a secret).</summary>
    private const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private ExternalProcess? _azurite;
    private string? _workspace;

    public int Port { get; private set; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevAccountKey};"
        + $"TableEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    public static string Executable =>
        Path.Combine(RepositoryRoot.Path, "tools", "azurite", "node_modules", ".bin", "azurite-table");

    public async Task InitializeAsync()
    {
        if (!File.Exists(Executable))
        {
            await ExternalProcess.RunScriptAsync("scripts/install-azurite.sh", InstallTimeout);
        }

        Port = ExternalProcess.FreeTcpPort();
        _workspace = Directory.CreateTempSubdirectory("azurite-").FullName;
        _azurite = ExternalProcess.Start(Executable,
        [
            "--tableHost", "127.0.0.1", "--tablePort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--silent",
        ], _workspace); // in memory, so nothing is written; the working folder only catches stray files
        await _azurite.WaitUntilReadyAsync($"azurite-table on port {Port}", () => ExternalProcess.AcceptsConnectionsAsync(Port), StartTimeout);
    }

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

        if (_workspace is not null)
        {
            Directory.Delete(_workspace, recursive: true);
        }
    }
}
