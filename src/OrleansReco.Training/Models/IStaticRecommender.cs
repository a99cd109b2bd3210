using OrleansReco.Training.Data;

namespace OrleansReco.Training.Models;

/// <summary>
/// A recommender for protocol S: fitted once on a training matrix, then scores every item for a user.
/// After <see cref="Fit"/>, <see cref="Score"/> must be safe to call from several threads at once.
/// </summary>
public interface IStaticRecommender
{
    /// <summary>Name in reports.</summary>
    string Name { get; }

    /// <summary>Fits the model on <paramref name="train"/>.</summary>
    void Fit(InteractionMatrix train, ProgressLog log);

    /// <summary>
    /// Writes a score for every item (<paramref name="scores"/>.Length = item count; higher is better) for
    /// <paramref name="user"/>, whose training items are <paramref name="history"/>.
    /// </summary>
    void Score(int user, ReadOnlySpan<int> history, Span<float> scores);
}
