using System.Numerics.Tensors;

namespace OrleansReco.Training.Numerics;

/// <summary>
/// Cholesky factorisation A = L Lᵀ of a symmetric positive-definite matrix stored row-major in a span of n × n
/// doubles, and the solves built on it. Only the lower triangle of the input is read.
/// </summary>
public static class Cholesky
{
    /// <summary>
    /// Overwrites the lower triangle of <paramref name="a"/> with L (the strict upper triangle is zeroed).
    /// Returns false when the matrix is not (numerically) positive definite. Column-oriented ("left-looking"):
    /// for column j, L[j,j] = sqrt(A[j,j] − L[j,:j]·L[j,:j]) and L[i,j] = (A[i,j] − L[i,:j]·L[j,:j]) / L[j,j],
    /// every dot product over contiguous row prefixes.
    /// </summary>
    public static bool Factor(Span<double> a, int n)
    {
        CheckSize(a.Length, n);
        for (var j = 0; j < n; j++)
        {
            var rowJ = a.Slice(j * n, j);
            var pivot = a[(j * n) + j] - TensorPrimitives.Dot<double>(rowJ, rowJ);
            if (!(pivot > 0) || !double.IsFinite(pivot))
            {
                return false;
            }

            var diagonal = Math.Sqrt(pivot);
            a[(j * n) + j] = diagonal;
            for (var i = j + 1; i < n; i++)
            {
                a[(i * n) + j] = (a[(i * n) + j] - TensorPrimitives.Dot<double>(a.Slice(i * n, j), rowJ)) / diagonal;
            }
        }

        ZeroUpper(a, n);
        return true;
    }

    /// <summary>As <see cref="Factor(Span{double}, int)"/>, parallel over the rows below each pivot (for large n).</summary>
    public static bool FactorParallel(double[] a, int n)
    {
        CheckSize(a.Length, n);
        for (var j = 0; j < n; j++)
        {
            var rowJ = a.AsSpan(j * n, j);
            var pivot = a[(j * n) + j] - TensorPrimitives.Dot<double>(rowJ, rowJ);
            if (!(pivot > 0) || !double.IsFinite(pivot))
            {
                return false;
            }

            var diagonal = Math.Sqrt(pivot);
            a[(j * n) + j] = diagonal;
            var column = j;
            var rows = n - j - 1;
            if (rows * (long)j < 32_768)
            {
                for (var i = j + 1; i < n; i++)
                {
                    a[(i * n) + j] = (a[(i * n) + j] - TensorPrimitives.Dot<double>(a.AsSpan(i * n, j), rowJ)) / diagonal;
                }

                continue;
            }

            Parallel.For(0, Environment.ProcessorCount, worker =>
            {
                var pivotRow = a.AsSpan(column * n, column);
                for (var i = column + 1 + worker; i < n; i += Environment.ProcessorCount)
                {
                    a[(i * n) + column] = (a[(i * n) + column] - TensorPrimitives.Dot<double>(a.AsSpan(i * n, column), pivotRow)) / diagonal;
                }
            });
        }

        ZeroUpper(a, n);
        return true;
    }

    /// <summary>Solves L Lᵀ x = b in place (<paramref name="b"/> becomes x), given the factor from <see cref="Factor"/>.</summary>
    public static void Solve(ReadOnlySpan<double> l, int n, Span<double> b)
    {
        CheckSize(l.Length, n);
        // Forward: L y = b, row prefixes are contiguous.
        for (var i = 0; i < n; i++)
        {
            b[i] = (b[i] - TensorPrimitives.Dot<double>(l.Slice(i * n, i), b[..i])) / l[(i * n) + i];
        }

        // Backward: Lᵀ x = y walks columns of L (strided; n is small where this is used).
        for (var i = n - 1; i >= 0; i--)
        {
            var sum = b[i];
            for (var k = i + 1; k < n; k++)
            {
                sum -= l[(k * n) + i] * b[k];
            }

            b[i] = sum / l[(i * n) + i];
        }
    }

    /// <summary>
    /// Inverts a symmetric positive-definite matrix in place (full symmetric result), parallel over columns.
    /// Returns false when it is not positive definite. Cost ≈ n³/2 multiply-adds.
    /// </summary>
    public static bool InvertParallel(double[] a, int n)
    {
        if (!FactorParallel(a, n))
        {
            return false;
        }

        // Lᵀ row-major = L column-major: both substitutions then run over contiguous spans.
        var lt = new double[a.Length];
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k <= i; k++)
            {
                lt[(k * n) + i] = a[(i * n) + k];
            }
        }

        var inverse = new double[a.Length];
        Parallel.For(0, n, () => new double[n], (column, _, x) =>
        {
            // Column `column` of A⁻¹ = L⁻ᵀ L⁻¹ e_column; y = L⁻¹ e is zero above `column`, and the lower half
            // of the column (rows ≥ column) needs only x[i > column], so both solves start at `column`.
            Array.Clear(x);
            var l = a.AsSpan();
            for (var i = column; i < n; i++)
            {
                var rhs = i == column ? 1.0 : 0.0;
                x[i] = (rhs - TensorPrimitives.Dot<double>(l.Slice((i * n) + column, i - column), x.AsSpan(column, i - column))) / l[(i * n) + i];
            }

            for (var i = n - 1; i >= column; i--)
            {
                x[i] = (x[i] - TensorPrimitives.Dot<double>(lt.AsSpan((i * n) + i + 1, n - i - 1), x.AsSpan(i + 1, n - i - 1))) / lt[(i * n) + i];
            }

            // Rows ≥ column of this column → row `column` of the (symmetric) inverse, columns ≥ column.
            x.AsSpan(column, n - column).CopyTo(inverse.AsSpan((column * n) + column, n - column));
            return x;
        }, _ => { });

        for (var i = 0; i < n; i++)
        {
            for (var j = i; j < n; j++)
            {
                inverse[(j * n) + i] = inverse[(i * n) + j];
            }
        }

        inverse.CopyTo(a, 0);
        return true;
    }

    private static void ZeroUpper(Span<double> a, int n)
    {
        for (var i = 0; i < n; i++)
        {
            a.Slice((i * n) + i + 1, n - i - 1).Clear();
        }
    }

    private static void CheckSize(int length, int n)
    {
        if (n < 1 || length < (long)n * n)
        {
            throw new ArgumentException($"Expected an n × n matrix with n = {n}, got {length} values.");
        }
    }
}
