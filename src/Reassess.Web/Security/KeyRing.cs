using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.EntityFrameworkCore;
using Reassess.Security;
using Reassess.Storage;

namespace Reassess.Web.Security;

/// <summary>
/// The Data Protection key ring (the keys that protect session and antiforgery cookies) in the database's
/// <c>data_protection_keys</c> table, so that several servers on one database accept each other's cookies
/// (issue 22, finding 13). Keys are written encrypted (<see cref="SecretKeyXmlEncryptor"/>).
/// </summary>
public sealed class DatabaseKeyRing(DatabaseTarget target) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var db = ReassessDatabase.CreateContext(target);
        return [.. db.Set<DataProtectionKeyRecord>().AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).AsEnumerable().Select(XElement.Parse)];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var db = ReassessDatabase.CreateContext(target);
        db.Set<DataProtectionKeyRecord>().Add(new DataProtectionKeyRecord { FriendlyName = friendlyName ?? "", Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }
}

/// <summary>
/// Encrypts each Data Protection key with the secrets key (<see cref="SecretProtector"/>, kept outside the database like
/// the audit key), so the key ring at rest, in the database or in a key folder, is useless without it (finding 6).
/// </summary>
public sealed class SecretKeyXmlEncryptor(SecretProtector protector) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var element = new XElement("encryptedKey",
            new XComment(" Encrypted with the Reassess secrets key (AES-256-GCM); see SecretProtector. "),
            new XElement("value", Convert.ToBase64String(protector.Protect(plaintext, SecretProtector.KeyRing))));
        return new EncryptedXmlInfo(element, typeof(SecretKeyXmlDecryptor));
    }
}

/// <summary>Decrypts what <see cref="SecretKeyXmlEncryptor"/> wrote; Data Protection creates it with the app's services.</summary>
public sealed class SecretKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var protector = services.GetRequiredService<SecretProtector>();
        var value = (string?)encryptedElement.Element("value") ?? throw new SecretKeyException("A Data Protection key is damaged.");
        return XElement.Parse(Encoding.UTF8.GetString(protector.Unprotect(Convert.FromBase64String(value), SecretProtector.KeyRing)));
    }
}
