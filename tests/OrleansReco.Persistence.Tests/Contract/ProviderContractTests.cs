using OrleansReco.Persistence.Tests.AzureTable;
using OrleansReco.Persistence.Tests.Fixtures;

namespace OrleansReco.Persistence.Tests.Contract;

/// <summary>The contract against Orleans' memory grain storage (the reference behaviour).</summary>
[Collection(MemoryStorageCollection.Name)]
public sealed class MemoryGrainStorageContractTests(MemoryStorageFixture fixture) : GrainStorageContractTests(fixture);

/// <summary>The contract against the official Redis grain storage.</summary>
[Collection(RedisStorageCollection.Name)]
public sealed class RedisGrainStorageContractTests(RedisStorageFixture fixture) : GrainStorageContractTests(fixture);

/// <summary>The contract against our Azure Table grain storage on Azurite.</summary>
[Collection(AzureTableStorageCollection.Name)]
public sealed class AzureTableGrainStorageContractTests(AzureTableStorageFixture fixture) : GrainStorageContractTests(fixture)
{
    /// <summary>Clear really deletes: the table holds no row of the grain's state, head or continuation.</summary>
    protected override async Task AssertNothingStoredAsync(GrainId id, string stateName)
    {
        var rows = await AzureTableRows.OfStateAsync(fixture.Table, fixture.ServiceId, id, stateName);
        Assert.Empty(rows);
    }
}
