using System.Runtime.InteropServices;
using Orleans.Storage;
using OrleansReco.Persistence.Tests.Fixtures;

namespace OrleansReco.Persistence.Tests.Contract;

/// <summary>
/// What a grain relies on from any <see cref="IGrainStorage"/>; one subclass per provider runs every fact against it.
/// </summary>
public abstract class GrainStorageContractTests(StorageSiloFixture fixture)
{
    protected const string StateName = "profile";

    protected IGrainStorage Storage => fixture.Storage;

    /// <summary>Floats in the large-state fact: ~1.2 MB serialized, more than one Azure Table row holds.</summary>
    protected virtual int LargeStateFloats => 300_000;

    protected static GrainId NewGrainId(string key = "user") => GrainId.Create("contract", $"{key}-{Guid.NewGuid():N}");

    protected static GrainState<TestState> Empty() => new(new TestState());

    protected async Task<GrainState<TestState>> ReadAsync(GrainId id, string stateName = StateName)
    {
        var state = Empty();
        await Storage.ReadStateAsync(stateName, id, state);
        return state;
    }

    protected async Task<GrainState<TestState>> WriteNewAsync(GrainId id, TestState value, string stateName = StateName)
    {
        var state = new GrainState<TestState>(value);
        await Storage.WriteStateAsync(stateName, id, state);
        return state;
    }

    /// <summary>Provider-specific check that nothing of the grain's state is left in the store after a clear.</summary>
    protected virtual Task AssertNothingStoredAsync(GrainId id, string stateName) => Task.CompletedTask;

    [Fact]
    public async Task Write_then_read_gives_equal_values_bit_for_bit_and_the_same_etag()
    {
        var id = NewGrainId();
        var written = await WriteNewAsync(id, TestState.Sample());

        var read = await ReadAsync(id);

        Assert.True(read.RecordExists);
        Assert.NotNull(written.ETag);
        Assert.Equal(written.ETag, read.ETag);
        AssertSameState(TestState.Sample(), read.State!);
    }

    [Fact]
    public async Task Reading_a_missing_state_gives_no_record_and_a_default_state()
    {
        var read = await ReadAsync(NewGrainId());

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.NotNull(read.State);
        Assert.Empty(read.State!.Vector);
        Assert.Equal(0, read.State!.Counter);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_throws_and_leaves_the_stored_value_unchanged()
    {
        var id = NewGrainId();
        var first = await WriteNewAsync(id, TestState.Sample(seed: 1));
        var staleETag = first.ETag;
        first.State!.Counter = 2;
        await Storage.WriteStateAsync(StateName, id, first);

        var stale = new GrainState<TestState>(TestState.Sample(seed: 3), staleETag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, id, stale));

        var read = await ReadAsync(id);
        Assert.Equal(2, read.State!.Counter);
        Assert.Equal(first.ETag, read.ETag);
    }

    [Fact]
    public async Task Writing_a_new_state_over_an_existing_record_without_its_etag_throws()
    {
        var id = NewGrainId();
        await WriteNewAsync(id, TestState.Sample(seed: 1));

        await Assert.ThrowsAsync<InconsistentStateException>(() => WriteNewAsync(id, TestState.Sample(seed: 2)));

        Assert.Equal(TestState.Sample(seed: 1).Counter, (await ReadAsync(id)).State!.Counter);
    }

    [Fact]
    public async Task A_large_state_round_trips()
    {
        var id = NewGrainId();
        var written = await WriteNewAsync(id, TestState.Sample(LargeStateFloats));

        var read = await ReadAsync(id);

        Assert.Equal(written.ETag, read.ETag);
        AssertSameState(TestState.Sample(LargeStateFloats), read.State!);
    }

    [Fact]
    public async Task Clear_deletes_the_record_and_resets_the_grain_state()
    {
        var id = NewGrainId();
        var state = await WriteNewAsync(id, TestState.Sample());

        await Storage.ClearStateAsync(StateName, id, state);

        Assert.False(state.RecordExists);
        Assert.Empty(state.State!.Vector);
        var read = await ReadAsync(id);
        Assert.False(read.RecordExists);
        Assert.Empty(read.State!.Vector);
        await AssertNothingStoredAsync(id, StateName);
    }

    [Fact]
    public async Task A_large_state_is_deleted_by_clear()
    {
        var id = NewGrainId();
        var state = await WriteNewAsync(id, TestState.Sample(LargeStateFloats));

        await Storage.ClearStateAsync(StateName, id, state);

        Assert.False((await ReadAsync(id)).RecordExists);
        await AssertNothingStoredAsync(id, StateName);
    }

    [Fact]
    public async Task After_a_clear_the_same_grain_state_can_write_again()
    {
        var id = NewGrainId();
        var state = await WriteNewAsync(id, TestState.Sample(seed: 1));
        await Storage.ClearStateAsync(StateName, id, state);

        state.State = TestState.Sample(seed: 5);
        await Storage.WriteStateAsync(StateName, id, state);

        var read = await ReadAsync(id);
        Assert.True(read.RecordExists);
        AssertSameState(TestState.Sample(seed: 5), read.State!);
    }

    [Fact]
    public async Task Clearing_a_state_that_was_never_written_succeeds()
    {
        var id = NewGrainId();
        var state = await ReadAsync(id);

        await Storage.ClearStateAsync(StateName, id, state);

        Assert.False((await ReadAsync(id)).RecordExists);
    }

    [Fact]
    public async Task A_clear_with_a_stale_etag_throws_and_keeps_the_record()
    {
        var id = NewGrainId();
        var state = await WriteNewAsync(id, TestState.Sample(seed: 1));
        var stale = new GrainState<TestState>(state.State, state.ETag);
        await Storage.WriteStateAsync(StateName, id, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, id, stale));

        Assert.True((await ReadAsync(id)).RecordExists);
    }

    [Fact]
    public async Task Of_concurrent_writers_holding_the_same_etag_exactly_one_succeeds()
    {
        const int Writers = 8;
        var id = NewGrainId();
        await WriteNewAsync(id, TestState.Sample(seed: 1));
        var copies = await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => ReadAsync(id)));
        Assert.Single(copies.Select(c => c.ETag).Distinct());

        var outcomes = await Task.WhenAll(copies.Select(async (copy, i) =>
        {
            copy.State!.Counter = 100 + i;
            try
            {
                await Storage.WriteStateAsync(StateName, id, copy);
                return (Writer: i, Won: true);
            }
            catch (InconsistentStateException)
            {
                return (Writer: i, Won: false);
            }
        }));

        var winner = Assert.Single(outcomes, o => o.Won);
        Assert.Equal(100 + winner.Writer, (await ReadAsync(id)).State!.Counter);
    }

    [Theory]
    [InlineData("a/b\\c", "state/name")]
    [InlineData("what#is?this", "q?#")]
    [InlineData("with spaces ", " spaced state")]
    [InlineData("ünïcødé-日本-😀", "état")]
    [InlineData("100%|pipe%2F", "50%|x")]
    [InlineData("tab\tand\u0001control", "line\nbreak")]
    public async Task Grain_ids_and_state_names_with_special_characters_round_trip(string key, string stateName)
    {
        var id = GrainId.Create("contract", key + "-" + Guid.NewGuid().ToString("N")[..8]);
        var state = await WriteNewAsync(id, TestState.Sample(seed: 9), stateName);

        var read = await ReadAsync(id, stateName);

        Assert.True(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
        AssertSameState(TestState.Sample(seed: 9), read.State!);
        Assert.False((await ReadAsync(id, stateName + "x")).RecordExists);
        await Storage.ClearStateAsync(stateName, id, read);
        Assert.False((await ReadAsync(id, stateName)).RecordExists);
    }

    [Fact]
    public async Task States_of_other_grains_and_other_state_names_are_independent()
    {
        var id = NewGrainId();
        var other = NewGrainId();
        await WriteNewAsync(id, TestState.Sample(seed: 1), "a");
        await WriteNewAsync(id, TestState.Sample(seed: 2), "b");
        await WriteNewAsync(other, TestState.Sample(seed: 3), "a");

        Assert.Equal(TestState.Sample(seed: 1).Counter, (await ReadAsync(id, "a")).State!.Counter);
        Assert.Equal(TestState.Sample(seed: 2).Counter, (await ReadAsync(id, "b")).State!.Counter);
        Assert.Equal(TestState.Sample(seed: 3).Counter, (await ReadAsync(other, "a")).State!.Counter);
    }

    protected static void AssertSameState(TestState expected, TestState actual)
    {
        Assert.Equal(expected.Vector.Length, actual.Vector.Length);
        Assert.True(MemoryMarshal.AsBytes(expected.Vector.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(actual.Vector.AsSpan())),
            "the vector's bits differ");
        Assert.Equal(expected.Tags, actual.Tags);
        Assert.Equal(expected.Counter, actual.Counter);
        Assert.Equal(expected.Weights.Count, actual.Weights.Count);
        foreach (var (key, value) in expected.Weights)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(actual.Weights[key]));
        }

        Assert.Equal(expected.Note, actual.Note);
        Assert.Equal(expected.UpdatedUtc, actual.UpdatedUtc);
        Assert.Equal(expected.UpdatedUtc.Kind, actual.UpdatedUtc.Kind);
    }
}
