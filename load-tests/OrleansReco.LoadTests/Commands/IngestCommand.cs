using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansReco.Abstractions;
using OrleansReco.Learning;
using OrleansReco.LoadTests.Ingest;

namespace OrleansReco.LoadTests.Commands;

/// <summary>
/// <c>ingest</c>: closed-loop interaction ingest into real <c>UserGrain</c>s of an in-process silo, with the chosen grain
/// storage (Memory, Redis on a redis-server it starts, AzureTable on an Azurite it starts): interactions/s, batch latency
/// percentiles, and storage writes per interaction counted at the storage.
/// </summary>
public sealed class IngestCommand : ICommand
{
    public string Name => "ingest";

    public string Summary => "Closed-loop ingest through UserGrains per storage provider: interactions/s, latency, storage writes per interaction.";

    public string Usage => """
          --storage P       memory | azuretable | redis (default memory; services start on free loopback ports)
          --users N         distinct users (default 2000)
          --batches N       batches to send (default 20000)
          --batch N         interactions per batch (default 1)
          --concurrency N   batches in flight (default 32)
          --items N         demo catalog size (default 10000)
          --no-segments     users are not assigned to segments (to measure what segments cost)
          --seed N          (default 42)
          --json FILE       also write the results as JSON
        """;

    public async Task<int> RunAsync(CommandArguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var settings = IngestSettings.From(arguments);
        arguments.ThrowIfUnused();
        await using var cluster = await IngestCluster.StartAsync(settings, output);
        output.WriteLine($"ingest: {settings.Batches:N0} batches of {settings.BatchSize} for {settings.Users:N0} users, {settings.Concurrency} in flight, storage {settings.Provider}");

        // Warm-up: activate every user once, so the measurement is steady-state writes, not first activations.
        await SendAsync(cluster, settings, settings.Users, settings.Seed ^ 0xABCDUL, new long[settings.Users], cancellationToken);
        var writesBefore = cluster.Counter.Counter?.Writes ?? 0;
        var latencies = new long[settings.Batches];
        var clock = Stopwatch.StartNew();
        await SendAsync(cluster, settings, settings.Batches, settings.Seed, latencies, cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        var writes = (cluster.Counter.Counter?.Writes ?? 0) - writesBefore;

        Array.Sort(latencies);
        var interactions = (long)settings.Batches * settings.BatchSize;
        var report = new JsonObject
        {
            ["storage"] = settings.Provider.ToString(),
            ["users"] = settings.Users,
            ["batches"] = settings.Batches,
            ["batch_size"] = settings.BatchSize,
            ["concurrency"] = settings.Concurrency,
            ["seconds"] = Math.Round(seconds, 3),
            ["interactions_per_second"] = Math.Round(interactions / seconds, 1),
            ["batch_latency_p50_ms"] = Milliseconds(latencies, 0.50),
            ["batch_latency_p99_ms"] = Milliseconds(latencies, 0.99),
            ["storage_writes"] = writes,
            ["storage_writes_per_interaction"] = Math.Round((double)writes / interactions, 4),
            ["segments"] = settings.Segments,
        };
        output.WriteLine($"{interactions / seconds:N0} interactions/s ({settings.Batches / seconds:N0} batches/s) in {seconds:F1} s; " +
            $"batch latency p50 {report["batch_latency_p50_ms"]} ms, p99 {report["batch_latency_p99_ms"]} ms; " +
            $"{writes:N0} storage writes = {report["storage_writes_per_interaction"]} per interaction");
        if (settings.JsonPath is { } path)
        {
            await File.WriteAllTextAsync(path, report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), cancellationToken);
            output.WriteLine($"wrote {path}");
        }

        return 0;
    }

    private static async Task SendAsync(IngestCluster cluster, IngestSettings settings, int batches, ulong seed, long[] latencies, CancellationToken cancellationToken)
    {
        var next = -1;
        var failures = 0;
        var workers = Enumerable.Range(0, settings.Concurrency).Select(w => Task.Run(async () =>
        {
            var random = new DeterministicRandom(seed + (ulong)w);
            int b;
            while ((b = Interlocked.Increment(ref next)) < batches)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var user = batches == settings.Users ? b : random.NextInt(settings.Users);
                var batch = new Interaction[settings.BatchSize];
                for (var i = 0; i < batch.Length; i++)
                {
                    batch[i] = new Interaction($"item-{1 + random.NextInt(settings.Items)}", InteractionType.Click);
                }

                var started = Stopwatch.GetTimestamp();
                var result = await cluster.Grains.GetGrain<IUserGrain>($"load-{user}").RecordInteractionsAsync(batch);
                latencies[b] = Stopwatch.GetTimestamp() - started;
                if (!result.IsAccepted)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(workers);
        if (failures > 0)
        {
            throw new InvalidOperationException($"{failures} batches were rejected.");
        }
    }

    private static double Milliseconds(long[] sortedTicks, double quantile) =>
        Math.Round(sortedTicks[(int)Math.Min(sortedTicks.Length - 1, quantile * sortedTicks.Length)] * 1000.0 / Stopwatch.Frequency, 3);
}
