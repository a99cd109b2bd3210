using MathNet.Numerics.LinearAlgebra;

namespace OrleansReco.Learning.Segments;

/// <summary>
/// Orthogonal Procrustes (Schönemann 1966): the rotation R minimising ‖V_new R − V_old‖_F over shared items, from the
/// SVD of M = V_newᵀ V_old = U Σ Wᵀ as R = U Wᵀ. Rotating a new model's item vectors by R puts them in the old model's
/// space, so users' vectors learned against the old model keep their meaning after a rollover.
/// </summary>
public static class Procrustes
{
    /// <summary>R (d × d, row-major) for the row-major n × d matrices of the same items under the new and the old model.</summary>
    public static float[] Rotation(ReadOnlySpan<float> newVectors, ReadOnlySpan<float> oldVectors, int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        if (newVectors.Length != oldVectors.Length || newVectors.Length % dimensions != 0 || newVectors.Length == 0)
        {
            throw new ArgumentException($"Both models need the same shared items as n × {dimensions} rows.", nameof(newVectors));
        }

        var d = dimensions;
        var m = Matrix<double>.Build.Dense(d, d);
        for (var row = 0; row < newVectors.Length / d; row++)
        {
            var a = newVectors.Slice(row * d, d);
            var b = oldVectors.Slice(row * d, d);
            for (var i = 0; i < d; i++)
            {
                for (var j = 0; j < d; j++)
                {
                    m[i, j] += (double)a[i] * b[j];
                }
            }
        }

        var svd = m.Svd(computeVectors: true);
        var r = svd.U * svd.VT;
        var rotation = new float[d * d];
        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j < d; j++)
            {
                rotation[(i * d) + j] = (float)r[i, j];
            }
        }

        return rotation;
    }

    /// <summary><paramref name="result"/> = <paramref name="vector"/> R (a row vector times the rotation).</summary>
    public static void Apply(ReadOnlySpan<float> rotation, ReadOnlySpan<float> vector, Span<float> result)
    {
        var d = vector.Length;
        if (rotation.Length != d * d || result.Length != d)
        {
            throw new ArgumentException($"A {d}-vector needs a {d} × {d} rotation and a {d}-float result.");
        }

        result.Clear();
        for (var i = 0; i < d; i++)
        {
            var x = vector[i];
            var row = rotation.Slice(i * d, d);
            for (var j = 0; j < d; j++)
            {
                result[j] += x * row[j];
            }
        }
    }
}
