using System.Collections.Concurrent;
using OrleansReco.Abstractions;
using OrleansReco.Hosting;
using Xunit.Abstractions;

namespace OrleansReco.Cluster.Tests;

/// <summary>
/// Three silo processes with Redis clustering and durable storage: a client records interactions for 10,000 users, one
/// silo is SIGKILLed mid-load, and every acknowledged interaction must be in storage afterwards — per-user counts equal
/// the acknowledged log, and after a full restart (everything re-read from storage) counts and vectors are unchanged.
/// </summary>
public sealed class ClusterFailoverTests(ITestOutputHelper output)
{
    private const int Users = 10_000;
    private const int Rounds = 3;
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static string UserId(int u) => $"user-{u}";

    private static Interaction InteractionOf(int u, int round) =>
        new($"item-{1 + ((u * 7919) + (round * 104729)) % 1000}", InteractionType.Click, Timestamp: Start.AddMinutes(round));

    [Fact]
    public async Task Acknowledged_interactions_survive_a_killed_silo_and_grains_reactivate_on_the_survivors()
    {
        await using var cluster = new LocalCluster(StorageProvider.AzureTable);
        await cluster.StartAsync(silos: 3);
        var acknowledged = new int[Users];
        var uncertain = new int[Users];
        var errors = new ConcurrentDictionary<string, int>();
        var calls = 0;
        var killAt = Users * Rounds * 2 / 5;
        var victim = cluster.Silos[1];

        for (var round = 0; round < Rounds; round++)
        {
            var r = round;
            await Parallel.ForEachAsync(Enumerable.Range(0, Users), new ParallelOptions { MaxDegreeOfParallelism = 48 }, async (u, _) =>
            {
                if (Interlocked.Increment(ref calls) == killAt)
                {
                    victim.Kill();
                    output.WriteLine($"killed {victim.Name} after {killAt} calls");
                }

                var outcome = await RecordWithRetriesAsync(cluster.Grains.GetGrain<IUserGrain>(UserId(u)), InteractionOf(u, r), errors, idempotencyKey: $"round-{r}");
                if (outcome.Acknowledged)
                {
                    Interlocked.Increment(ref acknowledged[u]);
                }

                Interlocked.Add(ref uncertain[u], outcome.FailedAttempts);
            });
        }

        var recovered = new long[Users];
        await Parallel.ForEachAsync(Enumerable.Range(0, Users), new ParallelOptions { MaxDegreeOfParallelism = 48 }, async (u, _) =>
            recovered[u] = (await cluster.Grains.GetGrain<IUserGrain>(UserId(u)).GetProfileAsync()).InteractionCount);

        var totalAcknowledged = acknowledged.Sum();
        var totalRecovered = recovered.Sum();
        output.WriteLine($"acknowledged {totalAcknowledged} of {Users * Rounds}; recovered {totalRecovered}; " +
            $"client errors during failover: {string.Join(", ", errors.Select(e => $"{e.Key} × {e.Value}"))}");
        Assert.False(victim.IsRunning);
        Assert.Equal(Users * Rounds, totalAcknowledged); // every call eventually acknowledged after retries
        for (var u = 0; u < Users; u++)
        {
            // Every acknowledged interaction is stored, once: a retry of a call whose first attempt was stored before its
            // answer was lost carries the same idempotency key and is not applied again.
            Assert.Equal(acknowledged[u], recovered[u]);
        }

        output.WriteLine($"calls retried after an error: {uncertain.Sum()}");

        // Vectors: what the survivors serve at the end of the log must be what storage holds, so a full restart (every
        // grain re-read from storage) brings back the same vectors bit for bit.
        var served = await ProfilesAsync(cluster, Users);
        await cluster.StopSilosAsync();
        await cluster.StartSilosAsync(2);
        var reread = await ProfilesAsync(cluster, Users);
        for (var u = 0; u < Users; u++)
        {
            Assert.Equal(acknowledged[u], reread[u].InteractionCount);
            Assert.Equal(Bits(served[u].Vector), Bits(reread[u].Vector));
        }

        Assert.All(errors.Keys, kind => Assert.Contains(kind, RetriableErrors));
    }

    [Fact]
    public async Task A_full_restart_brings_back_every_user_vector_bit_for_bit()
    {
        await using var cluster = new LocalCluster(StorageProvider.AzureTable);
        await cluster.StartAsync(silos: 2);
        const int users = 500;
        var errors = new ConcurrentDictionary<string, int>();
        for (var round = 0; round < Rounds; round++)
        {
            var r = round;
            await Parallel.ForEachAsync(Enumerable.Range(0, users), async (u, _) =>
                await RecordWithRetriesAsync(cluster.Grains.GetGrain<IUserGrain>(UserId(u)), InteractionOf(u, r), errors));
        }

        var before = await ProfilesAsync(cluster, users);
        await cluster.StopSilosAsync();
        await cluster.StartSilosAsync(2);
        var after = await ProfilesAsync(cluster, users);

        for (var u = 0; u < users; u++)
        {
            Assert.Equal(before[u].InteractionCount, after[u].InteractionCount);
            Assert.Equal(Bits(before[u].Vector), Bits(after[u].Vector));
        }
    }

    /// <summary>Errors a client may see while a silo is declared dead and its grains move; anything else fails the test.</summary>
    private static readonly string[] RetriableErrors =
    [
        nameof(SiloUnavailableException), nameof(TimeoutException), nameof(OrleansMessageRejectionException), "ConnectionFailedException",
        nameof(OrleansException),
    ];

    private static async Task<(bool Acknowledged, int FailedAttempts)> RecordWithRetriesAsync(IUserGrain grain, Interaction interaction,
        ConcurrentDictionary<string, int> errors, string? idempotencyKey = null)
    {
        // Until membership declares the killed silo dead (tens of seconds by default), calls to its grains fail fast.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var result = idempotencyKey is null
                    ? await grain.RecordInteractionsAsync([interaction])
                    : await grain.RecordInteractionsOnceAsync(idempotencyKey, [interaction]);
                Assert.True(result.IsAccepted, result.Errors.FirstOrDefault()?.Message);
                return (true, attempt);
            }
            catch (Exception e) when (DateTime.UtcNow < deadline && e is not Xunit.Sdk.XunitException)
            {
                errors.AddOrUpdate(e.GetType().Name, 1, (_, n) => n + 1);
                await Task.Delay(500);
            }
        }
    }

    private static async Task<UserProfile[]> ProfilesAsync(LocalCluster cluster, int users)
    {
        var profiles = new UserProfile[users];
        var deadline = DateTime.UtcNow.AddSeconds(60);
        await Parallel.ForEachAsync(Enumerable.Range(0, users), async (u, _) =>
        {
            while (true)
            {
                try
                {
                    profiles[u] = await cluster.Grains.GetGrain<IUserGrain>(UserId(u)).GetProfileAsync();
                    return;
                }
                catch (Exception e) when (DateTime.UtcNow < deadline && e is OrleansException or TimeoutException)
                {
                    await Task.Delay(500); // the client is still learning the restarted silos' gateways
                }
            }
        });
        return profiles;
    }

    private static int[] Bits(IReadOnlyList<float> vector) => vector.Select(BitConverter.SingleToInt32Bits).ToArray();
}
