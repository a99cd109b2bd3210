using OrleansReco.Learning;
using OrleansReco.Training.Data;

namespace OrleansReco.Training.Tests.Torch;

/// <summary>
/// A tiny seeded data set with content and demographics: items in genre clusters (titles carry a release year), users
/// whose occupation names their favourite cluster, and interactions mostly inside that cluster, in time order.
/// </summary>
internal static class SyntheticCatalog
{
    private static readonly string[] Genres = ["Action", "Comedy", "Drama", "Horror"];
    private static readonly string[] Occupations = ["engineer", "artist", "student", "writer"];

    public static InteractionDataset Create(int users = 60, int items = 48, int perUser = 12, ulong seed = 7)
    {
        var random = new DeterministicRandom(seed);
        var catalogue = new ItemInfo[items];
        for (var i = 0; i < items; i++)
        {
            var genre = Genres[i % Genres.Length];
            IReadOnlyList<string> categories = i % 5 == 0 ? [genre, Genres[(i + 1) % Genres.Length]] : [genre];
            catalogue[i] = new ItemInfo((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), $"Film {i} ({1980 + (i % 19)})", categories);
        }

        var demographics = new UserInfo?[users];
        var ids = new string[users];
        var events = new List<Interaction>();
        long time = 1_000;
        for (var u = 0; u < users; u++)
        {
            ids[u] = (u + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var cluster = u % Genres.Length;
            demographics[u] = new UserInfo(ids[u], 18 + random.NextInt(50), u % 2 == 0 ? "M" : "F", Occupations[cluster], $"{random.NextInt(10)}0000");
            var chosen = new HashSet<int>();
            while (chosen.Count < perUser)
            {
                var item = random.NextInt(10) < 8 ? cluster + (Genres.Length * random.NextInt(items / Genres.Length)) : random.NextInt(items);
                chosen.Add(item);
            }

            foreach (var item in chosen)
            {
                events.Add(new Interaction(u, item, time + random.NextInt(100_000), 1f));
            }
        }

        var sorted = events.ToArray();
        Array.Sort(sorted, Interaction.CompareByTime);
        return new InteractionDataset("synthetic", "ml-100k", ids, catalogue, demographics, sorted, []);
    }

    /// <summary>Writes the data set as an ml-100k folder (u.data, u.item, u.user).</summary>
    public static void WriteMl100k(InteractionDataset dataset, TempFolder folder)
    {
        var data = new System.Text.StringBuilder();
        foreach (var e in dataset.Interactions)
        {
            data.Append(System.Globalization.CultureInfo.InvariantCulture, $"{dataset.UserIds[e.User]}\t{dataset.Items[e.Item].Id}\t4\t{e.Timestamp}\n");
        }

        string[] allGenres = ["unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy",
            "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western"];
        var items = new System.Text.StringBuilder();
        foreach (var item in dataset.Items)
        {
            var flags = string.Join('|', allGenres.Select(g => item.Categories.Contains(g) ? "1" : "0"));
            items.Append(System.Globalization.CultureInfo.InvariantCulture, $"{item.Id}|{item.Title}|01-Jan-1990||http://x|{flags}\n");
        }

        var users = new System.Text.StringBuilder();
        foreach (var user in dataset.Users)
        {
            users.Append(System.Globalization.CultureInfo.InvariantCulture, $"{user!.Id}|{user.Age}|{user.Gender}|{user.Occupation}|{user.ZipCode}\n");
        }

        folder.Write("u.data", data.ToString());
        folder.Write("u.item", items.ToString());
        folder.Write("u.user", users.ToString());
    }
}
