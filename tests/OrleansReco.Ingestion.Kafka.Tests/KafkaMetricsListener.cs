using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace OrleansReco.Ingestion.Kafka.Tests;

/// <summary>Sums the <c>orleansreco.kafka.*</c> counters (also per tag value, as <c>name:value</c>) and keeps the last lag reading per partition.</summary>
internal sealed class KafkaMetricsListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new();
    private readonly ConcurrentDictionary<int, long> _lag = new();

    public KafkaMetricsListener()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == KafkaIngestionMetrics.MeterName && instrument.Name.StartsWith("orleansreco.kafka.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "orleansreco.kafka.lag")
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "partition")
                    {
                        _lag[(int)tag.Value!] = value;
                    }
                }

                return;
            }

            _totals.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value);
            foreach (var tag in tags)
            {
                _totals.AddOrUpdate($"{instrument.Name}:{tag.Value}", value, (_, sum) => sum + value);
            }
        });
        _listener.Start();
    }

    public long Total(string instrument) => _totals.GetValueOrDefault(instrument);

    /// <summary>Reads the lag gauge now; partition → events behind.</summary>
    public IReadOnlyDictionary<int, long> Lag()
    {
        _lag.Clear();
        _listener.RecordObservableInstruments();
        return new Dictionary<int, long>(_lag);
    }

    public void Dispose() => _listener.Dispose();
}
