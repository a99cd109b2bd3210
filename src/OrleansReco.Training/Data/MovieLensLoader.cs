using System.Globalization;
using System.Text;

namespace OrleansReco.Training.Data;

/// <summary>
/// Loads MovieLens folders (format detected from the files present) into an <see cref="InteractionDataset"/>.
/// Every rating becomes one positive interaction. Blank lines are skipped anywhere; a malformed last line
/// (e.g. a truncated write) is skipped with a warning; any other malformed line throws a
/// <see cref="DatasetFormatException"/> naming the file and line.
/// </summary>
public static class MovieLensLoader
{
    /// <summary>How to get the data, for error and skip messages (MovieLens may not be redistributed).</summary>
    public const string DownloadHint =
        "Download ml-100k from https://grouplens.org/datasets/movielens/100k/ (ml-100k.zip) and unzip it to " +
        "../shared/datasets/ml-100k relative to the repository root, or set ORLEANSRECO_DATASETS to a folder that contains ml-100k/.";

    private static readonly string[] Ml100kGenres =
    [
        "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy",
        "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western",
    ];

    private delegate string? LineParser(string line, int lineNumber);

    /// <summary>Detects the layout of <paramref name="folder"/>; throws when it holds neither format.</summary>
    public static MovieLensFormat DetectFormat(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Data folder '{folder}' does not exist. {DownloadHint}");
        }

        if (File.Exists(Path.Combine(folder, "u.data")))
        {
            return MovieLensFormat.Ml100k;
        }

        if (File.Exists(Path.Combine(folder, "ratings.csv")))
        {
            return MovieLensFormat.MlLatest;
        }

        throw new FileNotFoundException(
            $"Data folder '{folder}' holds neither u.data (ml-100k format) nor ratings.csv (ml-latest format). {DownloadHint}");
    }

    /// <summary>Loads the folder in whichever format it holds.</summary>
    public static InteractionDataset Load(string folder) =>
        DetectFormat(folder) == MovieLensFormat.Ml100k ? LoadMl100k(folder) : LoadMlLatest(folder);

    /// <summary>Loads ml-100k: u.data and u.item are required, u.user and u.genre are optional.</summary>
    public static InteractionDataset LoadMl100k(string folder)
    {
        var warnings = new List<string>();
        var builder = new Builder();
        var dataPath = RequireFile(folder, "u.data");
        ReadLines(dataPath, Encoding.Latin1, warnings, (line, _) =>
        {
            var fields = DelimitedText.Split(line, '\t', 4);
            return fields.Length != 4
                ? $"expected 4 tab-separated fields (user item rating timestamp), found {fields.Length}"
                : builder.AddRating(fields[0], fields[1], fields[2], fields[3]);
        });

        var genres = ReadGenres(folder, warnings);
        var itemPath = RequireFile(folder, "u.item");
        ReadLines(itemPath, Encoding.Latin1, warnings, (line, _) => ParseMl100kItem(line, genres, builder));

        var userPath = Path.Combine(folder, "u.user");
        if (File.Exists(userPath))
        {
            ReadLines(userPath, Encoding.Latin1, warnings, (line, _) => ParseMl100kUser(line, builder));
        }
        else
        {
            warnings.Add($"{userPath} not found: users have no demographics.");
        }

        return builder.Build(FolderName(folder), "ml-100k", warnings, hasUserFile: File.Exists(userPath));
    }

    /// <summary>Loads the ml-latest layout: ratings.csv and movies.csv (both with headers) are required.</summary>
    public static InteractionDataset LoadMlLatest(string folder)
    {
        var warnings = new List<string>();
        var builder = new Builder();
        var ratingsPath = RequireFile(folder, "ratings.csv");
        var sawHeader = false;
        ReadLines(ratingsPath, Encoding.UTF8, warnings, (line, _) =>
        {
            var fields = DelimitedText.SplitCsv(line);
            if (fields is null)
            {
                return "unterminated quoted field";
            }

            if (!sawHeader)
            {
                sawHeader = true;
                return IsHeader(fields, "userId", "movieId", "rating", "timestamp")
                    ? null
                    : "expected the header userId,movieId,rating,timestamp";
            }

            return fields.Count != 4
                ? $"expected 4 comma-separated fields (userId,movieId,rating,timestamp), found {fields.Count}"
                : builder.AddRating(fields[0], fields[1], fields[2], fields[3]);
        });

        var moviesPath = RequireFile(folder, "movies.csv");
        var sawMoviesHeader = false;
        ReadLines(moviesPath, Encoding.UTF8, warnings, (line, _) =>
        {
            var fields = DelimitedText.SplitCsv(line);
            if (fields is null)
            {
                return "unterminated quoted field";
            }

            if (!sawMoviesHeader)
            {
                sawMoviesHeader = true;
                return IsHeader(fields, "movieId", "title", "genres") ? null : "expected the header movieId,title,genres";
            }

            if (fields.Count != 3)
            {
                return $"expected 3 comma-separated fields (movieId,title,genres), found {fields.Count}; quote titles that contain commas";
            }

            var genres = fields[2].Trim();
            IReadOnlyList<string> categories = genres.Length == 0 || genres == "(no genres listed)"
                ? []
                : genres.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return builder.AddItem(fields[0], fields[1].Trim(), categories);
        });

        return builder.Build(FolderName(folder), "ml-latest", warnings, hasUserFile: false);
    }

    private static string? ParseMl100kItem(string line, string[] genres, Builder builder)
    {
        var fields = line.Split('|');
        if (fields.Length < 5 + genres.Length)
        {
            return $"expected {5 + genres.Length} pipe-separated fields (id|title|release|video release|url|{genres.Length} genre flags), found {fields.Length}";
        }

        var flagsStart = fields.Length - genres.Length;
        var categories = new List<string>();
        for (var g = 0; g < genres.Length; g++)
        {
            var flag = fields[flagsStart + g].Trim();
            if (flag == "1")
            {
                categories.Add(genres[g]);
            }
            else if (flag != "0")
            {
                return $"genre flag {g + 1} is '{flag}', expected 0 or 1";
            }
        }

        // A title containing '|' spreads over the fields before the release date.
        var title = string.Join('|', fields, 1, flagsStart - 4);
        return builder.AddItem(fields[0], title.Trim(), categories);
    }

    private static string? ParseMl100kUser(string line, Builder builder)
    {
        var fields = line.Split('|');
        if (fields.Length != 5)
        {
            return $"expected 5 pipe-separated fields (id|age|gender|occupation|zip), found {fields.Length}";
        }

        return int.TryParse(fields[1].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var age) && age >= 0
            ? builder.AddUser(new UserInfo(fields[0].Trim(), age, fields[2].Trim(), fields[3].Trim(), fields[4].Trim()))
            : $"age '{fields[1]}' is not a non-negative integer";
    }

    private static string[] ReadGenres(string folder, List<string> warnings)
    {
        var path = Path.Combine(folder, "u.genre");
        if (!File.Exists(path))
        {
            return Ml100kGenres;
        }

        var byIndex = new SortedDictionary<int, string>();
        ReadLines(path, Encoding.Latin1, warnings, (line, _) =>
        {
            var fields = line.Split('|');
            if (fields.Length != 2 || !int.TryParse(fields[1].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) || index < 0)
            {
                return "expected name|index";
            }

            return byIndex.TryAdd(index, fields[0].Trim()) ? null : $"genre index {index} appears twice";
        });

        var names = byIndex.Values.ToArray();
        var contiguous = byIndex.Count > 0 && byIndex.Keys.First() == 0 && byIndex.Keys.Last() == byIndex.Count - 1;
        if (!contiguous)
        {
            throw new DatasetFormatException(path, 0, "genre indices must run 0..n-1 without gaps");
        }

        return names;
    }

    private static bool IsHeader(List<string> fields, params string[] names)
    {
        if (fields.Count != names.Length)
        {
            return false;
        }

        for (var i = 0; i < names.Length; i++)
        {
            if (!string.Equals(fields[i].Trim().TrimStart('\uFEFF'), names[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    private static string RequireFile(string folder, string name)
    {
        var path = Path.Combine(folder, name);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"Required file '{name}' is missing in '{folder}'. {DownloadHint}", path);
    }

    private static string FolderName(string folder) =>
        Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));

    /// <summary>
    /// Feeds every non-blank line to <paramref name="parse"/>, which returns a problem or null. A problem on the last
    /// non-blank line is a warning (the line is skipped); anywhere else it throws.
    /// </summary>
    private static void ReadLines(string path, Encoding encoding, List<string> warnings, LineParser parse)
    {
        using var reader = new StreamReader(path, encoding, detectEncodingFromByteOrderMarks: true);
        DatasetFormatException? pending = null;
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (pending is not null)
            {
                throw pending;
            }

            var problem = parse(line, lineNumber);
            if (problem is not null)
            {
                pending = new DatasetFormatException(path, lineNumber, problem);
            }
        }

        if (pending is not null)
        {
            warnings.Add($"{pending.Message} (last line skipped)");
        }
    }

    /// <summary>Collects raw records and assigns dense indices at the end.</summary>
    private sealed class Builder
    {
        private readonly Dictionary<string, int> _userKeys = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _itemKeys = new(StringComparer.Ordinal);
        private readonly List<string> _userIds = [];
        private readonly List<string> _itemIds = [];
        private readonly List<Interaction> _ratings = [];
        private readonly Dictionary<int, ItemInfo> _itemInfo = [];
        private readonly Dictionary<int, UserInfo> _userInfo = [];

        public string? AddRating(string user, string item, string rating, string timestamp)
        {
            user = user.Trim();
            item = item.Trim();
            if (user.Length == 0 || item.Length == 0)
            {
                return "empty user or item id";
            }

            if (!float.TryParse(rating.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value))
            {
                return $"rating '{rating}' is not a number";
            }

            if (!long.TryParse(timestamp.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var time))
            {
                return $"timestamp '{timestamp}' is not an integer";
            }

            _ratings.Add(new Interaction(Key(_userKeys, _userIds, user), Key(_itemKeys, _itemIds, item), time, value));
            return null;
        }

        public string? AddItem(string id, string title, IReadOnlyList<string> categories)
        {
            id = id.Trim();
            if (id.Length == 0)
            {
                return "empty item id";
            }

            var key = Key(_itemKeys, _itemIds, id);
            return _itemInfo.TryAdd(key, new ItemInfo(id, title, categories)) ? null : $"item id '{id}' appears twice";
        }

        public string? AddUser(UserInfo user)
        {
            if (user.Id.Length == 0)
            {
                return "empty user id";
            }

            var key = Key(_userKeys, _userIds, user.Id);
            return _userInfo.TryAdd(key, user) ? null : $"user id '{user.Id}' appears twice";
        }

        public InteractionDataset Build(string name, string format, List<string> warnings, bool hasUserFile)
        {
            var userMap = DenseOrder(_userIds);
            var itemMap = DenseOrder(_itemIds);
            var items = new ItemInfo[_itemIds.Count];
            var missingItems = 0;
            for (var key = 0; key < _itemIds.Count; key++)
            {
                if (!_itemInfo.TryGetValue(key, out var info))
                {
                    missingItems++;
                    info = new ItemInfo(_itemIds[key], string.Empty, []);
                }

                items[itemMap[key]] = info;
            }

            var users = new UserInfo?[_userIds.Count];
            var userIds = new string[_userIds.Count];
            var missingUsers = 0;
            for (var key = 0; key < _userIds.Count; key++)
            {
                userIds[userMap[key]] = _userIds[key];
                users[userMap[key]] = _userInfo.GetValueOrDefault(key);
                missingUsers += hasUserFile && !_userInfo.ContainsKey(key) ? 1 : 0;
            }

            if (missingItems > 0)
            {
                warnings.Add($"{missingItems} rated item id(s) are not in the item file: they have no title or categories.");
            }

            if (missingUsers > 0)
            {
                warnings.Add($"{missingUsers} user id(s) are not in the user file: they have no demographics.");
            }

            var interactions = new Interaction[_ratings.Count];
            for (var i = 0; i < interactions.Length; i++)
            {
                var r = _ratings[i];
                interactions[i] = r with { User = userMap[r.User], Item = itemMap[r.Item] };
            }

            Array.Sort(interactions, Interaction.CompareByTime);
            var unique = Deduplicate(interactions, warnings);
            return new InteractionDataset(name, format, userIds, items, users, unique, warnings);
        }

        private static Interaction[] Deduplicate(Interaction[] sorted, List<string> warnings)
        {
            var seen = new HashSet<long>(sorted.Length);
            var kept = new List<Interaction>(sorted.Length);
            foreach (var interaction in sorted)
            {
                if (seen.Add(((long)interaction.User << 32) | (uint)interaction.Item))
                {
                    kept.Add(interaction);
                }
            }

            if (kept.Count != sorted.Length)
            {
                warnings.Add($"{sorted.Length - kept.Count} repeated (user, item) rating(s) dropped; the earliest is kept.");
                return [.. kept];
            }

            return sorted;
        }

        private static int[] DenseOrder(List<string> ids)
        {
            var order = new int[ids.Count];
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            var keys = ids.ToArray();
            Array.Sort(keys, order, IdComparer.Instance);
            var map = new int[ids.Count];
            for (var dense = 0; dense < order.Length; dense++)
            {
                map[order[dense]] = dense;
            }

            return map;
        }

        private static int Key(Dictionary<string, int> keys, List<string> ids, string id)
        {
            if (!keys.TryGetValue(id, out var key))
            {
                key = ids.Count;
                keys.Add(id, key);
                ids.Add(id);
            }

            return key;
        }
    }
}
