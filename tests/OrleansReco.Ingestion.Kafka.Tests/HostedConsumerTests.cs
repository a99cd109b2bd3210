using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansReco.Abstractions;

namespace OrleansReco.Ingestion.Kafka.Tests;

/// <summary>The consumer as a host runs it: enabled by configuration, stopped with the host.</summary>
[Collection(KafkaClusterCollection.Name)]
public sealed class HostedConsumerTests(KafkaClusterFixture fixture)
{
    private const string Topic = "hosted";
    private const int Users = 50;
    private const int EventsPerUser = 10;

    [Fact]
    public async Task Stopping_the_host_drains_and_commits_every_applied_offset()
    {
        fixture.Kafka.CreateTopic(Topic, 2);
        Produce();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OrleansReco:Kafka:Enabled"] = "true",
            ["OrleansReco:Kafka:BootstrapServers"] = fixture.Kafka.BootstrapServers,
            ["OrleansReco:Kafka:Topic"] = Topic,
            ["OrleansReco:Kafka:GroupId"] = "hosted",
            ["OrleansReco:Kafka:CommitIntervalMs"] = "3600000", // so only the shutdown commits
        });
        builder.Services.AddSingleton(fixture.SiloServices.GetRequiredService<IGrainFactory>());
        builder.Services.AddKafkaIngestion(builder.Configuration);
        using var host = builder.Build();

        await host.StartAsync();
        await WaitForCounts();
        await host.StopAsync();

        var config = new ConsumerConfig { BootstrapServers = fixture.Kafka.BootstrapServers, GroupId = "hosted" };
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(config).Build();
        foreach (var committed in consumer.Committed([new TopicPartition(Topic, 0), new TopicPartition(Topic, 1)], TimeSpan.FromSeconds(10)))
        {
            Assert.Equal(consumer.QueryWatermarkOffsets(committed.TopicPartition, TimeSpan.FromSeconds(10)).High.Value, committed.Offset.Value);
        }
    }

    private void Produce()
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = fixture.Kafka.BootstrapServers }).Build();
        for (var i = 0; i < Users * EventsPerUser; i++)
        {
            var user = $"hosted-{i % Users}";
            producer.Produce(Topic, new Message<string, string> { Key = user, Value = $"{{\"user\":\"{user}\",\"item\":\"item-{1 + (i % 50)}\"}}" });
        }

        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
    }

    private async Task WaitForCounts()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var profiles = await Task.WhenAll(Enumerable.Range(0, Users).Select(u => fixture.Cluster.GrainFactory.GetGrain<IUserGrain>($"hosted-{u}").GetProfileAsync()));
            if (profiles.All(p => p.InteractionCount == EventsPerUser))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Counts after 60 s: {string.Join(",", profiles.Select(p => p.InteractionCount).Distinct())}");
            await Task.Delay(100);
        }
    }
}
