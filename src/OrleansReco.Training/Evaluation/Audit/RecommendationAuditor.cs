using OrleansReco.Learning.Audit;

namespace OrleansReco.Training.Evaluation.Audit;

/// <summary>
/// Computes a <see cref="ModelAudit"/> from the lists a protocol already produced (no extra ranking): popularity-decile
/// exposure, coverage, Gini, popular share, genre miscalibration, and all of them per demographic group with the gaps.
/// </summary>
public sealed class RecommendationAuditor(AuditCatalog catalog, GenreHistory history, int minimumGroupUsers = RecommendationAuditor.DefaultMinimumGroupUsers,
    double alpha = GenreCalibration.DefaultAlpha)
{
    /// <summary>Groups with fewer users are reported but left out of the gaps (the segments' k-anonymity floor).</summary>
    public const int DefaultMinimumGroupUsers = 20;

    /// <summary>The catalogue audited against.</summary>
    public AuditCatalog Catalog { get; } = catalog ?? throw new ArgumentNullException(nameof(catalog));

    /// <summary>Minimum group size for the gaps.</summary>
    public int MinimumGroupUsers { get; } = minimumGroupUsers;

    /// <summary>Smoothing α of the miscalibration.</summary>
    public double Alpha { get; } = alpha;

    /// <summary>Audits <paramref name="log"/>.</summary>
    public ModelAudit Audit(RecommendationLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var exposure = new double[Catalog.Buckets.Length];
        var historyMix = new double[Catalog.GenreCount];
        var listMix = new double[Catalog.GenreCount];
        var groups = new Dictionary<string, Dictionary<string, GroupSums>>();
        double popularSum = 0, klSum = 0;
        var calibrated = 0;
        history.Reset();
        for (var n = 0; n < log.Count; n++)
        {
            var items = log.Items(n);
            listMix.AsSpan().Clear();
            foreach (var item in items)
            {
                exposure[item]++;
                GenreCalibration.AddItem(listMix, Catalog.GenresOf(item));
            }

            var user = log.User(n);
            history.Before(n, user, historyMix);
            var kl = GenreCalibration.Miscalibration(historyMix, listMix, Alpha);
            history.After(n);
            var popular = ExposureStatistics.PopularShare(items, Catalog.Buckets);
            popularSum += popular;
            if (kl is { } value)
            {
                (klSum, calibrated) = (klSum + value, calibrated + 1);
            }

            var userGroups = Catalog.Groups[user];
            for (var d = 0; d < userGroups.Length; d++)
            {
                var dimension = DemographicGroups.Dimensions[d];
                if (!groups.TryGetValue(dimension, out var byGroup))
                {
                    groups[dimension] = byGroup = [];
                }

                if (!byGroup.TryGetValue(userGroups[d], out var sums))
                {
                    byGroup[userGroups[d]] = sums = new GroupSums();
                }

                sums.Add(user, log.Recall(n), log.Ndcg(n), popular, kl);
            }
        }

        return Summarise(log, exposure, popularSum, klSum, calibrated, groups);
    }

    private ModelAudit Summarise(RecommendationLog log, double[] exposure, double popularSum, double klSum, int calibrated,
        Dictionary<string, Dictionary<string, GroupSums>> groups)
    {
        var catalogueExposure = new double[Catalog.Items.Length];
        var catalogueBuckets = new int[Catalog.Items.Length];
        for (var c = 0; c < Catalog.Items.Length; c++)
        {
            catalogueExposure[c] = exposure[Catalog.Items[c]];
            catalogueBuckets[c] = Catalog.Buckets[Catalog.Items[c]];
        }

        var shares = new double[PopularityDeciles.Buckets];
        ExposureStatistics.BucketShares(catalogueBuckets, catalogueExposure, shares);
        var lists = Math.Max(1, log.Count);
        var byDimension = new Dictionary<string, SortedDictionary<string, GroupAudit>>();
        var gaps = new Dictionary<string, DimensionGaps>();
        foreach (var dimension in DemographicGroups.Dimensions)
        {
            if (!groups.TryGetValue(dimension, out var byGroup))
            {
                continue;
            }

            var audits = new SortedDictionary<string, GroupAudit>(StringComparer.Ordinal);
            foreach (var (group, sums) in byGroup)
            {
                audits[group] = sums.ToAudit();
            }

            byDimension[dimension] = audits;
            var known = audits.Where(p => p.Key != DemographicGroups.Unknown).ToList();
            gaps[dimension] = new DimensionGaps(
                GroupGap.Of(known.Select(p => new GroupValue(p.Key, p.Value.Recall, p.Value.Users)), MinimumGroupUsers),
                GroupGap.Of(known.Select(p => new GroupValue(p.Key, p.Value.Ndcg, p.Value.Users)), MinimumGroupUsers),
                GroupGap.Of(known.Select(p => new GroupValue(p.Key, p.Value.PopularShare, p.Value.Users)), MinimumGroupUsers),
                GroupGap.Of(known.Where(p => p.Value.Miscalibration is not null)
                    .Select(p => new GroupValue(p.Key, p.Value.Miscalibration!.Value, p.Value.Users)), MinimumGroupUsers));
        }

        return new ModelAudit(log.Count, log.K, shares, ExposureStatistics.Coverage(catalogueExposure), ExposureStatistics.Gini(catalogueExposure),
            popularSum / lists, calibrated == 0 ? null : klSum / calibrated, calibrated, byDimension, gaps);
    }

    private sealed class GroupSums
    {
        private readonly HashSet<int> _users = [];
        private int _lists;
        private int _calibrated;
        private double _recall;
        private double _ndcg;
        private double _popular;
        private double _kl;

        public void Add(int user, double recall, double ndcg, double popular, double? kl)
        {
            _users.Add(user);
            _lists++;
            (_recall, _ndcg, _popular) = (_recall + recall, _ndcg + ndcg, _popular + popular);
            if (kl is { } value)
            {
                (_kl, _calibrated) = (_kl + value, _calibrated + 1);
            }
        }

        public GroupAudit ToAudit() => new(_users.Count, _lists, _recall / _lists, _ndcg / _lists, _popular / _lists,
            _calibrated == 0 ? null : _kl / _calibrated);
    }
}
