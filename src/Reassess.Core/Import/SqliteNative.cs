using System.Runtime.InteropServices;

namespace Reassess.Import;

/// <summary>
/// The few SQLite calls of the import's bulk insert, bound directly to the same native library Microsoft.Data.Sqlite
/// loads (e_sqlite3) with plain handles. SQLitePCL.raw's equivalents take SafeHandles, and every call then adds and
/// releases a reference on the statement: two atomic operations per bound value, tens of millions of them in a large
/// import. The statement itself is still prepared, owned and finalised through SQLitePCL.raw.
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
}
