using System.Runtime.InteropServices;

namespace Reassess.Storage;

/// <summary>
/// The few SQLite calls of the import's bulk insert and of the bulk reads (<see cref="BulkReader"/>), bound
/// directly to the same native library Microsoft.Data.Sqlite loads (e_sqlite3) with plain handles. SQLitePCL.raw's
/// equivalents take SafeHandles, and every call then adds and releases a reference on the statement: two atomic
/// operations per bound value, tens of millions of them in a large import. The statement itself is still prepared,
/// owned and finalised through SQLitePCL.raw.
/// </summary>
internal static unsafe partial class SqliteNative
{
    private const string Library = "e_sqlite3";

    /// <summary>SQLITE_TRANSIENT: SQLite copies the value before the call returns.</summary>
    public static readonly nint Transient = -1;

    /// <summary>SQLITE_STATIC: SQLite uses the value where it is, which must stay put until the statement is stepped and bound anew.</summary>
    public static readonly nint Static = 0;

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_null")]
    public static partial int BindNull(nint statement, int index);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_int64")]
    public static partial int BindInt64(nint statement, int index, long value);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_double")]
    public static partial int BindDouble(nint statement, int index, double value);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_text16")]
    public static partial int BindText16(nint statement, int index, char* value, int bytes, nint destructor);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_text")]
    public static partial int BindText(nint statement, int index, byte* value, int bytes, nint destructor);

    [LibraryImport(Library, EntryPoint = "sqlite3_step")]
    public static partial int Step(nint statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_reset")]
    public static partial int Reset(nint statement);

    // Reading a stepped row's columns: short calls that never block or call back into .NET, so they skip the GC
    // transition (three per column read otherwise cost more than the read itself).
    [LibraryImport(Library, EntryPoint = "sqlite3_column_type")]
    [SuppressGCTransition]
    public static partial int ColumnType(nint statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_int64")]
    [SuppressGCTransition]
    public static partial long ColumnInt64(nint statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_text")]
    [SuppressGCTransition]
    public static partial byte* ColumnText(nint statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_bytes")]
    [SuppressGCTransition]
    public static partial int ColumnBytes(nint statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_db_mutex")]
    private static partial nint DbMutex(nint connection);

    [LibraryImport(Library, EntryPoint = "sqlite3_mutex_enter")]
    private static partial void MutexEnter(nint mutex);

    [LibraryImport(Library, EntryPoint = "sqlite3_mutex_leave")]
    private static partial void MutexLeave(nint mutex);

    /// <summary>
    /// Holds the connection's own mutex (<c>sqlite3_db_mutex</c>) until disposed, on this thread. In SQLite's serialized
    /// mode every call enters that mutex; it is recursive, so while this thread holds it the calls made inside only count
    /// up and down, with no atomic operation each (two per bound value otherwise). Any other thread that uses the
    /// connection meanwhile (a finaliser, say) waits, as serialized mode means it to. Null mutex (SQLite built without
    /// threads): nothing to hold.
    /// </summary>
    public static ConnectionHeld Hold(SQLitePCL.sqlite3 connection)
    {
        var mutex = DbMutex(connection.DangerousGetHandle());
        if (mutex != 0) MutexEnter(mutex);
        return new ConnectionHeld(mutex);
    }

    public readonly struct ConnectionHeld(nint mutex) : IDisposable
    {
        public void Dispose()
        {
            if (mutex != 0) MutexLeave(mutex);
        }
    }
}
