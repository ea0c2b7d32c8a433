using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Reassess.Reviews;

namespace Reassess.Referrals;

/// <summary>
/// Force side: one referral pack written for an approved review version recommending referral to the national operation.
/// Its presence is what makes <c>referrals export</c> skip that version next time; a review reopened and approved again
/// is a new version, so it is referred again as the next <see cref="PackVersion"/> of the investigation.
/// </summary>
public sealed class ReferralExport
{
    public long Id { get; set; }
    public long ReviewId { get; set; }
    /// <summary>The approved <see cref="ReviewVersion.Number"/> the pack was made from.</summary>
    public int ReviewVersionNumber { get; set; }
    public required string Force { get; set; }
    public long InvestigationId { get; set; }
    public required string InvestigationRef { get; set; }
    /// <summary>The pack's <c>pack_id</c>.</summary>
    public required string PackId { get; set; }
    /// <summary>1 for the investigation's first referral, then 2, 3… (the pack's <c>version</c>).</summary>
    public int PackVersion { get; set; }
    /// <summary>The pack's <c>hash</c>: SHA-256 of the canonical body, lower-case hex.</summary>
    public required string Hash { get; set; }
    public DateTimeOffset ApprovedAt { get; set; }
    public DateTimeOffset ExportedAt { get; set; }
    public required string ExportedBy { get; set; }
}

/// <summary>National side: a force whose packs are accepted, with the public key its packs must be signed with.</summary>
public sealed class ReferringForce
{
    public long Id { get; set; }
    public required string Force { get; set; }
    /// <summary>The force's ECDSA P-256 public key, SubjectPublicKeyInfo PEM.</summary>
    public required string PublicKeyPem { get; set; }
    /// <summary>The key's id (<see cref="ReferralSigningKey.KeyIdOf"/>), which a pack's signature names.</summary>
    public required string KeyId { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }
    public required string RegisteredBy { get; set; }
}

/// <summary>
/// National side: one received referral pack. A later version of the same force and investigation supersedes it
/// (<see cref="Current"/> false) but it is kept: the history of what each force sent.
/// </summary>
public sealed class ReceivedReferral
{
    public long Id { get; set; }
    public required string PackId { get; set; }
    public required string Force { get; set; }
    public required string InvestigationRef { get; set; }
    public int Version { get; set; }
    public required string Hash { get; set; }
    /// <summary>The pack's canonical body, as signed.</summary>
    public required string BodyJson { get; set; }
    /// <summary>The newest version of its force and investigation.</summary>
    public bool Current { get; set; }
    public bool MeetsNationalCriteria { get; set; }
    /// <summary>Typology labels joined with <c>;</c>.</summary>
    public required string Typologies { get; set; }
    /// <summary>The priority under the national profile, as the pack's factors sum it.</summary>
    public double Priority { get; set; }
    public DateTimeOffset ApprovedAt { get; set; }
    /// <summary>When the force wrote the pack (<c>created_at</c>): the referral date.</summary>
    public DateTimeOffset ReferredAt { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public required string ReceivedBy { get; set; }
    /// <summary>The file it was read from (name only).</summary>
    public required string SourceFile { get; set; }
}

/// <summary>
/// Force side: a feedback notice from the national operation: a suspect of one of this force's referrals appears in
/// referrals from other forces, named only by those forces' codes.
/// </summary>
public sealed class ReferralNotice
{
    public long Id { get; set; }
    /// <summary>The notice's id within the national operation's notices (stable: a notice imported again is skipped).</summary>
    public required string NoticeId { get; set; }
    public required string Force { get; set; }
    public required string InvestigationRef { get; set; }
    public required string SuspectRef { get; set; }
    /// <summary>The other forces' codes, sorted, joined with <c>;</c>.</summary>
    public required string OtherForces { get; set; }
    public required string Message { get; set; }
    public DateTimeOffset GeneratedAt { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
}

internal sealed class ReferralExportConfiguration : IEntityTypeConfiguration<ReferralExport>
{
    public void Configure(EntityTypeBuilder<ReferralExport> b)
    {
        b.ToTable("referral_exports");
        b.Property(x => x.Force).HasMaxLength(8);
        b.Property(x => x.InvestigationRef).HasMaxLength(64);
        b.Property(x => x.PackId).HasMaxLength(64);
        b.Property(x => x.Hash).HasMaxLength(64);
        b.Property(x => x.ExportedBy).HasMaxLength(256);
        b.HasIndex(x => new { x.ReviewId, x.ReviewVersionNumber }).IsUnique();
        b.HasIndex(x => x.PackId).IsUnique();
        b.HasIndex(x => new { x.Force, x.InvestigationId });
        b.HasOne<Review>().WithMany().HasForeignKey(x => x.ReviewId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReferringForceConfiguration : IEntityTypeConfiguration<ReferringForce>
{
    public void Configure(EntityTypeBuilder<ReferringForce> b)
    {
        b.ToTable("referral_forces");
        b.Property(x => x.Force).HasMaxLength(8);
        b.Property(x => x.KeyId).HasMaxLength(64);
        b.Property(x => x.RegisteredBy).HasMaxLength(256);
        b.HasIndex(x => x.Force).IsUnique();
    }
}

internal sealed class ReceivedReferralConfiguration : IEntityTypeConfiguration<ReceivedReferral>
{
    public void Configure(EntityTypeBuilder<ReceivedReferral> b)
    {
        b.ToTable("referrals_received");
        b.Property(x => x.PackId).HasMaxLength(64);
        b.Property(x => x.Force).HasMaxLength(8);
        b.Property(x => x.InvestigationRef).HasMaxLength(64);
        b.Property(x => x.Hash).HasMaxLength(64);
        b.Property(x => x.Typologies).HasMaxLength(128);
        b.Property(x => x.ReceivedBy).HasMaxLength(256);
        b.Property(x => x.SourceFile).HasMaxLength(260);
        b.HasIndex(x => x.Hash).IsUnique();
        b.HasIndex(x => new { x.Force, x.InvestigationRef, x.Version }).IsUnique();
        b.HasIndex(x => new { x.Current, x.Priority });
    }
}

internal sealed class ReferralNoticeConfiguration : IEntityTypeConfiguration<ReferralNotice>
{
    public void Configure(EntityTypeBuilder<ReferralNotice> b)
    {
        b.ToTable("referral_notices");
        b.Property(x => x.NoticeId).HasMaxLength(64);
        b.Property(x => x.Force).HasMaxLength(8);
        b.Property(x => x.InvestigationRef).HasMaxLength(64);
        b.Property(x => x.SuspectRef).HasMaxLength(64);
        b.Property(x => x.OtherForces).HasMaxLength(256);
        b.HasIndex(x => x.NoticeId).IsUnique();
        b.HasIndex(x => new { x.Force, x.InvestigationRef });
    }
}
