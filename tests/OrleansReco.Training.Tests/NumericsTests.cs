using OrleansReco.Learning;
using OrleansReco.Training.Numerics;

namespace OrleansReco.Training.Tests;

public sealed class NumericsTests
{
    private static double[] RandomSpd(int n, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var m = new double[n * n];
        for (var i = 0; i < m.Length; i++)
        {
            m[i] = random.NextGaussian();
        }

        // A = MᵀM / n + I is symmetric positive definite.
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = 0.0;
                for (var k = 0; k < n; k++)
                {
                    sum += m[(k * n) + i] * m[(k * n) + j];
                }

                a[(i * n) + j] = (sum / n) + (i == j ? 1 : 0);
            }
        }

        return a;
    }

    [Fact]
    public void CholeskySolveRecoversTheSolution()
    {
        const int n = 12;
        var a = RandomSpd(n, 3);
        var x = Enumerable.Range(0, n).Select(i => (double)(i - 5)).ToArray();
        var b = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                b[i] += a[(i * n) + j] * x[j];
            }
        }

        Assert.True(Cholesky.Factor(a, n));
        Cholesky.Solve(a, n, b);

        for (var i = 0; i < n; i++)
        {
            Assert.Equal(x[i], b[i], 9);
        }
    }

    [Fact]
    public void CholeskyRejectsAMatrixThatIsNotPositiveDefinite()
    {
        double[] a = [1, 2, 2, 1];
        Assert.False(Cholesky.Factor(a, 2));
    }

    [Fact]
    public void ParallelInverseTimesMatrixIsIdentity()
    {
        const int n = 400; // large enough for the parallel column path
        var a = RandomSpd(n, 7);
        var inverse = (double[])a.Clone();

        Assert.True(Cholesky.InvertParallel(inverse, n));

        for (var i = 0; i < n; i += 37)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = 0.0;
                for (var k = 0; k < n; k++)
                {
                    sum += a[(i * n) + k] * inverse[(k * n) + j];
                }

                Assert.Equal(i == j ? 1.0 : 0.0, sum, 8);
            }
        }
    }

    [Fact]
    public void TopSelectionBreaksTiesByLowerIndexAndSkipsUnrankable()
    {
        float[] scores = [1f, 3f, float.NegativeInfinity, 3f, 2f, float.NaN, 3f];
        var top = new int[4];

        var count = ScoreSelection.Top(scores, top);

        Assert.Equal(4, count);
        Assert.Equal([1, 3, 6, 4], top);

        var all = new int[10];
        Assert.Equal(5, ScoreSelection.Top(scores, all));
        Assert.Equal([1, 3, 6, 4, 0], all[..5]);
    }
}
