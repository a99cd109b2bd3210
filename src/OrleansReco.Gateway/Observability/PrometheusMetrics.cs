using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OrleansReco.Gateway.Observability;

/// <summary>
/// Publishes <c>System.Diagnostics.Metrics</c> instruments of chosen meters in the Prometheus text format (0.0.4):
/// counters as <c>_total</c>, histograms as summaries (<c>_sum</c>, <c>_count</c>), gauges and up-down counters as gauges.
/// Tags become labels. Observable instruments are read at scrape time.
/// </summary>
public sealed class PrometheusMetrics : IDisposable
{
    /// <summary>Meters published by default: ours, Orleans' runtime and ASP.NET Core's request metrics.</summary>
    public static readonly string[] DefaultMeters = ["OrleansReco", "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting"];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(Instrument Instrument, string Labels), Series> _series = new();
    private readonly HashSet<string> _meters;

    /// <summary>Starts listening to <paramref name="meters"/>.</summary>
    public PrometheusMetrics(IEnumerable<string> meters)
    {
        _meters = new HashSet<string>(meters, StringComparer.Ordinal);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (_meters.Contains(instrument.Meter.Name))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<float>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    /// <summary>Maps <c>GET /metrics</c>.</summary>
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder app, string pattern) =>
        app.MapGet(pattern, (PrometheusMetrics metrics) => Results.Text(metrics.Render(), "text/plain; version=0.0.4; charset=utf-8"))
            .ExcludeFromDescription();

    /// <summary>The current values in the Prometheus text format.</summary>
    public string Render()
    {
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        foreach (var group in _series.GroupBy(p => p.Key.Instrument).OrderBy(g => g.Key.Meter.Name, StringComparer.Ordinal).ThenBy(g => g.Key.Name, StringComparer.Ordinal))
        {
            var instrument = group.Key;
            var name = Sanitize(instrument.Name);
            var (type, suffix) = instrument switch
            {
                Counter<long> or Counter<int> or Counter<double> or Counter<float> or ObservableCounter<long> or ObservableCounter<int> or ObservableCounter<double> => ("counter", "_total"),
                Histogram<long> or Histogram<int> or Histogram<double> or Histogram<float> => ("summary", ""),
                _ => ("gauge", ""),
            };
            text.Append(CultureInfo.InvariantCulture, $"# HELP {name}{suffix} {Escape(instrument.Description ?? instrument.Name)}\n# TYPE {name}{suffix} {type}\n");
            foreach (var (key, series) in group.OrderBy(p => p.Key.Labels, StringComparer.Ordinal))
            {
                if (type == "summary")
                {
                    text.Append(CultureInfo.InvariantCulture, $"{name}_sum{key.Labels} {series.Sum}\n{name}_count{key.Labels} {series.Count}\n");
                }
                else
                {
                    text.Append(CultureInfo.InvariantCulture, $"{name}{suffix}{key.Labels} {series.Value}\n");
                }
            }
        }

        return text.ToString();
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var series = _series.GetOrAdd((instrument, Labels(tags)), _ => new Series());
        var observable = instrument.IsObservable;
        lock (series)
        {
            series.Count++;
            series.Sum += value;
            series.Value = observable || instrument is not (Counter<long> or Counter<int> or Counter<double> or Counter<float> or UpDownCounter<long> or UpDownCounter<int> or UpDownCounter<double>)
                ? value
                : series.Value + value;
        }
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return "";
        }

        var pairs = new List<string>(tags.Length);
        foreach (var (key, value) in tags)
        {
            pairs.Add($"{Sanitize(key)}=\"{Escape(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")}\"");
        }

        pairs.Sort(StringComparer.Ordinal);
        return "{" + string.Join(',', pairs) + "}";
    }

    private static string Sanitize(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            text.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? char.ToLowerInvariant(c) : '_');
        }

        return text.Length > 0 && char.IsAsciiDigit(text[0]) ? "_" + text : text.ToString();
    }

    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private sealed class Series
    {
        public double Value;
        public double Sum;
        public long Count;
    }
}
