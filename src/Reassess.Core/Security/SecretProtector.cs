using System.Security.Cryptography;
using System.Text;
using Reassess.Audit;
using Reassess.Storage;

namespace Reassess.Security;

/// <summary>
/// Encrypts secrets kept in the database (authenticator keys, the workbench's Data Protection key ring) with a key kept
/// outside it, the way the audit key is kept: SQL access, a copied database file or a backup alone reveals none of them
/// (issue 22, finding 6). AES-256-GCM, a fresh 96-bit nonce per value, and a key derived per purpose (HKDF-SHA256), so a
/// value encrypted for one purpose cannot be passed off as another.
/// </summary>
/// <remarks>
/// The key comes from, in order: <c>REASSESS_SECRETS_KEY</c> (64 hex digits, for deployments that inject secrets through
/// the environment, and for several servers on one database, which must share it); <c>REASSESS_SECRETS_KEY_FILE</c>;
/// otherwise the file beside the audit key file, with the extension <c>.secrets-key</c>. A missing key file is created
/// (random 256 bits, owner-only). Losing it makes the stored authenticator keys unreadable: the accounts must be
/// re-enrolled with <c>reassess users reset-mfa</c>.
/// </remarks>
public sealed class SecretProtector
{
    public const string KeyEnvironmentVariable = "REASSESS_SECRETS_KEY";
    public const string KeyFileEnvironmentVariable = "REASSESS_SECRETS_KEY_FILE";

    /// <summary>The purpose of authenticator (TOTP) keys.</summary>
    public const string AuthenticatorKeys = "reassess/authenticator-key/v1";

    /// <summary>The purpose of the Data Protection key ring.</summary>
    public const string KeyRing = "reassess/data-protection-key-ring/v1";

    private const string Prefix = "v1:";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[] _key;

    private SecretProtector(byte[] key, string source)
    {
        _key = key;
        Source = source;
    }

    /// <summary>Where the key came from, for messages (never the key).</summary>
    public string Source { get; }

    /// <summary>The protector of <paramref name="target"/>, with the key found as the remarks say.</summary>
    /// <param name="target">The database whose secrets are protected.</param>
    /// <param name="auditKeyFile">The configured audit key file; the secrets key sits beside it by default.</param>
    /// <param name="key">The key itself, when the shell was given one (<see cref="KeyEnvironmentVariable"/>).</param>
    /// <param name="file">The key file, when the shell was given one (<see cref="KeyFileEnvironmentVariable"/>).</param>
    public static SecretProtector For(DatabaseTarget target, string? auditKeyFile = null, string? key = null, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!string.IsNullOrWhiteSpace(key)) return new SecretProtector(Parse(key.Trim(), "$" + KeyEnvironmentVariable), "$" + KeyEnvironmentVariable);
        if (string.IsNullOrWhiteSpace(file)) file = Path.ChangeExtension(AuditKeyStore.For(target, auditKeyFile).KeyFile, ".secrets-key");
        return AtFile(file);
    }

    /// <summary>The protector with the key in <paramref name="file"/>, created (owner-only) when missing.</summary>
    public static SecretProtector AtFile(string file)
    {
        file = Path.GetFullPath(file);
        if (!File.Exists(file))
        {
            var dir = Path.GetDirectoryName(file);
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
                if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                using var stream = new FileStream(file, options);
                using var writer = new StreamWriter(stream, new UTF8Encoding(false));
                writer.WriteLine(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
            }
            catch (IOException) when (File.Exists(file))
            {
                // Another process created it first: use theirs.
            }
        }
        return new SecretProtector(Parse(File.ReadAllText(file).Trim(), file), file);
    }

    /// <summary>Encrypts <paramref name="plaintext"/> for <paramref name="purpose"/>: <c>v1:</c> and base64 of nonce, ciphertext and tag.</summary>
    public string Protect(string plaintext, string purpose)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        return Prefix + Convert.ToBase64String(Protect(Encoding.UTF8.GetBytes(plaintext), purpose));
    }

    /// <summary>
    /// Decrypts a value made by <see cref="Protect(string, string)"/>. A value without the <c>v1:</c> prefix was stored
    /// before encryption was introduced and is returned as it is (it is encrypted the next time it is written).
    /// </summary>
    public string Unprotect(string stored, string purpose)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (!IsProtected(stored)) return stored;
        byte[] data;
        try
        {
            data = Convert.FromBase64String(stored[Prefix.Length..]);
        }
        catch (FormatException)
        {
            throw new SecretKeyException("An encrypted secret in the database is damaged.");
        }
        return Encoding.UTF8.GetString(Unprotect(data, purpose));
    }

    /// <summary>Whether a stored value is encrypted (not a plaintext value from before encryption).</summary>
    public static bool IsProtected(string stored) => stored is not null && stored.StartsWith(Prefix, StringComparison.Ordinal);

    public byte[] Protect(ReadOnlySpan<byte> plaintext, string purpose)
    {
        var output = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(KeyFor(purpose), TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize, plaintext.Length), output.AsSpan(NonceSize + plaintext.Length), Encoding.UTF8.GetBytes(purpose));
        return output;
    }

    public byte[] Unprotect(ReadOnlySpan<byte> data, string purpose)
    {
        if (data.Length < NonceSize + TagSize) throw new SecretKeyException("An encrypted secret in the database is damaged.");
        var length = data.Length - NonceSize - TagSize;
        var plaintext = new byte[length];
        try
        {
            using var aes = new AesGcm(KeyFor(purpose), TagSize);
            aes.Decrypt(data[..NonceSize], data.Slice(NonceSize, length), data[(NonceSize + length)..], plaintext, Encoding.UTF8.GetBytes(purpose));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new SecretKeyException($"A secret in the database was encrypted with another key than {Source}: restore that key file (or set ${KeyEnvironmentVariable}).");
        }
        return plaintext;
    }

    private byte[] KeyFor(string purpose) => HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, 32, salt: [], info: Encoding.UTF8.GetBytes(purpose));

    private static byte[] Parse(string hex, string source)
    {
        try
        {
            var key = Convert.FromHexString(hex);
            if (key.Length >= 32) return key;
        }
        catch (FormatException)
        {
        }
        throw new SecretKeyException($"The secrets key in {source} must be at least 64 hex digits (256 bits).");
    }
}

/// <summary>The secrets key is missing, malformed, or not the one the stored secrets were encrypted with.</summary>
public sealed class SecretKeyException(string message) : ReassessException(message);
