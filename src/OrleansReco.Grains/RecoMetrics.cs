using System.Diagnostics.Metrics;

namespace OrleansReco.Grains;

/// <summary>Instruments of the <c>OrleansReco</c> meter.</summary>
public sealed class RecoMetrics
{
    /// <summary>Meter name.</summary>
    public const string MeterName = "OrleansReco";

    private readonly Counter<long> _interactions;
    private readonly Counter<long> _rejectedBatches;
    private readonly Counter<long> _driftEvents;
    private readonly Counter<long> _recommendations;
    private readonly Histogram<float> _driftCosine;
    private readonly string[] _segmentTags = [.. Enumerable.Range(0, Abstractions.SegmentFitRequest.MaxSegments).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
    private SegmentDrift _segmentDrift = new([], null);

    /// <summary>Creates the instruments on the meter factory's <c>OrleansReco</c> meter.</summary>
    public RecoMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _interactions = meter.CreateCounter<long>("orleansreco.interactions", "{interaction}", "Interactions learned from.");
        _rejectedBatches = meter.CreateCounter<long>("orleansreco.batches.rejected", "{batch}", "Interaction batches rejected by validation.");
        _driftEvents = meter.CreateCounter<long>("orleansreco.drift.events", "{event}", "Users whose vector fell below the drift threshold.");
        _recommendations = meter.CreateCounter<long>("orleansreco.recommendations", "{request}", "Recommendation requests served.");
        _driftCosine = meter.CreateHistogram<float>("orleansreco.drift.cosine", null, "Cosine of user vectors to their baseline after each batch (label segment: the user's segment, none before one is assigned).");
        meter.CreateObservableGauge("orleansreco.segment.drift.cosine", ObserveSegmentDrift, null,
            "Mean cosine of members' vectors to their baseline over the segment's kept hours (segments under the k-anonymity floor are left out).");
        meter.CreateObservableGauge("orleansreco.drift.cosine.mean", ObserveGlobalDrift, null,
            "Mean cosine of users' vectors to their baseline over every segment's kept hours.");
    }

    /// <summary>Counts learned interactions.</summary>
    public void Interactions(int count) => _interactions.Add(count);

    /// <summary>Counts a rejected batch.</summary>
    public void RejectedBatch() => _rejectedBatches.Add(1);

    /// <summary>Counts a drift event of a user in <paramref name="segment"/> (null: none assigned yet).</summary>
    public void DriftEvent(int? segment = null) => _driftEvents.Add(1, SegmentTag(segment));

    /// <summary>Records the cosine to baseline of a user in <paramref name="segment"/>.</summary>
    public void DriftCosine(float cosine, int? segment = null) => _driftCosine.Record(cosine, SegmentTag(segment));

    /// <summary>The segment drift means this silo last read (exported as gauges at scrape time).</summary>
    public void SegmentsRefreshed((int Segment, double Mean)[] segments, double? global) => Volatile.Write(ref _segmentDrift, new SegmentDrift(segments, global));

    private KeyValuePair<string, object?> SegmentTag(int? segment) =>
        new("segment", segment is not { } s ? "none" : s >= 0 && s < _segmentTags.Length ? _segmentTags[s] : s.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private IEnumerable<Measurement<double>> ObserveSegmentDrift()
    {
        foreach (var (segment, mean) in Volatile.Read(ref _segmentDrift).Segments)
        {
            yield return new Measurement<double>(mean, SegmentTag(segment));
        }
    }

    private IEnumerable<Measurement<double>> ObserveGlobalDrift()
    {
        if (Volatile.Read(ref _segmentDrift).Global is { } global)
        {
            yield return new Measurement<double>(global);
        }
    }

    private sealed record SegmentDrift((int Segment, double Mean)[] Segments, double? Global);

    /// <summary>Counts a recommendation request.</summary>
    public void Recommendation() => _recommendations.Add(1);
}
