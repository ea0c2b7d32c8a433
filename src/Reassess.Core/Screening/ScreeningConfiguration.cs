using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Reassess.Records;

namespace Reassess.Screening;

internal sealed class ScreeningRunConfiguration : IEntityTypeConfiguration<ScreeningRun>
{
    public void Configure(EntityTypeBuilder<ScreeningRun> b)
    {
        b.ToTable("screening_runs");
        b.Property(x => x.ProfileName).HasMaxLength(64);
        b.Property(x => x.ProfileVersion).HasMaxLength(32);
        b.Property(x => x.RunBy).HasMaxLength(128);
        b.HasIndex(x => x.ProfileName);
    }
}

internal sealed class CandidateConfiguration : IEntityTypeConfiguration<Candidate>
{
    public void Configure(EntityTypeBuilder<Candidate> b)
    {
        b.ToTable("candidates");
        b.Property(x => x.Force).HasMaxLength(8);
        b.Property(x => x.InvestigationRef).HasMaxLength(64);
        b.Property(x => x.ProfileName).HasMaxLength(64);
        b.Property(x => x.Typologies).HasMaxLength(128);
        b.Property(x => x.Basis).HasConversion(new ValueConverter<CandidateBasis, string>(v => Token.Of(v), s => Token.Parse<CandidateBasis>(s))).HasMaxLength(16);
        b.HasOne<Investigation>().WithMany().HasForeignKey(x => x.InvestigationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ScreeningRun>().WithMany().HasForeignKey(x => x.FirstRunId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ScreeningRun>().WithMany().HasForeignKey(x => x.LatestRunId).OnDelete(DeleteBehavior.Restrict);
        // The queue holds an investigation once per profile: re-running updates the row.
        b.HasIndex(x => new { x.ProfileName, x.InvestigationId }).IsUnique();
        b.HasIndex(x => new { x.Force, x.InvestigationRef });
        b.HasIndex(x => x.LatestRunId);
    }
}
