using OrleansReco.Persistence.AzureTable;

namespace OrleansReco.Persistence.Tests.AzureTable;

public sealed class StateRowKeysTests
{
    [Fact]
    public void Characters_azure_forbids_in_keys_and_the_separators_are_percent_escaped()
    {
        Assert.Equal("a%2Fb%5Cc%23d%3Fe%25f%7Cg%01h%0Ai%7Fj ü日", StateRowKeys.Escape("a/b\\c#d?e%f|g\u0001h\ni\u007Fj ü日"));
        Assert.Equal("plain-key_1", StateRowKeys.Escape("plain-key_1"));
    }

    [Fact]
    public void Different_grain_and_state_pairs_get_different_row_keys()
    {
        var a = StateRowKeys.RowKey(GrainId.Create("user", "x|y"), "z");
        var b = StateRowKeys.RowKey(GrainId.Create("user", "x"), "y|z");
        var c = StateRowKeys.RowKey(GrainId.Create("user", "x%7Cy"), "z");

        Assert.Equal(3, new[] { a, b, c }.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void The_partition_bucket_is_a_stable_hash_not_a_per_process_one()
    {
        // XxHash32 of the UTF-8 bytes of "user/alice", mod 64: the same in every process and on every machine.
        Assert.Equal(ExpectedAliceBucket, StateRowKeys.Bucket(GrainId.Create("user", "alice")));
        Assert.Equal($"svc_{ExpectedAliceBucket:D2}", StateRowKeys.PartitionKey("svc", GrainId.Create("user", "alice")));
    }

    [Fact]
    public void A_key_longer_than_azure_allows_is_refused_with_the_limit()
    {
        var error = Assert.Throws<ArgumentException>(() => StateRowKeys.RowKey(GrainId.Create("user", new string('k', 1100)), "s"));

        Assert.Contains("at most 1024", error.Message);
    }

    private const int ExpectedAliceBucket = 5; // checked with an independent XxHash32 (4147836997 % 64)
}
