using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Reassess.Security;

/// <summary>
/// One key of the workbench's Data Protection key ring (which protects session and antiforgery cookies), kept in the
/// database so that several servers on one database share it (issue 22, finding 13). <see cref="Xml"/> is the key's XML
/// element with its secret encrypted by <see cref="SecretProtector"/> (finding 6).
/// </summary>
public sealed class DataProtectionKeyRecord
{
    public long Id { get; set; }

    public required string FriendlyName { get; set; }

    public required string Xml { get; set; }
}

internal sealed class DataProtectionKeyRecordConfiguration : IEntityTypeConfiguration<DataProtectionKeyRecord>
{
    public void Configure(EntityTypeBuilder<DataProtectionKeyRecord> b)
    {
        b.ToTable("data_protection_keys");
        b.HasKey(k => k.Id);
        b.Property(k => k.FriendlyName).HasMaxLength(256);
    }
}
