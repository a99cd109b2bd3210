using Microsoft.Extensions.Logging;

namespace OrleansReco.Persistence.AzureTable;

public sealed partial class AzureTableGrainStorage
{
    [LoggerMessage(1, LogLevel.Information, "Azure Table grain storage '{Provider}' uses table '{Table}'.")]
    private static partial void LogTableReady(ILogger logger, string provider, string table);

    [LoggerMessage(2, LogLevel.Error, "Azure Table grain storage '{Provider}' could not create or open table '{Table}'.")]
    private static partial void LogTableInitFailed(ILogger logger, Exception exception, string provider, string table);

    [LoggerMessage(3, LogLevel.Trace, "'{Provider}' read state '{StateName}' of {GrainId}: found {Found}, {Bytes} bytes.")]
    private static partial void LogRead(ILogger logger, string provider, GrainId grainId, string stateName, bool found, int bytes);

    [LoggerMessage(4, LogLevel.Trace, "'{Provider}' wrote state '{StateName}' of {GrainId}: {Bytes} bytes in {Rows} row(s).")]
    private static partial void LogWritten(ILogger logger, string provider, GrainId grainId, string stateName, int bytes, int rows);

    [LoggerMessage(5, LogLevel.Trace, "'{Provider}' cleared state '{StateName}' of {GrainId} (rows deleted: {Deleted}).")]
    private static partial void LogCleared(ILogger logger, string provider, GrainId grainId, string stateName, bool deleted);

    [LoggerMessage(6, LogLevel.Warning,
        "'{Provider}' {Operation} of state '{StateName}' of {GrainId} failed its ETag condition (HTTP {Status}): grain ETag {GrainETag}, stored {StoredETag}.")]
    private static partial void LogConflict(
        ILogger logger, string provider, string operation, GrainId grainId, string stateName, string grainETag, string storedETag, int status);

    [LoggerMessage(7, LogLevel.Error, "'{Provider}' {Operation} of state '{StateName}' of {GrainId} failed.")]
    private static partial void LogStorageError(ILogger logger, Exception exception, string provider, string operation, GrainId grainId, string stateName);

    [LoggerMessage(8, LogLevel.Error, "'{Provider}' refused state '{StateName}' of {GrainId}: {Bytes} bytes, more than the {MaxBytes} it stores.")]
    private static partial void LogStateTooLarge(ILogger logger, string provider, GrainId grainId, string stateName, int bytes, int maxBytes);

    [LoggerMessage(9, LogLevel.Debug, "'{Provider}' read state '{StateName}' of {GrainId} while a writer replaced it (attempt {Attempt}); reading again.")]
    private static partial void LogTornRead(ILogger logger, string provider, GrainId grainId, string stateName, int attempt);
}
