using System.Numerics.Tensors;

namespace OrleansReco.Learning;

/// <summary>Small vector helpers over spans; every loop is a <see cref="TensorPrimitives"/> kernel.</summary>
public static class VectorMath
{
    /// <summary>Scales <paramref name="vector"/> to unit length in place; a zero vector is left as is.</summary>
    public static void NormalizeInPlace(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0f && float.IsFinite(norm))
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
    }

    /// <summary>Cosine similarity; 0 when either vector is zero.</summary>
    public static float Cosine(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        var nx = TensorPrimitives.Norm(x);
        var ny = TensorPrimitives.Norm(y);
        return nx > 0f && ny > 0f ? TensorPrimitives.Dot(x, y) / (nx * ny) : 0f;
    }

    /// <summary>True when every component is finite (no NaN or infinity).</summary>
    public static bool AllFinite(ReadOnlySpan<float> vector)
    {
        foreach (var value in vector)
        {
            if (!float.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Rescales <paramref name="vector"/> so its norm is at most <paramref name="maxNorm"/>.</summary>
    public static void ClipNorm(Span<float> vector, float maxNorm)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > maxNorm && norm > 0f)
        {
            TensorPrimitives.Multiply(vector, maxNorm / norm, vector);
        }
    }

    /// <summary>Logistic sigmoid, stable for large |x|.</summary>
    public static float Sigmoid(float x) =>
        x >= 0f ? 1f / (1f + MathF.Exp(-x)) : MathF.Exp(x) / (1f + MathF.Exp(x));
}
