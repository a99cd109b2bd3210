using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace OrleansReco.Persistence.AzureTable;

/// <summary>Checks every named <see cref="AzureTableGrainStorageOptions"/> when the host starts.</summary>
public sealed partial class AzureTableGrainStorageOptionsValidator : IValidateOptions<AzureTableGrainStorageOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AzureTableGrainStorageOptions options)
    {
        var prefix = $"{nameof(AzureTableGrainStorageOptions)} of grain storage '{name}':";
        var failures = new List<string>();

        if (options.TableServiceClient is null)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                failures.Add($"{prefix} set {nameof(options.ConnectionString)} or {nameof(options.TableServiceClient)} (neither is set).");
            }
            else if (!IsParsable(options.ConnectionString, out var reason))
            {
                failures.Add($"{prefix} {nameof(options.ConnectionString)} is not a valid Azure Storage connection string ({reason}).");
            }
        }

        if (!IsValidTableName(options.TableName))
        {
            failures.Add($"{prefix} {nameof(options.TableName)} '{options.TableName}' is invalid: an Azure table name has 3 to 63 "
                + "letters or digits, starts with a letter and is not 'tables'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Azure's rule for table names: <c>^[A-Za-z][A-Za-z0-9]{2,62}$</c>, and "tables" is reserved.</summary>
    public static bool IsValidTableName(string? tableName) =>
        tableName is not null
        && TableNamePattern().IsMatch(tableName)
        && !string.Equals(tableName, "tables", StringComparison.OrdinalIgnoreCase);

    private static bool IsParsable(string connectionString, out string reason)
    {
        try
        {
            _ = new TableServiceClient(connectionString);
            reason = "";
            return true;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            // The SDK's messages name the missing or malformed keyword, never the key itself.
            reason = ex.Message;
            return false;
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex TableNamePattern();
}
