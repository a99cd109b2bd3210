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

    /// <summary>Creates the instruments on the meter factory's <c>OrleansReco</c> meter.</summary>
    public RecoMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _interactions = meter.CreateCounter<long>("orleansreco.interactions", "{interaction}", "Interactions learned from.");
        _rejectedBatches = meter.CreateCounter<long>("orleansreco.batches.rejected", "{batch}", "Interaction batches rejected by validation.");
        _driftEvents = meter.CreateCounter<long>("orleansreco.drift.events", "{event}", "Users whose vector fell below the drift threshold.");
        _recommendations = meter.CreateCounter<long>("orleansreco.recommendations", "{request}", "Recommendation requests served.");
        _driftCosine = meter.CreateHistogram<float>("orleansreco.drift.cosine", null, "Cosine of user vectors to their baseline after each batch.");
    }

    /// <summary>Counts learned interactions.</summary>
    public void Interactions(int count) => _interactions.Add(count);

    /// <summary>Counts a rejected batch.</summary>
    public void RejectedBatch() => _rejectedBatches.Add(1);

    /// <summary>Counts a drift event.</summary>
    public void DriftEvent() => _driftEvents.Add(1);

    /// <summary>Records the cosine to baseline.</summary>
    public void DriftCosine(float cosine) => _driftCosine.Record(cosine);

    /// <summary>Counts a recommendation request.</summary>
    public void Recommendation() => _recommendations.Add(1);
}
