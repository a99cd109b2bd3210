using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansReco.Abstractions;

namespace OrleansReco.Benchmarks.UserMemory;

/// <summary>
/// <c>user-memory</c>: activates N grains in an in-process silo (user storage discards writes, so no stored copy is
/// counted) and prints managed bytes (<see cref="GC.GetTotalMemory(bool)"/> after a full collection) and process RSS
/// per active grain, each measured as the difference to the same silo with one grain of the kind active.
/// </summary>
public static class UserMemoryCommand
{
    /// <summary>Runs the measurement; returns the process exit code.</summary>
    public static async Task<int> RunAsync(ReadOnlyMemory<string> args, TextWriter output)
    {
        var settings = UserMemorySettings.Parse(args.Span);
        using var host = await UserMemoryCluster.StartAsync(settings);
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        // Catalog and index replica loaded (through a user outside the measured key range), code paths warm.
        await grains.GetGrain<IUserGrain>("warm-up").RecommendAsync(new RecommendationRequest(1));
        await ActivateAsync(grains, settings, first: 0, count: 1);
        var (managedBefore, rssBefore) = Measure();
        var clock = Stopwatch.StartNew();
        await ActivateAsync(grains, settings, first: 1, count: settings.Users);
        var seconds = clock.Elapsed.TotalSeconds;
        var (managedAfter, rssAfter) = Measure();
        var management = grains.GetGrain<IManagementGrain>(0);
        var active = await management.GetTotalActivationCount();

        var managedPerUser = (double)(managedAfter - managedBefore) / settings.Users;
        var rssPerUser = (double)(rssAfter - rssBefore) / settings.Users;
        output.WriteLine($"user-memory: {settings.Users:N0} '{settings.Grain}' grains activated in {seconds:F1} s ({settings.Users / seconds:N0}/s); " +
            $"d = {settings.Dimensions}, replay {settings.ReplayCapacity}, seen {settings.SeenCapacity}, {settings.Items:N0} items, " +
            $"directory cache {settings.DirectoryCacheSize?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default"}; {active:N0} activations in the silo");
        output.WriteLine($"managed: {managedPerUser:N0} bytes per grain ({managedBefore / 1048576.0:N1} -> {managedAfter / 1048576.0:N1} MiB)");
        output.WriteLine($"RSS:     {rssPerUser:N0} bytes per grain ({rssBefore / 1048576.0:N1} -> {rssAfter / 1048576.0:N1} MiB)");
        if (settings.JsonPath is { } path)
        {
            var json = new JsonObject
            {
                ["grain"] = settings.Grain, ["users"] = settings.Users, ["dimensions"] = settings.Dimensions, ["items"] = settings.Items,
                ["replay_capacity"] = settings.ReplayCapacity, ["seen_capacity"] = settings.SeenCapacity, ["activations"] = active,
                ["activation_seconds"] = Math.Round(seconds, 2), ["managed_bytes_per_user"] = Math.Round(managedPerUser, 1),
                ["rss_bytes_per_user"] = Math.Round(rssPerUser, 1), ["directory_cache_size"] = settings.DirectoryCacheSize,
            };
            await File.WriteAllTextAsync(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }

        if (settings.Hold)
        {
            output.WriteLine($"holding: pid {Environment.ProcessId}; e.g. heap-types --pid {Environment.ProcessId} --per {settings.Users}; press Enter to stop");
            await Console.In.ReadLineAsync();
        }

        return 0;
    }

    private static async Task ActivateAsync(IGrainFactory grains, UserMemorySettings settings, int first, int count)
    {
        var next = first - 1;
        var end = first + count;
        var workers = new Task[Math.Min(settings.Concurrency, count)];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = Task.Run(async () =>
            {
                for (var i = Interlocked.Increment(ref next); i < end; i = Interlocked.Increment(ref next))
                {
                    await TouchAsync(grains, settings, i);
                }
            });
        }

        await Task.WhenAll(workers);
    }

    private static async Task TouchAsync(IGrainFactory grains, UserMemorySettings settings, int i)
    {
        var key = $"user-{i}";
        switch (settings.Grain)
        {
            case "user":
                var result = await grains.GetGrain<IUserGrain>(key).RecordInteractionsAsync(FullUserBatch.For(i, settings.Items));
                if (!result.IsAccepted)
                {
                    throw new InvalidOperationException($"{key}: batch rejected: {result.Errors[0].Field} {result.Errors[0].Message}");
                }

                break;
            case "empty":
                await grains.GetGrain<IMemoryProbeGrain>(key, grainClassNamePrefix: typeof(EmptyProbeGrain).FullName).TouchAsync();
                break;
            case "floats":
                await grains.GetGrain<IMemoryProbeGrain>(key, grainClassNamePrefix: typeof(PersistentFloatsProbeGrain).FullName).TouchAsync();
                break;
            default:
                await grains.GetGrain<IMemoryProbeGrain>(key, grainClassNamePrefix: typeof(StorageFloatsProbeGrain).FullName).TouchAsync();
                break;
        }
    }

    private static (long Managed, long Rss) Measure()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        var managed = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return (managed, process.WorkingSet64);
    }
}
