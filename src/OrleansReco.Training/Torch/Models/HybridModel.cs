using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OrleansReco.Training.Torch.Models;

/// <summary>
/// The hybrid matrix-factorisation model trained offline: item vector v_i = E_id[i] + W c_i, where c_i are the item's
/// content features (genre block and release-year bucket, see <c>ContentFeatureEncoder</c>, held as a frozen table),
/// and a learned user embedding u. The score of (u, i) is u · v_i; <see cref="forward"/> gives one score per pair.
/// </summary>
internal sealed class HybridModel : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Embedding _users;
    private readonly Embedding _itemIds;
    private readonly Embedding _contentFeatures;
    private readonly Linear _content;

    /// <summary>
    /// Creates the model with N(0, <paramref name="initScale"/>²) embeddings. <paramref name="contentFeatures"/> is the
    /// [items × featureCount] feature table, row-major.
    /// </summary>
    public HybridModel(int users, int items, float[] contentFeatures, int featureCount, int dimensions, float initScale)
        : base(nameof(HybridModel))
    {
        _users = nn.Embedding(users, dimensions);
        _itemIds = nn.Embedding(items, dimensions);
        using var table = torch.tensor(contentFeatures, [items, featureCount]);
        _contentFeatures = nn.Embedding_from_pretrained(table, freeze: true);
        _content = nn.Linear(featureCount, dimensions, hasBias: false);
        using (torch.no_grad())
        {
            _users.weight!.normal_(0, initScale);
            _itemIds.weight!.normal_(0, initScale);
            _content.weight!.normal_(0, initScale);
        }

        RegisterComponents();
    }

    /// <summary>User vectors of <paramref name="users"/> (int64 indices) → [n, d].</summary>
    public Tensor UserVectors(Tensor users) => _users.call(users);

    /// <summary>Item vectors of <paramref name="items"/> (int64 indices) → [n, d].</summary>
    public Tensor ItemVectors(Tensor items) => _itemIds.call(items) + _content.call(_contentFeatures.call(items));

    /// <summary>Scores u · v of aligned (user, item) pairs → [n].</summary>
    public override Tensor forward(Tensor users, Tensor items) => (UserVectors(users) * ItemVectors(items)).sum(-1);
}
