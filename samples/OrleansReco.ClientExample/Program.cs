using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansReco.Abstractions;
using OrleansReco.Client;

// Connects to a running silo on this machine: gateway port from the first argument, else 30000.
var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddOrleansReco(options => options.GatewayPort = args.Length > 0 ? int.Parse(args[0]) : 30000);
using var host = builder.Build();
await host.StartAsync(); // connects to the cluster

var reco = host.Services.GetRequiredService<IRecommendationClient>();
await reco.RecordAsync("alice", [new Interaction("item-5", InteractionType.Like), new Interaction("item-17", InteractionType.Purchase)]);

var top = await reco.RecommendAsync("alice", new RecommendationRequest(K: 5));
foreach (var item in top.Items)
{
    Console.WriteLine($"{item.ItemId,-9} {item.Title,-14} {item.Score,6:F3}  {item.Reason}");
}

var profile = await reco.GetProfileAsync("alice");
Console.WriteLine($"{profile.UserId}: {profile.InteractionCount} interactions, vector norm {profile.VectorNorm:F2}, model v{profile.ModelVersion}");
await host.StopAsync();
