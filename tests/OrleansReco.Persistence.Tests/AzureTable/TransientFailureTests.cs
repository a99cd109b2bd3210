using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using OrleansReco.Persistence.AzureTable;
using OrleansReco.Persistence.Tests.Contract;
using OrleansReco.Persistence.Tests.Fixtures;

namespace OrleansReco.Persistence.Tests.AzureTable;

[Collection(AzureTableStorageCollection.Name)]
public sealed class TransientFailureTests(AzureTableStorageFixture fixture)
{
    [Fact]
    public async Task Network_failures_are_retried_by_the_client_policy_and_the_storage_works()
    {
        var transport = new FlakyTransport();
        var options = new AzureTableGrainStorageOptions
        {
            ConnectionString = fixture.Azurite.ConnectionString,
            TableName = "flaky" + Guid.NewGuid().ToString("N"),
        };
        options.ClientOptions.Transport = transport;
        options.ClientOptions.Retry.Delay = TimeSpan.FromMilliseconds(10);
        var services = fixture.SiloServices;
        var storage = new AzureTableGrainStorage("flaky", options, new ClusterOptions { ServiceId = "flaky" },
            ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(services),
            services.GetRequiredService<IActivatorProvider>(),
            services.GetRequiredService<ILogger<AzureTableGrainStorage>>());
        var id = GrainId.Create("flaky", "1");

        await storage.InitializeAsync(CancellationToken.None);
        var written = new GrainState<TestState>(TestState.Sample());
        await storage.WriteStateAsync("s", id, written);
        var read = new GrainState<TestState>(new TestState());
        await storage.ReadStateAsync("s", id, read);
        var (readETag, readCounter) = (read.ETag, read.State!.Counter);
        await storage.ClearStateAsync("s", id, read);

        Assert.Equal(written.ETag, readETag);
        Assert.Equal(TestState.Sample().Counter, readCounter);
        Assert.False(read.RecordExists);
        Assert.True(transport.Failures >= 3, $"{transport.Failures} injected failures");
    }

    /// <summary>Fails every other request before sending it, as a dropped connection would.</summary>
    private sealed class FlakyTransport : HttpPipelineTransport
    {
        private readonly HttpClientTransport _inner = new();
        private int _calls;
        private int _failures;

        public int Failures => _failures;

        public override Azure.Core.Request CreateRequest() => _inner.CreateRequest();

        public override void Process(HttpMessage message)
        {
            FailEveryOtherCall();
            _inner.Process(message);
        }

        public override async ValueTask ProcessAsync(HttpMessage message)
        {
            FailEveryOtherCall();
            await _inner.ProcessAsync(message);
        }

        private void FailEveryOtherCall()
        {
            if (Interlocked.Increment(ref _calls) % 2 == 1)
            {
                Interlocked.Increment(ref _failures);
                throw new IOException("injected transient network failure");
            }
        }
    }
}
