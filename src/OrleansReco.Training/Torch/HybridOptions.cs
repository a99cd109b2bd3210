using OrleansReco.Learning.Towers;

namespace OrleansReco.Training.Torch;

/// <summary>Loss of the offline hybrid model.</summary>
public enum HybridLoss
{
    /// <summary>BPR: mean softplus(s_j − s_i) over the batch's shared uniform negatives.</summary>
    Bpr,

    /// <summary>Sampled softmax: cross-entropy of the positive against the batch's shared uniform negatives, logits s/τ.</summary>
    SampledSoftmax,
}

/// <summary>How the early-stopping validation events are cut from the training events (both by time).</summary>
public enum HybridValidation
{
    /// <summary>Each user's latest events (the protocol S cut): every user with history is validated, a stable signal.</summary>
    PerUserTemporal,

    /// <summary>The globally latest events (the protocol P cut): mostly users new in that period, so few validation users.</summary>
    GlobalTime,
}

/// <summary>Hyperparameters of the TorchSharp hybrid model (ID embedding + content features) and its towers.</summary>
public sealed record HybridOptions
{
    /// <summary>Vector dimension d.</summary>
    public int Dimensions { get; init; } = 64;

    /// <summary>Training loss.</summary>
    public HybridLoss Loss { get; init; } = HybridLoss.SampledSoftmax;

    /// <summary>Upper bound on epochs (early stopping usually ends sooner).</summary>
    public int MaxEpochs { get; init; } = 30;

    /// <summary>Epochs without a better validation Recall@20 before stopping (0 = no validation, run <see cref="MaxEpochs"/>).</summary>
    public int Patience { get; init; } = 3;

    /// <summary>Share of the training events, latest by time, held out for early stopping.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Which latest events are held out: per user or globally.</summary>
    public HybridValidation Validation { get; init; } = HybridValidation.PerUserTemporal;

    /// <summary>When true, the model is trained again on all training events for the best epoch count.</summary>
    public bool Refit { get; init; } = true;

    /// <summary>Positive pairs per batch.</summary>
    public int BatchSize { get; init; } = 1024;

    /// <summary>Uniform negatives per batch, shared by every positive of the batch.</summary>
    public int Negatives { get; init; } = 256;

    /// <summary>Adam step size.</summary>
    public float LearningRate { get; init; } = 0.005f;

    /// <summary>L2 weight on the batch's user and item vectors.</summary>
    public float Regularization { get; init; } = 1e-2f;

    /// <summary>Softmax temperature τ (sampled softmax only).</summary>
    public float Temperature { get; init; } = 0.2f;

    /// <summary>Standard deviation of the initial embeddings.</summary>
    public float InitScale { get; init; } = 0.05f;

    /// <summary>
    /// When &gt; 0, the trained item vectors are rescaled so their root-mean-square norm is this value (user vectors by the
    /// inverse, scores unchanged), which sets the effective step size of the online learner.
    /// </summary>
    public float ItemNorm { get; init; }

    /// <summary>Release-year buckets of the content features (quantiles of the training items' years).</summary>
    public int YearBuckets { get; init; } = 10;

    /// <summary>Seed of torch and of our sampling.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>
    /// Torch intra-op threads (0 = libtorch's default). One by default: the batches are small, and on a shared 2-core
    /// machine libtorch's OpenMP workers stalled each other (epochs 10–20× slower under load).
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>The cold-start towers trained after the item space.</summary>
    public TowerOptions Towers { get; init; } = new();

    /// <summary>Returns the problems with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Check(Dimensions is >= 1 and <= 1024, "Dimensions must be in [1, 1024].");
        Check(MaxEpochs >= 1, "MaxEpochs must be ≥ 1.");
        Check(Patience >= 0, "Patience must be ≥ 0.");
        Check(ValidationFraction is > 0 and < 1, "ValidationFraction must be in (0, 1).");
        Check(BatchSize >= 1 && Negatives >= 1, "BatchSize and Negatives must be ≥ 1.");
        Check(LearningRate > 0 && float.IsFinite(LearningRate), "LearningRate must be > 0.");
        Check(Regularization >= 0 && float.IsFinite(Regularization), "Regularization must be ≥ 0.");
        Check(Temperature > 0 && float.IsFinite(Temperature), "Temperature must be > 0.");
        Check(InitScale > 0 && float.IsFinite(InitScale), "InitScale must be > 0.");
        Check(ItemNorm >= 0 && float.IsFinite(ItemNorm), "ItemNorm must be ≥ 0.");
        Check(YearBuckets >= 1, "YearBuckets must be ≥ 1.");
        Check(Threads >= 0, "Threads must be ≥ 0.");
        errors.AddRange(Towers.Validate());
        return errors;

        void Check(bool ok, string message)
        {
            if (!ok)
            {
                errors.Add(message);
            }
        }
    }

    /// <summary>Short description for logs and reports.</summary>
    public override string ToString() =>
        $"d={Dimensions} loss={(Loss == HybridLoss.Bpr ? "bpr" : "softmax")} lr={LearningRate} reg={Regularization} τ={Temperature} batch={BatchSize} negatives={Negatives} seed={Seed}";
}

/// <summary>Hyperparameters of the cold-start towers (trained against fixed item vectors).</summary>
public sealed record TowerOptions
{
    /// <summary>Train the demographic user tower.</summary>
    public bool UserTower { get; init; } = true;

    /// <summary>Train the content item tower.</summary>
    public bool ContentTower { get; init; } = true;

    /// <summary>Hidden layer widths (empty: a linear tower).</summary>
    public IReadOnlyList<int> Hidden { get; init; } = [64];

    /// <summary>Activation after each hidden layer.</summary>
    public TowerActivation Activation { get; init; } = TowerActivation.Relu;

    /// <summary>Epochs over the training pairs, per tower.</summary>
    public int Epochs { get; init; } = 6;

    /// <summary>Pairs per batch.</summary>
    public int BatchSize { get; init; } = 1024;

    /// <summary>Uniform negatives per batch of the ranking term (0 = softmax over every trained item).</summary>
    public int Negatives { get; init; } = 512;

    /// <summary>Adam step size.</summary>
    public float LearningRate { get; init; } = 0.005f;

    /// <summary>L2 weight on the tower weights.</summary>
    public float WeightDecay { get; init; } = 1e-5f;

    /// <summary>
    /// Content tower: weight of the "leave-one-cold" ranking term. Small by default: on ml-100k protocol P, weight 0.1
    /// ranked 25 of 202 new-item events in the top 10 at no cost overall, 0.3 ranked 72 but cost 2 points of HitRate@10
    /// (new items' content vectors crowd out trained items), 0 (pure regression) ranked 3.
    /// </summary>
    public float ContentRankingWeight { get; init; } = 0.1f;

    /// <summary>Content tower: weight of the regression term (relative squared error to the item's trained vector).</summary>
    public float ContentRegressionWeight { get; init; } = 1f;

    /// <summary>User tower: weight of the ranking term (sampled softmax of the user's items over the fixed item vectors).</summary>
    public float UserRankingWeight { get; init; } = 1f;

    /// <summary>User tower: weight of the regression term (relative squared error to the user's trained vector).</summary>
    public float UserRegressionWeight { get; init; } = 1f;

    /// <summary>
    /// User tower: only each user's first n training events count (0 = all). The tower serves a user's first events,
    /// which differ from later ones (MovieLens sign-up asks for well-known films): on ml-100k protocol P, 5 gave
    /// first-event HitRate@10 0.53 against 0.25 when trained on all events.
    /// </summary>
    public int UserFirstEvents { get; init; } = 5;

    /// <summary>
    /// User tower: factor folded into its output layer. A new user's first ranking depends only on the direction of the
    /// initial vector, so a factor &lt; 1 keeps the tower's first-event ranking while letting the online learner move the
    /// vector away from it faster on the user's next events. On ml-100k protocol P (iALS items): 1 → HitRate@10 0.1847,
    /// 0.25 → 0.1903, 0.1 → 0.1913, 0.05 → 0.1915 overall (0.1898 with no user tower), first-event 0.526 throughout.
    /// </summary>
    public float UserOutputScale { get; init; } = 0.1f;

    /// <summary>Zip prefixes need this many training users to get their own slot.</summary>
    public int MinZipPrefixUsers { get; init; } = 5;

    /// <summary>Characters of the zip prefix.</summary>
    public int ZipPrefixLength { get; init; } = 1;

    /// <summary>Returns the problems with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Epochs < 1 || BatchSize < 1 || Negatives < 0)
        {
            errors.Add("Tower Epochs and BatchSize must be ≥ 1, Negatives ≥ 0.");
        }

        if (!(LearningRate > 0) || !(WeightDecay >= 0) || !(ContentRankingWeight >= 0) || !(ContentRegressionWeight >= 0)
            || !(UserRankingWeight >= 0) || !(UserRegressionWeight >= 0) || ContentRankingWeight + ContentRegressionWeight <= 0
            || UserRankingWeight + UserRegressionWeight <= 0 || !(UserOutputScale > 0) || !float.IsFinite(UserOutputScale))
        {
            errors.Add("Tower LearningRate must be > 0, WeightDecay and loss weights ≥ 0 with a positive sum.");
        }

        if (Hidden.Any(h => h < 1) || UserFirstEvents < 0 || MinZipPrefixUsers < 0 || ZipPrefixLength < 1)
        {
            errors.Add("Tower hidden widths and ZipPrefixLength must be ≥ 1, UserFirstEvents and MinZipPrefixUsers ≥ 0.");
        }

        return errors;
    }
}
