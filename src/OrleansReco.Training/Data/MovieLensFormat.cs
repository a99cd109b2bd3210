namespace OrleansReco.Training.Data;

/// <summary>The MovieLens folder layouts the loader understands.</summary>
public enum MovieLensFormat
{
    /// <summary>ml-100k: <c>u.data</c> (tab-separated), <c>u.item</c> (pipe-separated, latin-1), <c>u.user</c>.</summary>
    Ml100k,

    /// <summary>ml-latest / ml-latest-small / ml-25m: <c>ratings.csv</c> and <c>movies.csv</c> with headers, UTF-8.</summary>
    MlLatest,
}
