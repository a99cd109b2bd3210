namespace OrleansReco.Hosting;

/// <summary>Where grain state (users, catalog changes) is kept.</summary>
public enum StorageProvider
{
    /// <summary>In the silo's memory: lost when the silo stops. For the demo and tests.</summary>
    Memory,

    /// <summary>Azure Table storage (or Azurite) through <c>OrleansReco.Persistence.AzureTable</c>.</summary>
    AzureTable,

    /// <summary>Redis through <c>Microsoft.Orleans.Persistence.Redis</c>.</summary>
    Redis,
}

/// <summary>Grain storage of the silo. Section <c>OrleansReco:Storage</c>.</summary>
public sealed record StorageOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "OrleansReco:Storage";

    /// <summary>The provider for both storages (<c>users</c> and <c>catalog</c>).</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Memory;

    /// <summary>
    /// AzureTable: an Azure Storage connection string (Azurite: <c>UseDevelopmentStorage=true</c> or the full devstoreaccount1 string);
    /// Redis: a StackExchange.Redis configuration string such as <c>127.0.0.1:6379</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>AzureTable: the table holding grain state.</summary>
    public string TableName { get; set; } = "OrleansRecoGrainState";

    /// <summary>Returns the problems with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Provider != StorageProvider.Memory && string.IsNullOrWhiteSpace(ConnectionString))
        {
            errors.Add($"OrleansReco:Storage:ConnectionString is required with Provider = {Provider}.");
        }

        if (Provider == StorageProvider.AzureTable && (TableName.Length is < 3 or > 63 || !char.IsAsciiLetter(TableName[0]) || !TableName.All(char.IsAsciiLetterOrDigit)))
        {
            errors.Add("OrleansReco:Storage:TableName must be 3–63 letters or digits, starting with a letter.");
        }

        return errors;
    }
}
