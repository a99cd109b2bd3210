using System.Diagnostics;
using System.Globalization;
using OrleansReco.TestServices;

namespace OrleansReco.Client.Tests;

/// <summary>The README's example (<c>samples/OrleansReco.ClientExample</c>) runs against the embedded host and prints what it promises.</summary>
[Collection(ClientCollection.Name)]
public sealed class ClientExampleTests(ClientFixture fixture)
{
    [Fact]
    public async Task The_client_example_prints_five_recommendations_with_reasons_and_the_profile()
    {
        var (exitCode, output, errors) = await RunExampleAsync(fixture.GatewayPort.ToString(CultureInfo.InvariantCulture));

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{output}\n{errors}");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var recommendations = lines.Where(l => l.StartsWith("item-", StringComparison.Ordinal)).ToArray();
        Assert.Equal(5, recommendations.Length);
        Assert.All(recommendations, l => Assert.Matches(@"^item-\d+ +\S.* -?\d+\.\d{3}  \S", l));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^alice: 2 interactions, vector norm \d+\.\d{2}, model v\d+$"));
    }

    /// <summary>
    /// Runs <c>dotnet OrleansReco.ClientExample.dll</c> as a user would: from the example's own output folder, in the
    /// same configuration and target framework as this test (the project reference builds it first).
    /// </summary>
    private static async Task<(int ExitCode, string Output, string Errors)> RunExampleAsync(params string[] arguments)
    {
        var ours = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)); // …/bin/{configuration}/{tfm}
        var folder = Path.Combine(RepositoryPaths.Root, "samples", "OrleansReco.ClientExample", "bin", ours.Parent!.Name, ours.Name);
        var dll = Path.Combine(folder, "OrleansReco.ClientExample.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build samples/OrleansReco.ClientExample.");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The example did not finish within 30 s.\n{await output}\n{await errors}");
        }

        return (process.ExitCode, await output, await errors);
    }
}
