using OrleansReco.Abstractions;

namespace OrleansReco.Grains.Experiments;

/// <summary>The variants one user is in right now and the ranking settings they add up to.</summary>
public sealed record ExperimentArms(IReadOnlyList<ExperimentAssignment> Assignments, VariantSettings Settings)
{
    /// <summary>No experiment runs.</summary>
    public static ExperimentArms None { get; } = new([], new VariantSettings());

    /// <summary>
    /// The request with the variants' settings in place of the request's own λ, ε and candidate count: while an
    /// experiment varies a setting, its variant decides it.
    /// </summary>
    public RecommendationRequest Apply(RecommendationRequest request) => Assignments.Count == 0
        ? request
        : request with
        {
            DiversityLambda = Settings.Lambda ?? request.DiversityLambda,
            Epsilon = Settings.Epsilon ?? request.Epsilon,
            Candidates = Settings.Candidates ?? request.Candidates,
        };
}
