namespace OrleansReco.TestServices;

/// <summary>
/// A real Azurite table service on a free loopback port, in memory; installed into <c>tools/azurite</c> with
/// <c>scripts/install-azurite.sh</c> when missing.
/// </summary>
public sealed class AzuriteTables : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account key.</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly ChildProcess _process;
    private readonly string _workspace;

    private AzuriteTables(ChildProcess process, int port, string workspace) => (_process, Port, _workspace) = (process, port, workspace);

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>An Azure Storage connection string for it.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    /// <summary>Where the installer puts the <c>azurite-table</c> launcher.</summary>
    public static string Launcher => Path.Combine(RepositoryPaths.Root, "tools", "azurite", "node_modules", ".bin", "azurite-table");

    /// <summary>Installs if needed, starts, and waits until it accepts connections.</summary>
    public static async Task<AzuriteTables> StartAsync()
    {
        await ServiceInstaller.EnsureAsync("install-azurite.sh", () => File.Exists(Launcher));
        var port = FreePorts.Next();
        var workspace = Directory.CreateTempSubdirectory("azurite-").FullName; // in memory; the folder only catches stray files
        var process = ChildProcess.Start("azurite-table", Launcher,
        [
            "--tableHost", "127.0.0.1", "--tablePort", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--silent",
        ], workspace);
        await FreePorts.WaitUntilListeningAsync(port, "Azurite", TimeSpan.FromSeconds(30), process.Output);
        return new AzuriteTables(process, port, workspace);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _process.Dispose();
        Directory.Delete(_workspace, recursive: true);
        return ValueTask.CompletedTask;
    }
}
