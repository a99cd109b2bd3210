using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace OrleansReco.Persistence.AzureTable;

/// <summary>
/// Grain storage on Azure Table storage: the state serialized with Orleans' binary serializer into one row (up to
/// 704 KiB) or a few rows written in one transaction (up to <see cref="MaxStateBytes"/>), ETag optimistic concurrency,
/// rows spread over <see cref="StateRowKeys.PartitionBuckets"/> partitions. The table is created at silo start.
/// </summary>
public sealed partial class AzureTableGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>Largest serialized state this provider stores (4 rows of 11 × 64 KiB = 2,883,584 bytes).</summary>
    public const int MaxStateBytes = StateRows.MaxStateBytes;

    private const int MaxReadAttempts = 3;

    private readonly string _name;
    private readonly AzureTableGrainStorageOptions _options;
    private readonly string _serviceId;
    private readonly IGrainStorageSerializer _serializer;
    private readonly IActivatorProvider _activators;
    private readonly ILogger<AzureTableGrainStorage> _logger;
    private TableClient? _table;

    /// <summary>Created by <see cref="AzureTableGrainStorageSiloBuilderExtensions"/>; one instance per provider name.</summary>
    public AzureTableGrainStorage(
        string name,
        AzureTableGrainStorageOptions options,
        ClusterOptions clusterOptions,
        IGrainStorageSerializer serializer,
        IActivatorProvider activators,
        ILogger<AzureTableGrainStorage> logger)
    {
        _name = name;
        _options = options;
        _serviceId = clusterOptions.ServiceId;
        _serializer = serializer;
        _activators = activators;
        _logger = logger;
    }

    /// <summary>The table client, available once the silo lifecycle created the table.</summary>
    internal TableClient Table => _table ?? throw new InvalidOperationException(
        $"Azure Table grain storage '{_name}' is not initialized: the silo creates its table at lifecycle stage {_options.InitStage}.");

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(AzureTableGrainStorage)}-{_name}", _options.InitStage, InitializeAsync);

    /// <summary>Creates the table if it does not exist; the client's retry policy covers transient failures.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var service = _options.TableServiceClient
                ?? new TableServiceClient(_options.ConnectionString, _options.ClientOptions);
            var table = service.GetTableClient(_options.TableName);
            await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            _table = table;
            LogTableReady(_logger, _name, _options.TableName);
        }
        catch (Exception ex)
        {
            LogTableInitFailed(_logger, ex, _name, _options.TableName);
            throw;
        }
    }

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var (partitionKey, rowKey) = Keys(stateName, grainId);
        for (var attempt = 1; ; attempt++)
        {
            var head = await Table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            if (!head.HasValue || head.Value is null)
            {
                SetMissing(grainState, etag: null);
                LogRead(_logger, _name, grainId, stateName, false, 0);
                return;
            }

            var rows = await ReadRowsAsync(head.Value, cancellationToken).ConfigureAwait(false);
            if (rows is not null)
            {
                Load(grainState, rows);
                LogRead(_logger, _name, grainId, stateName, grainState.RecordExists, StateRows.DataLength(head.Value));
                return;
            }

            // A writer replaced the state between the head and the continuation reads: read again.
            LogTornRead(_logger, _name, grainId, stateName, attempt);
            if (attempt == MaxReadAttempts)
            {
                throw new InconsistentStateException(
                    $"Azure Table grain storage '{_name}': state '{stateName}' of {grainId} kept changing while it was read "
                    + $"({MaxReadAttempts} attempts).");
            }
        }
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var (partitionKey, rowKey) = Keys(stateName, grainId);
        var data = _serializer.Serialize(grainState.State).ToMemory();
        if (data.Length > MaxStateBytes)
        {
            LogStateTooLarge(_logger, _name, grainId, stateName, data.Length, MaxStateBytes);
            throw new InvalidOperationException(
                $"Azure Table grain storage '{_name}': state '{stateName}' of {grainId} serializes to {data.Length:N0} bytes; "
                + $"this provider stores at most {MaxStateBytes:N0} bytes ({StateRows.MaxRows} rows of {StateRows.RowBytes:N0} bytes, "
                + "written in one transaction). Nothing was written.");
        }

        var rows = StateRows.ToEntities(partitionKey, rowKey, data, Guid.NewGuid());
        grainState.ETag = await ReplaceRowsAsync("write", stateName, grainId, grainState.ETag, rows, cancellationToken)
            .ConfigureAwait(false);
        grainState.RecordExists = true;
        LogWritten(_logger, _name, grainId, stateName, data.Length, rows.Count);
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var (partitionKey, rowKey) = Keys(stateName, grainId);
        if (_options.DeleteStateOnClear)
        {
            await DeleteRowsAsync(stateName, grainId, partitionKey, rowKey, grainState.ETag, cancellationToken).ConfigureAwait(false);
            SetMissing(grainState, etag: null);
        }
        else
        {
            var emptyHead = StateRows.ToEntities(partitionKey, rowKey, ReadOnlyMemory<byte>.Empty, Guid.NewGuid());
            var etag = await ReplaceRowsAsync("clear", stateName, grainId, grainState.ETag, emptyHead, cancellationToken)
                .ConfigureAwait(false);
            SetMissing(grainState, etag);
        }

        LogCleared(_logger, _name, grainId, stateName, _options.DeleteStateOnClear);
    }

    private (string PartitionKey, string RowKey) Keys(string stateName, GrainId grainId) =>
        (StateRowKeys.PartitionKey(_serviceId, grainId), StateRowKeys.RowKey(grainId, stateName));

    /// <summary>The head plus its continuation rows in order, or <c>null</c> when they belong to different writes.</summary>
    private async Task<List<TableEntity>?> ReadRowsAsync(TableEntity head, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity> { head };
        var rowCount = StateRows.RowCount(head);
        if (rowCount == 1)
        {
            return rows;
        }

        var (after, before) = StateRowKeys.ContinuationRange(head.RowKey);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {head.PartitionKey} and RowKey gt {after} and RowKey lt {before}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        var version = StateRows.Version(head);
        var consistent = rows.Count == rowCount && rows.TrueForAll(r => StateRows.Version(r) == version);
        return consistent ? rows : null;
    }

    private void Load<T>(IGrainState<T> grainState, List<TableEntity> rows)
    {
        var head = rows[0];
        var dataLength = StateRows.DataLength(head);
        var etag = StateETag.Format(head.ETag, rows.Count);
        if (dataLength == 0)
        {
            // An empty record left by ClearStateAsync with DeleteStateOnClear = false.
            SetMissing(grainState, etag);
            return;
        }

        var data = StateRows.Assemble(rows, dataLength);
        grainState.State = _serializer.Deserialize<T>(new BinaryData(data));
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    private void SetMissing<T>(IGrainState<T> grainState, string? etag)
    {
        grainState.State = _activators.GetActivator<T>().Create();
        grainState.ETag = etag;
        grainState.RecordExists = false;
    }

    /// <summary>
    /// Makes <paramref name="rows"/> the stored rows of the state, conditional on <paramref name="grainETag"/>
    /// (insert when it is null), and deletes extra rows of the previous version. Returns the new grain ETag.
    /// </summary>
    private async Task<string> ReplaceRowsAsync(
        string operation, string stateName, GrainId grainId, string? grainETag, List<TableEntity> rows, CancellationToken cancellationToken)
    {
        var (etag, oldRowCount) = grainETag is null ? (default, 1) : StateETag.Parse(grainETag);
        var head = rows[0];
        try
        {
            if (rows.Count == 1 && oldRowCount == 1)
            {
                var response = grainETag is null
                    ? await Table.AddEntityAsync(head, cancellationToken).ConfigureAwait(false)
                    : await Table.UpdateEntityAsync(head, etag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return StateETag.Format(response.Headers.ETag ?? throw MissingETag(operation), 1);
            }

            var actions = new List<TableTransactionAction>(Math.Max(rows.Count, oldRowCount))
            {
                grainETag is null
                    ? new TableTransactionAction(TableTransactionActionType.Add, head)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, head, etag),
            };
            actions.AddRange(rows.Skip(1).Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)));
            for (var r = rows.Count; r < oldRowCount; r++)
            {
                var stale = new TableEntity(head.PartitionKey, StateRowKeys.ContinuationRowKey(head.RowKey, r));
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, stale, ETag.All));
            }

            var results = await Table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            return StateETag.Format(results.Value[0].Headers.ETag ?? throw MissingETag(operation), rows.Count);
        }
        catch (RequestFailedException ex) when (IsConditionFailure(ex))
        {
            throw await ConflictAsync(operation, stateName, grainId, head.PartitionKey, head.RowKey, grainETag, ex, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not InconsistentStateException)
        {
            LogStorageError(_logger, ex, _name, operation, grainId, stateName);
            throw;
        }
    }

    /// <summary>Deletes the head row (conditional on the ETag) and its continuation rows; a missing row is fine.</summary>
    private async Task DeleteRowsAsync(
        string stateName, GrainId grainId, string partitionKey, string rowKey, string? grainETag, CancellationToken cancellationToken)
    {
        try
        {
            if (grainETag is null)
            {
                // No ETag: the caller believes there is no record. Deleting unconditionally could erase a state another
                // activation just wrote, so only an absent record is a success.
                if (await HeadExistsAsync(partitionKey, rowKey, cancellationToken).ConfigureAwait(false))
                {
                    throw await ConflictAsync("clear", stateName, grainId, partitionKey, rowKey, grainETag, null, cancellationToken)
                        .ConfigureAwait(false);
                }

                return;
            }

            var (etag, rowCount) = StateETag.Parse(grainETag);
            if (rowCount == 1)
            {
                await Table.DeleteEntityAsync(partitionKey, rowKey, etag, cancellationToken).ConfigureAwait(false);
                return;
            }

            var actions = new List<TableTransactionAction>(rowCount)
            {
                new(TableTransactionActionType.Delete, new TableEntity(partitionKey, rowKey), etag),
            };
            for (var r = 1; r < rowCount; r++)
            {
                var row = new TableEntity(partitionKey, StateRowKeys.ContinuationRowKey(rowKey, r));
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All));
            }

            await Table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (IsConditionFailure(ex))
        {
            // 404 with no head row left: already erased, which is what the caller asked for. A 404 while the head
            // exists means an extra row the ETag promised is gone: the state changed since that ETag was handed out.
            if (ex.Status == 404 && !await HeadExistsAsync(partitionKey, rowKey, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            throw await ConflictAsync("clear", stateName, grainId, partitionKey, rowKey, grainETag, ex, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not InconsistentStateException)
        {
            LogStorageError(_logger, ex, _name, "clear", grainId, stateName);
            throw;
        }
    }

    private async Task<bool> HeadExistsAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var head = await Table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, [StateRows.RowCountProperty],
            cancellationToken).ConfigureAwait(false);
        return head.HasValue;
    }

    /// <summary>412: the ETag is stale; 409: an insert met an existing row; 404: an update met a deleted row.</summary>
    private static bool IsConditionFailure(RequestFailedException ex) => ex.Status is 412 or 409 or 404;

    private async Task<InconsistentStateException> ConflictAsync(
        string operation, string stateName, GrainId grainId, string partitionKey, string rowKey, string? grainETag,
        RequestFailedException? cause, CancellationToken cancellationToken)
    {
        var stored = await StoredETagAsync(partitionKey, rowKey, cancellationToken).ConfigureAwait(false);
        LogConflict(_logger, _name, operation, grainId, stateName, grainETag ?? "(none)", stored, cause?.Status ?? 0);
        var message = $"Azure Table grain storage '{_name}': {operation} of state '{stateName}' of {grainId} in table "
            + $"'{_options.TableName}' failed its ETag condition: the grain holds ETag '{grainETag ?? "(none)"}', the table holds "
            + $"'{stored}'. Another writer changed the state; read it again.";
        return cause is null
            ? new InconsistentStateException(message, stored, grainETag ?? "")
            : new InconsistentStateException(message, stored, grainETag ?? "", cause);
    }

    /// <summary>The stored head row's ETag, for the conflict message; best effort.</summary>
    private async Task<string> StoredETagAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            var head = await Table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, [StateRows.RowCountProperty],
                cancellationToken).ConfigureAwait(false);
            return head.HasValue && head.Value is not null
                ? StateETag.Format(head.Value.ETag, StateRows.RowCount(head.Value))
                : "(no record)";
        }
        catch (RequestFailedException)
        {
            return "(unknown)";
        }
    }

    private InvalidOperationException MissingETag(string operation) =>
        new($"Azure Table grain storage '{_name}': the table service answered a {operation} without an ETag.");
}
