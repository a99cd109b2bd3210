using OrleansReco.Learning;
using OrleansReco.Learning.Towers;
using OrleansReco.Training.Torch;
using OrleansReco.Training.Torch.Models;
using TorchSharp;

namespace OrleansReco.Training.Tests.Torch;

/// <summary>The pure C# towers compute what TorchSharp computes on the same weights.</summary>
public sealed class TowerParityTests
{
    private const double Tolerance = 1e-5;

    [Theory]
    [InlineData(TowerActivation.Relu, new[] { 32 })]
    [InlineData(TowerActivation.Tanh, new[] { 24, 16 })]
    [InlineData(TowerActivation.Relu, new int[0])]
    public void DenseTower_forward_equals_torch_forward(TowerActivation activation, int[] hidden)
    {
        const int inputs = 22;
        const int outputs = 16;
        const int rows = 6;
        torch.random.manual_seed(11);
        using var module = new FeatureTower(inputs, hidden, outputs, activation);
        var random = new DeterministicRandom(3);
        var input = new float[rows * inputs];
        for (var k = 0; k < input.Length; k++)
        {
            input[k] = random.NextGaussian();
        }

        float[] expected;
        using (torch.no_grad())
        using (var x = torch.tensor(input, [rows, inputs]))
        using (var y = module.call(x))
        {
            expected = y.data<float>().ToArray();
        }

        var tower = module.Export();
        var actual = new float[rows * outputs];
        for (var r = 0; r < rows; r++)
        {
            tower.Forward(input.AsSpan(r * inputs, inputs), actual.AsSpan(r * outputs, outputs));
        }

        Assert.Equal(hidden.Length + 1, tower.Layers.Count);
        Assert.True(RelativeError(actual, expected) < Tolerance, $"relative error {RelativeError(actual, expected):E3}");
    }

    [Fact]
    public void ColdStartTower_with_missing_attributes_equals_torch_on_the_unknown_slots()
    {
        var encoder = new UserFeatureEncoder(new NumericBuckets(UserFeatureEncoder.DefaultAgeEdges, 1, 120), new CategoryVocabulary(["F", "M"]),
            new CategoryVocabulary(["artist", "engineer"]), 1, new CategoryVocabulary(["1", "9"]), new CategoryVocabulary([]));
        torch.random.manual_seed(5);
        using var module = new FeatureTower(encoder.FeatureCount, [16], 8, TowerActivation.Relu);
        var tower = new ColdStartTower(encoder, module.Export());
        UserAttributes[] users =
        [
            UserAttributes.Unknown,
            new(Age: 34),
            new(Gender: "F", Occupation: "pilot", ZipCode: "K1A"),
            new(27, "M", "engineer", "94110", "tablet"),
        ];

        foreach (var user in users)
        {
            var features = new float[encoder.FeatureCount];
            encoder.Encode(user, features);
            float[] expected;
            using (torch.no_grad())
            using (var x = torch.tensor(features, [1, encoder.FeatureCount]))
            using (var y = module.call(x))
            {
                expected = y.data<float>().ToArray();
            }

            var actual = tower.Embed(user);

            Assert.True(VectorMath.AllFinite(actual));
            Assert.True(RelativeError(actual, expected) < Tolerance, $"{user}: relative error {RelativeError(actual, expected):E3}");
        }

        Assert.Equal(tower.Embed(UserAttributes.Unknown), tower.Embed(new UserAttributes(-1, "", "pilot", "?", "tablet")));
    }

    [Fact]
    public void ContentTower_equals_torch_on_the_encoded_features()
    {
        var dataset = SyntheticCatalog.Create();
        var encoder = TowerFeatures.ContentEncoder(dataset, Enumerable.Repeat(true, dataset.ItemCount).ToArray(), yearBuckets: 5);
        var table = TowerFeatures.EncodeItems(encoder, dataset);
        torch.random.manual_seed(9);
        using var module = new FeatureTower(encoder.FeatureCount, [12], 8, TowerActivation.Tanh);
        var tower = new ContentTower(encoder, module.Export());

        float[] expected;
        using (torch.no_grad())
        using (var x = torch.tensor(table, [dataset.ItemCount, encoder.FeatureCount]))
        using (var y = module.call(x))
        {
            expected = y.data<float>().ToArray();
        }

        var actual = new float[dataset.ItemCount * 8];
        for (var i = 0; i < dataset.ItemCount; i++)
        {
            tower.Embed(dataset.Items[i].Categories, ReleaseYear.FromTitle(dataset.Items[i].Title), actual.AsSpan(i * 8, 8));
        }

        Assert.True(RelativeError(actual, expected) < Tolerance, $"relative error {RelativeError(actual, expected):E3}");
    }

    private static double RelativeError(float[] actual, float[] expected)
    {
        double difference = 0, norm = 0;
        for (var k = 0; k < actual.Length; k++)
        {
            difference += ((double)actual[k] - expected[k]) * ((double)actual[k] - expected[k]);
            norm += (double)expected[k] * expected[k];
        }

        return Math.Sqrt(difference) / Math.Max(1e-12, Math.Sqrt(norm));
    }
}
