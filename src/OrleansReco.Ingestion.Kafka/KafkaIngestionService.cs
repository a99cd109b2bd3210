using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansReco.Ingestion.Kafka;

/// <summary>
/// Runs a <see cref="KafkaIngestionWorker"/> in the silo for as long as the host runs; a worker that fails (a fatal client
/// error) is replaced after a backoff. Stopping the host stops consuming, drains the batch in flight, commits and closes.
/// </summary>
public sealed partial class KafkaIngestionService(IGrainFactory grains, IOptions<KafkaIngestionOptions> options, KafkaIngestionMetrics metrics,
    ILoggerFactory loggers) : BackgroundService
{
    private const int MaxRestartBackoffMs = 60_000;
    private readonly ILogger _logger = loggers.CreateLogger<KafkaIngestionService>();

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // Consume blocks: leave host start-up before the first poll
        var backoff = options.Value.RetryBackoffMs;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var worker = new KafkaIngestionWorker(grains, options.Value, metrics, loggers.CreateLogger<KafkaIngestionWorker>());
                await worker.RunAsync(stoppingToken);
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogRestart(_logger, e, backoff);
                await Task.Delay(backoff, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                backoff = Math.Min(backoff * 2, MaxRestartBackoffMs);
            }
        }
    }

    [LoggerMessage(40, LogLevel.Error, "Kafka consumer failed; restarting in {BackoffMs} ms")]
    private static partial void LogRestart(ILogger logger, Exception exception, int backoffMs);
}
