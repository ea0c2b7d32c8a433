namespace Reassess.Storage;

/// <summary>
/// Process-wide SQLite settings, applied once before SQLite initialises (its first connection). SQLite's global
/// allocation statistics (<c>SQLITE_CONFIG_MEMSTATUS</c>) take a process-wide mutex on every allocation and Reassess
/// never reads them: turned off, a 1M-investigation import spends about 3% less of its time locking. The threading mode
/// stays serialized: "multi-thread" would save as much again, but a statement finalised by the GC's finalizer thread
/// while its connection works on another thread would then race inside SQLite.
/// </summary>
internal static class SqliteEngine
{
    private static readonly bool Applied = Apply();

    /// <summary>Whether the settings took effect (false when SQLite had already initialised: its defaults stay, which is safe).</summary>
    public static bool EnsureConfigured() => Applied;

    private static bool Apply()
    {
        SQLitePCL.Batteries_V2.Init();
        // Refused (SQLITE_MISUSE) once SQLite has initialised; then nothing changes.
        return SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MEMSTATUS, 0) == SQLitePCL.raw.SQLITE_OK;
    }
}
