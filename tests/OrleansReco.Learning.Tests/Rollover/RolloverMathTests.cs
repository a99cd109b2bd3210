using MathNet.Numerics.LinearAlgebra;
using OrleansReco.Learning.Model;
using OrleansReco.Learning.Rollover;
using OrleansReco.Learning.Segments;
using OrleansReco.Learning.Tests.Towers;
using OrleansReco.Learning.Towers;

namespace OrleansReco.Learning.Tests.Rollover;

public sealed class RolloverMathTests
{
    private const int D = 8;

    [Fact]
    public void Aligning_a_rotated_model_puts_its_shared_items_back_on_the_old_vectors()
    {
        var random = new DeterministicRandom(3);
        var (oldIds, oldVectors) = RandomItems(120, "i", ref random);
        var q = RandomRotation(ref random);
        // The new model: the old items in reverse order, rotated by Qᵀ, without the first ten, plus five new items.
        var entries = new List<ItemModelEntry>();
        var vectors = new List<float>();
        for (var i = oldIds.Length - 1; i >= 10; i--)
        {
            entries.Add(new ItemModelEntry(oldIds[i], oldIds[i], []));
            vectors.AddRange(Times(oldVectors.AsSpan(i * D, D), q.Transpose()));
        }

        for (var i = 0; i < 5; i++)
        {
            entries.Add(new ItemModelEntry($"new-{i}", "new", []));
            vectors.AddRange(RandomItems(1, "x", ref random).Vectors);
        }

        var next = new ItemModel(2, D, entries, vectors.ToArray());

        var fit = ModelAlignment.Fit(next, oldIds, oldVectors, minimumShared: 50, out var shared);
        var aligned = ModelAlignment.Rotate(next, fit!.Rotation);

        Assert.Equal(110, shared);
        Assert.Equal(110, fit.SharedItems);
        Assert.True(fit.RelativeResidual < 1e-4f, $"residual {fit.RelativeResidual}");
        for (var row = 0; row < 110; row++)
        {
            var old = Array.IndexOf(oldIds, entries[row].Id);
            for (var j = 0; j < D; j++)
            {
                Assert.True(Math.Abs(oldVectors[(old * D) + j] - aligned.Vectors[(row * D) + j]) < 1e-3f, $"item {entries[row].Id}, component {j}");
            }
        }

        Assert.Equal(next.ModelVersion, aligned.ModelVersion);
        Assert.Equal(next.Items, aligned.Items);
    }

    [Fact]
    public void Too_few_shared_items_give_no_alignment()
    {
        var random = new DeterministicRandom(4);
        var (oldIds, oldVectors) = RandomItems(20, "i", ref random);
        var next = new ItemModel(2, D, [.. oldIds.Take(9).Select(id => new ItemModelEntry(id, id, []))], oldVectors[..(9 * D)]);

        var fit = ModelAlignment.Fit(next, oldIds, oldVectors, minimumShared: 10, out var shared);

        Assert.Null(fit);
        Assert.Equal(9, shared);
    }

    [Theory]
    [InlineData(TowerActivation.Identity)]
    [InlineData(TowerActivation.Tanh)]
    public void A_rotated_tower_outputs_the_original_output_times_the_rotation(TowerActivation lastActivation)
    {
        var random = new DeterministicRandom(5);
        var original = TowerFixtures.RandomTower(6, 10, D, TowerActivation.Relu, 9);
        var tower = lastActivation == TowerActivation.Identity ? original
            : new DenseTower([original.Layers[0], new DenseLayer(10, D, original.Layers[1].Weights.ToArray(), original.Layers[1].Bias.ToArray(), lastActivation)]);
        var rotation = ToFloats(RandomRotation(ref random));

        var rotated = ModelAlignment.RotateOutput(tower, rotation);

        var input = SyntheticItems.RandomVector(6, ref random);
        var output = new float[D];
        var expected = new float[D];
        var actual = new float[D];
        tower.Forward(input, output);
        Procrustes.Apply(rotation, output, expected);
        rotated.Forward(input, actual);
        for (var j = 0; j < D; j++)
        {
            Assert.Equal(expected[j], actual[j], 4);
        }
    }

    [Fact]
    public void Rotating_a_model_rotates_what_its_user_and_content_towers_place()
    {
        var random = new DeterministicRandom(6);
        var users = TowerFixtures.UserEncoder();
        var content = TowerFixtures.ContentEncoder();
        var towers = new TowerSet(
            new ColdStartTower(users, TowerFixtures.RandomTower(users.FeatureCount, 12, D, TowerActivation.Relu, 1)),
            new ContentTower(content, TowerFixtures.RandomTower(content.FeatureCount, 12, D, TowerActivation.Relu, 2)));
        var blobs = new Dictionary<string, TowerWeights>();
        var metadata = new Dictionary<string, string> { ["algorithm"] = "test" };
        towers.Write(blobs, metadata);
        var model = new ItemModel(1, D, [new ItemModelEntry("a", "A (1994)", ["Drama"])], SyntheticItems.RandomVector(D, ref random), blobs, metadata);
        var rotation = ToFloats(RandomRotation(ref random));

        var rotated = TowerSet.TryLoad(ModelAlignment.Rotate(model, rotation))!;

        var person = new UserAttributes(33, "F", "engineer", "94110", "web");
        AssertRotated(towers.User!.Embed(person), rotated.User!.Embed(person), rotation);
        AssertRotated(towers.Content!.Embed(["Comedy"], 1993), rotated.Content!.Embed(["Comedy"], 1993), rotation);
        Assert.Equal("test", ModelAlignment.Rotate(model, rotation).Metadata["algorithm"]);
    }

    [Fact]
    public void Replay_entries_move_to_the_new_indices_oldest_first_and_gone_items_are_dropped()
    {
        var buffer = new ReplayBuffer(4);
        for (var i = 0; i < 6; i++)
        {
            buffer.Add(i, weight: i + 1, timestamp: 100 + i); // holds items 2, 3, 4, 5 (the ring overwrote 0 and 1)
        }

        int[] newIndexOfOld = [7, 8, 20, -1, 21]; // item 3 is gone, item 5 is outside the map

        var mapped = ReplayMapping.Map(buffer, newIndexOfOld, capacity: 8);

        Assert.Equal(2, mapped.Count);
        Assert.Equal((21, 5f, 104L), mapped.Newest(0));
        Assert.Equal((20, 3f, 102L), mapped.Newest(1));
        Assert.Equal(8, mapped.Capacity);
    }

    [Fact]
    public void Replaying_from_a_cold_start_rebuilds_the_replay_and_ranks_the_replayed_items_up_deterministically()
    {
        var items = SyntheticItems.Clustered(200, 16, 4, 7, out var genreOf);
        var learner = new OnlineUserLearner(new OnlineLearnerOptions());
        var entries = new ReplayBuffer(16);
        for (var i = 0; i < 12; i++)
        {
            entries.Add(i * 4, 1f, 1_000 + i); // items of genre 0
        }

        UserModel Run()
        {
            var user = new UserModel(16, 16, seed: 11);
            UserRefold.Replay(learner, user, items, entries, passes: 3, nowTimestamp: 2_000);
            return user;
        }

        var first = Run();
        var second = Run();

        Assert.Equal(first.Vector, second.Vector);
        Assert.Equal(12, first.Replay.Count);
        Assert.Equal(entries.Newest(0), first.Replay.Newest(0));
        var genreScore = 0f;
        var otherScore = 0f;
        for (var i = 0; i < items.Count; i++)
        {
            var score = System.Numerics.Tensors.TensorPrimitives.Dot(first.Vector, items[i]);
            (genreScore, otherScore) = genreOf[i] == 0 ? (genreScore + (score / 50), otherScore) : (genreScore, otherScore + (score / 150));
        }

        Assert.True(genreScore > otherScore + 0.2f, $"genre 0 mean score {genreScore:F3}, others {otherScore:F3}");
    }

    [Fact]
    public void Refining_takes_steps_without_touching_the_short_term_vector_or_the_replay()
    {
        var items = SyntheticItems.Clustered(100, 16, 4, 8, out _);
        var learner = new OnlineUserLearner(new OnlineLearnerOptions());
        var user = new UserModel(16, 8, seed: 3);
        learner.Learn(user, items, 5, 1f, 10, 10);
        learner.Learn(user, items, 9, 1f, 11, 11);
        var shortTerm = user.ShortTerm.ToArray();
        var vector = user.Vector.ToArray();

        var steps = UserRefold.Refine(learner, user, items, passes: 2, nowTimestamp: 12);

        Assert.Equal(4, steps);
        Assert.Equal(shortTerm, user.ShortTerm);
        Assert.Equal(2, user.Replay.Count);
        Assert.NotEqual(vector, user.Vector);
    }

    private static void AssertRotated(float[] original, float[] rotated, float[] rotation)
    {
        var expected = new float[original.Length];
        Procrustes.Apply(rotation, original, expected);
        for (var j = 0; j < expected.Length; j++)
        {
            Assert.Equal(expected[j], rotated[j], 4);
        }
    }

    private static (string[] Ids, float[] Vectors) RandomItems(int count, string prefix, ref DeterministicRandom random)
    {
        var ids = new string[count];
        var vectors = new float[count * D];
        for (var i = 0; i < count; i++)
        {
            ids[i] = $"{prefix}{i}";
            for (var j = 0; j < D; j++)
            {
                vectors[(i * D) + j] = random.NextGaussian();
            }
        }

        return (ids, vectors);
    }

    private static Matrix<double> RandomRotation(ref DeterministicRandom random)
    {
        var values = new double[D * D];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = random.NextGaussian();
        }

        return Matrix<double>.Build.Dense(D, D, values).QR().Q;
    }

    private static float[] Times(ReadOnlySpan<float> row, Matrix<double> m)
    {
        var result = new float[D];
        for (var j = 0; j < D; j++)
        {
            double sum = 0;
            for (var i = 0; i < D; i++)
            {
                sum += row[i] * m[i, j];
            }

            result[j] = (float)sum;
        }

        return result;
    }

    private static float[] ToFloats(Matrix<double> m)
    {
        var result = new float[D * D];
        for (var i = 0; i < D; i++)
        {
            for (var j = 0; j < D; j++)
            {
                result[(i * D) + j] = (float)m[i, j];
            }
        }

        return result;
    }
}
