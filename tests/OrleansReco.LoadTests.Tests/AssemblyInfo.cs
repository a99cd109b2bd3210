// The open-loop timing tests and the in-process clusters must not compete with each other for the two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
