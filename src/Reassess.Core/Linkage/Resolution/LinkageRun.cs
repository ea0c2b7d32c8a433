using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Reassess.Linkage.Resolution;

/// <summary>The stages of <c>reassess link</c>, in order. Each stage's output is stored before its marker is set.</summary>
public enum LinkageStage
{
    /// <summary>Nothing finished yet.</summary>
    None,
    /// <summary>Links on PNC ids and shared identifiers are stored.</summary>
    Deterministic,
    /// <summary>The model's matches and the resolved people are stored.</summary>
    Probabilistic,
    /// <summary>Offender networks and missed-group evidence are stored: the run is complete.</summary>
    Networks,
}

/// <summary>How a run of <c>reassess link</c> worked.</summary>
public enum LinkageMode
{
    /// <summary>Everything recomputed: the model fitted, every pair blocked and scored, every network found.</summary>
    Full,
    /// <summary>Only the nominals new or changed since a completed run (<see cref="LinkageRun.BaseRunId"/>), scored with that run's model.</summary>
    Incremental,
}

/// <summary>
/// One run of <c>reassess link</c>. An interrupted run (its <see cref="CompletedStage"/> short of
/// <see cref="LinkageStage.Networks"/>) is continued by the next <c>link</c> over the same data, from the stage after the
/// last one it finished, instead of starting again.
/// </summary>
public sealed class LinkageRun
{
    public long Id { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public LinkageStage CompletedStage { get; set; }
    /// <summary>What the run read (row counts and last import batch): a run is only continued over the same data.</summary>
    public required string InputFingerprint { get; set; }
    public int Seed { get; set; }
    public long Nominals { get; set; }
    public long DeterministicLinks { get; set; }
    /// <summary>Record pairs the model compared.</summary>
    public long Comparisons { get; set; }
    public double ProbabilisticSeconds { get; set; }
    public long ProbabilisticMatches { get; set; }
    public long ResolvedPeople { get; set; }
    public long Networks { get; set; }
    public long MissedGroupInvestigations { get; set; }
    /// <summary>The highest network number (<c>NET-…</c>) issued up to and including this run: a new network takes the next, so a retired label is never reused.</summary>
    public long NetworkLabelHigh { get; set; }
    public LinkageMode Mode { get; set; }
    /// <summary>For an incremental run, the completed run whose results it carried forward.</summary>
    public long? BaseRunId { get; set; }
    /// <summary>The highest import batch whose rows the run read: rows with a later <c>last_batch_id</c> are new or changed since.</summary>
    public long BatchHigh { get; set; }
    /// <summary>The fitted model (<see cref="Matching.FittedModel"/> as JSON) an incremental link scores new nominals with.</summary>
    public string? Model { get; set; }
    /// <summary>Total weight of the network graph's links (the modularity's 2m / 2), which an incremental run's community
    /// detection on part of the graph scales its resolution by.</summary>
    public double GraphWeight { get; set; }
}

internal sealed class LinkageRunConfiguration : IEntityTypeConfiguration<LinkageRun>
{
    public void Configure(EntityTypeBuilder<LinkageRun> b)
    {
        b.ToTable("linkage_runs");
        b.Property(x => x.CompletedStage).HasConversion<Storage.TokenConverter<LinkageStage>>().HasMaxLength(16);
        b.Property(x => x.InputFingerprint).HasMaxLength(256);
        b.Property(x => x.Mode).HasConversion<Storage.TokenConverter<LinkageMode>>().HasMaxLength(16);
    }
}
