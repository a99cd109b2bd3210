using OrleansReco.Learning.Audit;

namespace OrleansReco.Training.Evaluation.Audit;

/// <summary>One demographic group's means over the lists its users were shown.</summary>
/// <param name="Users">Distinct users of the group who were shown a list.</param>
/// <param name="Lists">Lists shown to them (protocol S: one per user; P: one per replayed event).</param>
/// <param name="Recall">Mean Recall@k (protocol P: HitRate@k, one target per list).</param>
/// <param name="Ndcg">Mean NDCG@k.</param>
/// <param name="PopularShare">Mean fraction of each list's items from the most popular decile.</param>
/// <param name="Miscalibration">Mean genre miscalibration C_KL, over lists whose user had a genre history; null if none.</param>
public sealed record GroupAudit(long Users, int Lists, double Recall, double Ndcg, double PopularShare, double? Miscalibration);

/// <summary>
/// The gaps between the groups of one dimension (groups of at least the minimum size, "unknown" left out):
/// equal opportunity on Recall (and NDCG), demographic parity on the popular share, and the calibration gap.
/// </summary>
public sealed record DimensionGaps(GroupGap? Recall, GroupGap? Ndcg, GroupGap? PopularShare, GroupGap? Miscalibration);

/// <summary>The audit of one model's lists in one protocol.</summary>
/// <param name="Lists">Lists audited.</param>
/// <param name="K">List length.</param>
/// <param name="BucketShares">Exposure share per popularity bucket: D1 (most popular) … D10, then items without training interactions.</param>
/// <param name="Coverage">Distinct items shown / catalogue size.</param>
/// <param name="Gini">Gini coefficient of the exposure counts over the catalogue.</param>
/// <param name="PopularShare">Mean fraction of each list's items from D1.</param>
/// <param name="Miscalibration">Mean C_KL of the lists' genre mix against their users' histories; null if no list had a history.</param>
/// <param name="CalibratedLists">Lists whose user had a genre history.</param>
/// <param name="Groups">Per dimension (gender, age, occupation), per group.</param>
/// <param name="Gaps">Per dimension.</param>
public sealed record ModelAudit(int Lists, int K, double[] BucketShares, double Coverage, double Gini, double PopularShare,
    double? Miscalibration, int CalibratedLists, IReadOnlyDictionary<string, SortedDictionary<string, GroupAudit>> Groups,
    IReadOnlyDictionary<string, DimensionGaps> Gaps);
