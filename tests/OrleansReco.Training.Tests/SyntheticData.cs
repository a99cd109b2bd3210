using OrleansReco.Learning;
using OrleansReco.Training.Data;

namespace OrleansReco.Training.Tests;

/// <summary>Deterministic synthetic interaction sets.</summary>
internal static class SyntheticData
{
    /// <summary>
    /// Users each belong to one of <paramref name="clusters"/> item clusters and interact with
    /// <paramref name="perUser"/> random items of their cluster (timestamps increasing).
    /// </summary>
    public static Interaction[] Clustered(int users, int items, int clusters, int perUser, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var clusterSize = items / clusters;
        var result = new List<Interaction>();
        long time = 0;
        for (var u = 0; u < users; u++)
        {
            var cluster = u % clusters;
            var chosen = new HashSet<int>();
            while (chosen.Count < perUser)
            {
                chosen.Add((cluster * clusterSize) + random.NextInt(clusterSize));
            }

            foreach (var item in chosen)
            {
                result.Add(new Interaction(u, item, time++, 1f));
            }
        }

        return [.. result];
    }

    public static Interaction I(int user, int item, long time = 0) => new(user, item, time, 1f);
}
