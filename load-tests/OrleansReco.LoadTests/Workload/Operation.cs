using OrleansReco.Abstractions;

namespace OrleansReco.LoadTests.Workload;

/// <summary>What a load operation does.</summary>
public enum OperationKind
{
    /// <summary>Records a batch of interactions.</summary>
    Ingest,

    /// <summary>Asks for recommendations.</summary>
    Recommend,
}

/// <summary>One operation of the workload for one user.</summary>
public readonly record struct Operation(OperationKind Kind, string UserId, Interaction[]? Interactions);
