using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;
using Reassess.Audit;
using Reassess.Storage;

namespace Reassess.Import;

/// <summary>
/// Imports a force export bundle (force-export-v1) exactly as the spec's rules say: every row is validated; any invalid
/// row fails the import with every error listed as <c>file:line: column: reason</c> and nothing written (rows already
/// sent to the database while later files were still being read are rolled back), unless rejects are asked for.
/// Re-importing the same bundle changes nothing; a later extract updates changed rows, adds new ones, keeps each change
/// in <see cref="RecordChange"/> and never deletes what it omits (an empty cell never erases a stored value). All
/// writing happens in one transaction, so an interrupted import leaves the previous state. Each import is recorded in
/// the audit trail (DPA 2018 s.62: collection) inside that transaction; without an <see cref="IAuditTrail"/> the
/// target's own trail is used.
/// </summary>
public sealed class BundleImporter(TimeProvider time, IAuditTrail? audit = null)
{
    public async Task<ImportOutcome> ImportAsync(
        DatabaseTarget target,
        string bundleDirectory,
        ImportOptions options,
        IProgress<ImportProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        if (!Directory.Exists(bundleDirectory))
            return ImportOutcome.Failed([new ImportError(bundleDirectory, 0, "(bundle)", "is not a folder")], []);

        // The files are read and validated in the background. Meanwhile the schema is brought up to date on another
        // thread (EF Core's model and migrations are a fixed cost of seconds that need not wait); the bundle is hashed
        // once it is read, while the rest is written, since the hash is only needed at the end.
        var timings = new ImportTimings(options.PhaseLog);
        // Files are read on several threads while others are written: reports reach the caller one at a time.
        if (progress is not null) progress = new OneAtATime<ImportProgress>(progress);
        var newFile = NewSqliteFile(target);
        var migrated = Task.Run(() => ReassessDatabase.MigrateAsync(target, cancellationToken), cancellationToken);
        BundleReading reading;
        Task<string> hashed;
        if (options.Rows is { } rows)
        {
            // Rows a mapping makes from a force's own files, handed straight to the checks while the schema is brought up
            // to date; the hash is of the rows, made as they go.
            reading = BundleReading.StartPushed(options.RejectsPath is not null, options.PartRows, progress, timings, cancellationToken,
                options.Locator ?? throw new ArgumentException("rows made by a mapping need its locator", nameof(options)));
            hashed = Task.Factory.StartNew(() => rows(reading, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        else
        {
            reading = BundleReading.Start(bundleDirectory, options.RejectsPath is not null, options.PartRows, progress, timings, cancellationToken, options.Locator);
            hashed = reading.AllRead.ContinueWith(_ => BundleHash(bundleDirectory), cancellationToken, TaskContinuationOptions.None, TaskScheduler.Default);
        }
        var outcome = await ImportAsync(target, bundleDirectory, options, reading, migrated, hashed, newFile is not null, progress, timings, cancellationToken);
        if (outcome is null)
        {
            // A missing file or column, or malformed CSV: those errors are the answer, row errors are not worth listing.
            await reading.AllRead.ContinueWith(_ => { }, TaskScheduler.Default);
            await Task.WhenAll(Task.WhenAny(migrated), Task.WhenAny(hashed)); // finished, not observed
            // Nothing is left behind either: a database file this import created for the bundle goes again.
            if (newFile is not null) RemoveNewSqliteFile(newFile);
            return ImportOutcome.Failed(Sorted(reading.FileErrors()), reading.Warnings());
        }
        return outcome;
    }

    /// <summary>
    /// The import proper, as the files come in: investigations are checked and written part by part while their file is
    /// still being read, then people likewise (while involvements are read), and references are resolved while the
    /// people's indexes are built. Writing early changes nothing about the outcome: it all happens in one transaction,
    /// which an error anywhere rolls back. Null when a file cannot be read at all (the connection is closed by then, so a
    /// new file may be removed).
    /// </summary>
    private async Task<ImportOutcome?> ImportAsync(DatabaseTarget target, string bundleDirectory, ImportOptions options, BundleReading reading,
        Task migrated, Task<string> hashed, bool newFile, IProgress<ImportProgress>? progress, ImportTimings timings, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        // Each parent file's keys are taken part by part on a worker as the parts are read, and a key repeated within the
        // file made an error on its later row, before the part goes on to be written.
        var investigationKeys = new ParentKeys();
        var personKeys = new ParentKeys();
        var (investigationParts, investigationKeysTaken) = Keyed(reading.InvestigationParts, investigationKeys, x => new(x.Force, x.InvestigationRef), "investigation_id", cancellationToken);
        var (peopleParts, personKeysTaken) = Keyed(reading.PeopleParts, personKeys, x => new(x.Force, x.PersonRef), "person_id", cancellationToken);
        await migrated;
        timings.Mark("migrate (wait)");
        await using var connection = await ReassessDatabase.OpenConnectionAsync(target, cancellationToken);
        // SQLite, on this connection only and put back before it returns to the pool (declared before the transaction, so
        // restored after it ends: some pragmas cannot change inside one). The importer checks every reference itself
        // before it writes (a dangling reference is an error, rows of rejected parents are left out), so SQLite's per-row
        // foreign-key lookups would only repeat that work. A page cache of 64 MB (the default is 2 MB) holds the pages being
        // filled and the index builds' sorts; pages beyond it are written out as the import goes and read back from the
        // OS's cache if needed. A cache holding the whole file was slower (bench/import-notes.md): each of its pages is fresh
        // memory the kernel must zero, and every page is then written at commit, after the rest of the work instead of
        // alongside it.
        // A database this import creates gets a rollback journal for the import instead of WAL: every page is new, so the
        // journal holds next to nothing, and the pages are written once into the file instead of into the WAL and then
        // again by its checkpoint. A crash still rolls back (the journal records the empty starting size); WAL is put
        // back with the other pragmas.
        (string, string)[] forImport = [("foreign_keys", "OFF"), ("cache_size", "-65536"), ("temp_store", "MEMORY")];
        await using var pragmas = await SqlitePragmas.SetAsync(connection,
            newFile ? [("journal_mode", "DELETE"), .. forImport] : forImport, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var writer = BulkWriter.For(target.Engine, connection, transaction);
        writer.Timings = timings;
        await writer.LockAsync(cancellationToken);
        var next = await NextIdsAsync(writer, cancellationToken);
        var batchId = await InsertBatchAsync(writer, target.Engine, bundleDirectory, options, startedAt, cancellationToken);
        timings.Mark("open, lock, batch");

        // Parts are written as soon as they are checked, unless the import is bound to fail (an invalid row and no rejects
        // file): from then on the rest is only read, so that every error can be listed. What is stored already for a
        // force is read before any row of that force is written (references may point at it; changes are measured
        // against it).
        var rejects = options.RejectsPath is not null;
        var plan = new ImportPlan();
        var stored = new StoredRecords();
        var writing = true;
        async Task<DeferredIndexes?> WritePartsAsync<T>(ChannelReader<RowPart<T>> parts, string table, Func<T, string> forceOf,
            Action<RowPart<T>> add, Func<Task> write, Func<Task>? afterEachPart = null) where T : class
        {
            DeferredIndexes? deferred = null;
            var first = true;
            await foreach (var part in parts.ReadAllAsync(cancellationToken))
            {
                await stored.LoadAsync(connection, transaction, ParsedBundle.ForcesOf(part.Rows, forceOf), cancellationToken);
                writing &= rejects || part.Rows.TrueForAll(r => r.IsValid);
                if (afterEachPart is not null) await afterEachPart();
                if (!writing) continue;
                if (first)
                {
                    first = false;
                    progress?.Report(table == "people" ? new(ImportStages.WritingPeople, 1, 4) : new(ImportStages.WritingInvestigations, 0, 4));
                    deferred = await writer.DeferIndexesAsync(table, part.ExpectedRows, cancellationToken);
                }
                add(part);
                await write();
            }
            return deferred;
        }

        var investigationsDeferred = await WritePartsAsync(investigationParts, "investigations", x => x.Force,
            part => plan.AddInvestigations(part, stored, startedAt), () => plan.WriteInvestigationsAsync(writer, batchId, next.Investigation, cancellationToken));
        var investigations = await reading.Investigations;
        if (reading.Unreadable(BundleSchema.Investigations)) return null;
        if (writing)
        {
            await writer.RestoreIndexesAsync(investigationsDeferred, cancellationToken);
            timings.Mark("write investigations");
        }

        await investigationKeysTaken;
        // Involvements and identifiers are resolved against both key tables on a worker as soon as every person is read
        // and keyed (and what is stored for the people's forces is read): usually while the last parts of people are still
        // being written. From then on nothing more is read into `stored` until the resolving is done: every force of the
        // people file is held already. A force that only involvements or identifiers name is read afterwards, below.
        Task<ParentLinks?>? resolving = null;
        async Task<Task<ParentLinks?>> StartResolvingAsync()
        {
            var people = await reading.People;
            await stored.LoadAsync(connection, transaction, reading.ForcesOf(BundleSchema.People), cancellationToken);
            var started = Task.Run(async () =>
            {
                var (involvements, identifiers) = (await reading.Involvements, await reading.Identifiers);
                if (reading.Unreadable(BundleSchema.Involvements) || reading.Unreadable(BundleSchema.Identifiers)) return null;
                if (!stored.Holds(reading.ForcesOf(BundleSchema.Involvements).Concat(reading.ForcesOf(BundleSchema.Identifiers)))) return null;
                return ReferenceResolver.Resolve(involvements, identifiers, investigations, investigationKeys, people, personKeys, stored);
            }, cancellationToken);
            timings.Mark("people: read and keyed, resolving");
            return started;
        }
        var peopleDeferred = await WritePartsAsync(peopleParts, "people", x => x.Force,
            part => plan.AddPeople(part, stored, startedAt), () => plan.WritePeopleAsync(writer, batchId, next.Person, cancellationToken),
            async () =>
            {
                if (resolving is null && personKeysTaken.IsCompleted && reading.People.IsCompleted && !reading.Unreadable(BundleSchema.People))
                    resolving = await StartResolvingAsync();
            });
        var people = await reading.People;
        if (reading.Unreadable(BundleSchema.People)) return null;
        await personKeysTaken;
        resolving ??= await StartResolvingAsync();
        timings.Mark("people: parts written");
        if (writing)
        {
            await writer.RestoreIndexesAsync(peopleDeferred, cancellationToken);
            timings.Mark("write people");
        }

        var links = await resolving;
        await reading.AllRead;
        if (reading.Unreadable(BundleSchema.Involvements) || reading.Unreadable(BundleSchema.Identifiers)) return null;
        var bundle = new ParsedBundle(investigations, people, await reading.Involvements, await reading.Identifiers, reading.AllForces());
        if (links is null)
        {
            await stored.LoadAsync(connection, transaction, bundle.Forces, cancellationToken);
            links = ReferenceResolver.Resolve(bundle.Involvements, bundle.Identifiers, investigations, investigationKeys, people, personKeys, stored);
        }
        timings.Mark("cross-check");
        var warnings = reading.Warnings();
        var rejected = bundle.Rejected();
        var errors = rejected.SelectMany(r => r.Errors).ToList();
        if (errors.Count > 0 && !rejects)
        {
            await transaction.RollbackAsync(cancellationToken);
            return ImportOutcome.Failed(Sorted(errors), warnings);
        }

        plan.AddInvolvements(bundle.Involvements, stored, links, startedAt);
        plan.AddIdentifiers(bundle.Identifiers, stored, links, startedAt);
        timings.Mark("plan involvements, identifiers");
        if (plan.KeptErased > 0)
            warnings.Add($"{plan.KeptErased} row(s) about people erased from Reassess were left out (their data stays erased).");
        progress?.Report(new(ImportStages.WritingInvolvements, 2, 4));
        await plan.WriteInvolvementsAsync(writer, batchId, next.Involvement, cancellationToken);
        timings.Mark("write involvements");
        progress?.Report(new(ImportStages.WritingIdentifiers, 3, 4));
        await plan.WriteIdentifiersAsync(writer, batchId, next.Identifier, cancellationToken);
        await plan.WriteHistoryAsync(writer, batchId, options.ImportedBy, cancellationToken);
        timings.Mark("write identifiers, history");
        var hash = await hashed;
        var batch = new ImportBatch
        {
            Id = batchId,
            Forces = string.Join(';', bundle.Forces),
            Source = options.Source ?? Path.GetFullPath(bundleDirectory),
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
        if (options.RejectsPath is not null) await WriteRejectsAsync(options.RejectsPath, rejected, options.Locator, cancellationToken);
        await (audit ?? AuditTrail.For(target, time: time)).RecordAsync(connection, transaction, new AuditEvent(
            options.ImportedBy, AuditCategory.Collection, "import.bundle", AuditSubjects.ImportBatch,
            [batchId.ToString(System.Globalization.CultureInfo.InvariantCulture), hash]), cancellationToken);
        timings.Mark("finish, audit");
        await transaction.CommitAsync(cancellationToken);
        timings.Mark("commit");
        progress?.Report(new(ImportStages.Done, 1, 1));
        return new ImportOutcome(true, Sorted(errors), warnings, batch, plan.Changes, rejected.Count);
    }

    /// <summary>
    /// Takes the keys of each part of a parent file on a worker as it arrives (<see cref="ParentKeys.Add{T}"/>), then hands
    /// the part on: the parts read from the result carry their repeated-key errors. The task ends when every part is in.
    /// </summary>
    private static (ChannelReader<RowPart<T>> Parts, Task Taken) Keyed<T>(ChannelReader<RowPart<T>> parts, ParentKeys keys,
        Func<T, RecordKey> key, string column, CancellationToken ct) where T : class
    {
        var keyed = Channel.CreateUnbounded<RowPart<T>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var taken = Task.Run(async () =>
        {
            try
            {
                await foreach (var part in parts.ReadAllAsync(ct))
                {
                    keys.Add(part, key, column);
                    keyed.Writer.TryWrite(part);
                }
                keyed.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                keyed.Writer.TryComplete(ex);
                throw;
            }
        }, CancellationToken.None);
        return (keyed.Reader, taken);
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

    /// <summary>The batch's row, written first so records can name it; its forces, hash and counts are filled in at the end.</summary>
    private static async Task<long> InsertBatchAsync(BulkWriter writer, DatabaseEngine engine, string dir, ImportOptions options, DateTimeOffset at, CancellationToken ct)
    {
        var batch = new ImportBatch
        {
            Forces = "",
            Source = Path.GetFullPath(dir),
            BundleHash = "",
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

    private static async Task WriteRejectsAsync(string path, List<RowReport> rejected, IRowLocator? locator, CancellationToken ct)
    {
        // The row's text is neutralised like any other cell: a row an extract begins with '=' (or +, -, @) must not run as
        // a formula in the spreadsheet the rejects are opened in.
        await using var csv = Output.CsvOutput.Create(path, ["file", "line", "errors", "row"], rawColumns: ["line"]);
        foreach (var row in rejected.OrderBy(r => FileOrder(r.File)).ThenBy(r => r.Line))
        {
            ct.ThrowIfCancellationRequested();
            // Through a mapping, the force's own file, line, columns and row text (see IRowLocator).
            var (file, line, raw) = locator is null ? (row.File, row.Line, row.Raw) : locator.LocateRow(row.File, row.Line, row.Raw);
            var errors = locator is null ? row.Errors : row.Errors.Select(locator.Locate);
            csv.WriteRow(file, line.ToString(System.Globalization.CultureInfo.InvariantCulture),
                string.Join(" | ", errors.Select(e => $"{e.Column}: {e.Reason}")), raw);
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
