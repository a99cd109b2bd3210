using System.Reflection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using OrleansReco.Hosting;

namespace OrleansReco.Deployment.Tests;

/// <summary>The configuration each host container ends up with, built by the hosts' own code from the compose environment.</summary>
public sealed class ConfigurationTests
{
    private readonly ComposeStack _stack = ComposeStack.Load();

    [Fact]
    public void Every_environment_variable_of_a_host_names_a_configuration_key_the_hosts_read()
    {
        var sections = typeof(ClusterConnectionOptions).Assembly.GetExportedTypes()
            .Select(t => (Type: t, Field: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
            .Where(t => t.Field is { IsLiteral: true })
            .ToDictionary(t => (string)t.Field!.GetRawConstantValue()!, t => t.Type, StringComparer.OrdinalIgnoreCase);
        Assert.Contains(ClusterConnectionOptions.SectionName, sections.Keys);
        Assert.Contains(StorageOptions.SectionName, sections.Keys);
        var hostKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { WebHostDefaults.ServerUrlsKey, ComposeStack.ProfileKey };

        foreach (var host in _stack.Hosts)
        {
            var profile = ContainerConfiguration.Leaves(ContainerConfiguration.Profile(ComposeStack.Profile));
            foreach (var variable in host.Environment.Keys)
            {
                var key = ContainerConfiguration.KeyOf(variable);
                var split = key.LastIndexOf(':');
                var known = hostKeys.Contains(key)
                    || profile.ContainsKey(key)
                    || (split > 0 && sections.TryGetValue(key[..split], out var type)
                        && type.GetProperty(key[(split + 1)..], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is { CanWrite: true });
                Assert.True(known, $"{host.Name}: {variable} ({key}) is no property of an options section ({string.Join(", ", sections.Keys)}), no key of the profile and no host setting.");
            }
        }
    }

    [Fact]
    public void Every_host_container_selects_the_multi_silo_profile()
    {
        var expected = ContainerConfiguration.Profile(ComposeStack.Profile);
        foreach (var host in _stack.Hosts)
        {
            var configuration = ComposeStack.ConfigurationOf(host);

            Assert.Equal(ComposeStack.Profile, configuration[ComposeStack.ProfileKey]);
            // A key only the profile file sets proves the file was read.
            Assert.Equal(expected["OrleansReco:Catalog:DemoItems"], configuration["OrleansReco:Catalog:DemoItems"]);
        }
    }

    [Fact]
    public void Every_host_container_configuration_passes_the_hosts_validation_with_redis_clustering()
    {
        foreach (var host in _stack.Hosts)
        {
            var configuration = ComposeStack.ConfigurationOf(host);

            var cluster = HostProfile.Cluster(configuration); // throws naming every problem
            Assert.Equal(ClusteringProvider.Redis, cluster.Clustering); // Localhost clustering cannot span containers
            if (_stack.Silos.Contains(host))
            {
                var storage = HostProfile.Storage(configuration);
                Assert.NotEqual(StorageProvider.Memory, storage.Provider); // silos share durable state
            }
        }
    }

    [Fact]
    public void Silos_and_gateway_agree_on_the_cluster_and_silos_on_the_storage()
    {
        var clusters = _stack.Hosts.Select(h => (h.Name, Options: HostProfile.Cluster(ComposeStack.ConfigurationOf(h)))).ToList();
        var storages = _stack.Silos.Select(s => (s.Name, Options: HostProfile.Storage(ComposeStack.ConfigurationOf(s)))).ToList();
        Assert.True(clusters.Count >= 3 && storages.Count >= 2);

        AllEqual(clusters, o => o.ClusterId, "ClusterId");
        AllEqual(clusters, o => o.ServiceId, "ServiceId");
        AllEqual(clusters, o => o.Clustering, "Clustering");
        AllEqual(clusters, o => o.RedisConnectionString, "RedisConnectionString");
        AllEqual(storages, o => o.Provider, "Storage Provider");
        AllEqual(storages, o => o.ConnectionString, "Storage ConnectionString");
        AllEqual(storages, o => o.TableName, "Storage TableName");

        static void AllEqual<TOptions, TValue>(List<(string Name, TOptions Options)> hosts, Func<TOptions, TValue> value, string what) =>
            Assert.True(hosts.Select(h => value(h.Options)).Distinct().Count() == 1,
                $"{what} differs: {string.Join(", ", hosts.Select(h => $"{h.Name}={value(h.Options)}"))}");
    }

    [Fact]
    public void Containers_keep_the_multi_silo_profile_settings_except_the_documented_container_overrides()
    {
        var profile = ContainerConfiguration.Leaves(ContainerConfiguration.Profile(ComposeStack.Profile));
        Assert.Contains($"{ClusterConnectionOptions.SectionName}:{nameof(ClusterConnectionOptions.ClusterId)}", profile.Keys);
        Assert.Contains($"{StorageOptions.SectionName}:{nameof(StorageOptions.TableName)}", profile.Keys);
        foreach (var host in _stack.Hosts)
        {
            var configuration = ComposeStack.ConfigurationOf(host);
            var changed = profile
                .Where(kv => !ComposeStack.ContainerOverrides.Contains(kv.Key) && !string.Equals(configuration[kv.Key], kv.Value, StringComparison.Ordinal))
                .Select(kv => $"{kv.Key}: profile '{kv.Value}', container '{configuration[kv.Key]}'");

            Assert.True(!changed.Any(), $"{host.Name} changes what the multi-silo profile sets (not a documented override): {string.Join("; ", changed)}");
        }
    }

    [Fact]
    public void Container_overrides_point_at_compose_services_and_every_interface()
    {
        var profileStorage = Addresses.StorageParts(ContainerConfiguration.Profile(ComposeStack.Profile)[$"{StorageOptions.SectionName}:{nameof(StorageOptions.ConnectionString)}"]);
        foreach (var host in _stack.Hosts)
        {
            var configuration = ComposeStack.ConfigurationOf(host);
            var cluster = HostProfile.Cluster(configuration);

            Assert.All(ComposeStack.HttpEndpoints(configuration), url => Assert.True(Addresses.IsAnyAddress(url.Host), $"{host.Name} listens on {url}, unreachable from outside its container."));
            Assert.All(Addresses.RedisHosts(cluster.RedisConnectionString), h => Assert.StartsWith("redis:", ServiceAt(h).Image));
            if (!_stack.Silos.Contains(host))
            {
                continue;
            }

            Assert.Contains(cluster.AdvertisedHost, host.DnsNames); // the name other silos and clients reach this one at
            Assert.True(cluster.ListenOnAnyHostAddress, $"{host.Name} must listen on every interface of its container.");
            var storage = HostProfile.Storage(configuration);
            var hosts = Addresses.StorageHosts(storage.ConnectionString).ToList();
            Assert.NotEmpty(hosts);
            Assert.All(hosts, h => Assert.StartsWith("mcr.microsoft.com/azure-storage/azurite", ServiceAt(h).Image));
            var parts = Addresses.StorageParts(storage.ConnectionString);
            foreach (var key in new[] { "DefaultEndpointsProtocol", "AccountName", "AccountKey" })
            {
                Assert.Equal(profileStorage[key], parts[key]); // the same Azurite dev account, only the address moves
            }

            Assert.Equal(new Uri(profileStorage["TableEndpoint"]).AbsolutePath, new Uri(parts["TableEndpoint"]).AbsolutePath);
            Assert.Equal(new Uri(profileStorage["TableEndpoint"]).Port, new Uri(parts["TableEndpoint"]).Port);
        }
    }

    private ComposeService ServiceAt(string host) =>
        _stack.Services.Values.FirstOrDefault(s => s.DnsNames.Contains(host)) ?? throw new Xunit.Sdk.XunitException($"No compose service answers to '{host}'.");
}
