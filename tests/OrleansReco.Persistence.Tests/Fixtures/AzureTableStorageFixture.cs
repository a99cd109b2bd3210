using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansReco.Persistence.AzureTable;

namespace OrleansReco.Persistence.Tests.Fixtures;

/// <summary>
/// Our Azure Table grain storage on Azurite, in a table of its own: <see cref="StorageSiloFixture.StorageName"/> deletes
/// rows on clear (the default), <see cref="KeepOnClearStorageName"/> keeps an empty record (DeleteStateOnClear = false).
/// </summary>
public sealed class AzureTableStorageFixture : StorageSiloFixture
{
    public const string KeepOnClearStorageName = "contract-keep";

    public AzuriteFixture Azurite { get; } = new();

    /// <summary>A fresh table per run, so the table-created-on-start test sees this silo's work.</summary>
    public string TableName { get; } = "contract" + Guid.NewGuid().ToString("N");

    public string KeepOnClearTableName { get; } = "keep" + Guid.NewGuid().ToString("N");

    public TableServiceClient Service => new(Azurite.ConnectionString);

    public TableClient Table => Service.GetTableClient(TableName);

    public IGrainStorage KeepOnClearStorage => SiloServices.GetRequiredKeyedService<IGrainStorage>(KeepOnClearStorageName);

    protected override void ConfigureStorage(ISiloBuilder silo)
    {
        silo.AddAzureTableGrainStorage(StorageName, o =>
        {
            o.ConnectionString = Azurite.ConnectionString;
            o.TableName = TableName;
        });
        silo.AddAzureTableGrainStorage(KeepOnClearStorageName, ob => ob.Configure(o =>
        {
            o.TableServiceClient = new TableServiceClient(Azurite.ConnectionString);
            o.TableName = KeepOnClearTableName;
            o.DeleteStateOnClear = false;
        }));
    }

    protected override Task StartDependenciesAsync() => Azurite.InitializeAsync();

    protected override Task StopDependenciesAsync() => Azurite.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class AzureTableStorageCollection : ICollectionFixture<AzureTableStorageFixture>
{
    public const string Name = "azure table storage";
}
