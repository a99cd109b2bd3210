using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OrleansReco.Persistence.Tests.Fixtures;

/// <summary>
/// A redis-server on a free loopback port with no persistence, as a child process (installed by
/// scripts/install-redis.sh when missing); killed on dispose.
/// </summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private ExternalProcess? _redis;
    private string? _workspace;

    public int Port { get; private set; }

    public string Configuration => $"127.0.0.1:{Port}";

    public async Task InitializeAsync()
    {
        var executable = FindOnPath("redis-server");
        if (executable is null)
        {
            await ExternalProcess.RunScriptAsync("scripts/install-redis.sh", InstallTimeout);
            executable = FindOnPath("redis-server")
                ?? throw new InvalidOperationException("scripts/install-redis.sh succeeded but redis-server is not on PATH.");
        }

        Port = ExternalProcess.FreeTcpPort();
        _workspace = Directory.CreateTempSubdirectory("redis-").FullName;
        _redis = ExternalProcess.Start(executable,
        [
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", _workspace,
        ], _workspace);
        await _redis.WaitUntilReadyAsync($"redis-server on port {Port}", AnswersPingAsync, StartTimeout);
    }

    public async Task DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        if (_workspace is not null)
        {
            Directory.Delete(_workspace, recursive: true);
        }
    }

    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(2));
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or IOException or TimeoutException)
        {
            return false;
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
