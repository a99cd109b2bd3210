using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace OrleansReco.Ingestion.Kafka.Tests;

/// <summary>Writes a worker's log lines (Information and above) to the test output, with seconds since creation and a name.</summary>
internal sealed class TestOutputLogger<T>(ITestOutputHelper output, string name, Stopwatch clock) : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            try
            {
                output.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} s [{name}] {formatter(state, exception)}");
            }
            catch (InvalidOperationException)
            {
                // The test has finished; a late line from a killed worker has nowhere to go.
            }
        }
    }
}
