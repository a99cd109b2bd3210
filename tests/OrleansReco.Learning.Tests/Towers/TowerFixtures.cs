using OrleansReco.Learning.Towers;

namespace OrleansReco.Learning.Tests.Towers;

/// <summary>Seeded towers and encoders for the tower tests.</summary>
internal static class TowerFixtures
{
    public static UserFeatureEncoder UserEncoder() => new(
        new NumericBuckets(UserFeatureEncoder.DefaultAgeEdges, 1, 120),
        new CategoryVocabulary(["F", "M"]),
        new CategoryVocabulary(["artist", "engineer", "student"]),
        1,
        new CategoryVocabulary(["0", "1", "9"]),
        new CategoryVocabulary(["mobile", "web"]));

    public static ContentFeatureEncoder ContentEncoder() => new(
        new CategoryVocabulary(["Action", "Comedy", "Drama"]),
        new NumericBuckets([1970, 1990, 1995], 1800, 2200));

    public static DenseTower RandomTower(int inputs, int hidden, int outputs, TowerActivation activation, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        return new DenseTower([Layer(inputs, hidden, activation, ref random), Layer(hidden, outputs, TowerActivation.Identity, ref random)]);
    }

    private static DenseLayer Layer(int inputs, int outputs, TowerActivation activation, ref DeterministicRandom random)
    {
        var weights = new float[inputs * outputs];
        var bias = new float[outputs];
        for (var k = 0; k < weights.Length; k++)
        {
            weights[k] = 0.5f * random.NextGaussian();
        }

        for (var k = 0; k < bias.Length; k++)
        {
            bias[k] = 0.1f * random.NextGaussian();
        }

        return new DenseLayer(inputs, outputs, weights, bias, activation);
    }
}
