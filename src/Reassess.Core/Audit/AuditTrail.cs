using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using Reassess.Records;
using Reassess.Storage;

namespace Reassess.Audit;

/// <summary>
/// Records the section 62 audit trail (DPA 2018): one <see cref="AuditEntry"/> per collection, alteration, consultation,
/// disclosure, combination or erasure, from the CLI and the workbench alike.
/// </summary>
/// <remarks>
/// When the caller has a transaction open, the entry is written inside it, so the entry commits or rolls back with the
/// operation it describes. Without one, the entry is group-committed: concurrent appends to the same database are written
/// in one transaction of the trail's own, in order, and each call returns only once that transaction has committed.
/// Appends are serialised (SQLite's write lock, a PostgreSQL advisory lock) so the chain stays a single line.
/// </remarks>
public interface IAuditTrail
{
    /// <summary>Appends an entry through <paramref name="db"/>'s connection, inside its current transaction when there is one.
    /// Tracked entities of <paramref name="db"/> are not saved.</summary>
    Task<AuditEntry> RecordAsync(ReassessDbContext db, AuditEvent auditEvent, CancellationToken cancellationToken = default);

    /// <summary>Appends an entry on an open connection (the bulk paths), inside <paramref name="transaction"/> when given.</summary>
    Task<AuditEntry> RecordAsync(DbConnection connection, DbTransaction? transaction, AuditEvent auditEvent, CancellationToken cancellationToken = default);

    /// <summary>Appends an entry on a connection of its own, committed before it returns.</summary>
    Task<AuditEntry> RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default);
}

/// <summary>The audit trail of one database (see <see cref="IAuditTrail"/>).</summary>
/// <param name="target">The database holding the trail.</param>
/// <param name="keys">Where the chain's key and head anchor live (<see cref="AuditKeyStore.For"/>).</param>
/// <param name="time">The clock; entries carry its UTC time.</param>
public sealed class AuditTrail(DatabaseTarget target, AuditKeyStore keys, TimeProvider time) : IAuditTrail
{
    // Any fixed number: the PostgreSQL advisory lock that serialises appends to the chain.
    private const long AppendLock = 0x5245_4153_4155_44;

    // The most entries one group commit appends; the rest wait for the next transaction.
    private const int MaxBatch = 256;

    private static readonly DateTimeOffsetToBinaryConverter SqliteTime = new();

    // Appends that own their transaction go through one group-commit queue per database (and key): concurrent callers are
    // appended in one transaction, in the order they queued, each entry chained to the one before, with one commit (one
    // fsync) for all of them; every caller's task completes only after that commit. Appends inside a caller's transaction
    // never queue here, so they cannot deadlock with it.
    private static readonly ConcurrentDictionary<string, Lazy<AppendQueue>> AppendQueues = new(StringComparer.Ordinal);

    /// <summary>The trail of <paramref name="target"/> with the key found the usual way (<see cref="AuditKeyStore.For"/>).</summary>
    public static AuditTrail For(DatabaseTarget target, string? keyFile = null, TimeProvider? time = null, string? key = null) =>
        new(target, AuditKeyStore.For(target, keyFile, key), time ?? TimeProvider.System);

    public DatabaseTarget Target => target;

    public AuditKeyStore Keys => keys;

    public Task<AuditEntry> RecordAsync(ReassessDbContext db, AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(auditEvent);
        if (db.Database.CurrentTransaction is { } current)
            return RecordAsync(db.Database.GetDbConnection(), current.GetDbTransaction(), auditEvent, cancellationToken);
        // No transaction of the caller's: the entry is group-committed on a connection of the trail's own.
        auditEvent.Validate();
        return Queue().EnqueueAsync(this, auditEvent, cancellationToken);
    }

    public Task<AuditEntry> RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        auditEvent.Validate();
        return Queue().EnqueueAsync(this, auditEvent, cancellationToken);
    }

    /// <remarks>Without <paramref name="transaction"/> the entry is group-committed on a connection of the trail's own
    /// (of the same database), not on <paramref name="connection"/>; so the caller must not hold an open transaction on
    /// <paramref name="connection"/> without passing it.</remarks>
    public async Task<AuditEntry> RecordAsync(DbConnection connection, DbTransaction? transaction, AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(auditEvent);
        auditEvent.Validate();
        if (transaction is null) return await Queue().EnqueueAsync(this, auditEvent, cancellationToken);
        if (connection.State != ConnectionState.Open) await connection.OpenAsync(cancellationToken);
        // Inside the caller's transaction: it might still roll back, so the entry is anchored later (by the next group
        // commit, or by verification).
        var head = await ReadHeadAsync(connection, transaction, cancellationToken);
        var key = KeyFor(head.Sequence);
        var entry = Chain(head, auditEvent, key, time);
        await using var insert = InsertCommand(connection, transaction);
        await InsertAsync(insert, connection, entry, cancellationToken);
        return entry;
    }

    private AppendQueue Queue() =>
        AppendQueues.GetOrAdd(target.ConnectionString + "\n" + keys.Describe(), _ => new Lazy<AppendQueue>(() => new AppendQueue(target))).Value;

    private byte[] KeyFor(long lastSequence)
    {
        var key = keys.TryReadKey();
        if (key is not null) return key;
        if (lastSequence != 0)
            throw new AuditKeyException($"The audit trail has {lastSequence} entries but its key ({keys.Describe()}) is missing; restore the key file rather than start a new one.");
        return keys.CreateKey();
    }

    /// <summary>One caller waiting in the group-commit queue.</summary>
    private sealed class Pending(AuditTrail trail, AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        public AuditTrail Trail { get; } = trail;
        public AuditEvent Event { get; } = auditEvent;
        public CancellationToken CancellationToken { get; } = cancellationToken;
        public TaskCompletionSource<AuditEntry> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// The group-commit writer of one database: a single consumer takes every waiting append (up to <see cref="MaxBatch"/>),
    /// appends them in one transaction in queue order and commits once. A batch that fails fails every caller in it and
    /// writes nothing (the transaction rolls back); the next batch starts again from the committed head.
    /// </summary>
    private sealed class AppendQueue
    {
        private readonly DatabaseTarget _target;
        private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

        public AppendQueue(DatabaseTarget target)
        {
            _target = target;
            _ = Task.Run(RunAsync);
        }

        public Task<AuditEntry> EnqueueAsync(AuditTrail trail, AuditEvent auditEvent, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pending = new Pending(trail, auditEvent, cancellationToken);
            if (!_queue.Writer.TryWrite(pending)) throw new InvalidOperationException("The audit queue is closed.");
            return pending.Done.Task;
        }

        private async Task RunAsync()
        {
            var batch = new List<Pending>(MaxBatch);
            while (await _queue.Reader.WaitToReadAsync())
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
                {
                    // A caller that gave up before its entry was written is dropped; once in a batch, it is written.
                    if (pending.CancellationToken.IsCancellationRequested) pending.Done.TrySetCanceled(pending.CancellationToken);
                    else batch.Add(pending);
                }
                if (batch.Count == 0) continue;
                try
                {
                    var entries = await WriteAsync(batch);
                    for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(entries[i]);
                }
                // Nothing is swallowed: whatever the batch failed with is handed to every caller waiting on it (their
                // RecordAsync throws it), and the single writer loop must survive for the callers queued after them.
                catch (Exception ex)
                {
                    foreach (var pending in batch) pending.Done.TrySetException(ex);
                }
            }
        }

        private async Task<AuditEntry[]> WriteAsync(List<Pending> batch)
        {
            // Not cancellable: a batch carries the entries of several callers and either commits for all or for none.
            var cancellationToken = CancellationToken.None;
            await using var connection = await ReassessDatabase.OpenConnectionAsync(_target, cancellationToken);
            // SQLite, full sync: an entry is on disk before any of its callers shows the data it records. Put back (after
            // the transaction, declared after this) before the pooled connection serves anything else.
            await using var pragmas = await SqlitePragmas.SetAsync(connection, [("synchronous", "FULL")], cancellationToken);
            // SQLite: BEGIN IMMEDIATE takes the write lock now, so no other writer can append between our read and insert.
            // PostgreSQL: read committed under the advisory lock sees the latest head without serialisation failures.
            await using var transaction = await connection.BeginTransactionAsync(
                connection is NpgsqlConnection ? IsolationLevel.ReadCommitted : IsolationLevel.Serializable, cancellationToken);
            var head = await ReadHeadAsync(connection, transaction, cancellationToken);
            var key = batch[0].Trail.KeyFor(head.Sequence);
            var entries = new AuditEntry[batch.Count];
            await using (var insert = InsertCommand(connection, transaction))
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    var entry = Chain(head, batch[i].Event, key, batch[i].Trail.Clock);
                    await InsertAsync(insert, connection, entry, cancellationToken);
                    entries[i] = entry;
                    head = new AuditHead(entry.Sequence, entry.Hash);
                }
            }
            await transaction.CommitAsync(cancellationToken);
            // Committed: safe to anchor outside the database (every trail of this queue shares the key store's files).
            batch[0].Trail.Keys.Advance(head);
            return entries;
        }
    }

    private TimeProvider Clock => time;

    private static async Task<AuditHead> ReadHeadAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        if (connection is NpgsqlConnection)
        {
            await using var lockCommand = Command(connection, transaction, $"SELECT pg_advisory_xact_lock({AppendLock})");
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var head = Command(connection, transaction, "SELECT sequence, hash FROM audit_entries ORDER BY sequence DESC LIMIT 1");
        await using var reader = await head.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new AuditHead(reader.GetInt64(0), reader.GetString(1))
            : new AuditHead(0, AuditChain.Genesis);
    }

    private static AuditEntry Chain(AuditHead previous, AuditEvent e, byte[] key, TimeProvider clock)
    {
        var entry = new AuditEntry
        {
            Sequence = previous.Sequence + 1,
            At = AuditChain.Truncate(clock.GetUtcNow()),
            Actor = e.Actor.Trim(),
            Category = e.Category,
            Operation = e.Operation.Trim(),
            SubjectType = e.SubjectType.Trim(),
            SubjectIds = string.Join(AuditEvent.IdSeparator, e.SubjectIds),
            Justification = e.Justification,
            Recipient = e.Recipient,
            Outcome = e.Outcome,
            PreviousHash = previous.Hash,
            Hash = "",
        };
        entry.Hash = AuditChain.ComputeHash(entry, key);
        return entry;
    }

    private static DbCommand InsertCommand(DbConnection connection, DbTransaction transaction)
    {
        var insert = Command(connection, transaction,
            "INSERT INTO audit_entries (sequence, at, actor, category, operation, subject_type, subject_ids, justification, recipient, outcome, previous_hash, hash) " +
            "VALUES (@sequence, @at, @actor, @category, @operation, @subject_type, @subject_ids, @justification, @recipient, @outcome, @previous_hash, @hash)");
        foreach (var name in (string[])["sequence", "at", "actor", "category", "operation", "subject_type", "subject_ids", "justification", "recipient", "outcome", "previous_hash", "hash"])
        {
            var p = insert.CreateParameter();
            p.ParameterName = name;
            insert.Parameters.Add(p);
        }
        return insert;
    }

    private static async Task InsertAsync(DbCommand insert, DbConnection connection, AuditEntry entry, CancellationToken cancellationToken)
    {
        Set(insert, "sequence", entry.Sequence);
        Set(insert, "at", connection is NpgsqlConnection ? entry.At : SqliteTime.ConvertToProvider(entry.At));
        Set(insert, "actor", entry.Actor);
        Set(insert, "category", Token.SnakeCase(entry.Category.ToString()));
        Set(insert, "operation", entry.Operation);
        Set(insert, "subject_type", entry.SubjectType);
        Set(insert, "subject_ids", entry.SubjectIds);
        Set(insert, "justification", entry.Justification);
        Set(insert, "recipient", entry.Recipient);
        Set(insert, "outcome", Token.SnakeCase(entry.Outcome.ToString()));
        Set(insert, "previous_hash", entry.PreviousHash);
        Set(insert, "hash", entry.Hash);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Set(DbCommand command, string name, object? value) => command.Parameters[name].Value = value ?? DBNull.Value;

    /// <summary>Checks the whole chain (see <see cref="AuditVerifier"/>); anchors the head when intact.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await using var db = ReassessDatabase.CreateContext(target);
        return await AuditVerifier.VerifyAsync(db, keys, cancellationToken);
    }

    /// <summary>Entries matching <paramref name="query"/>, oldest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> FindAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = ReassessDatabase.CreateContext(target);
        return await AuditQueries.FindAsync(db, query, cancellationToken);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // fixed SQL text; every value is a parameter
        command.CommandText = sql;
#pragma warning restore CA2100
        return command;
    }
}
