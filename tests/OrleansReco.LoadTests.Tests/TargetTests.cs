using Microsoft.Extensions.DependencyInjection;
using OrleansReco.Abstractions;
using OrleansReco.Hosting;
using OrleansReco.LoadTests.Harness;
using OrleansReco.LoadTests.Targets;

namespace OrleansReco.LoadTests.Tests;

public sealed class TargetTests
{
    [Fact]
    public async Task Two_in_process_silos_serve_load_and_an_external_client_reaches_them_through_the_cluster_target()
    {
        await using var silos = await InProcessTarget.StartAsync(new InProcessClusterOptions { Silos = 2, Items = 200 }, TextWriter.Null);
        await using var client = await ClusterTarget.ConnectAsync(new ClusterConnectionOptions { GatewayPort = silos.GatewayPort, ClusterId = "dev", ServiceId = "dev" });

        await silos.IngestAsync("direct", [new Interaction("item-3", InteractionType.Like)]);
        await client.IngestAsync("via-client", [new Interaction("item-5", InteractionType.Click), new Interaction("item-7", InteractionType.View)]);
        await client.RecommendAsync("via-client", 5);

        var grains = silos.Services.GetRequiredService<IGrainFactory>();
        Assert.Equal(2, (await grains.GetGrain<IUserGrain>("via-client").GetProfileAsync()).InteractionCount);
        Assert.Equal(1, (await grains.GetGrain<IUserGrain>("direct").GetProfileAsync()).InteractionCount);
        var rejected = await Assert.ThrowsAsync<LoadTargetException>(async () => await client.IngestAsync("via-client", [new Interaction("no-such-item")]));
        Assert.Equal("rejected", rejected.Kind);
    }
}
