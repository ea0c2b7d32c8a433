using System.Security.Cryptography;
using System.Text;
using Reassess.Storage;

namespace Reassess.Referrals;

/// <summary>A referral key is missing, unreadable or malformed, or a public key given to register is not one.</summary>
public sealed class ReferralKeyException(string message) : ReassessException(message);

/// <summary>
/// The force's referral signing key (ECDSA P-256), kept the way the audit key is (<see cref="Audit.AuditKeyStore"/>):
/// outside the database, so that SQL access alone cannot sign a pack in the force's name.
/// </summary>
/// <remarks>
/// The key comes from, in order: the key itself when the shell was given one (<c>REASSESS_REFERRAL_KEY</c>, a PKCS#8 PEM,
/// for deployments that inject secrets through the environment); a configured key file (<c>--referral-key</c>,
/// <c>REASSESS_REFERRAL_KEY_FILE</c>); otherwise a file beside the SQLite database (<c>reassess.db.referral-key</c>) or,
/// for PostgreSQL, in the user's application-data folder named after host, port and database. A missing key file is
/// created on first use (owner-only, PKCS#8 PEM). Key files are ignored by git (<c>*.referral-key</c>) and must never be
/// committed. The public half is what the national operation registers (<c>reassess referrals key --public</c>).
/// The victims' pseudonym key is derived from the private key (<see cref="PseudonymKey"/>), so pseudonyms stay stable
/// for as long as the force keeps its key.
/// </remarks>
public sealed class ReferralSigningKey
{
    public const string KeyEnvironmentVariable = "REASSESS_REFERRAL_KEY";
    public const string KeyFileEnvironmentVariable = "REASSESS_REFERRAL_KEY_FILE";

    private readonly string? _givenPem;

    private ReferralSigningKey(string keyFile, string? givenPem)
    {
        KeyFile = keyFile;
        _givenPem = givenPem;
    }

    /// <summary>The key file (unused when the key was given itself).</summary>
    public string KeyFile { get; }

    /// <summary>The store for <paramref name="target"/>: the configured key file or the default one, or the given PEM.</summary>
    public static ReferralSigningKey For(DatabaseTarget target, string? keyFile = null, string? keyPem = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (string.IsNullOrWhiteSpace(keyFile)) keyFile = DefaultKeyFile(target);
        return new ReferralSigningKey(Path.GetFullPath(keyFile), string.IsNullOrWhiteSpace(keyPem) ? null : keyPem);
    }

    /// <summary>A store at an explicit file (tests, and hosts that configure the path themselves).</summary>
    public static ReferralSigningKey AtFile(string keyFile) => new(Path.GetFullPath(keyFile), null);

    /// <summary>Where the key comes from, for messages (never the key).</summary>
    public string Describe() => _givenPem is not null ? "$" + KeyEnvironmentVariable : KeyFile;

    /// <summary>The private key, created (owner-only file) when there is none yet.</summary>
    public ECDsa Load()
    {
        var pem = _givenPem ?? ReadOrCreateFile();
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new ReferralKeyException($"The referral key in {Describe()} is not an ECDSA private key in PEM: {ex.Message}");
        }
        if (key.KeySize != 256)
        {
            key.Dispose();
            throw new ReferralKeyException($"The referral key in {Describe()} is not a P-256 key.");
        }
        return key;
    }

    /// <summary>The public key as SubjectPublicKeyInfo PEM: what the national operation registers for this force.</summary>
    public string PublicKeyPem()
    {
        using var key = Load();
        return key.ExportSubjectPublicKeyInfoPem();
    }

    /// <summary>The HMAC key of victims' pseudonymous references, derived from the private key (never stored).</summary>
    public byte[] PseudonymKey()
    {
        using var key = Load();
        var d = key.ExportParameters(includePrivateParameters: true).D!;
        return HMACSHA256.HashData(d, Encoding.UTF8.GetBytes("reassess-referral-victim-pseudonym/1"));
    }

    /// <summary>A key's id: the first 16 bytes of the SHA-256 of its SubjectPublicKeyInfo, lower-case hex.</summary>
    public static string KeyIdOf(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..32];
    }

    /// <summary>Reads a public key in PEM (SubjectPublicKeyInfo), refusing anything but ECDSA P-256.</summary>
    public static ECDsa ImportPublicKey(string pem, string label)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new ReferralKeyException($"{label}: not an ECDSA public key in PEM ({ex.Message})");
        }
        if (key.KeySize != 256)
        {
            key.Dispose();
            throw new ReferralKeyException($"{label}: not a P-256 key");
        }
        return key;
    }

    private string ReadOrCreateFile()
    {
        if (File.Exists(KeyFile)) return File.ReadAllText(KeyFile);
        var dir = Path.GetDirectoryName(KeyFile);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = key.ExportPkcs8PrivateKeyPem();
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using var stream = new FileStream(KeyFile, options);
            using var writer = new StreamWriter(stream, new UTF8Encoding(false));
            writer.WriteLine(pem);
            return pem;
        }
        catch (IOException) when (File.Exists(KeyFile))
        {
            // Another process made it first: use theirs.
            return File.ReadAllText(KeyFile);
        }
    }

    private static string DefaultKeyFile(DatabaseTarget target) => SecretFileLocation.BesideDatabase(target, ".referral-key");
}
