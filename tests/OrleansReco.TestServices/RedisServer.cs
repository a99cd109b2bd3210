namespace OrleansReco.TestServices;

/// <summary>A real redis-server on a free loopback port, no persistence; installed with <c>scripts/install-redis.sh</c> when missing.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private RedisServer(ChildProcess process, int port) => (_process, Port) = (process, port);

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>StackExchange.Redis configuration string.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>Installs if needed, starts, and waits until it accepts connections.</summary>
    public static async Task<RedisServer> StartAsync()
    {
        await ServiceInstaller.EnsureAsync("install-redis.sh", () => ServiceInstaller.OnPath("redis-server"));
        var port = FreePorts.Next();
        var process = ChildProcess.Start("redis-server", "redis-server",
            ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"]);
        await FreePorts.WaitUntilListeningAsync(port, "redis-server", TimeSpan.FromSeconds(20), process.Output);
        return new RedisServer(process, port);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
