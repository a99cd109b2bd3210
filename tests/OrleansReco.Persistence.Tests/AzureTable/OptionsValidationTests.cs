using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansReco.Persistence.AzureTable;
using OrleansReco.Persistence.Tests.Fixtures;

namespace OrleansReco.Persistence.Tests.AzureTable;

public sealed class OptionsValidationTests
{
    private const string DevConnectionString =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;TableEndpoint=http://127.0.0.1:1/devstoreaccount1;";

    private static ValidateOptionsResult Validate(Action<AzureTableGrainStorageOptions> configure)
    {
        var options = new AzureTableGrainStorageOptions();
        configure(options);
        return new AzureTableGrainStorageOptionsValidator().Validate("users", options);
    }

    [Fact]
    public void Options_with_a_connection_string_and_the_default_table_are_valid()
    {
        var result = Validate(o => o.ConnectionString = DevConnectionString);

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal("OrleansGrainState", new AzureTableGrainStorageOptions().TableName);
    }

    [Fact]
    public void Neither_a_connection_string_nor_a_client_is_an_error_naming_both_options()
    {
        var result = Validate(_ => { });

        Assert.True(result.Failed);
        Assert.Contains("grain storage 'users'", result.FailureMessage);
        Assert.Contains("set ConnectionString or TableServiceClient", result.FailureMessage);
    }

    [Fact]
    public void A_malformed_connection_string_is_an_error_naming_the_option()
    {
        var result = Validate(o => o.ConnectionString = "this is not a connection string");

        Assert.True(result.Failed);
        Assert.Contains("ConnectionString is not a valid Azure Storage connection string", result.FailureMessage);
    }

    [Theory]
    [InlineData("my-table")]
    [InlineData("ab")]
    [InlineData("1table")]
    [InlineData("tables")]
    [InlineData("")]
    [InlineData("t234567890123456789012345678901234567890123456789012345678901234")]
    public void An_invalid_table_name_is_an_error_naming_the_option(string tableName)
    {
        var result = Validate(o =>
        {
            o.ConnectionString = DevConnectionString;
            o.TableName = tableName;
        });

        Assert.True(result.Failed);
        Assert.Contains($"TableName '{tableName}' is invalid", result.FailureMessage);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("OrleansGrainState")]
    [InlineData("t23456789012345678901234567890123456789012345678901234567890123")]
    public void Valid_table_names_pass(string tableName) =>
        Assert.True(AzureTableGrainStorageOptionsValidator.IsValidTableName(tableName));

    [Fact]
    public void The_default_client_options_retry_transient_failures_with_exponential_back_off()
    {
        var retry = new AzureTableGrainStorageOptions().ClientOptions.Retry;

        Assert.Equal(Azure.Core.RetryMode.Exponential, retry.Mode);
        Assert.Equal(5, retry.MaxRetries);
        Assert.Equal(TimeSpan.FromMilliseconds(200), retry.Delay);
    }

    [Fact]
    public async Task A_silo_with_invalid_options_fails_at_start_with_an_error_naming_them()
    {
        using var host = new HostBuilder()
            .UseOrleans(silo => silo
                .UseLocalhostClustering(OrleansReco.TestServices.FreePorts.Next(), OrleansReco.TestServices.FreePorts.Next())
                .AddAzureTableGrainStorage("users", o => o.TableName = "bad_name"))
            .Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("grain storage 'users'", error.Message);
        Assert.Contains("set ConnectionString or TableServiceClient", error.Message);
        Assert.Contains("TableName 'bad_name' is invalid", error.Message);
    }
}
