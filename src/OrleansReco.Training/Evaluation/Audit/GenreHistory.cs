using OrleansReco.Learning.Audit;
using OrleansReco.Training.Data;

namespace OrleansReco.Training.Evaluation.Audit;

/// <summary>A user's genre mix at the time a list was shown, for the calibration metric.</summary>
public abstract class GenreHistory(AuditCatalog catalog)
{
    /// <summary>The catalogue whose genres the mixes are over.</summary>
    protected AuditCatalog Catalog { get; } = catalog;

    /// <summary>Starts a new pass over a log, in list order.</summary>
    public abstract void Reset();

    /// <summary>Writes the unnormalised genre mix of <paramref name="user"/>'s history before list <paramref name="index"/>.</summary>
    public abstract void Before(int index, int user, Span<double> mix);

    /// <summary>Called after list <paramref name="index"/> was audited.</summary>
    public abstract void After(int index);
}

/// <summary>Protocol S: the history is the user's train items, the same for the user's one list.</summary>
public sealed class TrainGenreHistory(AuditCatalog catalog, InteractionMatrix train) : GenreHistory(catalog)
{
    /// <inheritdoc />
    public override void Reset()
    {
    }

    /// <inheritdoc />
    public override void Before(int index, int user, Span<double> mix)
    {
        mix.Clear();
        foreach (var item in train.ItemsOf(user))
        {
            GenreCalibration.AddItem(mix, Catalog.GenresOf(item));
        }
    }

    /// <inheritdoc />
    public override void After(int index)
    {
    }
}

/// <summary>
/// Protocol P: the history is the user's warm-up events plus the replayed events before this one; list i belongs to
/// replayed event i, which joins the history after its list.
/// </summary>
public sealed class ReplayGenreHistory : GenreHistory
{
    private readonly Interaction[] _replayed;
    private readonly double[] _warmUp;
    private readonly double[] _current;
    private readonly int _genres;

    /// <summary>Mixes of the warm-up per user; <paramref name="replayed"/> in replay order.</summary>
    public ReplayGenreHistory(AuditCatalog catalog, int userCount, ReadOnlySpan<Interaction> warmUp, Interaction[] replayed)
        : base(catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _genres = catalog.GenreCount;
        _replayed = replayed;
        _warmUp = new double[userCount * _genres];
        foreach (var e in warmUp)
        {
            GenreCalibration.AddItem(_warmUp.AsSpan(e.User * _genres, _genres), catalog.GenresOf(e.Item));
        }

        _current = (double[])_warmUp.Clone();
    }

    /// <inheritdoc />
    public override void Reset() => _warmUp.CopyTo(_current, 0);

    /// <inheritdoc />
    public override void Before(int index, int user, Span<double> mix) => _current.AsSpan(user * _genres, _genres).CopyTo(mix);

    /// <inheritdoc />
    public override void After(int index)
    {
        var e = _replayed[index];
        GenreCalibration.AddItem(_current.AsSpan(e.User * _genres, _genres), Catalog.GenresOf(e.Item));
    }
}
