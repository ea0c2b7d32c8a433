using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Reassess.Cases;
using Reassess.Leads;
using Reassess.Records;
using Reassess.Screening;
using Reassess.Storage;

namespace Reassess.Reporting;

/// <summary>How many leads of one kind reviewers accepted and dismissed.</summary>
public sealed record LeadDecisionTally(int Accepted, int Dismissed);

/// <summary>
/// Where the leads report reads reviewers' decisions on leads (accepted, or dismissed with a reason: docs/leads.md), counted by
/// kind for the candidates of one profile (and force). A store that keeps no lead decisions says so with
/// <see cref="Recorded"/> false, and the report then leaves the accepted, dismissed and acceptance-rate cells empty and
/// says why, rather than show zeros nobody recorded.
/// </summary>
public interface ILeadDecisionCounts
{
    /// <summary>Whether lead decisions are recorded at all (false: there is nothing to count, which is not zero).</summary>
    bool Recorded { get; }

    /// <summary>Decisions by kind on the leads of <paramref name="profileName"/>'s candidates, of <paramref name="force"/> only when given.</summary>
    Task<IReadOnlyDictionary<LeadKind, LeadDecisionTally>> CountAsync(ReassessDbContext db, string profileName, string? force, CancellationToken cancellationToken);
}

/// <summary>
/// An <see cref="ILeadDecisionCounts"/> for a store that keeps no lead decisions (<see cref="Recorded"/> is false): the
/// report says decisions are not recorded instead of showing zeros. Reviews keep theirs: see <see cref="StoredLeadDecisions"/>.
/// </summary>
public sealed class NoLeadDecisions : ILeadDecisionCounts
{
    public static NoLeadDecisions Instance { get; } = new();

    public bool Recorded => false;

    public Task<IReadOnlyDictionary<LeadKind, LeadDecisionTally>> CountAsync(ReassessDbContext db, string profileName, string? force, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<LeadKind, LeadDecisionTally>>(new Dictionary<LeadKind, LeadDecisionTally>());
}

/// <summary>
/// One kind of lead under one profile: how many the engine proposes for the candidates of its latest screening run, on
/// how many candidates, and (when decisions are recorded) how many reviewers accepted and dismissed.
/// </summary>
public sealed record LeadKindRow(string Profile, LeadKind Kind, int Proposed, int Candidates, int? Accepted, int? Dismissed)
{
    /// <summary>Accepted over decided (accepted + dismissed); null when nothing was decided or decisions are not recorded.</summary>
    public double? AcceptanceRate => Accepted is { } a && Dismissed is { } d && a + d > 0 ? (double)a / (a + d) : null;
}

/// <summary>
/// Leads by kind (issue 20): proposed, accepted and dismissed, with the acceptance rate, which is how a review team learns
/// which kinds of lead are worth their time. Proposed counts are the leads the engine finds now for every candidate of each
/// profile's latest screening run (<see cref="LeadFinder.ForCandidatesAsync(ReassessDbContext, CriteriaProfile, DateOnly?, string?, CancellationToken)"/>);
/// decisions come from an <see cref="ILeadDecisionCounts"/>. Aggregates only: no case is named.
/// </summary>
public static class LeadsReport
{
    public const string Heading = "Leads by kind";

    /// <summary>
    /// The rows for every profile with a completed screening run whose candidates include <paramref name="force"/>'s (every
    /// force when null), every kind listed per profile. A profile not installed here is left out (its rules are unknown).
    /// </summary>
    public static async Task<IReadOnlyList<LeadKindRow>> LoadAsync(ReassessDbContext db, DateOnly asOf, string? force, ILinkageFacts linkage,
        ILeadDecisionCounts decisions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(linkage);
        ArgumentNullException.ThrowIfNull(decisions);
        var profiles = await db.Set<ScreeningRun>().AsNoTracking().Where(r => r.CompletedAt != null).Select(r => r.ProfileName).Distinct().ToListAsync(cancellationToken);
        var version = await DataVersion.ReadAsync(db, cancellationToken);
        var rows = new List<LeadKindRow>();
        foreach (var name in profiles.Order(StringComparer.Ordinal))
        {
            CriteriaProfile profile;
            try { profile = CriteriaProfileLoader.LoadShipped(name); }
            catch (CriteriaProfileException) { continue; }
            var proposed = await ProposedAsync(db, profile, asOf, force, linkage, version, cancellationToken);
            if (proposed.Count == 0) continue;
            var tallies = decisions.Recorded ? await decisions.CountAsync(db, name, force, cancellationToken) : null;
            foreach (var (kind, count, on) in proposed)
            {
                LeadDecisionTally? tally = tallies is null ? null : tallies.GetValueOrDefault(kind) ?? new LeadDecisionTally(0, 0);
                rows.Add(new LeadKindRow(name, kind, count, on, tally?.Accepted, tally?.Dismissed));
            }
        }
        return rows;
    }

    // Finding every candidate's leads takes seconds at a large force's scale, and the progress report is opened often:
    // the counts are kept per profile, force and as-of date under the data version they were found from (an import, a
    // record change, a screening or linkage run moves it) and the database, a few dozen entries at most. Decisions are read every time.
    private static readonly ConcurrentDictionary<(string? Database, string Version, string Profile, string Force, DateOnly AsOf), IReadOnlyList<(LeadKind Kind, int Proposed, int Candidates)>> Proposed = new();
    private const int KeptCounts = 64;

    /// <summary>Proposed leads by kind (every kind, in order) and on how many candidates; empty when the run has no candidates in scope.</summary>
    private static async Task<IReadOnlyList<(LeadKind Kind, int Proposed, int Candidates)>> ProposedAsync(ReassessDbContext db, CriteriaProfile profile, DateOnly asOf,
        string? force, ILinkageFacts linkage, DataVersion version, CancellationToken cancellationToken)
    {
        var key = (db.Database.GetConnectionString(), version.Stamp, profile.Name + " " + profile.Version, force?.Trim().ToUpperInvariant() ?? "", asOf);
        if (Proposed.TryGetValue(key, out var kept)) return kept;
        var found = await new LeadFinder(linkage).ForCandidatesAsync(db, profile, asOf, force, cancellationToken);
        IReadOnlyList<(LeadKind, int, int)> counts = found.Candidates.Count == 0 ? [] :
            [.. found.CountByKind().Select(k => (k.Kind, k.Count, found.Candidates.Count(c => c.Leads.Any(l => l.Kind == k.Kind))))];
        if (Proposed.Count >= KeptCounts) Proposed.Clear();
        Proposed[key] = counts;
        return counts;
    }

    /// <summary>The report section: one row per profile and kind, with a note saying what the numbers are (and are not).</summary>
    public static ReportSection Section(IReadOnlyList<LeadKindRow> rows, bool decisionsRecorded)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var table = new ReportTable(
            [new("profile"), new("kind"), new("proposed", true), new("candidates", true), new("accepted", true), new("dismissed", true), new("acceptance rate", true)],
            [.. rows.Select(r => (IReadOnlyList<string>)[r.Profile, Token.Of(r.Kind), N(r.Proposed), N(r.Candidates),
                r.Accepted is { } a ? N(a) : "", r.Dismissed is { } d ? N(d) : "",
                r.AcceptanceRate is { } rate ? rate.ToString("0.0%", CultureInfo.InvariantCulture) : ""])])
        {
            Note = "proposed: the leads found now for the candidates of each profile's latest screening run (candidates: how many have at least one). " +
                   (decisionsRecorded
                       ? "accepted, dismissed: reviewers' decisions on those leads; acceptance rate: accepted out of decided."
                       : "accepted, dismissed and acceptance rate are left empty: lead decisions are not recorded by this version of the review form."),
        };
        return new ReportSection(Heading, table,
            Text: rows.Count == 0 ? "No screening run under an installed profile has candidates in scope, so there are no leads to count." : null);
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
}
