using Azure.Core;
using Azure.Data.Tables;
using Orleans.Storage;

namespace OrleansReco.Persistence.AzureTable;

/// <summary>
/// Options of one Azure Table grain storage provider. Shaped like the official
/// <c>Orleans.Configuration.AzureTableStorageOptions</c> (<see cref="TableServiceClient"/>, <see cref="TableName"/>,
/// <see cref="DeleteStateOnClear"/>, <see cref="InitStage"/>, <see cref="GrainStorageSerializer"/>) so a silo can switch
/// providers by changing the <c>Add…GrainStorage</c> call.
/// </summary>
public sealed class AzureTableGrainStorageOptions
{
    /// <summary>Table used when <see cref="TableName"/> is not set (the official provider's default too).</summary>
    public const string DefaultTableName = "OrleansGrainState";

    /// <summary>Silo lifecycle stage at which the table is created: before any grain can activate.</summary>
    public const int DefaultInitStage = ServiceLifecycleStage.ApplicationServices;

    /// <summary>Azure Storage connection string; ignored when <see cref="TableServiceClient"/> is set.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>A ready client (e.g. built with a <c>TokenCredential</c>); takes precedence over <see cref="ConnectionString"/>.</summary>
    public TableServiceClient? TableServiceClient { get; set; }

    /// <summary>Table holding the grain state rows; 3–63 letters or digits, starting with a letter.</summary>
    public string TableName { get; set; } = DefaultTableName;

    /// <summary>
    /// Client options (retry policy, timeouts) used when the client is built from <see cref="ConnectionString"/>.
    /// The default retries transient failures (timeouts, 408, 429, 5xx) 5 times with exponential back-off.
    /// </summary>
    public TableClientOptions ClientOptions { get; set; } = CreateDefaultClientOptions();

    /// <summary>
    /// <c>true</c> (default): <c>ClearStateAsync</c> deletes the rows (erasure). <c>false</c>: it overwrites them with an
    /// empty record that keeps an ETag, like the official provider's default.
    /// </summary>
    public bool DeleteStateOnClear { get; set; } = true;

    /// <summary>Silo lifecycle stage at which the table is created; see <see cref="DefaultInitStage"/>.</summary>
    public int InitStage { get; set; } = DefaultInitStage;

    /// <summary>State serializer; <c>null</c> (default) uses Orleans' compact binary serializer.</summary>
    public IGrainStorageSerializer? GrainStorageSerializer { get; set; }

    /// <summary>The retry policy applied by default: exponential, 5 retries from 200 ms up to 4 s, 30 s per try.</summary>
    public static TableClientOptions CreateDefaultClientOptions()
    {
        var options = new TableClientOptions();
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 5;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(4);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        return options;
    }
}
