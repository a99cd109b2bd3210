namespace OrleansReco.LoadTests.Planning;

/// <summary>What the cluster must carry, and what one silo of the measured machine size was measured to do.</summary>
public sealed record CapacityInputs
{
    /// <summary>Users active at once (kept in memory).</summary>
    public long Users { get; init; }

    /// <summary>Interactions per second at peak.</summary>
    public double InteractionsPerSecond { get; init; }

    /// <summary>Recommendation requests per second at peak.</summary>
    public double RecommendationsPerSecond { get; init; }

    /// <summary>Required p99 of recommendation latency, ms.</summary>
    public double P99Ms { get; init; } = 10;

    /// <summary>Measured bytes per active user (memory scenario).</summary>
    public double BytesPerUser { get; init; }

    /// <summary>Factor on <see cref="BytesPerUser"/> for GC headroom and fragmentation (live bytes → memory needed).</summary>
    public double MemoryOverheadFactor { get; init; } = 1.5;

    /// <summary>Memory of one silo machine, bytes.</summary>
    public double SiloMemoryBytes { get; init; }

    /// <summary>Share of the machine's memory the silo process may use.</summary>
    public double MemoryBudgetFraction { get; init; } = 0.7;

    /// <summary>Memory a silo uses before any user (runtime, catalog, ANN index), bytes.</summary>
    public double BaseSiloBytes { get; init; }

    /// <summary>Measured interactions/s of one silo at full load (ingest scenario).</summary>
    public double IngestCapacityPerSilo { get; init; }

    /// <summary>Measured recommendations/s of one silo that still met the p99 SLO (sweep scenario).</summary>
    public double RecommendCapacityPerSilo { get; init; }

    /// <summary>The p99 SLO the recommendation capacity was measured at, ms.</summary>
    public double RecommendCapacitySloMs { get; init; } = 10;

    /// <summary>Highest share of a silo's measured capacity to plan for (room for spikes and GC).</summary>
    public double CpuHeadroom { get; init; } = 0.7;

    /// <summary>Silos added to survive failures (N + spare).</summary>
    public int SpareSilos { get; init; } = 1;

    /// <summary>Returns the problems with these inputs; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Users < 0 || InteractionsPerSecond < 0 || RecommendationsPerSecond < 0)
        {
            errors.Add("users, interactions/s and recommendations/s must be ≥ 0.");
        }

        if (Users > 0 && (BytesPerUser <= 0 || SiloMemoryBytes <= 0))
        {
            errors.Add("bytes per user and silo memory must be > 0 (pass --bytes-per-user or --memory-json, and --silo-memory-gib).");
        }

        if (InteractionsPerSecond > 0 && IngestCapacityPerSilo <= 0)
        {
            errors.Add("an ingest capacity per silo is needed (--ingest-capacity or --ingest-json).");
        }

        if (RecommendationsPerSecond > 0 && RecommendCapacityPerSilo <= 0)
        {
            errors.Add("a recommendation capacity per silo is needed (--recommend-capacity or --sweep-json).");
        }

        if (CpuHeadroom is <= 0 or > 1 || MemoryBudgetFraction is <= 0 or > 1 || MemoryOverheadFactor < 1 || SpareSilos < 0)
        {
            errors.Add("headroom and memory budget must be in (0, 1], the memory overhead factor ≥ 1, spare silos ≥ 0.");
        }

        if (Users > 0 && SiloMemoryBytes * MemoryBudgetFraction <= BaseSiloBytes)
        {
            errors.Add("the silo's memory budget is used up by its base memory: nothing left for users.");
        }

        return errors;
    }
}

/// <summary>The answer: silos needed for memory, for CPU, and in total, with the assumptions and warnings stated.</summary>
public sealed record CapacityPlanResult(
    int SilosForMemory,
    int SilosForCpu,
    int Silos,
    double CpuLoadInSilos,
    double UserBytesPerSilo,
    double UsersPerSiloByMemory,
    IReadOnlyList<string> Assumptions,
    IReadOnlyList<string> Warnings);

/// <summary>
/// The capacity arithmetic. Memory: users × bytes/user × overhead factor over (silo memory × budget − base memory).
/// CPU: interactions/s ÷ ingest capacity + recommendations/s ÷ recommendation capacity is the load in silo-equivalents
/// (the two share a silo's cores), divided by the headroom. The larger of the two, plus the spare silos.
/// </summary>
public static class CapacityPlan
{
    /// <summary>Computes the plan; throws <see cref="ArgumentException"/> naming the problem for invalid inputs.</summary>
    public static CapacityPlanResult Compute(CapacityInputs inputs)
    {
        if (inputs.Validate() is [var first, ..])
        {
            throw new ArgumentException(first);
        }

        var userBytesPerSilo = inputs.SiloMemoryBytes * inputs.MemoryBudgetFraction - inputs.BaseSiloBytes;
        var bytesPerUser = inputs.BytesPerUser * inputs.MemoryOverheadFactor;
        var usersPerSilo = inputs.Users > 0 ? Math.Floor(userBytesPerSilo / bytesPerUser) : double.PositiveInfinity;
        var forMemory = inputs.Users > 0 ? (int)Math.Ceiling(inputs.Users / usersPerSilo) : 0;
        var cpuLoad = (inputs.InteractionsPerSecond > 0 ? inputs.InteractionsPerSecond / inputs.IngestCapacityPerSilo : 0)
            + (inputs.RecommendationsPerSecond > 0 ? inputs.RecommendationsPerSecond / inputs.RecommendCapacityPerSilo : 0);
        var forCpu = (int)Math.Ceiling(Math.Round(cpuLoad / inputs.CpuHeadroom, 9));
        var silos = Math.Max(1, Math.Max(forMemory, forCpu)) + inputs.SpareSilos;

        var assumptions = new List<string>
        {
            "Throughput scales linearly with silos: users are spread evenly and a request is served by the silo that hosts its user.",
            $"Ingest and recommendation share a silo's cores: load = interactions/s ÷ {inputs.IngestCapacityPerSilo:N0} + recommendations/s ÷ {inputs.RecommendCapacityPerSilo:N0} " +
                $"(measured per silo), planned at ≤ {inputs.CpuHeadroom:P0} of it.",
            $"Memory per user = {inputs.BytesPerUser:N0} B measured × {inputs.MemoryOverheadFactor} (GC headroom); a silo may use {inputs.MemoryBudgetFraction:P0} of " +
                $"{inputs.SiloMemoryBytes / 1073741824.0:F1} GiB minus {inputs.BaseSiloBytes / 1048576.0:N0} MiB base.",
            $"{inputs.SpareSilos} spare silo(s) so the plan holds with that many silos down.",
            "All users in the target are active (held in memory); inactive users cost storage, not silo memory.",
            "Capacities measured with the load generator in the same process as the silo understate a dedicated silo.",
        };
        var warnings = new List<string>();
        if (inputs.RecommendationsPerSecond > 0 && inputs.P99Ms < inputs.RecommendCapacitySloMs)
        {
            warnings.Add($"The recommendation capacity was measured at p99 ≤ {inputs.RecommendCapacitySloMs} ms but the target asks {inputs.P99Ms} ms: " +
                $"run `sweep --slo-ms {inputs.P99Ms}` for a capacity at that latency.");
        }

        return new CapacityPlanResult(forMemory, forCpu, silos, cpuLoad, userBytesPerSilo, usersPerSilo, assumptions, warnings);
    }
}
