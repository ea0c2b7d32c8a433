using System.Runtime.InteropServices;

namespace Reassess.Import;

/// <summary>
/// The threads that read and check a bundle's files run below the priority of the rest of the import. On two cores the
/// readers, the database writer and the schema migration compete for the processor while the files are read, and the
/// writer's work is the import's critical path: whatever it has not written when the last file is read is written
/// afterwards with the other core idle. Reading yields to it, so the migration is done sooner, the writer keeps up and
/// the tail is shorter; the readers still have every cycle nobody else wants (measured: bench/import-notes.md).
/// </summary>
internal static partial class ReadingPriority
{
    /// <summary>How much a reading thread's Unix nice value is raised above the process's (19 at most, the lowest priority).</summary>
    public const int Nice = 10;

    /// <summary>Lowers the calling thread's priority; a no-op where the system refuses or has no per-thread priorities.</summary>
    public static void Lower()
    {
        if (OperatingSystem.IsWindows())
        {
            Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
            return;
        }
        // .NET leaves thread priorities alone on Linux; there the nice value is per thread, set through the thread's id.
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            var tid = GetTid();
            _ = SetPriority(PrioProcess, tid, Math.Min(19, GetPriority(PrioProcess, tid) + Nice));
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // An unusual C library: reading runs at the normal priority.
        }
    }

    /// <summary>The calling thread's nice value (Linux).</summary>
    internal static int Current() => GetPriority(PrioProcess, GetTid());

    private const int PrioProcess = 0;

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int priority);

    [LibraryImport("libc", EntryPoint = "getpriority", SetLastError = true)]
    private static partial int GetPriority(int which, int who);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();
}
