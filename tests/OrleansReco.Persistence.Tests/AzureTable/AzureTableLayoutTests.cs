using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansReco.Persistence.AzureTable;
using OrleansReco.Persistence.Tests.Contract;
using OrleansReco.Persistence.Tests.Fixtures;

namespace OrleansReco.Persistence.Tests.AzureTable;

/// <summary>What only the Azure Table provider promises: table creation, partitions, the row layout, its limits.</summary>
[Collection(AzureTableStorageCollection.Name)]
public sealed class AzureTableLayoutTests(AzureTableStorageFixture fixture)
{
    private const string StateName = "profile";

    private IGrainStorage Storage => fixture.Storage;

    private static GrainId NewGrainId() => GrainId.Create("layout", Guid.NewGuid().ToString("N"));

    private Task<List<TableEntity>> RowsAsync(GrainId id) => AzureTableRows.OfStateAsync(fixture.Table, fixture.ServiceId, id, StateName);

    private async Task<GrainState<TestState>> ReadAsync(GrainId id, IGrainStorage? storage = null)
    {
        var state = new GrainState<TestState>(new TestState());
        await (storage ?? Storage).ReadStateAsync(StateName, id, state);
        return state;
    }

    [Fact]
    public async Task The_silo_creates_its_tables_on_start()
    {
        var names = new List<string>();
        await foreach (var table in fixture.Service.QueryAsync(t => t.Name == fixture.TableName || t.Name == fixture.KeepOnClearTableName))
        {
            names.Add(table.Name);
        }

        Assert.Equal(new[] { fixture.KeepOnClearTableName, fixture.TableName }.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task States_of_different_grains_spread_over_many_partitions()
    {
        const int Grains = 64;
        var ids = Enumerable.Range(0, Grains).Select(_ => NewGrainId()).ToList();
        await Task.WhenAll(ids.Select(id => Storage.WriteStateAsync(StateName, id, new GrainState<TestState>(TestState.Sample(8)))));

        var partitions = new List<string>();
        foreach (var id in ids)
        {
            partitions.Add(Assert.Single(await RowsAsync(id)).PartitionKey);
        }

        // 64 random grains over 64 buckets fill ~40 of them; far fewer means the hash does not spread.
        Assert.True(partitions.Distinct().Count() >= 20, $"{partitions.Distinct().Count()} partitions for {Grains} grains");
        Assert.All(partitions, pk => Assert.Matches($"^{fixture.ServiceId}_[0-6][0-9]$", pk));
    }

    [Fact]
    public async Task A_small_state_is_one_compact_binary_row()
    {
        var id = NewGrainId();
        var state = new GrainState<TestState>(TestState.Sample(10_000));
        await Storage.WriteStateAsync(StateName, id, state);

        var row = Assert.Single(await RowsAsync(id));

        Assert.Equal(1, row.GetInt32("RowCount"));
        var length = row.GetInt32("DataLength")!.Value;
        Assert.InRange(length, 40_000, 51_000); // Orleans writes a float as a 1-byte field tag + 4 bytes
        Assert.Equal(length, Enumerable.Range(0, StateRows.ChunksPerRow).Sum(i => row.GetBinary("Data" + i)?.Length ?? 0));
        var json = fixture.SiloServices.GetRequiredService<IGrainStorageSerializer>().Serialize(state.State).ToMemory().Length;
        Assert.True(json > 2 * length, $"binary {length} bytes, the DI default (JSON) {json} bytes");
        Assert.Equal(row.ETag.ToString(), state.ETag);
    }

    [Fact]
    public async Task A_state_larger_than_a_row_spans_rows_of_at_most_64_KiB_per_property()
    {
        var id = NewGrainId();
        var state = new GrainState<TestState>(TestState.Sample(300_000));
        await Storage.WriteStateAsync(StateName, id, state);

        var rows = await RowsAsync(id);

        var dataLength = rows[0].GetInt32("DataLength")!.Value;
        var expectedRows = (dataLength + StateRows.RowBytes - 1) / StateRows.RowBytes;
        Assert.True(expectedRows > 1, $"{dataLength} bytes fit one row");
        Assert.Equal(expectedRows, rows.Count);
        Assert.Equal(expectedRows, rows[0].GetInt32("RowCount"));
        Assert.StartsWith($"{expectedRows}|", state.ETag);
        Assert.All(rows, r => Assert.Equal(rows[0].GetGuid("Version"), r.GetGuid("Version")));
        var chunks = rows.SelectMany(r => r.Keys.Where(k => k.StartsWith("Data", StringComparison.Ordinal) && k != "DataLength")
            .Select(k => r.GetBinary(k)!.Length)).ToList();
        Assert.All(chunks, c => Assert.InRange(c, 1, 64 * 1024));
        Assert.Equal(dataLength, chunks.Sum());
    }

    [Fact]
    public async Task Shrinking_a_state_to_one_row_deletes_its_other_rows_and_growing_adds_them()
    {
        var id = NewGrainId();
        var state = new GrainState<TestState>(TestState.Sample(300_000));
        await Storage.WriteStateAsync(StateName, id, state);

        state.State = TestState.Sample(16, seed: 2);
        await Storage.WriteStateAsync(StateName, id, state);
        Assert.Single(await RowsAsync(id));
        Assert.Equal(16, (await ReadAsync(id)).State!.Vector.Length);

        state.State = TestState.Sample(500_000, seed: 3); // ~2.5 MB: the most rows a state may have
        await Storage.WriteStateAsync(StateName, id, state);
        Assert.Equal(StateRows.MaxRows, (await RowsAsync(id)).Count);
        Assert.Equal(500_000, (await ReadAsync(id)).State!.Vector.Length);
    }

    [Fact]
    public async Task A_stale_write_of_a_multi_row_state_changes_none_of_its_rows()
    {
        var id = NewGrainId();
        var state = new GrainState<TestState>(TestState.Sample(300_000, seed: 1));
        await Storage.WriteStateAsync(StateName, id, state);
        var stale = new GrainState<TestState>(TestState.Sample(16, seed: 2), state.ETag);
        await Storage.WriteStateAsync(StateName, id, state);
        var before = await RowsAsync(id);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, id, stale));

        var after = await RowsAsync(id);
        Assert.Equal(before.Select(r => (r.RowKey, r.ETag)), after.Select(r => (r.RowKey, r.ETag)));
    }

    [Fact]
    public async Task A_clear_with_the_stale_etag_of_a_multi_row_state_throws_and_keeps_the_record()
    {
        var id = NewGrainId();
        var state = new GrainState<TestState>(TestState.Sample(300_000));
        await Storage.WriteStateAsync(StateName, id, state);
        var stale = new GrainState<TestState>(state.State, state.ETag);
        state.State = TestState.Sample(16, seed: 2); // shrinks to one row: the extra rows the stale ETag names are gone
        await Storage.WriteStateAsync(StateName, id, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, id, stale));

        Assert.Equal(16, (await ReadAsync(id)).State!.Vector.Length);
    }

    [Fact]
    public async Task A_state_over_the_limit_is_refused_with_the_limit_and_nothing_is_written()
    {
        var id = NewGrainId();
        var state = new GrainState<TestState>(TestState.Sample(800_000)); // ~3.2 MB

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Storage.WriteStateAsync(StateName, id, state));

        Assert.Contains($"at most {AzureTableGrainStorage.MaxStateBytes:N0} bytes", error.Message);
        Assert.Empty(await RowsAsync(id));
        Assert.Null(state.ETag);
    }

    [Fact]
    public async Task Rows_of_different_writes_are_detected_on_read()
    {
        var id = NewGrainId();
        await Storage.WriteStateAsync(StateName, id, new GrainState<TestState>(TestState.Sample(300_000)));
        var rows = await RowsAsync(id);
        rows[1]["Version"] = Guid.NewGuid(); // as if a second write's row were read with the first write's head
        await fixture.Table.UpdateEntityAsync(rows[1], rows[1].ETag, TableUpdateMode.Replace);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => ReadAsync(id));

        Assert.Contains("kept changing while it was read", error.Message);
    }

    [Fact]
    public async Task With_DeleteStateOnClear_false_clear_keeps_an_empty_record_with_an_etag()
    {
        var storage = fixture.KeepOnClearStorage;
        var id = NewGrainId();
        var state = new GrainState<TestState>(TestState.Sample(300_000));
        await storage.WriteStateAsync(StateName, id, state);

        await storage.ClearStateAsync(StateName, id, state);

        Assert.False(state.RecordExists);
        Assert.NotNull(state.ETag);
        var read = await ReadAsync(id, storage);
        Assert.False(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
        var rows = await AzureTableRows.OfStateAsync(fixture.Service.GetTableClient(fixture.KeepOnClearTableName), fixture.ServiceId, id, StateName);
        Assert.Equal(0, Assert.Single(rows).GetInt32("DataLength"));
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            storage.WriteStateAsync(StateName, id, new GrainState<TestState>(TestState.Sample())));
        read.State = TestState.Sample(seed: 4);
        await storage.WriteStateAsync(StateName, id, read);
        Assert.Equal(TestState.Sample(seed: 4).Counter, (await ReadAsync(id, storage)).State!.Counter);
    }
}
