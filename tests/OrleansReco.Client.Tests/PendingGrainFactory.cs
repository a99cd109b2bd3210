using System.Reflection;

namespace OrleansReco.Client.Tests;

/// <summary>
/// A grain factory whose grains never answer: every call stays pending until the caller stops waiting. Counts the
/// grain references handed out, so a test sees whether a call was attempted at all.
/// </summary>
public class PendingGrainFactory : DispatchProxy
{
    public int GrainsRequested { get; private set; }

    public static (IGrainFactory Factory, PendingGrainFactory Probe) Create()
    {
        var factory = Create<IGrainFactory, PendingGrainFactory>();
        return (factory, (PendingGrainFactory)(object)factory);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod is not { Name: nameof(IGrainFactory.GetGrain), IsGenericMethod: true })
        {
            throw new NotSupportedException($"{targetMethod?.Name} is not part of the stub.");
        }

        GrainsRequested++;
        return Create(targetMethod.ReturnType, typeof(PendingGrain));
    }
}

/// <summary>A grain reference whose calls return tasks that never complete.</summary>
public class PendingGrain : DispatchProxy
{
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var returnType = targetMethod!.ReturnType;
        if (returnType == typeof(Task))
        {
            return new TaskCompletionSource().Task;
        }

        var source = Activator.CreateInstance(typeof(TaskCompletionSource<>).MakeGenericType(returnType.GetGenericArguments()[0]))!;
        return source.GetType().GetProperty(nameof(TaskCompletionSource<int>.Task))!.GetValue(source);
    }
}
