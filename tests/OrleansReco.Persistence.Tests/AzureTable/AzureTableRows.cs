using Azure.Data.Tables;
using OrleansReco.Persistence.AzureTable;

namespace OrleansReco.Persistence.Tests.AzureTable;

/// <summary>Reads what the provider stored, straight from the table.</summary>
public static class AzureTableRows
{
    /// <summary>Every row of one grain state: the head and its continuation rows.</summary>
    public static async Task<List<TableEntity>> OfStateAsync(TableClient table, string serviceId, GrainId id, string stateName)
    {
        var partitionKey = StateRowKeys.PartitionKey(serviceId, id);
        var rowKey = StateRowKeys.RowKey(id, stateName);
        var (after, before) = StateRowKeys.ContinuationRange(rowKey);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partitionKey} and (RowKey eq {rowKey} or (RowKey gt {after} and RowKey lt {before}))");
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter))
        {
            rows.Add(row);
        }

        return rows;
    }
}
