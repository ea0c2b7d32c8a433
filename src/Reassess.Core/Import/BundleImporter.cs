using System.Data.Common;
using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;
using Reassess.Audit;
using Reassess.Records;
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
        // OS's cache if needed. A cache holding the whole file (1 GB) was 2 s slower in a 1M-investigation import (18.8
        // against 16.6 s, alternating runs): each of its pages is fresh memory the kernel must zero, and every page is
        // then written at commit, after the rest of the work instead of alongside it.
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
                return Resolve(involvements, identifiers, investigations, investigationKeys, people, personKeys, stored);
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
            links = Resolve(bundle.Involvements, bundle.Identifiers, investigations, investigationKeys, people, personKeys, stored);
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

    /// <summary>
    /// References of involvements and identifiers to records that exist neither in the bundle nor in storage, and
    /// involvements recorded twice. Each reference that resolves is kept (<see cref="ParentLinks"/>), so ids are later
    /// given without looking keys up again. Slices of rows are resolved in parallel against the key tables (read-only by
    /// then), each row's errors noted on that row alone.
    /// </summary>
    private static ParentLinks Resolve(
        List<ParsedRow<Involvement>> involvements, List<ParsedRow<Identifier>> identifiers,
        List<ParsedRow<Investigation>> investigationRows, ParentKeys investigationKeys,
        List<ParsedRow<Person>> personRows, ParentKeys personKeys, StoredRecords stored)
    {
        // A stored record wins over the bundle's row with the same key: that row updates it and keeps its id.
        // Extracts of our generator list an investigation's involvements together, and people mostly in the order they are
        // first involved: the row a reference resolves to is then often the one the previous reference resolved to, or the
        // next. Those two are tried first (a valid row with the key is the one the key table holds: a repeated key makes its
        // later row invalid), before hashing the key into a table of millions, which costs a cache miss or two. In an
        // extract in no such order the two tries are cache misses of their own for nothing, so each slice of rows stops
        // trying once a quarter of its first tries have not hit (NearHint).
        static bool Near<T>(List<ParsedRow<T>> rows, ref NearHint hint, Func<T, RecordKey> keyOf, RecordKey key) where T : class
        {
            if (!hint.Worth) return false;
            hint.Tries++;
            for (var h = hint.Row; h <= hint.Row + 1; h++)
            {
                if (h < 0 || h >= rows.Count || !rows[h].IsValid || keyOf(rows[h].Record) != key) continue;
                hint.Row = h;
                hint.Hits++;
                return true;
            }
            return false;
        }
        string? Investigation(string force, string reference, ref ParentLink<Investigation> link, ref NearHint hint)
        {
            var key = new RecordKey(force, reference);
            if (stored.InvestigationIds.Count > 0 && stored.InvestigationIds.TryGetValue(key, out var id)) link = new(null, id);
            else if (Near(investigationRows, ref hint, static x => new(x.Force, x.InvestigationRef), key)) link = new(investigationRows[hint.Row].Record, 0, hint.Row);
            else if (investigationKeys.TryGetRow(key, out var row)) link = new(investigationRows[hint.Row = row].Record, 0, row);
            else return investigationKeys.Rejected.Contains(key)
                ? $"investigation '{reference}' of force {force} was rejected (see investigations.csv)"
                : $"investigation '{reference}' of force {force} is not in investigations.csv";
            return null;
        }
        string? Person(string force, string reference, ref ParentLink<Person> link, ref NearHint hint)
        {
            var key = new RecordKey(force, reference);
            if (stored.PersonIds.Count > 0 && stored.PersonIds.TryGetValue(key, out var id)) link = new(null, id);
            else if (Near(personRows, ref hint, static x => new(x.Force, x.PersonRef), key)) link = new(personRows[hint.Row].Record, 0, hint.Row);
            else if (personKeys.TryGetRow(key, out var row)) link = new(personRows[hint.Row = row].Record, 0, row);
            else return personKeys.Rejected.Contains(key)
                ? $"person '{reference}' of force {force} was rejected (see people.csv)"
                : $"person '{reference}' of force {force} is not in people.csv";
            return null;
        }

        var links = new ParentLinks(involvements.Count, identifiers.Count);
        Parallel.ForEach(Slices(involvements.Count), range =>
        {
            var (investigationHint, personHint) = (NearHint.Start, NearHint.Start);
            for (var n = range.Item1; n < range.Item2; n++)
            {
                var row = involvements[n];
                if (!row.IsValid) continue;
                links.InvolvementChecked[n] = true;
                var r = row.Record;
                if (Investigation(r.Force, r.InvestigationRef, ref links.InvolvementInvestigations[n], ref investigationHint) is { } i) row.Error("investigation_id", i);
                if (Person(r.Force, r.PersonRef, ref links.InvolvementPeople[n], ref personHint) is { } p) row.Error("person_id", p);
            }
        });
        Parallel.ForEach(Slices(identifiers.Count), range =>
        {
            var (investigationHint, personHint) = (NearHint.Start, NearHint.Start);
            for (var n = range.Item1; n < range.Item2; n++)
            {
                var row = identifiers[n];
                if (!row.IsValid) continue;
                var r = row.Record;
                if (r.InvestigationRef is not null && Investigation(r.Force, r.InvestigationRef, ref links.IdentifierInvestigations[n], ref investigationHint) is { } i) row.Error("investigation_id", i);
                if (r.PersonRef is not null && Person(r.Force, r.PersonRef, ref links.IdentifierPeople[n], ref personHint) is { } p) row.Error("person_id", p);
            }
        });
        RepeatedInvolvements(involvements, links, investigationRows.Count);
        return links;
    }

    /// <summary>Row ranges of about 65,000 rows, for resolving references in parallel (none for no rows).</summary>
    private static IEnumerable<Tuple<int, int>> Slices(int rows) =>
        rows == 0 ? [] : System.Collections.Concurrent.Partitioner.Create(0, rows, 1 << 16).GetDynamicPartitions();

    /// <summary>
    /// A person recorded twice in the same role in one investigation. Rows whose references both resolved are compared by
    /// what they resolved to (numbers and the role, no strings to hash or compare), in whatever order the file lists them:
    /// the rows are gathered by investigation with a counting sort (an investigation of the bundle is its row's index, a
    /// stored one gets the next free slot), which keeps each investigation's rows in file order, so the first occurrence
    /// is the one named. An investigation's few rows are then compared pairwise; one with many rows uses a table.
    /// Earlier versions found the repeats run by run, which was fast only when an investigation's involvements were
    /// listed together (as our generator writes them, but no force's records system promises).
    /// </summary>
    private static void RepeatedInvolvements(List<ParsedRow<Involvement>> rows, ParentLinks links, int investigationRows)
    {
        static long Key<T>(ParentLink<T> link) where T : class => link.New is null ? link.StoredId : -1 - link.Row;
        static bool Resolved<T>(ParentLink<T> link) where T : class => link.New is not null || link.StoredId != 0;
        void Repeated(int n, int first)
        {
            var r = rows[n].Record;
            rows[n].Error("role", $"person '{r.PersonRef}' already has role {Token.Of(r.Role)} in investigation '{r.InvestigationRef}' (line {rows[first].Line})");
        }

        // Each resolved row's investigation slot (-1: not compared here), and the number of rows in each slot.
        var slots = new int[rows.Count];
        var stored = new Dictionary<long, int>();
        var counts = new int[investigationRows + 1];
        var unresolved = new Dictionary<(string, string, string, InvolvementRole), int>();
        for (var n = 0; n < rows.Count; n++)
        {
            slots[n] = -1;
            if (!links.InvolvementChecked[n]) continue; // invalid before its references were looked at
            var (investigation, person) = (links.InvolvementInvestigations[n], links.InvolvementPeople[n]);
            if (!Resolved(investigation) || !Resolved(person))
            {
                // A reference that did not resolve (an error already): compared by the keys as written.
                var r = rows[n].Record;
                if (!unresolved.TryAdd((r.Force, r.InvestigationRef, r.PersonRef, r.Role), n)) Repeated(n, unresolved[(r.Force, r.InvestigationRef, r.PersonRef, r.Role)]);
                continue;
            }
            int slot;
            if (investigation.New is not null) slot = investigation.Row;
            else if (!stored.TryGetValue(investigation.StoredId, out slot))
            {
                stored.Add(investigation.StoredId, slot = investigationRows + stored.Count);
                if (slot >= counts.Length) Array.Resize(ref counts, Math.Max(counts.Length * 2, slot + 1));
            }
            slots[n] = slot;
            counts[slot]++;
        }

        // Where each slot's rows begin (running totals), then the rows placed in file order, each with its person and role
        // as one number, so an investigation's rows are compared in one stretch of memory.
        var starts = new int[counts.Length + 1];
        for (var s = 0; s < counts.Length; s++) starts[s + 1] = starts[s] + counts[s];
        var gathered = new int[starts[^1]];
        var whoAs = new long[gathered.Length];
        var next = (int[])starts.Clone();
        for (var n = 0; n < rows.Count; n++)
        {
            if (slots[n] < 0) continue;
            var at = next[slots[n]]++;
            gathered[at] = n;
            whoAs[at] = (Key(links.InvolvementPeople[n]) << 3) | (long)rows[n].Record.Role;
        }

        var many = new Dictionary<long, int>();
        for (var s = 0; s < counts.Length; s++)
        {
            var (from, end) = (starts[s], starts[s + 1]);
            if (end - from <= 16)
            {
                for (var i = from + 1; i < end; i++)
                {
                    for (var j = from; j < i; j++)
                    {
                        if (whoAs[j] != whoAs[i]) continue;
                        Repeated(gathered[i], gathered[j]);
                        break;
                    }
                }
                continue;
            }
            many.Clear();
            for (var i = from; i < end; i++)
                if (!many.TryAdd(whoAs[i], gathered[i])) Repeated(gathered[i], many[whoAs[i]]);
        }
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

/// <summary>Hands reports from any thread to a progress callback one at a time (callbacks need not be thread-safe).</summary>
internal sealed class OneAtATime<T>(IProgress<T> inner) : IProgress<T>
{
    private readonly Lock _lock = new();

    public void Report(T value)
    {
        lock (_lock) inner.Report(value);
    }
}

/// <summary>A reference resolved to a record new in this bundle (whose id is given later) or to a stored record's id.</summary>
internal readonly record struct ParentLink<T>(T? New, long StoredId, int Row = 0) where T : class;

/// <summary>
/// The row of a parent file that the previous reference resolved to, and how often trying it (and the next) has found the
/// next reference's row: worth trying while at least a quarter of the first 256 tries hit, and never again in the slice once
/// not (rows in no particular order).
/// </summary>
internal struct NearHint
{
    public static NearHint Start => new() { Row = -1 };

    public int Row;
    public int Tries;
    public int Hits;

    public readonly bool Worth => Tries < 256 || Hits * 4 >= Tries;
}

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

/// <summary>
/// The keys of a parent file (investigations or people) within the bundle, taken part by part as the file is read: each
/// valid row's (force, reference) with its index in the file, and the keys of rejected rows (so a reference to one says
/// why it fails). Complete once every part is added.
/// </summary>
internal sealed class ParentKeys
{
    // A table per force keyed by the reference alone: one string to hash (with the runtime's fast hash for string keys,
    // which a key of two strings does not get) and entries a quarter smaller.
    private readonly Dictionary<string, Dictionary<string, (int Row, int Line)>> _valid = new(StringComparer.Ordinal);

    public HashSet<RecordKey> Rejected { get; } = [];

    /// <summary>The index in the file of the valid row with this key.</summary>
    public bool TryGetRow(RecordKey key, out int row)
    {
        row = 0;
        if (!_valid.TryGetValue(key.Force, out var refs) || !refs.TryGetValue(key.Ref, out var at)) return false;
        row = at.Row;
        return true;
    }

    /// <summary>Adds the keys of a part of the file; a key repeated within the file is an error on its later row.</summary>
    public void Add<T>(RowPart<T> part, Func<T, RecordKey> key, string column) where T : class
    {
        string? force = null;
        Dictionary<string, (int Row, int Line)>? refs = null;
        for (var n = 0; n < part.Rows.Count; n++)
        {
            var row = part.Rows[n];
            var k = key(row.Record);
            if (!row.IsValid)
            {
                Rejected.Add(k);
                continue;
            }
            if (!ReferenceEquals(k.Force, force) || refs is null)
            {
                force = k.Force;
                if (!_valid.TryGetValue(force, out refs))
                {
                    // The first force's table is sized for the whole file (most extracts are one force's).
                    refs = new Dictionary<string, (int Row, int Line)>(_valid.Count == 0 ? part.ExpectedRows : 0, StringComparer.Ordinal);
                    _valid.Add(force, refs);
                }
            }
            if (!refs.TryAdd(k.Ref, (part.First + n, row.Line)))
            {
                row.Error(column, $"'{k.Ref}' appears again for force {k.Force} (first at line {refs[k.Ref].Line})");
                Rejected.Add(k);
            }
        }
    }
}

/// <summary>
/// Ids of stored records by force and reference: a table per force keyed by the reference alone, as in
/// <see cref="ParentKeys"/>. A later extract resolves every one of its millions of references here.
/// </summary>
internal sealed class RecordIds
{
    private readonly Dictionary<string, Dictionary<string, long>> _byForce = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    public bool TryGetValue(RecordKey key, out long id)
    {
        id = 0;
        return _byForce.TryGetValue(key.Force, out var refs) && refs.TryGetValue(key.Ref, out id);
    }

    public long this[RecordKey key]
    {
        set
        {
            if (!_byForce.TryGetValue(key.Force, out var refs)) _byForce.Add(key.Force, refs = new(StringComparer.Ordinal));
            if (refs.TryAdd(key.Ref, value)) Count++;
            else refs[key.Ref] = value;
        }
    }
}

/// <summary>A force's record key: the force and the record's own reference (<c>investigation_id</c>, <c>person_id</c>).</summary>
internal readonly record struct RecordKey(string Force, string Ref);

/// <summary>The next free surrogate id of each force-record table.</summary>
internal readonly record struct NextIds(long Investigation, long Person, long Involvement, long Identifier);

/// <summary>Every parsed row of a bundle, and the forces its rows name (in order).</summary>
internal sealed record ParsedBundle(
    List<ParsedRow<Investigation>> Investigations,
    List<ParsedRow<Person>> People,
    List<ParsedRow<Involvement>> Involvements,
    List<ParsedRow<Identifier>> Identifiers,
    IReadOnlyList<string> Forces)
{
    /// <summary>The forces named by a file's rows, each once. Rows of one force share one string, so a run of them costs a reference comparison.</summary>
    public static IReadOnlyCollection<string> ForcesOf<T>(List<ParsedRow<T>> rows, Func<T, string> forceOf) where T : class
    {
        var forces = new HashSet<string>(StringComparer.Ordinal);
        string? last = null;
        foreach (var row in rows)
        {
            var force = forceOf(row.Record);
            if (ReferenceEquals(force, last) || force.Length == 0) continue;
            forces.Add(force);
            last = force;
        }
        return forces;
    }

    /// <summary>Every invalid row, in file order.</summary>
    public List<RowReport> Rejected()
    {
        var rejected = new List<RowReport>();
        void Add<T>(List<ParsedRow<T>> rows) where T : class
        {
            foreach (var row in rows)
                if (!row.IsValid) rejected.Add(row);
        }
        Add(Investigations);
        Add(People);
        Add(Involvements);
        Add(Identifiers);
        return rejected;
    }
}

/// <summary>The records already stored for the bundle's forces.</summary>
internal sealed class StoredRecords
{
    public RecordIds InvestigationIds { get; } = new();
    public RecordIds PersonIds { get; } = new();
    public Dictionary<long, Investigation> Investigations { get; } = [];
    public Dictionary<long, Person> People { get; } = [];
    /// <summary>Stored involvements by the ids of their investigation and person, and their role.</summary>
    public Dictionary<(long InvestigationId, long PersonId, InvolvementRole Role), Involvement> Involvements { get; } = [];
    public Dictionary<(string, IdentifierKind, string, string?, string?), Identifier> Identifiers { get; } = [];

    private readonly HashSet<string> _forces = new(StringComparer.Ordinal);

    private static async Task<bool> AnyStoredAsync(DbConnection connection, DbTransaction transaction, List<string> forces, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        var names = new List<string>();
        for (var i = 0; i < forces.Count; i++)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "f" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            p.Value = forces[i];
            cmd.Parameters.Add(p);
            names.Add("@" + p.ParameterName);
        }
        var list = string.Join(", ", names);
        cmd.CommandText = $"SELECT CASE WHEN EXISTS (SELECT 1 FROM investigations WHERE force IN ({list})) OR EXISTS (SELECT 1 FROM people WHERE force IN ({list})) THEN 1 ELSE 0 END";
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    /// <summary>Whether what is stored for each of these forces has been read.</summary>
    public bool Holds(IEnumerable<string> forces) => forces.All(_forces.Contains);

    /// <summary>Reads what is stored for those of these forces not read yet (each force once, before any of its rows is written).</summary>
    public async Task LoadAsync(DbConnection connection, DbTransaction transaction, IEnumerable<string> forces, CancellationToken ct)
    {
        // Only reads when every force is held already: the importer resolves references on another thread meanwhile.
        var list = forces.Where(f => !_forces.Contains(f)).Distinct(StringComparer.Ordinal).ToList();
        if (list.Count == 0) return;
        _forces.UnionWith(list);
        // A force seen for the first time has nothing stored: skip the reads (the common case, and the bulk benchmark's).
        if (!await AnyStoredAsync(connection, transaction, list, ct)) return;
        Read(connection, list, ct);
    }

    /// <summary>
    /// Reads every stored record of these forces, every column as EF Core would materialise it, through the bulk reader:
    /// a later extract of a force reads millions of rows here, and EF Core's reader spent most of such an import doing it
    /// (1M investigations with their people and involvements: 30 s of 46). The mapping is held to EF Core's, column by
    /// column on both engines, by a test (BundleImporterTests: the stored records … are read exactly as EF Core reads them).
    /// </summary>
    private void Read(DbConnection connection, List<string> forces, CancellationToken ct)
    {
        // Force codes are letters (the parser refuses anything else), so they are written into the statement as they are.
        var list = string.Join(", ", forces.Where(f => f.Length > 0 && f.All(char.IsAsciiLetter)).Select(f => $"'{f}'"));
        if (list.Length == 0) return;
        // Columns of few distinct values share one string per value: millions of copies of the same force code or
        // ethnicity code would otherwise stay in memory for the whole import.
        var shared = new Dictionary<string, string>(StringComparer.Ordinal);
        [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
        string? Shared(string? text) =>
            text is null ? null : shared.TryGetValue(text, out var one) ? one : shared.Count < 65_536 ? shared[text] = text : text;
        Each(connection, ct, "SELECT id, force, investigation_ref, recorded_date, offence_from, offence_to, offence_codes, outcome_code, " +
            "outcome_date, cps_decision, cse_flag, independently_reviewed, postcode, summary, first_batch_id, last_batch_id " +
            $"FROM investigations WHERE force IN ({list})", r => new Investigation
            {
                Id = r.GetInt64(0),
                Force = Shared(r.GetString(1)),
                InvestigationRef = r.GetString(2),
                RecordedDate = r.GetDate(3),
                OffenceFrom = r.GetDate(4),
                OffenceTo = r.GetNullableDate(5),
                OffenceCodes = Shared(r.GetString(6)),
                OutcomeCode = Shared(r.GetNullableString(7)),
                OutcomeDate = r.GetNullableDate(8),
                CpsDecision = Enum<CpsDecision>(r, 9),
                CseFlag = r.GetBoolean(10),
                IndependentlyReviewed = r.GetBoolean(11),
                Postcode = r.GetNullableString(12),
                Summary = r.GetNullableString(13),
                FirstBatchId = r.GetInt64(14),
                LastBatchId = r.GetInt64(15),
            }, x => { InvestigationIds[new(x.Force, x.InvestigationRef)] = x.Id; Investigations[x.Id] = x; });
        Each(connection, ct, "SELECT id, force, person_ref, surname, forenames, date_of_birth, sex, self_defined_ethnicity, " +
            "officer_observed_ethnicity, nationality, date_of_death, pnc_id, occupation, postcode, erased_at, first_batch_id, last_batch_id " +
            $"FROM people WHERE force IN ({list})", r => new Person
            {
                Id = r.GetInt64(0),
                Force = Shared(r.GetString(1)),
                PersonRef = r.GetString(2),
                Surname = r.GetString(3),
                Forenames = r.GetNullableString(4),
                DateOfBirth = r.GetNullableDate(5),
                Sex = Enum<Sex>(r, 6),
                SelfDefinedEthnicity = Shared(r.GetNullableString(7)),
                OfficerObservedEthnicity = Shared(r.GetNullableString(8)),
                Nationality = Shared(r.GetNullableString(9)),
                DateOfDeath = r.GetNullableDate(10),
                PncId = r.GetNullableString(11),
                Occupation = Shared(r.GetNullableString(12)),
                Postcode = r.GetNullableString(13),
                ErasedAt = r.GetNullableInstant(14),
                FirstBatchId = r.GetInt64(15),
                LastBatchId = r.GetInt64(16),
            }, x => { PersonIds[new(x.Force, x.PersonRef)] = x.Id; People[x.Id] = x; });
        // An involvement belongs to its investigation's force: found through the investigations' ids (indexed), not by its
        // own force column (which is not).
        Each(connection, ct, "SELECT id, force, investigation_id, person_id, investigation_ref, person_ref, role, relationship, " +
            "suspect_disposal, arrested, interviewed, first_batch_id, last_batch_id FROM involvements " +
            $"WHERE investigation_id IN (SELECT id FROM investigations WHERE force IN ({list}))", r => new Involvement
            {
                Id = r.GetInt64(0),
                Force = Shared(r.GetString(1)),
                InvestigationId = r.GetInt64(2),
                PersonId = r.GetInt64(3),
                InvestigationRef = r.GetString(4),
                PersonRef = r.GetString(5),
                Role = Token.Parse<InvolvementRole>(r.GetString(6)),
                Relationship = Enum<SuspectRelationship>(r, 7),
                SuspectDisposal = Enum<SuspectDisposal>(r, 8),
                Arrested = r.GetNullableBoolean(9),
                Interviewed = r.GetNullableBoolean(10),
                FirstBatchId = r.GetInt64(11),
                LastBatchId = r.GetInt64(12),
            }, x => Involvements[(x.InvestigationId, x.PersonId, x.Role)] = x);
        Each(connection, ct, "SELECT id, force, kind, raw_value, value, person_ref, investigation_ref, person_id, investigation_id, " +
            $"context, first_batch_id, last_batch_id FROM identifiers WHERE force IN ({list})", r => new Identifier
            {
                Id = r.GetInt64(0),
                Force = Shared(r.GetString(1)),
                Kind = Token.Parse<IdentifierKind>(r.GetString(2)),
                RawValue = r.GetString(3),
                Value = r.GetString(4),
                PersonRef = r.GetNullableString(5),
                InvestigationRef = r.GetNullableString(6),
                PersonId = r.GetNullableInt64(7),
                InvestigationId = r.GetNullableInt64(8),
                Context = r.GetNullableString(9),
                FirstBatchId = r.GetInt64(10),
                LastBatchId = r.GetInt64(11),
            }, x => Identifiers[(x.Force, x.Kind, x.Value, x.PersonRef, x.InvestigationRef)] = x);
    }

    /// <summary>Keeps each row a statement returns, read as a record; a cancelled import stops within 65,536 rows.</summary>
    private static void Each<T>(DbConnection connection, CancellationToken ct, string sql, Func<BulkReader, T> read, Action<T> keep)
    {
        ct.ThrowIfCancellationRequested();
        using var r = BulkReader.Open(connection, sql);
        for (var n = 1; r.Read(); n++)
        {
            keep(read(r));
            if ((n & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
        }
    }

    private static TEnum? Enum<TEnum>(BulkReader r, int column) where TEnum : struct, Enum =>
        r.IsNull(column) ? null : Token.Parse<TEnum>(r.GetString(column));
}
