using System.Numerics.Tensors;

namespace OrleansReco.Learning;

/// <summary>
/// Online learning of one user's vector against fixed item vectors. Each interaction takes
/// <see cref="OnlineLearnerOptions.StepsPerEvent"/> gradient steps on
/// J(u) = Σ_t w_t ℓ_t((u + β s) · v) + λ/2 ‖u − b‖², where ℓ is BPR or sampled softmax over uniformly
/// sampled negatives, optional replayed positives join the sum, and negative feedback (w &lt; 0) adds
/// |w| softplus(q · v_i), pushing the vector away from the item. Allocation-free for d ≤ 512.
/// </summary>
public sealed class OnlineUserLearner
{
    private const int StackDimensionLimit = 512;
    private readonly OnlineLearnerOptions _options;

    /// <summary>Creates a learner; throws when the options are invalid.</summary>
    public OnlineUserLearner(OnlineLearnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid learner options: " + string.Join(" ", errors), nameof(options));
        }

        _options = options;
    }

    /// <summary>The options in force.</summary>
    public OnlineLearnerOptions Options => _options;

    /// <summary>
    /// Learns from one interaction with <paramref name="item"/> of signed <paramref name="weight"/>
    /// (positive: the user liked it; negative: dislike/hide/skip). Returns false and leaves the model
    /// unchanged when the step would produce a non-finite value.
    /// </summary>
    public bool Learn(UserModel user, ItemVectors items, int item, float weight, long eventTimestamp, long nowTimestamp) =>
        Step(user, items, item, weight, eventTimestamp, nowTimestamp, remember: true);

    /// <summary>
    /// The gradient steps of <see cref="Learn"/> for an interaction the user model already remembers (re-folding after a
    /// model rollover): the short-term vector and the replay buffer are left as they are.
    /// </summary>
    public bool Refit(UserModel user, ItemVectors items, int item, float weight, long eventTimestamp, long nowTimestamp) =>
        Step(user, items, item, weight, eventTimestamp, nowTimestamp, remember: false);

    private bool Step(UserModel user, ItemVectors items, int item, float weight, long eventTimestamp, long nowTimestamp, bool remember)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(items);
        if (items.Dimensions != user.Dimensions)
        {
            throw new ArgumentException($"Item dimension {items.Dimensions} differs from user dimension {user.Dimensions}.");
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)item, (uint)items.Count, nameof(item));
        if (!float.IsFinite(weight) || weight == 0f)
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "Weight must be finite and non-zero.");
        }

        var d = user.Dimensions;
        var scratch = d <= StackDimensionLimit ? stackalloc float[6 * d] : new float[6 * d];
        var terms = 1 + (weight > 0 ? _options.ReplaySamples : 0);
        Span<int> positives = stackalloc int[terms];
        Span<float> weights = stackalloc float[terms];
        Span<int> negatives = stackalloc int[_options.NegativeSamples];

        user.EnsureMoments(_options.Optimizer);
        var backup = scratch.Slice(2 * d, 3 * d);
        Backup(user, backup);
        var baseline = BaselineOf(user, scratch[(5 * d)..]);
        var savedSteps = user.OptimizerSteps;
        var random = new DeterministicRandom(user.RandomState);
        var effectiveWeight = weight * RecencyFactor(nowTimestamp - eventTimestamp);

        for (var step = 0; step < _options.StepsPerEvent; step++)
        {
            var used = ChooseTerms(user, items.Count, item, effectiveWeight, nowTimestamp, ref random, positives, weights, negatives);
            Accumulate(user.Vector, user.ShortTerm, baseline, items, positives[..used], weights[..used],
                negatives, _options, scratch[..d], scratch.Slice(d, d), withObjective: false);
            ApplyGradient(user, scratch[..d], scratch.Slice(d, d));
            if (_options.MaxNorm > 0)
            {
                VectorMath.ClipNorm(user.Vector, _options.MaxNorm);
            }
        }

        if (!VectorMath.AllFinite(user.Vector) || !VectorMath.AllFinite(user.Moment1) || !VectorMath.AllFinite(user.Moment2))
        {
            Restore(user, backup);
            user.OptimizerSteps = savedSteps;
            return false;
        }

        if (weight > 0 && remember)
        {
            TensorPrimitives.Multiply(user.ShortTerm, _options.ShortTermDecay, user.ShortTerm);
            TensorPrimitives.MultiplyAdd(items[item], effectiveWeight, user.ShortTerm, user.ShortTerm);
            user.Replay.Add(item, weight, eventTimestamp);
        }

        user.RandomState = random.State;
        return true;
    }

    /// <summary>
    /// J(u) for the given sampled terms, and its gradient with respect to u written to
    /// <paramref name="gradient"/>. <paramref name="scoring"/> is scratch of length d. Every positive term
    /// shares the same sampled <paramref name="negatives"/> (their scores are computed once per step);
    /// a term with a negative weight is negative feedback and uses no negatives.
    /// </summary>
    public static float ObjectiveAndGradient(ReadOnlySpan<float> user, ReadOnlySpan<float> shortTerm, ReadOnlySpan<float> baseline,
        ItemVectors items, ReadOnlySpan<int> positives, ReadOnlySpan<float> weights, ReadOnlySpan<int> negatives,
        OnlineLearnerOptions options, Span<float> gradient, Span<float> scoring) =>
        Accumulate(user, shortTerm, baseline, items, positives, weights, negatives, options, gradient, scoring, withObjective: true);

    /// <summary>The gradient, and the objective only when asked: the per-event path skips the log/exp of the loss value.</summary>
    private static float Accumulate(ReadOnlySpan<float> user, ReadOnlySpan<float> shortTerm, ReadOnlySpan<float> baseline,
        ItemVectors items, ReadOnlySpan<int> positives, ReadOnlySpan<float> weights, ReadOnlySpan<int> negatives,
        OnlineLearnerOptions options, Span<float> gradient, Span<float> scoring, bool withObjective)
    {
        TensorPrimitives.MultiplyAdd(shortTerm, options.ShortTermBeta, user, scoring);
        gradient.Clear();
        var softmax = options.Loss == RankingLoss.SampledSoftmax;
        var scale = softmax ? 1f / options.SoftmaxTemperature : 1f;
        Span<float> negativeScores = stackalloc float[negatives.Length];
        Span<float> negativeCoefficients = stackalloc float[negatives.Length];
        negativeCoefficients.Clear();
        for (var n = 0; n < negatives.Length; n++)
        {
            negativeScores[n] = scale * SmallKernels.Dot(scoring, items[negatives[n]]);
        }

        var terms = new TermContext(negativeScores, negativeCoefficients, withObjective);
        var objective = 0f;
        for (var t = 0; t < positives.Length; t++)
        {
            var vt = items[positives[t]];
            var st = SmallKernels.Dot(scoring, vt);
            var (loss, coefficient) = weights[t] < 0 ? NegativeFeedbackTerm(st, -weights[t], withObjective)
                : softmax ? terms.Softmax(scale * st, weights[t], scale)
                : terms.Bpr(st, weights[t]);
            objective += loss;
            SmallKernels.MultiplyAdd(vt, coefficient, gradient);
        }

        for (var n = 0; n < negatives.Length; n++)
        {
            SmallKernels.MultiplyAdd(items[negatives[n]], terms.NegativeCoefficient(n), gradient);
        }

        if (options.BaselinePull > 0)
        {
            // λ/2 ‖u − b‖², gradient λ (u − b); scoring is free again and serves as scratch.
            TensorPrimitives.Subtract(user, baseline, scoring);
            objective += 0.5f * options.BaselinePull * TensorPrimitives.Dot(scoring, scoring);
            TensorPrimitives.MultiplyAdd(scoring, options.BaselinePull, gradient, gradient);
        }

        return objective;
    }

    /// <summary>|w| softplus(x): loss and ∂/∂x of pushing the score x of a disliked item down.</summary>
    private static (float Loss, float Coefficient) NegativeFeedbackTerm(float score, float weight, bool withObjective) =>
        (withObjective ? weight * Softplus(score) : 0f, weight * VectorMath.Sigmoid(score));

    /// <summary>
    /// Loss terms over one shared set of negative scores. Each term returns its loss and the gradient
    /// coefficient of its positive item; negatives' coefficients accumulate across terms.
    /// </summary>
    private ref struct TermContext
    {
        private readonly ReadOnlySpan<float> _negativeScores;
        private readonly Span<float> _negativeCoefficients;
        private readonly bool _withObjective;
        private readonly float _maxNegative;
        private readonly float _sumExpNegative;
        private float _softmaxNegativeFactor;

        public TermContext(ReadOnlySpan<float> negativeScores, Span<float> negativeCoefficients, bool withObjective)
        {
            _negativeScores = negativeScores;
            _negativeCoefficients = negativeCoefficients;
            _withObjective = withObjective;
            _maxNegative = negativeScores.Length == 0 ? 0f : TensorPrimitives.Max(negativeScores);
            _sumExpNegative = 0f;
            foreach (var z in negativeScores)
            {
                _sumExpNegative += MathF.Exp(z - _maxNegative);
            }

            _softmaxNegativeFactor = 0f;
        }

        /// <summary>(w/n) Σ_j softplus(s_j − s_i); ∇ = Σ_j c_j (v_j − v_i) with c_j = (w/n) σ(s_j − s_i).</summary>
        public readonly (float Loss, float Coefficient) Bpr(float positiveScore, float weight)
        {
            var share = weight / _negativeScores.Length;
            var loss = 0f;
            var positiveCoefficient = 0f;
            for (var n = 0; n < _negativeScores.Length; n++)
            {
                var x = positiveScore - _negativeScores[n];
                var c = share * VectorMath.Sigmoid(-x);
                positiveCoefficient += c;
                _negativeCoefficients[n] += c;
                if (_withObjective)
                {
                    loss += share * Softplus(-x);
                }
            }

            return (loss, -positiveCoefficient);
        }

        /// <summary>
        /// w (lse − z_i) over logits z = s/τ of {i} ∪ negatives; ∇ = (w/τ)(Σ_c p_c v_c − v_i).
        /// The negatives' Σ exp is shared: Σ_j exp(z_j − M_t) = exp(M − M_t) Σ_j exp(z_j − M).
        /// </summary>
        public (float Loss, float Coefficient) Softmax(float logit, float weight, float inverseTemperature)
        {
            var scaledWeight = weight * inverseTemperature;
            var mt = MathF.Max(logit, _maxNegative);
            var logSumExp = mt + MathF.Log(MathF.Exp(logit - mt) + (MathF.Exp(_maxNegative - mt) * _sumExpNegative));
            _softmaxNegativeFactor += scaledWeight * MathF.Exp(_maxNegative - logSumExp);
            var loss = _withObjective ? weight * (logSumExp - logit) : 0f;
            return (loss, scaledWeight * (MathF.Exp(logit - logSumExp) - 1f));
        }

        /// <summary>Total gradient coefficient of the n-th negative over all terms.</summary>
        public readonly float NegativeCoefficient(int n) =>
            _negativeCoefficients[n] + (_softmaxNegativeFactor * MathF.Exp(_negativeScores[n] - _maxNegative));
    }

    private int ChooseTerms(UserModel user, int itemCount, int item, float weight, long now, ref DeterministicRandom random,
        Span<int> positives, Span<float> weights, Span<int> negatives)
    {
        positives[0] = item;
        weights[0] = weight;
        var used = 1;
        if (weight > 0 && user.Replay.Count > 0)
        {
            for (; used < positives.Length; used++)
            {
                var slot = user.Replay.SampleSlot(ref random);
                positives[used] = user.Replay.Items[slot];
                weights[used] = user.Replay.WeightAt(slot) * _options.ReplayWeight * RecencyFactor(now - user.Replay.TimestampAt(slot));
            }
        }

        // One shared set of negatives for every term of the step (drawn to avoid the fresh positive).
        for (var n = 0; n < negatives.Length; n++)
        {
            negatives[n] = SampleNegative(itemCount, item, ref random);
        }

        return used;
    }

    private static int SampleNegative(int itemCount, int positive, ref DeterministicRandom random)
    {
        if (itemCount < 2)
        {
            return positive;
        }

        // Uniform over the other items: draw from n − 1 and skip the positive.
        var candidate = random.NextInt(itemCount - 1);
        return candidate >= positive ? candidate + 1 : candidate;
    }

    private void ApplyGradient(UserModel user, ReadOnlySpan<float> gradient, Span<float> scratch)
    {
        var lr = _options.LearningRate;
        switch (_options.Optimizer)
        {
            case OptimizerKind.Adagrad:
                TensorPrimitives.MultiplyAdd(gradient, gradient, user.Moment1, user.Moment1);
                TensorPrimitives.Sqrt(user.Moment1, scratch);
                TensorPrimitives.Add(scratch, _options.Epsilon, scratch);
                TensorPrimitives.Divide(gradient, scratch, scratch);
                TensorPrimitives.MultiplyAdd(scratch, -lr, user.Vector, user.Vector);
                break;
            case OptimizerKind.Adam:
                user.OptimizerSteps++;
                var b1 = _options.AdamBeta1;
                var b2 = _options.AdamBeta2;
                TensorPrimitives.Multiply(user.Moment1, b1, user.Moment1);
                TensorPrimitives.MultiplyAdd(gradient, 1f - b1, user.Moment1, user.Moment1);
                TensorPrimitives.Multiply(gradient, gradient, scratch);
                TensorPrimitives.Multiply(user.Moment2, b2, user.Moment2);
                TensorPrimitives.MultiplyAdd(scratch, 1f - b2, user.Moment2, user.Moment2);
                var t = (double)user.OptimizerSteps;
                var stepSize = (float)(lr * Math.Sqrt(1 - Math.Pow(b2, t)) / (1 - Math.Pow(b1, t)));
                TensorPrimitives.Sqrt(user.Moment2, scratch);
                TensorPrimitives.Add(scratch, _options.Epsilon, scratch);
                TensorPrimitives.Divide(user.Moment1, scratch, scratch);
                TensorPrimitives.MultiplyAdd(scratch, -stepSize, user.Vector, user.Vector);
                break;
            default:
                TensorPrimitives.MultiplyAdd(gradient, -lr, user.Vector, user.Vector);
                break;
        }
    }

    private float RecencyFactor(long ageSeconds)
    {
        var halfLife = _options.RecencyHalfLifeSeconds;
        return halfLife <= 0 || ageSeconds <= 0 ? 1f : (float)Math.Pow(0.5, ageSeconds / halfLife);
    }

    private static float Softplus(float z) => z > 0 ? z + MathF.Log(1f + MathF.Exp(-z)) : MathF.Log(1f + MathF.Exp(z));

    /// <summary>The baseline in single precision when the baseline pull needs it, else empty (it is not read).</summary>
    private ReadOnlySpan<float> BaselineOf(UserModel user, Span<float> destination)
    {
        if (_options.BaselinePull <= 0)
        {
            return [];
        }

        System.Numerics.Tensors.TensorPrimitives.ConvertToSingle(user.Baseline, destination);
        return destination;
    }

    private static void Backup(UserModel user, Span<float> backup)
    {
        var d = user.Dimensions;
        user.Vector.CopyTo(backup);
        user.Moment1.CopyTo(backup.Slice(d, d));
        user.Moment2.CopyTo(backup.Slice(2 * d, d));
    }

    private static void Restore(UserModel user, ReadOnlySpan<float> backup)
    {
        var d = user.Dimensions;
        backup[..d].CopyTo(user.Vector);
        backup.Slice(d, user.Moment1.Length).CopyTo(user.Moment1);
        backup.Slice(2 * d, user.Moment2.Length).CopyTo(user.Moment2);
    }
}
