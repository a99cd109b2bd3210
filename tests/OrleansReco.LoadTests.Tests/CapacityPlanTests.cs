using OrleansReco.LoadTests.Planning;

namespace OrleansReco.LoadTests.Tests;

public sealed class CapacityPlanTests
{
    private const double GiB = 1024.0 * 1024 * 1024;

    private static CapacityInputs Inputs() => new()
    {
        Users = 1_000_000,
        InteractionsPerSecond = 150_000,
        RecommendationsPerSecond = 3_000,
        P99Ms = 10,
        BytesPerUser = 2_000,
        MemoryOverheadFactor = 1.5,
        SiloMemoryBytes = 8 * GiB,
        MemoryBudgetFraction = 0.5,
        BaseSiloBytes = 1 * GiB,
        IngestCapacityPerSilo = 50_000,
        RecommendCapacityPerSilo = 1_000,
        RecommendCapacitySloMs = 10,
        CpuHeadroom = 0.75,
        SpareSilos = 1,
    };

    [Fact]
    public void Cpu_bound_case_adds_ingest_and_recommendation_load_and_divides_by_the_headroom()
    {
        // CPU: 150,000 / 50,000 + 3,000 / 1,000 = 6 silo-equivalents; at ≤ 75 % that is 8 silos; + 1 spare = 9.
        // Memory: (8 GiB × 0.5 − 1 GiB) / (2,000 B × 1.5) = 1,073,741 users per silo → 1 silo.
        var plan = CapacityPlan.Compute(Inputs());

        Assert.Equal(6, plan.CpuLoadInSilos, 9);
        Assert.Equal(8, plan.SilosForCpu);
        Assert.Equal(1_073_741, plan.UsersPerSiloByMemory);
        Assert.Equal(1, plan.SilosForMemory);
        Assert.Equal(9, plan.Silos);
        Assert.Empty(plan.Warnings);
    }

    [Fact]
    public void Memory_bound_case_sizes_by_users()
    {
        // 10,000,000 users × 3,000 B over 3 GiB per silo: 1,073,741 users per silo → 10 silos; CPU 0.1 + 0.1 = 0.2 → 1; + 2 spare.
        var plan = CapacityPlan.Compute(Inputs() with { Users = 10_000_000, InteractionsPerSecond = 5_000, RecommendationsPerSecond = 100, SpareSilos = 2 });

        Assert.Equal(10, plan.SilosForMemory);
        Assert.Equal(1, plan.SilosForCpu);
        Assert.Equal(12, plan.Silos);
    }

    [Fact]
    public void An_exact_multiple_of_the_capacity_needs_no_extra_silo()
    {
        // 70,000 / 100,000 = 0.7 = exactly the headroom: one silo, not two.
        var plan = CapacityPlan.Compute(Inputs() with { Users = 0, InteractionsPerSecond = 70_000, IngestCapacityPerSilo = 100_000, RecommendationsPerSecond = 0, CpuHeadroom = 0.7, SpareSilos = 0 });

        Assert.Equal(1, plan.SilosForCpu);
        Assert.Equal(0, plan.SilosForMemory);
        Assert.Equal(1, plan.Silos);
    }

    [Fact]
    public void A_tighter_p99_than_the_capacity_was_measured_at_is_warned_about()
    {
        var plan = CapacityPlan.Compute(Inputs() with { P99Ms = 5 });

        Assert.Contains(plan.Warnings, w => w.Contains("sweep --slo-ms 5", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_capacities_are_refused_with_the_option_to_pass()
    {
        var error = Assert.Throws<ArgumentException>(() => CapacityPlan.Compute(Inputs() with { IngestCapacityPerSilo = 0 }));

        Assert.Contains("--ingest-capacity", error.Message, StringComparison.Ordinal);
    }
}
