using Microsoft.EntityFrameworkCore;
using Reassess.Access;
using Reassess.Leads;
using Reassess.Records;
using Reassess.Reviews;
using Reassess.Screening;
using Reassess.Storage;

namespace Reassess.Cases;

/// <summary>
/// One lead as the case page shows it to the candidate's force: another force's investigation appears only as "an
/// investigation (FORCE)" in <see cref="Value"/> and <see cref="Evidence"/> (<see cref="Lead.ValueInForce"/>,
/// <see cref="Lead.EvidenceInForce"/>). <see cref="Proposes"/> says what it proposes under the group's question.
/// </summary>
public sealed record CaseLead(string Kind, string? SubjectRef, string Value, string Evidence, string Proposes);

/// <summary>The leads that answer one question of the review form (or the data gaps), in the engine's order.</summary>
public sealed record CaseLeadGroup(ReviewQuestion Question, string Title, IReadOnlyList<CaseLead> Leads);

/// <summary>
/// The leads of a case, grouped under the four questions of a re-assessment and the data gaps (every group listed, empty
/// ones included, in the form's order). A lead that proposes items for two questions (a later offence is an extant risk
/// and an opportunity) appears in both. <see cref="Linked"/> is false before any <c>reassess link</c> run: suspects are
/// then matched on the same nominal only, which the page says. <see cref="Unavailable"/> is set, and there are no
/// groups, when the leads cannot be found (the profile that queued the case is not installed here).
/// </summary>
public sealed record CaseLeads(IReadOnlyList<CaseLeadGroup> Groups, int Count, bool Linked, DateOnly AsOf, string? Unavailable)
{
    /// <summary>The order and titles of the groups: the four questions of docs/review-form.md, then the data gaps.</summary>
    public static readonly IReadOnlyList<(ReviewQuestion Question, string Title)> Questions =
    [
        (ReviewQuestion.LinesOfEnquiry, "Lines of enquiry"),
        (ReviewQuestion.ExtantRisks, "Extant risks"),
        (ReviewQuestion.Safeguarding, "Safeguarding"),
        (ReviewQuestion.Opportunities, "Opportunities to bring offenders to justice"),
        (ReviewQuestion.DataGaps, "Data gaps"),
    ];

    /// <summary>
    /// Groups <paramref name="leads"/> (all of one candidate) under the questions their proposals answer, each lead once
    /// per question, shown as the candidate's force sees it.
    /// </summary>
    public static CaseLeads Group(IReadOnlyList<Lead> leads, bool linked, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(leads);
        var groups = Questions.Select(q => new CaseLeadGroup(q.Question, q.Title,
                [.. leads.SelectMany(l => l.Proposals.Where(p => p.Question == q.Question).Take(1)
                    .Select(p => new CaseLead(l.KindToken, l.SubjectRef, l.ValueInForce, l.EvidenceInForce, Proposes(p))))]))
            .ToList();
        return new CaseLeads(groups, leads.Count, linked, asOf, null);
    }

    /// <summary>What a proposal would put in the form, in a few words (the tokens of docs/review-form.md).</summary>
    public static string Proposes(LeadProposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return proposal.Question switch
        {
            ReviewQuestion.LinesOfEnquiry => "line of enquiry: " + (proposal.Category is { } c ? Token.Of(c) : "other"),
            ReviewQuestion.ExtantRisks => "extant risk " + proposal.Risk switch
            {
                RiskTarget.Victim => "to the victim",
                RiskTarget.OtherChildren => "to other children",
                _ => "from the suspect",
            },
            ReviewQuestion.Safeguarding => "safeguarding referral: " + (proposal.Agency is { } a ? Token.Of(a) : "other"),
            ReviewQuestion.Opportunities => "opportunity: " + (proposal.Opportunity is { } o ? Token.Of(o) : "none"),
            _ => "a data gap to close",
        };
    }
}

/// <summary>
/// The leads of one candidate as <see cref="CaseLeadFinder"/> found them: the engine's leads, whether a link run resolved the
/// people, the as-of date, or why they could not be found (<see cref="Unavailable"/>). The case page's grouping
/// (<see cref="Grouped"/>) and the review's set (<see cref="ForReview"/>) are made from it once, on first use, so the case
/// page and the review read one cached set.
/// </summary>
public sealed class CaseLeadSet
{
    private readonly Lazy<CaseLeads> _grouped;
    private readonly Lazy<ReviewLeadSet> _review;

    public CaseLeadSet(IReadOnlyList<Lead> leads, bool linked, DateOnly asOf, string? unavailable)
    {
        ArgumentNullException.ThrowIfNull(leads);
        (Leads, Linked, AsOf, Unavailable) = (leads, linked, asOf, unavailable);
        _grouped = new(() => unavailable is null ? CaseLeads.Group(leads, linked, asOf) : new CaseLeads([], 0, false, asOf, unavailable));
        _review = new(() => new ReviewLeadSet([.. leads.Select(ReviewLead.From).DistinctBy(l => l.Key)], unavailable));
    }

    /// <summary>The leads, in the engine's order.</summary>
    public IReadOnlyList<Lead> Leads { get; }

    /// <summary>Whether <c>reassess link</c> had resolved people (otherwise suspects are the same nominal only).</summary>
    public bool Linked { get; }

    /// <summary>The date the leads were found as of (<see cref="LeadAsOf"/>).</summary>
    public DateOnly AsOf { get; }

    /// <summary>Why the leads could not be found (the profile that queued the case is not installed here); null when found.</summary>
    public string? Unavailable { get; }

    /// <summary>The leads grouped under the four questions, as the case page shows them.</summary>
    public CaseLeads Grouped => _grouped.Value;

    /// <summary>The leads as the review form proposes them, one per key.</summary>
    public ReviewLeadSet ForReview => _review.Value;
}

/// <summary>
/// Finds the leads of a case under review, for the case page and the review form alike (docs/leads.md): the leads engine run
/// for this one investigation under the profile that queued it, as of today by the injected clock (<see cref="LeadAsOf"/>),
/// with the people <c>reassess link</c> resolved. The leads derive from data that rarely changes, so they are kept in
/// <see cref="CaseViewCache"/> under the <see cref="DataVersion"/> they were found from (an import, a record change, a
/// screening or a link run moves it) and the day, and found again once either moves. One per process.
/// </summary>
public sealed class CaseLeadFinder(CaseCaches caches, TimeProvider clock)
{
    /// <summary>The current leads of <paramref name="candidate"/>.</summary>
    public async Task<CaseLeadSet> ForCandidateAsync(ReassessDbContext db, Candidate candidate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(candidate);
        var asOf = LeadAsOf.ForCase(null, clock);
        var profile = caches.Profiles.Find(candidate.ProfileName);
        if (profile is null)
            return new CaseLeadSet([], false, asOf,
                $"The criteria profile \"{candidate.ProfileName}\" that queued this case is not installed here, so its leads cannot be found.");
        var version = await DataVersion.ReadAsync(db, cancellationToken);
        return await caches.Views.LeadsAsync(candidate.Id, version, asOf, async () =>
        {
            var (found, linked) = await new LeadFinder(caches.Linkage).ForInvestigationsLinkedAsync(db, [candidate.InvestigationId], profile, asOf, cancellationToken);
            return new CaseLeadSet(found.TryGetValue(candidate.InvestigationId, out var leads) ? leads : [], linked, asOf, null);
        });
    }

    /// <summary>The current leads of the candidate <paramref name="candidateId"/> (none when there is no such candidate).</summary>
    public async Task<CaseLeadSet> ForCandidateAsync(ReassessDbContext db, long candidateId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var candidate = await db.Set<Candidate>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == candidateId, cancellationToken);
        return candidate is null ? new CaseLeadSet([], false, LeadAsOf.Today(clock), null) : await ForCandidateAsync(db, candidate, cancellationToken);
    }
}

/// <summary>The case page's leads (<see cref="CaseLeadFinder"/>), for a viewer who may see the case.</summary>
public sealed class CaseLeadsQueries(ReassessDbContext db, CaseLeadFinder finder)
{
    /// <summary>The leads of <paramref name="candidate"/>, or null when <paramref name="actor"/> may not see the case.</summary>
    public async Task<CaseLeads?> LeadsAsync(Actor actor, Candidate candidate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(candidate);
        if (!CaseRules.MaySeeCasesOf(actor, candidate.Force)) return null;
        return (await finder.ForCandidateAsync(db, candidate, cancellationToken)).Grouped;
    }
}
