using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
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
/// operation it describes. Without one, the trail opens its own. Appends are serialised (SQLite's write lock, a
/// PostgreSQL advisory lock) so the chain stays a single line.
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

    private static readonly DateTimeOffsetToBinaryConverter SqliteTime = new();

    // Appends that open their own transaction queue here, one per database, before asking the database for its write lock:
    // under many concurrent views SQLite's busy handler would otherwise make them sleep and retry, which costs far more
    // than waiting in line. Appends inside a caller's transaction never take it, so it cannot deadlock with them.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> AppendGates = new(StringComparer.Ordinal);

    /// <summary>The trail of <paramref name="target"/> with the key found the usual way, on the system clock.</summary>
    public static AuditTrail For(DatabaseTarget target, string? keyFile = null, TimeProvider? time = null) =>
        new(target, AuditKeyStore.For(target, keyFile), time ?? TimeProvider.System);

    public DatabaseTarget Target => target;

    public AuditKeyStore Keys => keys;

    public Task<AuditEntry> RecordAsync(ReassessDbContext db, AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return RecordOnContextAsync(db, auditEvent, cancellationToken);
    }

    private async Task<AuditEntry> RecordOnContextAsync(ReassessDbContext db, AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is { } current)
            return await RecordAsync(db.Database.GetDbConnection(), current.GetDbTransaction(), auditEvent, cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await RecordAsync(db.Database.GetDbConnection(), null, auditEvent, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public async Task<AuditEntry> RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        await using var connection = await ReassessDatabase.OpenConnectionAsync(target, cancellationToken);
        return await RecordAsync(connection, null, auditEvent, cancellationToken);
    }

    public async Task<AuditEntry> RecordAsync(DbConnection connection, DbTransaction? transaction, AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(auditEvent);
        auditEvent.Validate();
        if (connection.State != ConnectionState.Open) await connection.OpenAsync(cancellationToken);

        var owned = transaction is null;
        var gate = owned ? AppendGates.GetOrAdd(target.ConnectionString, _ => new SemaphoreSlim(1, 1)) : null;
        if (gate is not null) await gate.WaitAsync(cancellationToken);
        try
        {
            return await AppendInTransactionAsync(connection, transaction, auditEvent, cancellationToken);
        }
        finally
        {
            gate?.Release();
        }
    }

    private async Task<AuditEntry> AppendInTransactionAsync(DbConnection connection, DbTransaction? transaction, AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        var owned = transaction is null;
        // SQLite: BEGIN IMMEDIATE takes the write lock now, so no other writer can append between our read and insert.
        // PostgreSQL: read committed under the advisory lock sees the latest head without serialisation failures.
        transaction ??= await connection.BeginTransactionAsync(
            connection is NpgsqlConnection ? IsolationLevel.ReadCommitted : IsolationLevel.Serializable, cancellationToken);
        try
        {
            var entry = await AppendAsync(connection, transaction, auditEvent, cancellationToken);
            if (owned)
            {
                await transaction.CommitAsync(cancellationToken);
                // Committed: safe to anchor outside the database. Inside a caller's transaction it might still roll back,
                // so that entry is anchored later (by the next append that owns its transaction, or by verification).
                keys.Advance(new AuditHead(entry.Sequence, entry.Hash));
            }
            return entry;
        }
        finally
        {
            if (owned) await transaction.DisposeAsync();
        }
    }

    private async Task<AuditEntry> AppendAsync(DbConnection connection, DbTransaction transaction, AuditEvent e, CancellationToken cancellationToken)
    {
        if (connection is NpgsqlConnection)
        {
            await using var lockCommand = Command(connection, transaction, $"SELECT pg_advisory_xact_lock({AppendLock})");
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        long lastSequence = 0;
        var previousHash = AuditChain.Genesis;
        await using (var head = Command(connection, transaction, "SELECT sequence, hash FROM audit_entries ORDER BY sequence DESC LIMIT 1"))
        await using (var reader = await head.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                lastSequence = reader.GetInt64(0);
                previousHash = reader.GetString(1);
            }
        }

        var key = keys.TryReadKey();
        if (key is null)
        {
            if (lastSequence != 0)
                throw new AuditKeyException($"The audit trail has {lastSequence} entries but its key ({keys.Describe()}) is missing; restore the key file rather than start a new one.");
            key = keys.CreateKey();
        }

        var entry = new AuditEntry
        {
            Sequence = lastSequence + 1,
            At = AuditChain.Truncate(time.GetUtcNow()),
            Actor = e.Actor.Trim(),
            Category = e.Category,
            Operation = e.Operation.Trim(),
            SubjectType = e.SubjectType.Trim(),
            SubjectIds = string.Join(AuditEvent.IdSeparator, e.SubjectIds),
            Justification = e.Justification,
            Recipient = e.Recipient,
            Outcome = e.Outcome,
            PreviousHash = previousHash,
            Hash = "",
        };
        entry.Hash = AuditChain.ComputeHash(entry, key);

        await using var insert = Command(connection, transaction,
            "INSERT INTO audit_entries (sequence, at, actor, category, operation, subject_type, subject_ids, justification, recipient, outcome, previous_hash, hash) " +
            "VALUES (@sequence, @at, @actor, @category, @operation, @subject_type, @subject_ids, @justification, @recipient, @outcome, @previous_hash, @hash)");
        Parameter(insert, "sequence", entry.Sequence);
        Parameter(insert, "at", connection is NpgsqlConnection ? entry.At : SqliteTime.ConvertToProvider(entry.At));
        Parameter(insert, "actor", entry.Actor);
        Parameter(insert, "category", Token.SnakeCase(entry.Category.ToString()));
        Parameter(insert, "operation", entry.Operation);
        Parameter(insert, "subject_type", entry.SubjectType);
        Parameter(insert, "subject_ids", entry.SubjectIds);
        Parameter(insert, "justification", entry.Justification);
        Parameter(insert, "recipient", entry.Recipient);
        Parameter(insert, "outcome", Token.SnakeCase(entry.Outcome.ToString()));
        Parameter(insert, "previous_hash", entry.PreviousHash);
        Parameter(insert, "hash", entry.Hash);
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return entry;
    }

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

    private static void Parameter(DbCommand command, string name, object? value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        command.Parameters.Add(p);
    }
}
