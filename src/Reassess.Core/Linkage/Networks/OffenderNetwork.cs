using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Reassess.Linkage.Networks;

/// <summary>
/// A community of resolved people, found by <see cref="Louvain"/> in the graph of co-suspects, victim–suspect links
/// and shared identifiers, that holds two or more suspects (an offender network). Rewritten by each <c>reassess link</c>; its label carries on from the previous run's network
/// with mostly the same members (<see cref="NetworkLineage"/>), so reviews and reports citing it stay valid.
/// </summary>
public sealed class OffenderNetwork
{
    public long Id { get; set; }
    /// <summary>The network's label in outputs, <c>NET-000001</c>: kept from the previous run's network it carries on from, else the next number never issued.</summary>
    public required string Label { get; set; }
    public long LinkageRunId { get; set; }
    /// <summary>Distinct resolved people who are suspects in it.</summary>
    public int Suspects { get; set; }
    public int Victims { get; set; }
    /// <summary>Distinct resolved people.</summary>
    public int People { get; set; }
    /// <summary>Nominals (person records).</summary>
    public int Nominals { get; set; }
    /// <summary>Forces of its members, sorted, joined with <c>;</c>.</summary>
    public required string Forces { get; set; }
    /// <summary>Investigations of its members as <c>FORCE/REF</c>, sorted, joined with <c>;</c>.</summary>
    public required string Investigations { get; set; }
    /// <summary>Against the previous run: <c>new</c> (no network of the previous run carries on as this one), <c>unchanged</c> or <c>changed</c>.</summary>
    public NetworkChange Change { get; set; }
    /// <summary>Nominals in it now that were not in the network it carries on from (all of them when new).</summary>
    public int MembersAdded { get; set; }
    /// <summary>Nominals of the network it carries on from that are no longer in it.</summary>
    public int MembersRemoved { get; set; }
    /// <summary>Networks of the previous run, now retired, whose members mostly joined this one: labels sorted, joined with <c>;</c>.</summary>
    public string MergedFrom { get; set; } = "";
    /// <summary>Networks of the previous run that gave some of their members to this one (and still exist, or mostly went elsewhere): labels joined with <c>;</c>.</summary>
    public string SplitFrom { get; set; } = "";
    /// <summary>Other networks that took members of the network this one carries on from: labels joined with <c>;</c>.</summary>
    public string SplitInto { get; set; } = "";

    /// <summary>The change in words, e.g. <c>changed: 2 members added, 1 removed; merged from NET-000004</c>.</summary>
    public string DescribeChange() => NetworkLineage.Describe(Change, MembersAdded, MembersRemoved, MergedFrom, SplitFrom, SplitInto);
}

/// <summary>How a network compares with the previous run's (see <see cref="NetworkLineage"/>).</summary>
public enum NetworkChange
{
    /// <summary>No network of the previous run carries on as this one: a new label.</summary>
    New,
    /// <summary>The same nominals as the network it carries on from.</summary>
    Unchanged,
    /// <summary>Carries on a network of the previous run (its label) with members added or removed.</summary>
    Changed,
}

/// <summary>A nominal in an <see cref="OffenderNetwork"/>, with its role there and its investigations in the network.</summary>
public sealed class NetworkMember
{
    public long Id { get; set; }
    public long NetworkId { get; set; }
    public long PersonId { get; set; }
    public long ResolvedId { get; set; }
    public required string Force { get; set; }
    public required string PersonRef { get; set; }
    /// <summary><c>suspect</c> (a suspect in any of its investigations), else <c>victim</c>, else <c>other</c>.</summary>
    public required string Role { get; set; }
    /// <summary>The nominal's investigation refs in the network, sorted, joined with <c>;</c>.</summary>
    public required string InvestigationRefs { get; set; }
}

/// <summary>An edge that binds a network: two resolved people and the evidence linking them.</summary>
public sealed class NetworkLink
{
    public long Id { get; set; }
    public long NetworkId { get; set; }
    public long FromResolvedId { get; set; }
    public long ToResolvedId { get; set; }
    /// <summary>Kinds of evidence, sorted, joined with <c>;</c>: <c>co_suspect</c>, <c>victim_suspect</c>, <c>phone</c>, <c>vehicle</c>, …</summary>
    public required string Kinds { get; set; }
    public double Weight { get; set; }
    /// <summary>The evidence in words, e.g. <c>co-suspects MPS:P1, MPS:P2 in MPS/INV-1</c>; several joined with <c>; </c>.</summary>
    public required string Evidence { get; set; }
}

/// <summary>
/// Why an investigation may be part of a group nobody connected: its suspect belongs to an offender network with other
/// suspects of child sexual offence investigations. Screening reads it to mark the investigation <c>linked</c>.
/// </summary>
public sealed class MissedGroupLink
{
    /// <summary>The investigation (<c>investigations.id</c>).</summary>
    public long InvestigationId { get; set; }
    public long NetworkId { get; set; }
    /// <summary>The chain of evidence, human-readable.</summary>
    public required string Evidence { get; set; }
}

internal sealed class OffenderNetworkConfiguration : IEntityTypeConfiguration<OffenderNetwork>
{
    public void Configure(EntityTypeBuilder<OffenderNetwork> b)
    {
        b.ToTable("offender_networks");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Label).HasMaxLength(16);
        b.HasIndex(x => x.Label).IsUnique();
        b.Property(x => x.Change).HasConversion<Storage.TokenConverter<NetworkChange>>().HasMaxLength(16);
    }
}

internal sealed class NetworkMemberConfiguration : IEntityTypeConfiguration<NetworkMember>
{
    public void Configure(EntityTypeBuilder<NetworkMember> b)
    {
        b.ToTable("network_members");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Force).HasMaxLength(8);
        b.Property(x => x.PersonRef).HasMaxLength(64);
        b.Property(x => x.Role).HasMaxLength(8);
        b.HasIndex(x => x.NetworkId);
        b.HasIndex(x => x.PersonId);
    }
}

internal sealed class NetworkLinkConfiguration : IEntityTypeConfiguration<NetworkLink>
{
    public void Configure(EntityTypeBuilder<NetworkLink> b)
    {
        b.ToTable("network_links");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Kinds).HasMaxLength(128);
        b.HasIndex(x => x.NetworkId);
    }
}

internal sealed class MissedGroupLinkConfiguration : IEntityTypeConfiguration<MissedGroupLink>
{
    public void Configure(EntityTypeBuilder<MissedGroupLink> b)
    {
        b.ToTable("missed_group_links");
        b.HasKey(x => x.InvestigationId);
        b.Property(x => x.InvestigationId).ValueGeneratedNever();
        b.HasIndex(x => x.NetworkId);
    }
}
