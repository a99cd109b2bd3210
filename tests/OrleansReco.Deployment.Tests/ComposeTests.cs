using OrleansReco.Hosting;

namespace OrleansReco.Deployment.Tests;

/// <summary>docker-compose.yml: the services, their health checks, start order and ports.</summary>
public sealed class ComposeTests
{
    private readonly ComposeStack _stack = ComposeStack.Load();

    [Fact]
    public void Compose_runs_azurite_redis_two_silos_and_the_gateway()
    {
        Assert.Superset(new HashSet<string> { "azurite", "redis", "silo1", "silo2", "gateway" }, _stack.Services.Keys.ToHashSet());
        Assert.StartsWith("mcr.microsoft.com/azure-storage/azurite", _stack.Services["azurite"].Image);
        Assert.StartsWith("redis:", _stack.Services["redis"].Image);
        Assert.Equal(["silo1", "silo2"], _stack.Silos.Select(s => s.Name).Order());
        Assert.Equal(["gateway"], _stack.Gateways.Select(s => s.Name));
    }

    [Fact]
    public void Every_service_has_a_health_check()
    {
        var without = _stack.Services.Values.Where(s => s.HealthCheck is null).Select(s => s.Name);

        Assert.Empty(without);
    }

    [Fact]
    public void Hosts_are_healthy_when_health_answers_on_the_port_they_listen_on()
    {
        foreach (var host in _stack.Hosts)
        {
            var check = host.HealthCheck ?? "";
            Assert.True(check.Contains("/health", StringComparison.Ordinal), $"{host.Name}: the health check does not ask /health: {check}");
            Assert.True(check.Contains($"{ComposeStack.HttpPort(host)}", StringComparison.Ordinal), $"{host.Name}: the health check does not probe port {ComposeStack.HttpPort(host)}: {check}");
        }
    }

    [Fact]
    public void Silos_and_gateway_start_only_once_what_they_reach_is_healthy()
    {
        foreach (var host in _stack.Hosts)
        {
            var configuration = ComposeStack.ConfigurationOf(host);
            var needs = new HashSet<string>(Addresses.RedisHosts(HostProfile.Cluster(configuration).RedisConnectionString).Select(ServiceAt));
            if (_stack.Silos.Contains(host))
            {
                needs.UnionWith(Addresses.StorageHosts(HostProfile.Storage(configuration).ConnectionString).Select(ServiceAt));
            }
            else
            {
                needs.UnionWith(_stack.Silos.Select(s => s.Name)); // an Orleans client needs a cluster to join
            }

            var awaited = HealthyBefore(host.Name);
            Assert.True(needs.IsSubsetOf(awaited), $"{host.Name} reaches {string.Join(", ", needs.Order())} but waits for {string.Join(", ", awaited.Order())} to be healthy.");
        }
    }

    [Fact]
    public void Published_ports_do_not_collide_on_the_host()
    {
        var published = _stack.Services.Values
            .SelectMany(s => s.Ports.Where(p => p.Published != 0).Select(p => (Service: s.Name, p.Published)))
            .GroupBy(p => p.Published)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(p => p.Service))}");

        Assert.Empty(published);
    }

    [Fact]
    public void Ports_a_host_publishes_lead_to_the_port_it_listens_on()
    {
        Assert.Contains(_stack.Services["gateway"].Ports, p => p.Published == 5080);
        foreach (var host in _stack.Hosts)
        {
            Assert.All(host.Ports, p => Assert.Equal(ComposeStack.HttpPort(host), p.Target));
        }
    }

    [Fact]
    public void Listening_ports_inside_each_silo_are_distinct()
    {
        foreach (var silo in _stack.Silos)
        {
            var cluster = HostProfile.Cluster(ComposeStack.ConfigurationOf(silo));
            int[] ports = [ComposeStack.HttpPort(silo), cluster.SiloPort, cluster.GatewayPort];
            Assert.Equal(ports.Length, ports.Distinct().Count());
        }
    }

    private string ServiceAt(string host) =>
        _stack.Services.Values.FirstOrDefault(s => s.DnsNames.Contains(host))?.Name ?? throw new Xunit.Sdk.XunitException($"No compose service answers to '{host}'.");

    // Services this one waits for to be healthy, directly or through services it waits for.
    private HashSet<string> HealthyBefore(string service)
    {
        var awaited = new HashSet<string>();
        var pending = new Stack<string>([service]);
        while (pending.TryPop(out var next))
        {
            foreach (var (dependency, condition) in _stack.Services[next].DependsOn)
            {
                if (condition == "service_healthy" && awaited.Add(dependency))
                {
                    pending.Push(dependency);
                }
            }
        }

        return awaited;
    }
}
