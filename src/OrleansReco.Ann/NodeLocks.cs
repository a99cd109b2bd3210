namespace OrleansReco.Ann;

/// <summary>
/// Striped spin locks guarding neighbour-list writes (hnswlib's link_list_locks_, 4 bytes per stripe instead of a
/// mutex per node). A writer never holds two at once, so striping cannot deadlock. Readers take none.
/// </summary>
internal sealed class NodeLocks
{
    private const int Stripes = 1 << 12;
    private readonly int[] _states = new int[Stripes];

    public static int Bytes => Stripes * sizeof(int);

    public void Enter(int node)
    {
        ref var state = ref _states[node & (Stripes - 1)];
        if (Interlocked.CompareExchange(ref state, 1, 0) != 0)
        {
            EnterContended(ref state);
        }
    }

    public void Exit(int node) => Volatile.Write(ref _states[node & (Stripes - 1)], 0);

    private static void EnterContended(ref int state)
    {
        var spinner = default(SpinWait);
        while (Volatile.Read(ref state) != 0 || Interlocked.CompareExchange(ref state, 1, 0) != 0)
        {
            spinner.SpinOnce();
        }
    }
}
