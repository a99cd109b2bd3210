using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using OrleansReco.Abstractions;
using Xunit.Abstractions;

namespace OrleansReco.Ingestion.Kafka.Tests;

/// <summary>The acceptance run: 100,000 events on 8 partitions, a consumer killed mid-stream and a new one finishing the job.</summary>
[Collection(KafkaClusterCollection.Name)]
public sealed class ExactlyOnceIngestionTests(KafkaClusterFixture fixture, ITestOutputHelper output)
{
    private const int Events = 100_000;
    private const int Users = 2_000;
    private const int Partitions = 8;
    private const int MalformedAt = 50_000;
    private const int UnknownItemAt = 50_001;
    private const string Topic = "interactions";
    private const string DeadLetterTopic = "interactions.dead-letter";

    [Fact]
    public async Task Events_are_applied_exactly_once_in_effect_across_a_killed_consumer_and_poison_events_are_dead_lettered()
    {
        fixture.Kafka.CreateTopic(Topic, Partitions);
        fixture.Kafka.CreateTopic(DeadLetterTopic, 1);
        var expected = Produce();
        var validEvents = Events - 2;
        using var metrics = new KafkaMetricsListener();

        // The first consumer never commits (interval of an hour) and is killed a third of the way in: everything it
        // applied comes again to the second one.
        var clock = Stopwatch.StartNew();
        var first = NewWorker("first", commitIntervalMs: 3_600_000, clock);
        var firstRun = first.RunAsync(CancellationToken.None);
        await WaitUntil(() => metrics.Total("orleansreco.kafka.events.applied") >= Events / 3, "the first consumer to apply a third of the events", metrics);
        first.Abort();
        await firstRun;
        var appliedByFirst = metrics.Total("orleansreco.kafka.events.applied");
        var killedAt = clock.Elapsed;

        // A second consumer takes over; a third joins the group two thirds of the way in (a rebalance mid-stream) and
        // leaves again at the end, so the second ends up with every partition.
        using var stopSecond = new CancellationTokenSource();
        using var stopThird = new CancellationTokenSource();
        var secondRun = NewWorker("second", commitIntervalMs: 200, clock).RunAsync(stopSecond.Token);
        await WaitUntil(() => metrics.Total("orleansreco.kafka.events.applied") >= 2 * Events / 3, "two thirds of the events applied", metrics);
        var thirdRun = NewWorker("third", commitIntervalMs: 200, clock).RunAsync(stopThird.Token);
        await WaitUntil(() => metrics.Total("orleansreco.kafka.events.applied") >= validEvents && metrics.Total("orleansreco.kafka.dead_letters") >= 2,
            "every valid event applied and both poison events dead-lettered", metrics);
        var doneAt = clock.Elapsed;
        await stopThird.CancelAsync();
        await thirdRun;
        await WaitUntil(() => metrics.Lag() is { Count: Partitions } lag && lag.Values.All(v => v == 0), "the lag gauge to read 0 on all partitions", metrics);
        await stopSecond.CancelAsync();
        await secondRun;

        var skipped = metrics.Total("orleansreco.kafka.events.skipped");
        output.WriteLine($"first consumer: {appliedByFirst:N0} events applied in {killedAt.TotalSeconds:F1} s, then killed");
        output.WriteLine($"commits: {metrics.Total("orleansreco.kafka.commits:ok")} ok, {metrics.Total("orleansreco.kafka.commits:rebalance")} refused during a rebalance");
        output.WriteLine($"second and third consumers: {validEvents - appliedByFirst:N0} applied, {skipped:N0} redelivered and skipped; all done {doneAt.TotalSeconds:F1} s after the start");
        output.WriteLine($"overall: {validEvents / doneAt.TotalSeconds:N0} events/s applied; after the kill incl. group joins: {(validEvents - appliedByFirst + skipped) / (doneAt - killedAt).TotalSeconds:N0} events/s read");

        Assert.Equal(validEvents, metrics.Total("orleansreco.kafka.events.applied"));
        // Nothing was committed, so the second consumer read from the start and had to skip all the first one applied.
        Assert.True(skipped >= appliedByFirst, $"skipped {skipped} < {appliedByFirst} applied by the killed consumer");
        if (!CommittedToTheEnd())
        {
            // The second consumer's last commit can be refused by the rebalance the third one's leave starts; the
            // guarantee is that the next member replays from the last commit, skips what was applied and commits.
            output.WriteLine("last commit refused: a fourth member replays from it");
            using var stopFourth = new CancellationTokenSource();
            var fourthRun = NewWorker("fourth", commitIntervalMs: 200, clock).RunAsync(stopFourth.Token);
            await WaitUntil(CommittedToTheEnd, "a new member to commit to the end", metrics);
            await stopFourth.CancelAsync();
            await fourthRun;
        }

        Assert.Equal(validEvents, metrics.Total("orleansreco.kafka.events.applied"));
        await AssertGrainCounts(expected);
        Assert.True(CommittedToTheEnd(), "committed offsets are at the end of every partition");
        AssertDeadLetters();
    }

    /// <summary>Writes the events keyed by user; returns the valid events per user.</summary>
    private Dictionary<string, int> Produce()
    {
        var expected = new Dictionary<string, int>();
        var random = new Random(17);
        string[] types = ["click", "view", "like", "purchase", "skip"];
        var config = new ProducerConfig { BootstrapServers = fixture.Kafka.BootstrapServers, LingerMs = 5, QueueBufferingMaxMessages = 2 * Events };
        using var producer = new ProducerBuilder<string, string>(config).Build();
        for (var i = 0; i < Events; i++)
        {
            var user = $"user-{random.Next(Users)}";
            var item = $"item-{1 + random.Next(KafkaClusterFixture.Items)}";
            var json = i switch
            {
                MalformedAt => "{\"user\":\"" + user + "\",\"item\":",
                UnknownItemAt => $"{{\"user\":\"{user}\",\"item\":\"no-such-item\",\"id\":\"e-{i}\"}}",
                _ when i % 10 == 0 => $"{{\"user\":\"{user}\",\"item\":\"{item}\",\"type\":\"rating\",\"value\":{1 + (i % 5)},\"timestamp\":{1_700_000_000_000L + i}}}",
                _ => $"{{\"user\":\"{user}\",\"item\":\"{item}\",\"type\":\"{types[i % types.Length]}\",\"id\":\"e-{i}\"}}",
            };
            if (i is not MalformedAt and not UnknownItemAt)
            {
                expected[user] = expected.GetValueOrDefault(user) + 1;
            }

            producer.Produce(Topic, new Message<string, string> { Key = user, Value = json });
        }

        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        return expected;
    }

    private KafkaIngestionWorker NewWorker(string name, int commitIntervalMs, Stopwatch clock)
    {
        var options = new KafkaIngestionOptions
        {
            Enabled = true,
            BootstrapServers = fixture.Kafka.BootstrapServers,
            Topic = Topic,
            GroupId = "exactly-once",
            CommitIntervalMs = commitIntervalMs,
            // A killed member never says goodbye: the group waits this long before handing its partitions on.
            ClientSettings = { ["session.timeout.ms"] = "2000", ["heartbeat.interval.ms"] = "300" },
        };
        Assert.Empty(options.Validate());
        var services = fixture.SiloServices;
        return new KafkaIngestionWorker(services.GetRequiredService<IGrainFactory>(), options, services.GetRequiredService<KafkaIngestionMetrics>(),
            new TestOutputLogger<KafkaIngestionWorker>(output, name, clock));
    }

    private async Task AssertGrainCounts(Dictionary<string, int> expected)
    {
        var profiles = await Task.WhenAll(expected.Keys.Select(u => fixture.Cluster.GrainFactory.GetGrain<IUserGrain>(u).GetProfileAsync()));
        var wrong = profiles.Where(p => p.InteractionCount != expected[p.UserId]).Select(p => $"{p.UserId}: {p.InteractionCount} != {expected[p.UserId]}").ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} users with wrong counts, e.g. {string.Join("; ", wrong.Take(5))}");
        Assert.Equal(Events - 2, profiles.Sum(p => p.InteractionCount));
    }

    private bool CommittedToTheEnd()
    {
        var config = new ConsumerConfig { BootstrapServers = fixture.Kafka.BootstrapServers, GroupId = "exactly-once" };
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(config).Build();
        var partitions = Enumerable.Range(0, Partitions).Select(p => new TopicPartition(Topic, p)).ToList();
        var committed = consumer.Committed(partitions, TimeSpan.FromSeconds(10));
        return committed.All(offset => consumer.QueryWatermarkOffsets(offset.TopicPartition, TimeSpan.FromSeconds(10)).High.Value == offset.Offset.Value);
    }

    private void AssertDeadLetters()
    {
        var config = new ConsumerConfig { BootstrapServers = fixture.Kafka.BootstrapServers, GroupId = "dead-letter-reader", AutoOffsetReset = AutoOffsetReset.Earliest };
        using var consumer = new ConsumerBuilder<string, string>(config).Build();
        consumer.Assign(new TopicPartitionOffset(DeadLetterTopic, 0, Offset.Beginning));
        var letters = new List<ConsumeResult<string, string>>();
        while (consumer.Consume(TimeSpan.FromSeconds(2)) is { } letter)
        {
            letters.Add(letter);
        }

        var malformed = Assert.Single(letters.Where(l => Header(l, DeadLetter.KindHeader) == DeadLetter.Malformed).DistinctBy(l => Header(l, DeadLetter.OffsetHeader)));
        Assert.Equal("json", Header(malformed, DeadLetter.FieldHeader));
        Assert.StartsWith("Malformed JSON", Header(malformed, DeadLetter.ReasonHeader), StringComparison.Ordinal);
        Assert.StartsWith("{\"user\":", malformed.Message.Value, StringComparison.Ordinal);

        var unknown = Assert.Single(letters.Where(l => Header(l, DeadLetter.KindHeader) == DeadLetter.Invalid).DistinctBy(l => Header(l, DeadLetter.OffsetHeader)));
        Assert.Equal("itemId", Header(unknown, DeadLetter.FieldHeader));
        Assert.Contains("Unknown item id 'no-such-item'", Header(unknown, DeadLetter.ReasonHeader), StringComparison.Ordinal);
        Assert.Equal($"e-{UnknownItemAt}", Header(unknown, DeadLetter.EventIdHeader));
        Assert.Equal(Topic, Header(unknown, DeadLetter.TopicHeader));
    }

    private static string? Header(ConsumeResult<string, string> result, string key) =>
        result.Message.Headers.TryGetLastBytes(key, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;

    private async Task WaitUntil(Func<bool> condition, string what, KafkaMetricsListener metrics)
    {
        var deadline = Stopwatch.StartNew();
        var report = TimeSpan.FromSeconds(5);
        while (!condition())
        {
            if (deadline.Elapsed > report)
            {
                output.WriteLine($"{deadline.Elapsed.TotalSeconds:F0} s waiting for {what}: {Progress(metrics)}");
                report += TimeSpan.FromSeconds(5);
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(90), $"Timed out waiting for {what}: {Progress(metrics)}.");
            await Task.Delay(20);
        }
    }

    private static string Progress(KafkaMetricsListener metrics) =>
        $"applied {metrics.Total("orleansreco.kafka.events.applied"):N0}, skipped {metrics.Total("orleansreco.kafka.events.skipped"):N0}, " +
        $"dead letters {metrics.Total("orleansreco.kafka.dead_letters")}, retries {metrics.Total("orleansreco.kafka.retries")}, commits {metrics.Total("orleansreco.kafka.commits")}";
}
