using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Reassess.Audit;

namespace Reassess.Access;

/// <summary>
/// Why a national oversight user opened one investigation's detail. Issue 6: national oversight sees aggregates and opens
/// a case only after recording a justification (DPA 2018 s.62: consultation must be attributable and justified).
/// </summary>
public sealed class CaseAccessJustification
{
    public long Id { get; set; }
    public required string UserName { get; set; }
    public long InvestigationId { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

internal sealed class CaseAccessJustificationConfiguration : IEntityTypeConfiguration<CaseAccessJustification>
{
    public void Configure(EntityTypeBuilder<CaseAccessJustification> builder)
    {
        builder.Property(j => j.UserName).HasMaxLength(256);
        builder.Property(j => j.Reason).HasMaxLength(2000);
        builder.HasIndex(j => new { j.UserName, j.InvestigationId, j.RecordedAt });
    }
}

/// <summary>
/// Records and looks up <see cref="CaseAccessJustification"/>s. Recording one writes a consultation to the audit trail in
/// the same transaction (DPA 2018 s.62(2): the justification of a consultation must be establishable from the log).
/// </summary>
public sealed class CaseAccessJustifications(Storage.ReassessDbContext db, TimeProvider time, IAuditTrail? audit = null)
{
    /// <summary>The audit operation of a recorded justification.</summary>
    public const string JustifyOperation = "case.justify";

    /// <summary>A justification covers the rest of a working session, never longer than the absolute session limit.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromHours(8);

    public const int MinimumReasonLength = 10;

    /// <summary>Records why <paramref name="userName"/> opens the investigation; the reason must say something.</summary>
    public async Task<CaseAccessJustification> RecordAsync(string userName, long investigationId, string reason, CancellationToken cancellationToken = default)
    {
        reason = (reason ?? "").Trim();
        if (reason.Length < MinimumReasonLength)
            throw new ArgumentException($"Give a reason of at least {MinimumReasonLength} characters.", nameof(reason));
        var entry = new CaseAccessJustification { UserName = userName, InvestigationId = investigationId, Reason = reason, RecordedAt = time.GetUtcNow() };
        db.Set<CaseAccessJustification>().Add(entry);
        if (audit is null)
        {
            await db.SaveChangesAsync(cancellationToken);
            return entry;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(db, new AuditEvent(AuditActor.User(userName), AuditCategory.Consultation, JustifyOperation,
            AuditSubjects.Investigation, [investigationId.ToString(CultureInfo.InvariantCulture)])
        { Justification = reason }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return entry;
    }

    /// <summary>The user's current justification for the investigation, if one is still valid.</summary>
    public async Task<CaseAccessJustification?> CurrentAsync(string userName, long investigationId, CancellationToken cancellationToken = default)
    {
        var since = time.GetUtcNow() - Validity;
        return await db.Set<CaseAccessJustification>().AsNoTracking()
            .Where(j => j.UserName == userName && j.InvestigationId == investigationId && j.RecordedAt >= since)
            .OrderByDescending(j => j.RecordedAt)
            .FirstOrDefaultAsync(cancellationToken);
    }
}
