namespace Reassess.Linkage.Matching;

/// <summary>
/// Returns the memory of a stage just finished before the next one allocates its own. At national scale a stage's
/// working sets (the blocking rules' keys and orders, a round of relational context, the model's features) are
/// gigabytes of garbage once the stage is done, but a full collection would only come when the next stage had grown
/// the heap past its budget, so both stages' memory was held at once. One blocking, compacting collection (large
/// objects included) costs well under a second there; it is only made where a stage boundary is that large.
/// </summary>
internal static class StageMemory
{
    public static void Release()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }
}
