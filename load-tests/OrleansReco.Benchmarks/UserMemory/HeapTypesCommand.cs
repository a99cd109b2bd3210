using Microsoft.Diagnostics.Runtime;

namespace OrleansReco.Benchmarks.UserMemory;

/// <summary>
/// <c>heap-types --pid P [--top N] [--per K]</c>: attaches to a running process (e.g. <c>user-memory --hold</c>) with
/// ClrMD and prints the live managed heap by type: count, total bytes and, with <c>--per K</c>, bytes per K (per grain).
/// </summary>
public static class HeapTypesCommand
{
    /// <summary>Runs the listing; returns the process exit code.</summary>
    public static int Run(ReadOnlySpan<string> args, TextWriter output)
    {
        var (pid, top, per) = (0, 40, 0L);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            _ = args[i] switch
            {
                "--pid" => pid = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture),
                "--top" => top = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture),
                "--per" => per = long.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture),
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. Usage: heap-types --pid P [--top N] [--per K]"),
            };
        }

        using var target = DataTarget.AttachToProcess(pid, suspend: true);
        using var runtime = target.ClrVersions[0].CreateRuntime();
        var byType = new Dictionary<string, (long Count, long Bytes)>(StringComparer.Ordinal);
        var marked = MarkLive(runtime.Heap);
        foreach (var obj in runtime.Heap.EnumerateObjects())
        {
            if (!obj.IsValid || obj.IsFree || !marked.Contains(obj.Address))
            {
                continue;
            }

            var name = obj.Type?.Name ?? "?";
            var (count, bytes) = byType.GetValueOrDefault(name);
            byType[name] = (count + 1, bytes + (long)obj.Size);
        }

        var total = byType.Values.Sum(v => v.Bytes);
        output.WriteLine($"live heap: {total:N0} bytes in {byType.Values.Sum(v => v.Count):N0} objects" + (per > 0 ? $" = {(double)total / per:N1} per unit ({per:N0} units)" : ""));
        foreach (var (name, (count, bytes)) in byType.OrderByDescending(kv => kv.Value.Bytes).Take(top))
        {
            output.WriteLine(per > 0 ? $"{bytes / (double)per,9:N1} B/unit {count / (double)per,6:N2}/unit  {name}" : $"{bytes,14:N0} B {count,10:N0}  {name}");
        }

        return 0;
    }

    /// <summary>Objects reachable from the roots (the heap also holds dead objects until the next collection).</summary>
    private static HashSet<ulong> MarkLive(ClrHeap heap)
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
                stack.Push(reference);
            }
        }

        return live;
    }
}
