using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Reassess.Linkage.Resolution;

/// <summary>How a proposed match between two nominals was found.</summary>
public enum MatchMethod
{
    /// <summary>Both carry the same Police National Computer id.</summary>
    Pnc,
    /// <summary>Both were recorded with the same phone, email, vehicle or username, and nothing on the records contradicts it.</summary>
    Identifier,
    /// <summary>The Fellegi–Sunter model scored the pair above its review threshold.</summary>
    Probabilistic,
    /// <summary>No rule proposed it; a reviewer linked the two nominals by hand.</summary>
    Reviewer,
}

/// <summary>Where a proposed match stands.</summary>
public enum MatchStatus
{
    /// <summary>Below the model's automatic threshold: awaits a reviewer.</summary>
    Pending,
    /// <summary>A reviewer said they are the same person.</summary>
    Confirmed,
    /// <summary>A reviewer said they are different people; the model is overridden.</summary>
    Rejected,
    /// <summary>Linked without review: a deterministic rule, or the model above its automatic threshold.</summary>
    Auto,
}

/// <summary>
/// A proposed link between two nominals (person records) that may be the same real person. Linkage never merges
/// nominals: the source records stay as they were, and a match only says they resolve to one person. Each run of
/// <c>reassess link</c> rewrites the proposals; reviewers' <see cref="MatchDecision"/>s survive and decide the status.
/// </summary>
public sealed class PersonMatch
{
    public long Id { get; set; }
    /// <summary>The <see cref="LinkageRun"/> that proposed it.</summary>
    public long LinkageRunId { get; set; }
    /// <summary>The nominal first in (force, person_ref) order.</summary>
    public long LeftPersonId { get; set; }
    public required string LeftForce { get; set; }
    public required string LeftPersonRef { get; set; }
    public long RightPersonId { get; set; }
    public required string RightForce { get; set; }
    public required string RightPersonRef { get; set; }
    /// <summary>Total match weight (log2 Bayes factor, prior included) for probabilistic matches; 0 for deterministic ones.</summary>
    public double Weight { get; set; }
    /// <summary>Probability that the two are the same person (1 for deterministic matches).</summary>
    public double Probability { get; set; }
    /// <summary>Each field's contribution, a JSON array of <c>{"field","level","weight"}</c> objects.</summary>
    public required string Contributions { get; set; }
    public MatchMethod Method { get; set; }
    public MatchStatus Status { get; set; }
    /// <summary>What links them, in words: <c>PNC 05/123456K</c>, <c>phone +447700900123</c>, <c>probability 0.97</c>.</summary>
    public required string Evidence { get; set; }
}

/// <summary>
/// A reviewer's decision on whether two nominals are the same person. Keyed by the natural keys (force and the
/// force's person id), not by surrogate ids, so it survives re-runs of linkage and re-imports; it overrides the model.
/// </summary>
public sealed class MatchDecision
{
    public long Id { get; set; }
    /// <summary>First nominal of the pair in (force, person_ref) order.</summary>
    public required string LeftForce { get; set; }
    public required string LeftPersonRef { get; set; }
    public required string RightForce { get; set; }
    public required string RightPersonRef { get; set; }
    public bool SamePerson { get; set; }
    /// <summary>The reviewer could not tell: kept and audited, but it decides nothing (the pair stays pending, <see cref="SamePerson"/> is false and unused).</summary>
    public bool Unsure { get; set; }
    public required string DecidedBy { get; set; }
    public DateTimeOffset DecidedAt { get; set; }
    public string? Reason { get; set; }
}

/// <summary>Which resolved person a nominal belongs to (the id of one of its cluster's nominals, kept across runs: <see cref="StablePersonIds"/>).</summary>
public sealed class ResolvedPerson
{
    /// <summary>The nominal (<c>people.id</c>).</summary>
    public long PersonId { get; set; }
    /// <summary>The resolved person's id: a <c>people.id</c> among the nominals linked to this one, the previous run's when its nominal is still among them.</summary>
    public long ResolvedId { get; set; }
}

internal sealed class PersonMatchConfiguration : IEntityTypeConfiguration<PersonMatch>
{
    public void Configure(EntityTypeBuilder<PersonMatch> b)
    {
        b.ToTable("person_matches");
        b.Property(x => x.Id).ValueGeneratedNever(); // written in bulk with ids assigned by the run
        b.Property(x => x.LeftForce).HasMaxLength(8);
        b.Property(x => x.RightForce).HasMaxLength(8);
        b.Property(x => x.LeftPersonRef).HasMaxLength(64);
        b.Property(x => x.RightPersonRef).HasMaxLength(64);
        b.Property(x => x.Method).HasConversion<Storage.TokenConverter<MatchMethod>>().HasMaxLength(16);
        b.Property(x => x.Status).HasConversion<Storage.TokenConverter<MatchStatus>>().HasMaxLength(16);
        b.HasIndex(x => new { x.LeftPersonId, x.RightPersonId });
        b.HasIndex(x => x.Status);
    }
}

internal sealed class MatchDecisionConfiguration : IEntityTypeConfiguration<MatchDecision>
{
    public void Configure(EntityTypeBuilder<MatchDecision> b)
    {
        b.ToTable("match_decisions");
        b.Property(x => x.LeftForce).HasMaxLength(8);
        b.Property(x => x.RightForce).HasMaxLength(8);
        b.Property(x => x.LeftPersonRef).HasMaxLength(64);
        b.Property(x => x.RightPersonRef).HasMaxLength(64);
        b.Property(x => x.DecidedBy).HasMaxLength(256);
        b.HasIndex(x => new { x.LeftForce, x.LeftPersonRef, x.RightForce, x.RightPersonRef }).IsUnique();
    }
}

internal sealed class ResolvedPersonConfiguration : IEntityTypeConfiguration<ResolvedPerson>
{
    public void Configure(EntityTypeBuilder<ResolvedPerson> b)
    {
        b.ToTable("resolved_people");
        b.HasKey(x => x.PersonId);
        b.Property(x => x.PersonId).ValueGeneratedNever();
        b.HasIndex(x => x.ResolvedId);
    }
}
