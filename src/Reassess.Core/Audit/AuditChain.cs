using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Reassess.Records;

namespace Reassess.Audit;

/// <summary>
/// The hash chain of the audit trail: each entry's hash is an HMAC-SHA256 (a SHA-256 construction keyed by a secret)
/// over a canonical encoding of the entry together with the hash of the entry before.
/// </summary>
/// <remarks>
/// <para>Why keyed. A plain SHA-256 chain proves only that the rows agree with each other: someone with SQL access
/// who drops the append-only trigger can rewrite or append rows and recompute every hash after them, and the chain
/// still verifies. Keying the chain with a secret that is kept outside the database (<see cref="AuditKeyStore"/>: a key
/// file beside the SQLite file or at a configured path, or <c>REASSESS_AUDIT_KEY</c>) means a forged row cannot be
/// given a valid hash without also taking the key from the application's host.</para>
/// <para>A chain alone cannot show that its last rows were cut off, so the store also keeps the sequence and hash of
/// the latest committed entry it has seen (the head anchor) outside the database; verification fails when the trail
/// no longer reaches it.</para>
/// <para>The encoding is versioned, and every field is length-prefixed so that no two different entries encode alike
/// (no separator can be smuggled through a field).</para>
/// </remarks>
public static class AuditChain
{
    /// <summary>The <see cref="AuditEntry.PreviousHash"/> of the first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    private const string Version = "reassess.audit.v1";

    /// <summary>The hash <paramref name="entry"/> must carry, given its fields and <see cref="AuditEntry.PreviousHash"/>.</summary>
    public static string ComputeHash(AuditEntry entry, ReadOnlySpan<byte> key)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encode(entry)));
    }

    /// <summary>The canonical bytes of an entry: every field in a fixed order, each as a length-prefixed UTF-8 string.</summary>
    public static byte[] Encode(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var buffer = new MemoryStream(256);
        Field(buffer, Version);
        Field(buffer, entry.Sequence.ToString(CultureInfo.InvariantCulture));
        Field(buffer, FormatTime(entry.At));
        Field(buffer, entry.Actor);
        Field(buffer, Token.SnakeCase(entry.Category.ToString()));
        Field(buffer, entry.Operation);
        Field(buffer, entry.SubjectType);
        Field(buffer, entry.SubjectIds);
        Field(buffer, entry.Justification);
        Field(buffer, entry.Recipient);
        Field(buffer, Token.SnakeCase(entry.Outcome.ToString()));
        Field(buffer, entry.PreviousHash);
        return buffer.ToArray();
    }

    /// <summary>Audit times are kept to the millisecond: both engines store that exactly, so a re-read entry hashes alike.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    /// <summary>ISO 8601 UTC to the millisecond, as the encoding writes it.</summary>
    public static string FormatTime(DateTimeOffset at) =>
        Truncate(at).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void Field(MemoryStream buffer, string? value)
    {
        Span<byte> length = stackalloc byte[4];
        if (value is null)
        {
            // Null differs from empty: a justification left out is not the same as an empty one.
            BinaryPrimitives.WriteInt32BigEndian(length, -1);
            buffer.Write(length);
            return;
        }
        var bytes = Encoding.UTF8.GetBytes(value);
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        buffer.Write(length);
        buffer.Write(bytes);
    }
}
