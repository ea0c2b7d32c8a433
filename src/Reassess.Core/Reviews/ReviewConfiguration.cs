using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Reassess.Screening;
using Reassess.Storage;

namespace Reassess.Reviews;

internal sealed class ReviewConfiguration : IEntityTypeConfiguration<Review>
{
    public void Configure(EntityTypeBuilder<Review> b)
    {
        b.ToTable("reviews");
        b.Property(x => x.Force).HasMaxLength(8);
        b.Property(x => x.Status).HasConversion<TokenConverter<ReviewStatus>>().HasMaxLength(16);
        b.Property(x => x.Recommendation).HasConversion<TokenConverter<Recommendation>>().HasMaxLength(32);
        b.Property(x => x.ReviewerUserName).HasMaxLength(256);
        b.Property(x => x.SupervisorUserName).HasMaxLength(256);
        // An int incremented by the service works as the token on both engines (PostgreSQL's xmin would not on SQLite).
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.CandidateId).IsUnique();
        b.HasIndex(x => new { x.Force, x.Status });
        b.HasIndex(x => new { x.Force, x.ReviewerUserName });
        b.HasOne<Records.Investigation>().WithMany().HasForeignKey(x => x.InvestigationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Screening.Candidate>().WithOne().HasForeignKey<Review>(x => x.CandidateId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReviewTransitionConfiguration : IEntityTypeConfiguration<ReviewTransition>
{
    public void Configure(EntityTypeBuilder<ReviewTransition> b)
    {
        b.ToTable("review_transitions");
        b.Property(x => x.From).HasConversion<TokenConverter<ReviewStatus>>().HasMaxLength(16);
        b.Property(x => x.To).HasConversion<TokenConverter<ReviewStatus>>().HasMaxLength(16);
        b.Property(x => x.Actor).HasMaxLength(256);
        b.Property(x => x.ActorRole).HasMaxLength(32);
        b.HasOne<Review>().WithMany().HasForeignKey(x => x.ReviewId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CandidateId, x.Id });
    }
}

internal sealed class ReviewVersionConfiguration : IEntityTypeConfiguration<ReviewVersion>
{
    public void Configure(EntityTypeBuilder<ReviewVersion> b)
    {
        b.ToTable("review_versions");
        b.Property(x => x.Recommendation).HasConversion<TokenConverter<Recommendation>>().HasMaxLength(32);
        b.Property(x => x.Decision).HasConversion<TokenConverter<ReviewStatus>>().HasMaxLength(16);
        b.Property(x => x.ReviewerUserName).HasMaxLength(256);
        b.Property(x => x.DecidedBy).HasMaxLength(256);
        b.Property(x => x.HighRiskAcknowledgedBy).HasMaxLength(256);
        b.HasOne<Review>().WithMany().HasForeignKey(x => x.ReviewId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.ReviewId, x.Number }).IsUnique();
    }
}

internal sealed class ReviewLeadDecisionConfiguration : IEntityTypeConfiguration<ReviewLeadDecision>
{
    public void Configure(EntityTypeBuilder<ReviewLeadDecision> b)
    {
        b.ToTable("review_lead_decisions");
        b.Property(x => x.Force).HasMaxLength(8);
        b.Property(x => x.LeadKey).HasMaxLength(512);
        b.Property(x => x.Kind).HasMaxLength(32);
        b.Property(x => x.Decision).HasConversion<TokenConverter<LeadVerdict>>().HasMaxLength(16);
        b.Property(x => x.DecidedBy).HasMaxLength(256);
        b.HasOne<ReviewVersion>().WithMany(v => v.LeadDecisions).HasForeignKey(x => x.ReviewVersionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.ReviewVersionId, x.LeadKey }).IsUnique();
        b.HasIndex(x => new { x.Force, x.Kind });
    }
}

/// <summary>
/// The review queue reads one force's candidates of one screening run in priority order (<see cref="ReviewQueries"/>);
/// with this index the database walks them in that order and stops at the end of the page instead of sorting them all.
/// </summary>
internal sealed class CandidateQueueIndexConfiguration : IEntityTypeConfiguration<Candidate>
{
    public void Configure(EntityTypeBuilder<Candidate> b) =>
        // still_qualifies comes last: a bare boolean test is not an equality the planner can use as an index prefix.
        b.HasIndex(x => new { x.Force, x.LatestRunId, x.Priority, x.InvestigationRef, x.Id, x.StillQualifies }, "ix_candidates_review_queue")
            .IsDescending(false, false, true, false, false, false);
}
