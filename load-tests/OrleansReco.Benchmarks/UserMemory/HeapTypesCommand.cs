using Microsoft.Diagnostics.Runtime;

namespace OrleansReco.Benchmarks.UserMemory;

/// <summary>
/// <c>heap-types --pid P [--top N] [--per K] [--largest L]</c>: attaches to a running process (e.g. <c>user-memory --hold</c>
/// or a load-test soak) with ClrMD and prints the live managed heap by type: count, total bytes and, with <c>--per K</c>, bytes
/// per K (per grain); <c>--largest L</c> adds the L largest live objects, each with the chain of types that holds it.
/// </summary>
public static class HeapTypesCommand
{
    /// <summary>Runs the listing; returns the process exit code.</summary>
    public static int Run(ReadOnlySpan<string> args, TextWriter output)
    {
        var (pid, top, per, largest) = (0, 40, 0L, 0);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            _ = args[i] switch
            {
                "--pid" => pid = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture),
                "--top" => top = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture),
                "--per" => per = long.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture),
                "--largest" => largest = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture),
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. Usage: heap-types --pid P [--top N] [--per K] [--largest L]"),
            };
        }

        using var target = DataTarget.AttachToProcess(pid, suspend: true);
        using var runtime = target.ClrVersions[0].CreateRuntime();
        var byType = new Dictionary<string, (long Count, long Bytes)>(StringComparer.Ordinal);
        var holders = new Dictionary<ulong, ulong>();
        var marked = MarkLive(runtime.Heap, holders);
        var biggest = new List<(ulong Size, ulong Address)>();
        foreach (var obj in runtime.Heap.EnumerateObjects())
        {
            if (!obj.IsValid || obj.IsFree || !marked.Contains(obj.Address))
            {
                continue;
            }

            var name = obj.Type?.Name ?? "?";
            var (count, bytes) = byType.GetValueOrDefault(name);
            byType[name] = (count + 1, bytes + (long)obj.Size);
            if (largest > 0)
            {
                biggest.Add((obj.Size, obj.Address));
            }
        }

        var total = byType.Values.Sum(v => v.Bytes);
        output.WriteLine($"live heap: {total:N0} bytes in {byType.Values.Sum(v => v.Count):N0} objects" + (per > 0 ? $" = {(double)total / per:N1} per unit ({per:N0} units)" : ""));
        foreach (var (name, (count, bytes)) in byType.OrderByDescending(kv => kv.Value.Bytes).Take(top))
        {
            output.WriteLine(per > 0 ? $"{bytes / (double)per,9:N1} B/unit {count / (double)per,6:N2}/unit  {name}" : $"{bytes,14:N0} B {count,10:N0}  {name}");
        }

        foreach (var (size, address) in biggest.OrderByDescending(b => b.Size).Take(largest))
        {
            output.WriteLine($"{size,14:N0} B  {HeldBy(runtime.Heap, holders, address)}");
        }

        return 0;
    }

    /// <summary>The object's type, then the types of the objects that hold it, up to a root (at most 8).</summary>
    private static string HeldBy(ClrHeap heap, Dictionary<ulong, ulong> holders, ulong address)
    {
        var chain = new List<string>();
        for (var (at, depth) = (address, 0); at != 0 && depth < 8; depth++)
        {
            chain.Add(heap.GetObject(at).Type?.Name ?? "?");
            at = holders.GetValueOrDefault(at);
        }

        return string.Join(" ← ", chain);
    }

    /// <summary>
    /// Objects reachable from the roots (the heap also holds dead objects until the next collection), and for each the
    /// object through which it was first reached.
    /// </summary>
    private static HashSet<ulong> MarkLive(ClrHeap heap, Dictionary<ulong, ulong> holders)
    {
        var live = new HashSet<ulong>();
        var stack = new Stack<ulong>();
        foreach (var root in heap.EnumerateRoots())
        {
            stack.Push(root.Object.Address);
        }

        while (stack.Count > 0)
        {
            var address = stack.Pop();
            if (address == 0 || !live.Add(address))
            {
                continue;
            }

            var obj = heap.GetObject(address);
            if (!obj.IsValid)
            {
                continue;
            }

            foreach (var reference in obj.EnumerateReferenceAddresses(carefully: false, considerDependantHandles: true))
            {
                holders.TryAdd(reference, address);
                stack.Push(reference);
            }
        }

        return live;
    }
}
