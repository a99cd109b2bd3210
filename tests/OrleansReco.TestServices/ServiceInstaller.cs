using System.Diagnostics;

namespace OrleansReco.TestServices;

/// <summary>Runs the repository's idempotent install scripts (<c>scripts/install-*.sh</c>) when a service is missing.</summary>
public static class ServiceInstaller
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Runs <c>scripts/{script}</c> unless <paramref name="installed"/> already holds; throws with its output when it fails.</summary>
    public static async Task EnsureAsync(string script, Func<bool> installed)
    {
        await Gate.WaitAsync();
        try
        {
            if (installed())
            {
                return;
            }

            var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root };
            info.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "scripts", script));
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0 || !installed())
            {
                throw new InvalidOperationException($"scripts/{script} failed (exit {process.ExitCode}):\n{await output}\n{await error}");
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>True when <paramref name="command"/> is on the PATH.</summary>
    public static bool OnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(folder => File.Exists(Path.Combine(folder, command)));
}
