using System.Text;
using OrleansReco.Training.Data;

namespace OrleansReco.Training.Tests;

public sealed class MovieLensLoaderTests : IDisposable
{
    private const string Flags0 = "0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Flags(params int[] set) =>
        string.Join('|', Enumerable.Range(0, 19).Select(g => set.Contains(g) ? "1" : "0"));

    private void WriteMl100k(string data)
    {
        _folder.Write("u.data", data);
        _folder.Write("u.item",
            $"5|Caf\u00e9 Society (1995)|01-Jan-1995||http://x|{Flags(5, 8)}\n" +
            $"300|Other (1996)|01-Jan-1996||http://y|{Flags(1)}\n" +
            $"7|Unrated (1997)|01-Jan-1997||http://z|{Flags0}\n", Encoding.Latin1);
        _folder.Write("u.user", "\n10|24|M|technician|85711\n2|53|F|other|94043\n");
    }

    [Fact]
    public void Ml100kIsDetectedAndReindexedDenselyInNumericIdOrder()
    {
        WriteMl100k("10\t300\t4\t900\n2\t5\t3\t800\n10\t5\t5\t800\n");

        var dataset = MovieLensLoader.Load(_folder.Path);

        Assert.Equal(MovieLensFormat.Ml100k, MovieLensLoader.DetectFormat(_folder.Path));
        Assert.Equal("ml-100k", dataset.Format);
        Assert.Equal(["2", "10"], dataset.UserIds);
        Assert.Equal(["5", "7", "300"], dataset.Items.Select(i => i.Id));
        // (timestamp, user, item): (800, 2, 5), (800, 10, 5), (900, 10, 300) → dense (0,0), (1,0), (1,2).
        Assert.Equal([(0, 0, 800L), (1, 0, 800L), (1, 2, 900L)], dataset.Interactions.Select(e => (e.User, e.Item, e.Timestamp)));
        Assert.Equal(4f, dataset.Interactions[2].Rating);
    }

    [Fact]
    public void Ml100kReadsLatin1TitlesGenresAndUsersDespiteALeadingBlankLine()
    {
        WriteMl100k("10\t300\t4\t900\n2\t5\t3\t800\n");

        var dataset = MovieLensLoader.Load(_folder.Path);

        Assert.Equal("Caf\u00e9 Society (1995)", dataset.Items[0].Title);
        Assert.Equal(["Comedy", "Drama"], dataset.Items[0].Categories);
        Assert.Equal(["Action"], dataset.Items[2].Categories);
        Assert.Empty(dataset.Items[1].Categories);
        Assert.Equal(new UserInfo("2", 53, "F", "other", "94043"), dataset.Users[0]);
        Assert.Empty(dataset.Warnings);
    }

    [Fact]
    public void BlankLinesAndAMalformedLastLineAreSkippedWithAWarning()
    {
        WriteMl100k("10\t300\t4\t900\n\n   \n2\t5\t3\t800\n2\t30");

        var dataset = MovieLensLoader.Load(_folder.Path);

        Assert.Equal(2, dataset.Interactions.Length);
        var warning = Assert.Single(dataset.Warnings);
        Assert.Contains("u.data:5", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void AMalformedLineInTheMiddleThrowsWithFileAndLineNumber()
    {
        WriteMl100k("10\t300\t4\t900\n2\t5\tthree\t800\n2\t300\t1\t1000\n");

        var error = Assert.Throws<DatasetFormatException>(() => MovieLensLoader.Load(_folder.Path));

        Assert.EndsWith("u.data", error.FilePath, StringComparison.Ordinal);
        Assert.Equal(2, error.LineNumber);
        Assert.Contains("u.data:2", error.Message, StringComparison.Ordinal);
        Assert.Contains("three", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AWrongFieldCountIsReported()
    {
        WriteMl100k("10\t300\t4\n2\t5\t3\t800\n");

        var error = Assert.Throws<DatasetFormatException>(() => MovieLensLoader.Load(_folder.Path));

        Assert.Equal(1, error.LineNumber);
        Assert.Contains("expected 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingItemFileIsAClearError()
    {
        _folder.Write("u.data", "1\t1\t1\t1\n");

        var error = Assert.Throws<FileNotFoundException>(() => MovieLensLoader.Load(_folder.Path));

        Assert.Contains("u.item", error.Message, StringComparison.Ordinal);
        Assert.Contains("grouplens", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFolderWithoutRatingsIsAClearError()
    {
        Assert.Throws<FileNotFoundException>(() => MovieLensLoader.DetectFormat(_folder.Path));
        Assert.Throws<DirectoryNotFoundException>(() => MovieLensLoader.DetectFormat(Path.Combine(_folder.Path, "nope")));
    }

    [Fact]
    public void RepeatedPairsKeepTheEarliestEvent()
    {
        WriteMl100k("10\t300\t4\t900\n10\t300\t2\t500\n");

        var dataset = MovieLensLoader.Load(_folder.Path);

        var only = Assert.Single(dataset.Interactions);
        Assert.Equal(500, only.Timestamp);
        Assert.Contains(dataset.Warnings, w => w.Contains("repeated", StringComparison.Ordinal));
    }

    [Fact]
    public void MlLatestParsesHeadersQuotedTitlesAndGenres()
    {
        _folder.Write("ratings.csv", "userId,movieId,rating,timestamp\n1,11,4.5,1000\n1,2,3.0,999\n\n7,11,0.5,1001\n");
        _folder.Write("movies.csv",
            "movieId,title,genres\n" +
            "2,Jumanji (1995),Adventure|Children|Fantasy\n" +
            "11,\"American President, The (1995)\",Comedy|Drama|Romance\n" +
            "12,\"Say \"\"Hi\"\", again (2001)\",(no genres listed)\n");

        var dataset = MovieLensLoader.Load(_folder.Path);

        Assert.Equal("ml-latest", dataset.Format);
        Assert.Equal(["2", "11", "12"], dataset.Items.Select(i => i.Id));
        Assert.Equal("American President, The (1995)", dataset.Items[1].Title);
        Assert.Equal(["Comedy", "Drama", "Romance"], dataset.Items[1].Categories);
        Assert.Equal("Say \"Hi\", again (2001)", dataset.Items[2].Title);
        Assert.Empty(dataset.Items[2].Categories);
        Assert.All(dataset.Users, Assert.Null);
        Assert.Equal([(0, 0), (0, 1), (1, 1)], dataset.Interactions.Select(e => (e.User, e.Item)));
        Assert.Equal(0.5f, dataset.Interactions[2].Rating);
    }

    [Fact]
    public void MlLatestRejectsAMissingHeaderAndAnUnquotedComma()
    {
        _folder.Write("ratings.csv", "1,11,4.5,1000\n1,2,3.0,999\n");
        _folder.Write("movies.csv", "movieId,title,genres\n11,x,Drama\n");
        var header = Assert.Throws<DatasetFormatException>(() => MovieLensLoader.Load(_folder.Path));
        Assert.Equal(1, header.LineNumber);

        _folder.Write("ratings.csv", "userId,movieId,rating,timestamp\n1,11,4.5,1000\n");
        _folder.Write("movies.csv", "movieId,title,genres\n11,American President, The (1995),Drama\n12,y,Drama\n");
        var comma = Assert.Throws<DatasetFormatException>(() => MovieLensLoader.Load(_folder.Path));
        Assert.Equal(2, comma.LineNumber);
        Assert.Contains("movies.csv", comma.Message, StringComparison.Ordinal);
    }

    [MovieLensFact]
    public void RealMl100kLoads()
    {
        var dataset = MovieLensLoader.Load(MovieLensFactAttribute.RequiredFolder);

        Assert.Equal(943, dataset.UserCount);
        Assert.Equal(1682, dataset.ItemCount);
        Assert.Equal(100_000, dataset.Interactions.Length);
        Assert.Equal("Toy Story (1995)", dataset.Items[0].Title);
        Assert.Equal(new UserInfo("1", 24, "M", "technician", "85711"), dataset.Users[0]);
        Assert.Empty(dataset.Warnings);
    }
}
