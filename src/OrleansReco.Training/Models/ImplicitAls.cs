using System.Numerics.Tensors;
using OrleansReco.Learning;
using OrleansReco.Training.Data;
using OrleansReco.Training.Numerics;

namespace OrleansReco.Training.Models;

/// <summary>
/// Implicit ALS (Hu, Koren &amp; Volinsky 2008) on binary feedback: minimises
/// Σ_{u,i} c_ui (p_ui − x_u·y_i)² + λ (Σ‖x_u‖² + Σ‖y_i‖²) with p = 1, c = 1 + α on observed pairs and p = 0, c = 1
/// elsewhere, by alternating exact row solves. Each row solve uses the Gramian trick
/// (YᵀY + Yᵀ(C_u − I)Y + λI) x_u = Yᵀ C_u p_u, where YᵀY is shared by all rows and Yᵀ(C_u − I)Y = α Σ_{i∈u} y_i y_iᵀ
/// only touches the row's own items; the d × d system is solved by Cholesky. Rows are solved in parallel;
/// results do not depend on the thread count.
/// </summary>
public sealed class ImplicitAls(IalsOptions options, string name = "iALS") : IStaticRecommender
{
    private float[] _userFactors = [];
    private float[] _itemFactors = [];

    /// <inheritdoc />
    public string Name { get; } = name;

    /// <summary>The hyperparameters.</summary>
    public IalsOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>User factors, user count × d, row-major.</summary>
    public float[] UserFactors => _userFactors;

    /// <summary>Item factors, item count × d, row-major.</summary>
    public float[] ItemFactors => _itemFactors;

    /// <summary>The loss after each sweep (when <see cref="IalsOptions.TrackLoss"/>).</summary>
    public List<double> LossHistory { get; } = [];

    /// <inheritdoc />
    public void Fit(InteractionMatrix train, ProgressLog log)
    {
        ArgumentNullException.ThrowIfNull(train);
        var d = Options.Dimensions;
        _userFactors = new float[train.UserCount * d];
        _itemFactors = new float[train.ItemCount * d];
        var random = new DeterministicRandom(Options.Seed);
        for (var i = 0; i < _itemFactors.Length; i++)
        {
            _itemFactors[i] = random.NextGaussian() * Options.InitScale;
        }

        LossHistory.Clear();
        for (var sweep = 1; sweep <= Options.Sweeps; sweep++)
        {
            SolveSide(train, byUser: true, _userFactors, _itemFactors);
            SolveSide(train, byUser: false, _itemFactors, _userFactors);
            if (Options.TrackLoss)
            {
                var loss = Loss(train);
                LossHistory.Add(loss);
                log.Info($"{Name} ({Options}): sweep {sweep}/{Options.Sweeps}, loss {loss:F1}");
            }
            else
            {
                log.Info($"{Name} ({Options}): sweep {sweep}/{Options.Sweeps}");
            }
        }
    }

    /// <inheritdoc />
    public void Score(int user, ReadOnlySpan<int> history, Span<float> scores)
    {
        var d = Options.Dimensions;
        DotAll(_userFactors.AsSpan(user * d, d), _itemFactors, d, scores);
    }

    /// <summary>The fitted item factors as <see cref="ItemVectors"/> (shares the array).</summary>
    public ItemVectors ToItemVectors() => new(_itemFactors, Options.Dimensions);

    /// <summary>
    /// The objective Σ_{u,i} c_ui (p_ui − s_ui)² + λ(‖X‖² + ‖Y‖²), evaluated without visiting unobserved pairs:
    /// Σ_all s² = Σ_u x_uᵀ (YᵀY) x_u, plus c(1 − s)² − s² on each observed pair.
    /// </summary>
    public double Loss(InteractionMatrix train)
    {
        ArgumentNullException.ThrowIfNull(train);
        var d = Options.Dimensions;
        var gram = Gramian(_itemFactors, d);
        var confidence = 1.0 + Options.Alpha;
        var users = _userFactors;
        var items = _itemFactors;
        var total = 0.0;
        var gate = new object();
        Parallel.For(0, train.UserCount, () => (Sum: 0.0, Scratch: new double[d]), (u, _, local) =>
        {
            var x = users.AsSpan(u * d, d);
            var sum = QuadraticForm(gram, x, local.Scratch);
            foreach (var i in train.ItemsOf(u))
            {
                double s = TensorPrimitives.Dot(x, items.AsSpan(i * d, d));
                sum += (confidence * (1 - s) * (1 - s)) - (s * s);
            }

            return (local.Sum + sum, local.Scratch);
        }, local =>
        {
            lock (gate)
            {
                total += local.Sum;
            }
        });

        double squares = TensorPrimitives.SumOfSquares<float>(users) + TensorPrimitives.SumOfSquares<float>(items);
        return total + (Options.Regularization * squares);
    }

    /// <summary>
    /// Solves every row of one side against the fixed other side: for each row r with observed columns I_r,
    /// target_r = (F ᵀF + α Σ_{i∈I_r} f_i f_iᵀ + λI)⁻¹ (1 + α) Σ_{i∈I_r} f_i.
    /// </summary>
    internal void SolveSide(InteractionMatrix train, bool byUser, float[] target, float[] fixedFactors)
    {
        var d = Options.Dimensions;
        var gram = Gramian(fixedFactors, d);
        for (var k = 0; k < d; k++)
        {
            gram[(k * d) + k] += Options.Regularization;
        }

        var rows = byUser ? train.UserCount : train.ItemCount;
        var alpha = Options.Alpha;
        Parallel.For(0, rows, () => new RowSolver(d), (row, _, solver) =>
        {
            var observed = byUser ? train.ItemsOf(row) : train.UsersOf(row);
            solver.Solve(gram, fixedFactors, observed, alpha, target.AsSpan(row * d, d));
            return solver;
        }, _ => { });
    }

    /// <summary>FᵀF of a row-major n × d factor matrix, in double.</summary>
    internal static double[] Gramian(float[] factors, int d)
    {
        var rows = factors.Length / d;
        var gram = new double[d * d];
        var row = new double[d];
        for (var r = 0; r < rows; r++)
        {
            var f = factors.AsSpan(r * d, d);
            for (var k = 0; k < d; k++)
            {
                row[k] = f[k];
            }

            for (var k = 0; k < d; k++)
            {
                TensorPrimitives.MultiplyAdd<double>(row, row[k], gram.AsSpan(k * d, d), gram.AsSpan(k * d, d));
            }
        }

        return gram;
    }

    /// <summary>scores[i] = query · items[i] for every row of a row-major factor matrix.</summary>
    internal static void DotAll(ReadOnlySpan<float> query, ReadOnlySpan<float> items, int d, Span<float> scores)
    {
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = TensorPrimitives.Dot(query, items.Slice(i * d, d));
        }
    }

    private static double QuadraticForm(double[] matrix, ReadOnlySpan<float> x, double[] scratch)
    {
        var d = x.Length;
        for (var k = 0; k < d; k++)
        {
            scratch[k] = x[k];
        }

        var sum = 0.0;
        for (var k = 0; k < d; k++)
        {
            sum += scratch[k] * TensorPrimitives.Dot<double>(matrix.AsSpan(k * d, d), scratch);
        }

        return sum;
    }

    /// <summary>Per-thread scratch for one d × d system: A (double), right-hand side, and the float row being added.</summary>
    internal sealed class RowSolver(int d)
    {
        /// <summary>The system size d.</summary>
        public int Dimensions => d;

        private readonly double[] _a = new double[d * d];
        private readonly double[] _b = new double[d];
        private readonly double[] _f = new double[d];

        /// <summary>Writes the solution for the given observed columns into <paramref name="result"/>.</summary>
        public void Solve(double[] gramPlusRegularization, ReadOnlySpan<float> fixedFactors, ReadOnlySpan<int> observed, float alpha, Span<float> result)
        {
            if (observed.IsEmpty)
            {
                // No observations: the minimiser of Σ_i (0 − x·y_i)² + λ‖x‖² is x = 0.
                result.Clear();
                return;
            }

            gramPlusRegularization.CopyTo(_a, 0);
            Array.Clear(_b);
            double confidence = 1f + alpha;
            foreach (var column in observed)
            {
                var f = fixedFactors.Slice(column * d, d);
                for (var k = 0; k < d; k++)
                {
                    _f[k] = f[k];
                }

                // Lower triangle only: row k gets α f_k f[0..k].
                for (var k = 0; k < d; k++)
                {
                    var rowK = _a.AsSpan(k * d, k + 1);
                    TensorPrimitives.MultiplyAdd<double>(_f.AsSpan(0, k + 1), alpha * _f[k], rowK, rowK);
                }

                TensorPrimitives.MultiplyAdd<double>(_f, confidence, _b, _b);
            }

            if (!Cholesky.Factor(_a, d))
            {
                throw new InvalidOperationException("The iALS normal equations are not positive definite; use λ > 0.");
            }

            Cholesky.Solve(_a, d, _b);
            for (var k = 0; k < d; k++)
            {
                result[k] = (float)_b[k];
            }
        }
    }
}

/// <summary>
/// Closed-form user vectors against fixed item vectors (the iALS user step): what a user grain with a known history
/// would compute when a model version arrives. Thread-safe.
/// </summary>
public sealed class IalsFoldIn
{
    private readonly double[] _gramPlusRegularization;
    private readonly float[] _items;
    private readonly float _alpha;

    [ThreadStatic]
    private static ImplicitAls.RowSolver? _threadSolver;

    /// <summary>Precomputes VᵀV + λI for <paramref name="items"/>.</summary>
    public IalsFoldIn(ItemVectors items, float alpha, float regularization)
    {
        ArgumentNullException.ThrowIfNull(items);
        Dimensions = items.Dimensions;
        _items = items.All.ToArray();
        _alpha = alpha;
        _gramPlusRegularization = ImplicitAls.Gramian(_items, Dimensions);
        for (var k = 0; k < Dimensions; k++)
        {
            _gramPlusRegularization[(k * Dimensions) + k] += regularization;
        }
    }

    /// <summary>Vector length d.</summary>
    public int Dimensions { get; }

    /// <summary>Writes the user vector for a history of item indices into <paramref name="user"/>.</summary>
    public void Solve(ReadOnlySpan<int> history, Span<float> user)
    {
        if (user.Length != Dimensions)
        {
            throw new ArgumentException($"Expected a vector of length {Dimensions}.", nameof(user));
        }

        var solver = _threadSolver is { } cached && cached.Dimensions == Dimensions ? cached : _threadSolver = new ImplicitAls.RowSolver(Dimensions);
        solver.Solve(_gramPlusRegularization, _items, history, _alpha, user);
    }
}
