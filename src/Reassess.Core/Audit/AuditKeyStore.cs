using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Reassess.Storage;

namespace Reassess.Audit;

/// <summary>
/// Where the audit chain's secret key and its head anchor live: outside the database, so that SQL access alone can
/// neither forge an entry nor silently cut the trail short (see <see cref="AuditChain"/>).
/// </summary>
/// <remarks>
/// The key comes from, in order: the key itself, when the shell was given one (<c>REASSESS_AUDIT_KEY</c>, at least 32
/// characters, for deployments that inject secrets through the environment); a configured key file (<c>--audit-key</c>,
/// <c>REASSESS_AUDIT_KEY_FILE</c>);
/// otherwise a file beside the SQLite database (<c>reassess.db.audit-key</c>) or, for PostgreSQL, in the user's
/// application-data folder, named after host, port and database. A missing key file is created (random 256 bits,
/// owner-only) on first use, but only while the trail is empty: a key lost later is reported, never silently replaced.
/// Key files are ignored by git (<c>*.audit-key</c>) and must never be committed.
/// The head anchor is the file beside the key file with the extension <c>.audit-head</c>.
/// </remarks>
public sealed class AuditKeyStore
{
    public const string KeyEnvironmentVariable = "REASSESS_AUDIT_KEY";
    public const string KeyFileEnvironmentVariable = "REASSESS_AUDIT_KEY_FILE";

    private readonly byte[]? _environmentKey;

    private AuditKeyStore(string keyFile, string headFile, byte[]? environmentKey)
    {
        KeyFile = keyFile;
        HeadFile = headFile;
        _environmentKey = environmentKey;
    }

    /// <summary>The key file (unused when the key comes from <c>REASSESS_AUDIT_KEY</c>).</summary>
    public string KeyFile { get; }

    /// <summary>The file holding the sequence and hash of the latest entry known to be committed.</summary>
    public string HeadFile { get; }

    /// <summary>
    /// The store for <paramref name="target"/>: the configured key file, or the default one; <paramref name="key"/> is the
    /// key itself when the shell was given one (<see cref="KeyEnvironmentVariable"/>), used instead of any file.
    /// </summary>
    public static AuditKeyStore For(DatabaseTarget target, string? keyFile = null, string? key = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (string.IsNullOrWhiteSpace(keyFile)) keyFile = DefaultKeyFile(target);
        keyFile = Path.GetFullPath(keyFile);
        byte[]? givenKey = null;
        if (!string.IsNullOrEmpty(key))
        {
            if (key.Length < 32)
                throw new AuditKeyException($"{KeyEnvironmentVariable} must hold at least 32 characters.");
            givenKey = Encoding.UTF8.GetBytes(key);
        }
        return new AuditKeyStore(keyFile, Path.ChangeExtension(keyFile, ".audit-head"), givenKey);
    }

    /// <summary>A store with explicit files (tests, and hosts that configure the path themselves).</summary>
    public static AuditKeyStore AtFile(string keyFile)
    {
        var full = Path.GetFullPath(keyFile);
        return new AuditKeyStore(full, Path.ChangeExtension(full, ".audit-head"), null);
    }

    /// <summary>Where the key comes from, for messages (never the key).</summary>
    public string Describe() => _environmentKey is not null ? $"${KeyEnvironmentVariable}" : KeyFile;

    /// <summary>The key, or null when there is none yet.</summary>
    public byte[]? TryReadKey()
    {
        if (_environmentKey is not null) return _environmentKey;
        if (!File.Exists(KeyFile)) return null;
        var text = File.ReadAllText(KeyFile).Trim();
        try
        {
            var key = Convert.FromHexString(text);
            if (key.Length < 32) throw new AuditKeyException($"The audit key in {KeyFile} is shorter than 256 bits.");
            return key;
        }
        catch (FormatException)
        {
            throw new AuditKeyException($"The audit key file {KeyFile} does not hold a hex key.");
        }
    }

    /// <summary>Creates the key file with a random 256-bit key (owner-only), or returns the one another process just made.</summary>
    public byte[] CreateKey()
    {
        if (_environmentKey is not null) return _environmentKey;
        var dir = Path.GetDirectoryName(KeyFile);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        var key = RandomNumberGenerator.GetBytes(32);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var stream = new FileStream(KeyFile, options))
            using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
                writer.WriteLine(Convert.ToHexStringLower(key));
            return key;
        }
        catch (IOException) when (File.Exists(KeyFile))
        {
            return TryReadKey() ?? throw new AuditKeyException($"The audit key file {KeyFile} could not be read.");
        }
    }

    /// <summary>The latest entry known to be committed, or null when none was anchored yet.</summary>
    public AuditHead? ReadHead()
    {
        try
        {
            if (!File.Exists(HeadFile)) return null;
            var parts = File.ReadAllText(HeadFile).Trim().Split(' ');
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
                return new AuditHead(seq, parts[1]);
            throw new AuditKeyException($"The audit head anchor {HeadFile} is not readable: it may have been tampered with.");
        }
        catch (IOException ex)
        {
            throw new AuditKeyException($"The audit head anchor {HeadFile} could not be read: {ex.Message}");
        }
    }

    /// <summary>
    /// Moves the anchor forward to <paramref name="head"/> (never back). Call only with an entry known to be committed.
    /// Best effort across processes: a lost race leaves an older anchor, which is still a true lower bound.
    /// </summary>
    public void Advance(AuditHead head)
    {
        ArgumentNullException.ThrowIfNull(head);
        var current = ReadHead();
        if (current is not null && current.Sequence >= head.Sequence) return;
        var dir = Path.GetDirectoryName(HeadFile);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        var temp = HeadFile + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "." + Guid.NewGuid().ToString("N")[..8];
        File.WriteAllText(temp, string.Create(CultureInfo.InvariantCulture, $"{head.Sequence} {head.Hash}\n"));
        File.Move(temp, HeadFile, overwrite: true);
    }

    private static string DefaultKeyFile(DatabaseTarget target) => SecretFileLocation.BesideDatabase(target, ".audit-key");
}

/// <summary>The sequence and hash of an entry known to have been committed.</summary>
public sealed record AuditHead(long Sequence, string Hash);

/// <summary>The audit key is missing, unreadable or malformed.</summary>
public sealed class AuditKeyException(string message) : ReassessException(message);
