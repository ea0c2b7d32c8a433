using System.Data.Common;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;
using Reassess.Audit;
using Reassess.Records;
using Reassess.Storage;

namespace Reassess.Import;

/// <summary>
/// Imports a force export bundle (force-export-v1) exactly as the spec's rules say: every row is validated first; any
/// invalid row fails the import with every error listed as <c>file:line: column: reason</c> and nothing written, unless
/// rejects are asked for. Re-importing the same bundle changes nothing; a later extract updates changed rows, adds new
/// ones, keeps each change in <see cref="RecordChange"/> and never deletes what it omits (an empty cell never erases a
/// stored value). All writing happens in one transaction, so an interrupted import leaves the previous state.
/// Each import is recorded in the audit trail (DPA 2018 s.62: collection) inside that transaction; without an
/// <see cref="IAuditTrail"/> the target's own trail is used.
/// </summary>
public sealed class BundleImporter(TimeProvider time, IAuditTrail? audit = null)
{
    private const string Import = "import";

    public async Task<ImportOutcome> ImportAsync(
        DatabaseTarget target,
        string bundleDirectory,
        ImportOptions options,
        IProgress<ImportProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<ImportError>();
        var warnings = new List<string>();
        if (!Directory.Exists(bundleDirectory))
            return ImportOutcome.Failed([new ImportError(bundleDirectory, 0, "(bundle)", "is not a folder")], warnings);

        // 1. Read and parse every file. Meanwhile the schema is brought up to date on another thread: EF Core's model and
        // migrations are a fixed cost of seconds that need not wait for the bundle (and change no records).
        var timings = new ImportTimings();
        var startedAt = time.GetUtcNow();
        var newFile = NewSqliteFile(target);
        var migrated = Task.Run(() => ReassessDatabase.MigrateAsync(target, cancellationToken), cancellationToken);
        var hashed = Task.Run(() => BundleHash(bundleDirectory), cancellationToken);
        var bundle = await ReadBundleAsync(bundleDirectory, options.RejectsPath is not null, errors, warnings, progress, timings, cancellationToken);
        if (bundle is null)
        {
            await Task.WhenAll(Task.WhenAny(migrated), Task.WhenAny(hashed)); // finished, not observed: the bundle's errors are the answer
            // Nothing is left behind either: a database file this import created for the bundle goes again.
            if (newFile is not null) RemoveNewSqliteFile(newFile);
            return ImportOutcome.Failed(Sorted(errors), warnings);
        }
        await migrated;
        timings.Mark("migrate (wait)");
        await using var connection = await ReassessDatabase.OpenConnectionAsync(target, cancellationToken);
        // SQLite, on this connection only and put back before it returns to the pool (declared before the transaction, so
        // restored after it ends: some pragmas cannot change inside one). The importer checks every reference itself
        // before it writes (a dangling reference is an error, rows of rejected parents are left out), so SQLite's per-row
        // foreign-key lookups would only repeat that work. A large page cache keeps the tables and indexes being built in
        // memory instead of re-reading them (the default is 2 MB), and index builds sort in memory.
        // A database this import creates gets a rollback journal for the import instead of WAL: every page is new, so the
        // journal holds next to nothing, and the pages are written once into the file instead of into the WAL and then
        // again by its checkpoint. A crash still rolls back (the journal records the empty starting size); WAL is put
        // back with the other pragmas.
        (string, string)[] forImport = [("foreign_keys", "OFF"), ("cache_size", "-1048576"), ("temp_store", "MEMORY")];
        await using var pragmas = await SqlitePragmas.SetAsync(connection,
            newFile is null ? forImport : [("journal_mode", "DELETE"), .. forImport], cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var writer = BulkWriter.For(target.Engine, connection, transaction);
        writer.Timings = timings;
        await writer.LockAsync(cancellationToken);
        timings.Mark("open, lock");

        // 2. What is stored already for these forces (references may point at it; changes are measured against it).
        progress?.Report(new("Comparing with stored records", 0, 1));
        var stored = await StoredRecords.LoadAsync(target, connection, transaction, bundle.Forces, cancellationToken);

        // 3. Keys, duplicates and references across files.
        timings.Mark("load stored");
        var links = CrossCheck(bundle, stored);
        timings.Mark("cross-check");
        var rejected = bundle.AllRows().Where(r => !r.IsValid).ToList();
        errors.AddRange(rejected.SelectMany(r => r.Errors));
        if (errors.Count > 0 && options.RejectsPath is null)
        {
            await transaction.RollbackAsync(cancellationToken);
            return ImportOutcome.Failed(Sorted(errors), warnings);
        }

        // 4. Plan: new rows get ids, changed rows are updated with their history.
        var plan = ImportPlan.Build(bundle, stored, links, startedAt);
        if (plan.KeptErased > 0)
            warnings.Add($"{plan.KeptErased} row(s) about people erased from Reassess were left out (their data stays erased).");

        timings.Mark("plan");

        // 5. Write.
        var hash = await hashed;
        timings.Mark("bundle hash");
        var batchId = await InsertBatchAsync(writer, target.Engine, bundle, bundleDirectory, hash, options, startedAt, cancellationToken);
        plan.AssignIds(batchId, await NextIdsAsync(writer, cancellationToken));
        timings.Mark("assign ids");
        await plan.WriteAsync(writer, batchId, options.ImportedBy, progress, timings, cancellationToken);
        var batch = new ImportBatch
        {
            Id = batchId,
            Forces = string.Join(';', bundle.Forces),
            Source = Path.GetFullPath(bundleDirectory),
            BundleHash = hash,
            ImportedBy = options.ImportedBy,
            StartedAt = startedAt,
            CompletedAt = time.GetUtcNow(),
            Added = plan.Changes.Sum(c => c.Added),
            Updated = plan.Changes.Sum(c => c.Updated),
            Unchanged = plan.Changes.Sum(c => c.Unchanged),
            Rejected = rejected.Count,
        };
        await FinishBatchAsync(writer, target.Engine, batch, cancellationToken);
        if (options.RejectsPath is not null) await WriteRejectsAsync(options.RejectsPath, rejected, cancellationToken);
        await (audit ?? AuditTrail.For(target, time: time)).RecordAsync(connection, transaction, new AuditEvent(
            options.ImportedBy, AuditCategory.Collection, "import.bundle", AuditSubjects.ImportBatch,
            [batchId.ToString(System.Globalization.CultureInfo.InvariantCulture), hash]), cancellationToken);
        timings.Mark("finish, audit");
        await transaction.CommitAsync(cancellationToken);
        timings.Mark("commit");
        progress?.Report(new("Done", 1, 1));
        return new ImportOutcome(true, Sorted(errors), warnings, batch, plan.Changes, rejected.Count);
    }

    /// <summary>The SQLite file the import is about to create, or null when it exists already (or the engine is not SQLite).</summary>
    private static string? NewSqliteFile(DatabaseTarget target)
    {
        if (target.Engine != DatabaseEngine.Sqlite) return null;
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(target.ConnectionString).DataSource;
        return string.IsNullOrEmpty(file) || file == ":memory:" || File.Exists(file) ? null : Path.GetFullPath(file);
    }

    /// <summary>Removes a file created (with only the schema in it) by an import whose bundle was unreadable.</summary>
    private static void RemoveNewSqliteFile(string file)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            if (File.Exists(path)) File.Delete(path);
    }

    private static async Task<ParsedBundle?> ReadBundleAsync(string dir, bool keepRawText, List<ImportError> errors, List<string> warnings, IProgress<ImportProgress>? progress, ImportTimings timings, CancellationToken ct)
    {
        var files = new[]
        {
            (BundleSchema.Investigations, BundleSchema.InvestigationColumns, true),
            (BundleSchema.People, BundleSchema.PeopleColumns, true),
            (BundleSchema.Involvements, BundleSchema.InvolvementColumns, true),
            (BundleSchema.Identifiers, BundleSchema.IdentifierColumns, false),
        };
        // The files are independent until the cross-check, so they are read at the same time, each with its own lists
        // of errors and warnings (merged below in file order, so messages come out as if read one after another).
        var fileErrors = files.Select(_ => new List<ImportError>()).ToArray();
        var fileWarnings = files.Select(_ => new List<string>()).ToArray();
        var read = 0;
        List<ParsedRow<TRecord>> Read<TRecord>(int i, Func<CsvRow, ParsedRow<TRecord>> parse) where TRecord : class
        {
            var (name, columns, required) = files[i];
            var reader = new BundleFileReader(dir, name, columns, keepRawText);
            if (!reader.Exists)
            {
                if (required) fileErrors[i].Add(new(name, 0, "(file)", "required file is missing from the bundle"));
                return [];
            }
            var rows = reader.ReadAll(parse, fileErrors[i], fileWarnings[i], ct);
            lock (timings) // one report at a time: progress callbacks need not be thread-safe
            {
                progress?.Report(new("Reading the bundle", ++read, files.Length));
                timings.Mark($"read, parse {name}");
            }
            return rows;
        }
        progress?.Report(new("Reading the bundle", 0, files.Length));
        // Largest first, so the last file to finish is a small one. Each row is validated as it is read; file-level
        // errors are only known at the end of each file.
        var people = Task.Run(() => Read(1, RowParser.Person), ct);
        var involvements = Task.Run(() => Read(2, RowParser.Involvement), ct);
        var investigations = Task.Run(() => Read(0, RowParser.Investigation), ct);
        var identifiers = Task.Run(() => Read(3, RowParser.Identifier), ct);
        await Task.WhenAll(people, involvements, investigations, identifiers);
        foreach (var list in fileErrors) errors.AddRange(list);
        foreach (var list in fileWarnings) warnings.AddRange(list);
        // A missing file or column, or malformed CSV, leaves nothing worth reporting row by row.
        if (errors.Count > 0) return null;
        return new ParsedBundle(await investigations, await people, await involvements, await identifiers);
    }

    /// <summary>
    /// Duplicate keys within the bundle and references to records that exist neither in the bundle nor in storage. Each
    /// reference that resolves is kept (<see cref="ParentLinks"/>), so ids are later given without looking keys up again.
    /// The work is spread over the cores: the two key tables are built side by side, then the references of each slice
    /// of rows are resolved against them (read-only by then), each row's errors noted on that row alone.
    /// </summary>
    private static ParentLinks CrossCheck(ParsedBundle bundle, StoredRecords stored)
    {
        Dictionary<(string, string), int> investigations = [], people = [];
        Parallel.Invoke(
            () => investigations = Keys(bundle.Investigations, x => (x.Force, x.InvestigationRef), "investigation_id"),
            () => people = Keys(bundle.People, x => (x.Force, x.PersonRef), "person_id"));
        var rejectedInvestigations = bundle.Investigations.Where(r => !r.IsValid).Select(r => (r.Record.Force, r.Record.InvestigationRef)).ToHashSet();
        var rejectedPeople = bundle.People.Where(r => !r.IsValid).Select(r => (r.Record.Force, r.Record.PersonRef)).ToHashSet();

        // A stored record wins over the bundle's row with the same key: that row updates it and keeps its id.
        string? Investigation(string force, string reference, ref ParentLink<Investigation> link)
        {
            if (stored.InvestigationIds.TryGetValue((force, reference), out var id)) link = new(null, id);
            else if (investigations.TryGetValue((force, reference), out var row)) link = new(bundle.Investigations[row].Record, 0, row);
            else return rejectedInvestigations.Contains((force, reference))
                ? $"investigation '{reference}' of force {force} was rejected (see investigations.csv)"
                : $"investigation '{reference}' of force {force} is not in investigations.csv";
            return null;
        }
        string? Person(string force, string reference, ref ParentLink<Person> link)
        {
            if (stored.PersonIds.TryGetValue((force, reference), out var id)) link = new(null, id);
            else if (people.TryGetValue((force, reference), out var row)) link = new(bundle.People[row].Record, 0, row);
            else return rejectedPeople.Contains((force, reference))
                ? $"person '{reference}' of force {force} was rejected (see people.csv)"
                : $"person '{reference}' of force {force} is not in people.csv";
            return null;
        }

        var links = new ParentLinks(bundle.Involvements.Count, bundle.Identifiers.Count);
        Parallel.ForEach(Slices(bundle.Involvements.Count), range =>
        {
            for (var n = range.Item1; n < range.Item2; n++)
            {
                var row = bundle.Involvements[n];
                if (!row.IsValid) continue;
                links.InvolvementChecked[n] = true;
                var r = row.Record;
                if (Investigation(r.Force, r.InvestigationRef, ref links.InvolvementInvestigations[n]) is { } i) row.Error("investigation_id", i);
                if (Person(r.Force, r.PersonRef, ref links.InvolvementPeople[n]) is { } p) row.Error("person_id", p);
            }
        });
        Parallel.ForEach(Slices(bundle.Identifiers.Count), range =>
        {
            for (var n = range.Item1; n < range.Item2; n++)
            {
                var row = bundle.Identifiers[n];
                if (!row.IsValid) continue;
                var r = row.Record;
                if (r.InvestigationRef is not null && Investigation(r.Force, r.InvestigationRef, ref links.IdentifierInvestigations[n]) is { } i) row.Error("investigation_id", i);
                if (r.PersonRef is not null && Person(r.Force, r.PersonRef, ref links.IdentifierPeople[n]) is { } p) row.Error("person_id", p);
            }
        });
        RepeatedInvolvements(bundle.Involvements, links);
        return links;
    }

    /// <summary>Row ranges of about 65,000 rows, for resolving references in parallel (none for no rows).</summary>
    private static IEnumerable<Tuple<int, int>> Slices(int rows) =>
        rows == 0 ? [] : System.Collections.Concurrent.Partitioner.Create(0, rows, 1 << 16).GetDynamicPartitions();

    /// <summary>Each valid row's key mapped to its index in the file; a repeated key is an error on the later row.</summary>
    private static Dictionary<(string, string), int> Keys<T>(List<ParsedRow<T>> rows, Func<T, (string Force, string Ref)> key, string column) where T : class
    {
        var keys = new Dictionary<(string, string), int>(rows.Count);
        for (var n = 0; n < rows.Count; n++)
        {
            var row = rows[n];
            if (!row.IsValid) continue;
            var k = key(row.Record);
            if (!keys.TryAdd(k, n))
                row.Error(column, $"'{k.Ref}' appears again for force {k.Force} (first at line {rows[keys[k]].Line})");
        }
        return keys;
    }

    /// <summary>
    /// A person recorded twice in the same role in one investigation. Rows whose references both resolved are keyed by
    /// what they resolved to (two numbers and the role, no strings to hash or compare); the key space is split in two
    /// halves checked side by side, each in row order so the first occurrence is the one named.
    /// </summary>
    private static void RepeatedInvolvements(List<ParsedRow<Involvement>> rows, ParentLinks links)
    {
        static long Key<T>(ParentLink<T> link) where T : class => link.New is null ? link.StoredId : -1 - link.Row;
        void Check(int half)
        {
            var seen = new Dictionary<(long, long, InvolvementRole), int>(rows.Count / 2 + 1);
            var unresolved = new Dictionary<(string, string, string, InvolvementRole), int>();
            for (var n = 0; n < rows.Count; n++)
            {
                if (!links.InvolvementChecked[n]) continue; // invalid before its references were looked at
                var row = rows[n];
                var r = row.Record;
                var investigation = links.InvolvementInvestigations[n];
                var person = links.InvolvementPeople[n];
                int first;
                if ((investigation.New is not null || investigation.StoredId != 0) && (person.New is not null || person.StoredId != 0))
                {
                    var key = (Key(investigation), Key(person), r.Role);
                    if ((key.GetHashCode() & 1) != half || seen.TryAdd(key, row.Line)) continue;
                    first = seen[key];
                }
                else
                {
                    // A reference that did not resolve (an error already): compared by the keys as written.
                    if (half != 0) continue;
                    var key = (r.Force, r.InvestigationRef, r.PersonRef, r.Role);
                    if (unresolved.TryAdd(key, row.Line)) continue;
                    first = unresolved[key];
                }
                row.Error("role", $"person '{r.PersonRef}' already has role {Token.Of(r.Role)} in investigation '{r.InvestigationRef}' (line {first})");
            }
        }
        Parallel.Invoke(() => Check(0), () => Check(1));
    }

    private static async Task<long> InsertBatchAsync(BulkWriter writer, DatabaseEngine engine, ParsedBundle bundle, string dir, string hash, ImportOptions options, DateTimeOffset at, CancellationToken ct)
    {
        var batch = new ImportBatch
        {
            Forces = string.Join(';', bundle.Forces),
            Source = Path.GetFullPath(dir),
            BundleHash = hash,
            ImportedBy = options.ImportedBy,
            StartedAt = at,
            CompletedAt = at,
        };
        await writer.InsertAsync("import_batches", BatchColumns, [batch], ct);
        return await writer.ScalarAsync(engine == DatabaseEngine.Sqlite
            ? "SELECT last_insert_rowid()"
            : "SELECT currval(pg_get_serial_sequence('import_batches', 'id'))", ct);
    }

    private static Task FinishBatchAsync(BulkWriter writer, DatabaseEngine engine, ImportBatch batch, CancellationToken ct) =>
        writer.UpdateAsync("import_batches", [new BulkColumn<ImportBatch>("id", NpgsqlDbType.Bigint, b => b.Id), .. BatchColumns], [batch], ct);

    private static readonly BulkColumn<ImportBatch>[] BatchColumns =
    [
        new("forces", NpgsqlDbType.Text, b => b.Forces),
        new("source", NpgsqlDbType.Text, b => b.Source),
        new("bundle_hash", NpgsqlDbType.Text, b => b.BundleHash),
        new("imported_by", NpgsqlDbType.Text, b => b.ImportedBy),
        new("started_at", NpgsqlDbType.TimestampTz, b => b.StartedAt),
        new("completed_at", NpgsqlDbType.TimestampTz, b => b.CompletedAt),
        new("added", NpgsqlDbType.Integer, b => b.Added),
        new("updated", NpgsqlDbType.Integer, b => b.Updated),
        new("unchanged", NpgsqlDbType.Integer, b => b.Unchanged),
        new("rejected", NpgsqlDbType.Integer, b => b.Rejected),
    ];

    private static async Task<NextIds> NextIdsAsync(BulkWriter writer, CancellationToken ct) => new(
        await writer.ScalarAsync("SELECT COALESCE(MAX(id), 0) FROM investigations", ct) + 1,
        await writer.ScalarAsync("SELECT COALESCE(MAX(id), 0) FROM people", ct) + 1,
        await writer.ScalarAsync("SELECT COALESCE(MAX(id), 0) FROM involvements", ct) + 1,
        await writer.ScalarAsync("SELECT COALESCE(MAX(id), 0) FROM identifiers", ct) + 1);

    private static async Task WriteRejectsAsync(string path, List<RowReport> rejected, CancellationToken ct)
    {
        await using var csv = Output.CsvOutput.Create(path, ["file", "line", "errors", "row"], rawColumns: ["line", "row"]);
        foreach (var row in rejected.OrderBy(r => FileOrder(r.File)).ThenBy(r => r.Line))
        {
            ct.ThrowIfCancellationRequested();
            csv.WriteRow(row.File, row.Line.ToString(System.Globalization.CultureInfo.InvariantCulture),
                string.Join(" | ", row.Errors.Select(e => $"{e.Column}: {e.Reason}")), row.Raw);
        }
    }

    private static List<ImportError> Sorted(List<ImportError> errors) =>
        [.. errors.Distinct().OrderBy(e => FileOrder(e.File)).ThenBy(e => e.Line)];

    private static int FileOrder(string file) => file switch
    {
        BundleSchema.Investigations => 0,
        BundleSchema.People => 1,
        BundleSchema.Involvements => 2,
        BundleSchema.Identifiers => 3,
        _ => -1,
    };

    /// <summary>SHA-256 over the bundle's files in a fixed order, so the same extract is recognisable.</summary>
    private static string BundleHash(string dir)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var name in new[] { BundleSchema.Investigations, BundleSchema.People, BundleSchema.Involvements, BundleSchema.Identifiers })
        {
            var path = Path.Combine(dir, name);
            if (!File.Exists(path)) continue;
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(name));
            using var stream = File.OpenRead(path);
            var buffer = new byte[1 << 16];
            int n;
            while ((n = stream.Read(buffer)) > 0) sha.AppendData(buffer, 0, n);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}

/// <summary>A reference resolved to a record new in this bundle (whose id is given later) or to a stored record's id.</summary>
internal readonly record struct ParentLink<T>(T? New, long StoredId, int Row = 0) where T : class;

/// <summary>What each involvement's and identifier's references resolved to, by row index in the bundle.</summary>
internal sealed class ParentLinks(int involvements, int identifiers)
{
    public ParentLink<Investigation>[] InvolvementInvestigations { get; } = new ParentLink<Investigation>[involvements];
    public ParentLink<Person>[] InvolvementPeople { get; } = new ParentLink<Person>[involvements];
    public ParentLink<Investigation>[] IdentifierInvestigations { get; } = new ParentLink<Investigation>[identifiers];
    public ParentLink<Person>[] IdentifierPeople { get; } = new ParentLink<Person>[identifiers];

    /// <summary>Involvements whose references were looked up (those still valid after their own row's checks).</summary>
    public bool[] InvolvementChecked { get; } = new bool[involvements];
}

/// <summary>The next free surrogate id of each force-record table.</summary>
internal readonly record struct NextIds(long Investigation, long Person, long Involvement, long Identifier);

/// <summary>Every parsed row of a bundle.</summary>
internal sealed record ParsedBundle(
    List<ParsedRow<Investigation>> Investigations,
    List<ParsedRow<Person>> People,
    List<ParsedRow<Involvement>> Involvements,
    List<ParsedRow<Identifier>> Identifiers)
{
    public IReadOnlyList<string> Forces { get; } =
        [.. Investigations.Select(r => r.Record.Force).Concat(People.Select(r => r.Record.Force))
            .Concat(Involvements.Select(r => r.Record.Force)).Concat(Identifiers.Select(r => r.Record.Force))
            .Where(f => f.Length > 0).Distinct().Order(StringComparer.Ordinal)];

    public IEnumerable<RowReport> AllRows() =>
        Investigations.Cast<RowReport>().Concat(People).Concat(Involvements).Concat(Identifiers);
}

/// <summary>The records already stored for the bundle's forces.</summary>
internal sealed class StoredRecords
{
    public Dictionary<(string, string), long> InvestigationIds { get; } = [];
    public Dictionary<(string, string), long> PersonIds { get; } = [];
    public Dictionary<long, Investigation> Investigations { get; } = [];
    public Dictionary<long, Person> People { get; } = [];
    public Dictionary<(string, string, string, InvolvementRole), Involvement> Involvements { get; } = [];
    public Dictionary<(string, IdentifierKind, string, string?, string?), Identifier> Identifiers { get; } = [];

    public static async Task<StoredRecords> LoadAsync(DatabaseTarget target, DbConnection connection, DbTransaction transaction, IReadOnlyList<string> forces, CancellationToken ct)
    {
        var stored = new StoredRecords();
        await using var db = ReassessDatabase.CreateContext(target, connection);
        await db.Database.UseTransactionAsync(transaction, ct);
        var list = forces.ToList();
        // A force seen for the first time has nothing stored: skip the reads (the common case, and the bulk benchmark's).
        if (!await db.Investigations.AnyAsync(x => list.Contains(x.Force), ct) && !await db.People.AnyAsync(x => list.Contains(x.Force), ct))
            return stored;
        await foreach (var x in db.Investigations.AsNoTracking().Where(x => list.Contains(x.Force)).AsAsyncEnumerable().WithCancellation(ct))
        {
            stored.InvestigationIds[(x.Force, x.InvestigationRef)] = x.Id;
            stored.Investigations[x.Id] = x;
        }
        await foreach (var x in db.People.AsNoTracking().Where(x => list.Contains(x.Force)).AsAsyncEnumerable().WithCancellation(ct))
        {
            stored.PersonIds[(x.Force, x.PersonRef)] = x.Id;
            stored.People[x.Id] = x;
        }
        await foreach (var x in db.Involvements.AsNoTracking().Where(x => list.Contains(x.Force)).AsAsyncEnumerable().WithCancellation(ct))
            stored.Involvements[(x.Force, x.InvestigationRef, x.PersonRef, x.Role)] = x;
        await foreach (var x in db.Identifiers.AsNoTracking().Where(x => list.Contains(x.Force)).AsAsyncEnumerable().WithCancellation(ct))
            stored.Identifiers[(x.Force, x.Kind, x.Value, x.PersonRef, x.InvestigationRef)] = x;
        return stored;
    }
}
