using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Reassess.Storage;

namespace Reassess.Audit;

/// <summary>
/// The <c>audit_entries</c> table. UPDATE and DELETE are refused by triggers, written by hand in the
/// <c>AuditTriggers</c> migration of each engine (the model cannot express them).
/// </summary>
internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_entries");
        b.HasKey(x => x.Sequence);
        // The chain assigns the sequence itself: it must be gap-free, which identity columns do not promise.
        b.Property(x => x.Sequence).ValueGeneratedNever();
        b.Property(x => x.Actor).HasMaxLength(256);
        b.Property(x => x.Category).HasConversion<TokenConverter<AuditCategory>>().HasMaxLength(16);
        b.Property(x => x.Operation).HasMaxLength(128);
        b.Property(x => x.SubjectType).HasMaxLength(32);
        b.Property(x => x.Recipient).HasMaxLength(256);
        b.Property(x => x.Outcome).HasConversion<TokenConverter<AuditOutcome>>().HasMaxLength(16);
        b.Property(x => x.PreviousHash).HasMaxLength(64);
        b.Property(x => x.Hash).HasMaxLength(64);
        b.Ignore(x => x.SubjectIdList);
        b.HasIndex(x => x.At);
        b.HasIndex(x => x.Actor);
    }
}
