using System.Globalization;

namespace OrleansReco.TestServices;

/// <summary>
/// One OrleansReco silo as its own process (<c>OrleansReco.Silo</c> from the test's output folder), on free loopback
/// ports, configured by a profile plus overrides; ready when its <c>/health</c> answers 200.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private SiloProcess(ChildProcess process, string name, int siloPort, int gatewayPort, int httpPort) =>
        (_process, Name, SiloPort, GatewayPort, HttpPort) = (process, name, siloPort, gatewayPort, httpPort);

    /// <summary>Name for messages.</summary>
    public string Name { get; }

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; }

    /// <summary>Orleans client gateway port.</summary>
    public int GatewayPort { get; }

    /// <summary>HTTP port of its co-hosted gateway.</summary>
    public int HttpPort { get; }

    /// <summary>True while the process runs.</summary>
    public bool IsRunning => _process.IsRunning;

    /// <summary>Starts a silo with <c>--OrleansReco:Profile=</c><paramref name="profile"/> and <paramref name="settings"/> (key=value overrides).</summary>
    public static SiloProcess Start(string name, string profile, IReadOnlyDictionary<string, string> settings)
    {
        var (siloPort, gatewayPort, httpPort) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        var arguments = new List<string>
        {
            Path.Combine(AppContext.BaseDirectory, "OrleansReco.Silo.dll"),
            $"--OrleansReco:Profile={profile}",
            $"--urls=http://127.0.0.1:{httpPort}",
            $"--OrleansReco:Silo:SiloPort={siloPort}",
            $"--OrleansReco:Silo:GatewayPort={gatewayPort}",
            "--Logging:LogLevel:Default=Warning",
        };
        foreach (var (key, value) in settings)
        {
            arguments.Add($"--{key}={value}");
        }

        return new SiloProcess(ChildProcess.Start(name, "dotnet", arguments, AppContext.BaseDirectory), name, siloPort, gatewayPort, httpPort);
    }

    /// <summary>Waits until <c>/health</c> answers 200; throws with the silo's output when it does not in time or exits.</summary>
    public async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}"), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (!_process.IsRunning)
            {
                throw new InvalidOperationException($"Silo {Name} exited before it was healthy.\n{_process.Output()}");
            }

            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Silo {Name} was not healthy within {timeout.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture)} s.\n{_process.Output()}");
    }

    /// <summary>SIGKILL, as a machine failure.</summary>
    public void Kill() => _process.Kill();

    /// <summary>SIGTERM and a clean shutdown.</summary>
    public Task StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(30));

    /// <summary>The process's last output.</summary>
    public string Output() => _process.Output();

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
