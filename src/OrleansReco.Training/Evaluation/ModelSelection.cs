namespace OrleansReco.Training.Evaluation;

/// <summary>Grid search: the candidate with the highest validation score wins (the first one on ties).</summary>
public static class ModelSelection
{
    /// <summary>Scores every candidate with <paramref name="validate"/> and returns the best with its score.</summary>
    public static (T Best, double Score) Select<T>(string model, IReadOnlyList<T> grid, Func<T, double> validate, string metric, ProgressLog log)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(validate);
        if (grid.Count == 0)
        {
            throw new ArgumentException("The grid is empty.", nameof(grid));
        }

        var best = grid[0];
        var bestScore = double.NegativeInfinity;
        foreach (var candidate in grid)
        {
            var score = validate(candidate);
            log.Info($"{model}: validation {metric} {score:F4} for {candidate}");
            if (score > bestScore)
            {
                best = candidate;
                bestScore = score;
            }
        }

        if (grid.Count > 1)
        {
            log.Info($"{model}: chose {best}");
        }

        return (best, bestScore);
    }
}
