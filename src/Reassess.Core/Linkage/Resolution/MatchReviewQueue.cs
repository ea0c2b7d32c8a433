using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Reassess.Access;
using Reassess.Audit;
using Reassess.Records;
using Reassess.Storage;

namespace Reassess.Linkage.Resolution;

/// <summary>One field's part in a match's weight: <c>surname exact +5.10</c>.</summary>
public sealed record MatchContribution(string Field, string Level, double Weight)
{
    /// <summary>The stored JSON array of <c>{"field","level","weight"}</c>; empty when it is not that.</summary>
    public static IReadOnlyList<MatchContribution> Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return [];
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Array) return [];
            var parts = new List<MatchContribution>();
            foreach (var c in doc.RootElement.EnumerateArray())
            {
                if (c.ValueKind != JsonValueKind.Object) continue;
                var field = c.TryGetProperty("field", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() ?? "?" : "?";
                var level = c.TryGetProperty("level", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() ?? "?" : "?";
                var weight = c.TryGetProperty("weight", out var w) && w.ValueKind == JsonValueKind.Number ? w.GetDouble() : 0;
                parts.Add(new MatchContribution(field, level, weight));
            }
            return parts;
        }
        catch (JsonException)
        {
            return [];
        }
    }
}

/// <summary>
/// One side of a proposed match as a reviewer may see it. A nominal of a force the reviewer may not see is only
/// <c>a person (FORCE)</c>: no reference, name or date of birth (<see cref="Visible"/> false).
/// </summary>
public sealed record MatchSide(bool Visible, string Force, string? PersonRef, string? Name, string? DateOfBirth, string? Sex, string? Postcode, string? PncId)
{
    /// <summary><c>FORCE:REF</c>, or <c>a person (FORCE)</c> when hidden.</summary>
    public string Label => Visible ? $"{Force}:{PersonRef}" : $"a person ({Force})";
}

/// <summary>A proposed match in a reviewer's list.</summary>
/// <param name="Id">The proposal (<c>person_matches.id</c>).</param>
/// <param name="Left">The record first in (force, person_ref) order.</param>
/// <param name="Right">The other record.</param>
/// <param name="Method">How the pair was found.</param>
/// <param name="Status">The stored proposal's status.</param>
/// <param name="Weight">Total weight in bits (0 when withheld).</param>
/// <param name="Probability">The model's probability that the two are one person.</param>
/// <param name="PriorWeight">The part of <paramref name="Weight"/> no field explains: the prior (0 when withheld).</param>
/// <param name="DecidedBy">Who made <paramref name="Decision"/>.</param>
/// <param name="Position">Its place in the reviewer's ordered list (1-based).</param>
/// <param name="Decision">The reviewer's decision so far: null (undecided), <c>unsure</c>, <c>confirm</c> or <c>reject</c>.</param>
/// <param name="MayDecide">Both records are of forces the reviewer may see; otherwise the other side, the fields' weights and any decision are withheld.</param>
/// <param name="Contributions">Each field's weight, in the stored order (empty when withheld).</param>
public sealed record QueuedMatch(long Id, int Position, MatchSide Left, MatchSide Right, MatchMethod Method, MatchStatus Status, double Weight, double Probability,
    double PriorWeight, IReadOnlyList<MatchContribution> Contributions, string? Decision, string? DecidedBy, bool MayDecide);

/// <summary>A page of a reviewer's list of proposed matches.</summary>
/// <param name="Items">The pairs on the page.</param>
/// <param name="Total">Pairs in the reviewer's list.</param>
/// <param name="Undecided">Pairs the reviewer may decide that have no decision.</param>
/// <param name="Unsure">Pairs marked unsure.</param>
/// <param name="From">Position (0-based) of the first item.</param>
/// <param name="FirstUndecided">Position (0-based) of the first undecided pair the reviewer may decide, null when none is left: where to resume.</param>
public sealed record MatchQueuePage(IReadOnlyList<QueuedMatch> Items, int Total, int Undecided, int Unsure, int From, int? FirstUndecided);

/// <summary>
/// The workbench's match review (issue 23 item 3): proposed person matches of the reviewer's force, the two records side
/// by side with each field's weight, and confirm, reject or unsure, one pair or many. Force-scoped roles only
/// (reviewers, supervisors, force leads: the roles that work a force's cases), and strictly: a pair is listed when one
/// of its records is of the reviewer's force; the other record is shown only when it is of that force too, and only
/// such pairs may be decided (a pair across forces needs someone who may see both: an operator with
/// <c>reassess matches</c>). Listing is a consultation and each decision an alteration, both audited here.
/// </summary>
public sealed class MatchReviewQueue(ReassessDbContext db, TimeProvider time, IAuditTrail audit)
{
    /// <summary>The most pairs decided at once.</summary>
    public const int MaxBulk = 200;

    /// <summary>Whether the actor's role may review matches at all (a force-scoped role with a force).</summary>
    public static bool MayReview(Actor actor) => actor is not null && Roles.IsForceScoped(actor.Role) && actor.Force is not null;

    /// <summary>
    /// The reviewer's list, ordered so that work resumes where it stopped: undecided pairs the reviewer may decide first
    /// (strongest first), then those marked unsure, then pairs across forces (not theirs to decide), then decided ones.
    /// </summary>
    public async Task<MatchQueuePage> PageAsync(Actor actor, int from, int size, CancellationToken cancellationToken = default)
    {
        Refuse(actor);
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), size, "A page holds at least one pair.");
        var force = actor.Force!.ToUpperInvariant();
        var matches = await db.Set<PersonMatch>().AsNoTracking()
            .Where(m => m.Status != MatchStatus.Auto && (m.LeftForce == force || m.RightForce == force))
            .ToListAsync(cancellationToken);
        var decisions = (await db.Set<MatchDecision>().AsNoTracking().Where(d => d.LeftForce == force || d.RightForce == force).ToListAsync(cancellationToken))
            .ToDictionary(d => (d.LeftForce, d.LeftPersonRef, d.RightForce, d.RightPersonRef));
        MatchDecision? DecisionOf(PersonMatch m) => decisions.GetValueOrDefault((m.LeftForce, m.LeftPersonRef, m.RightForce, m.RightPersonRef));
        bool Own(PersonMatch m) => actor.IsOfForce(m.LeftForce) && actor.IsOfForce(m.RightForce);
        int Group(PersonMatch m) => !Own(m) ? 2 : DecisionOf(m) is not { } d ? (m.Status == MatchStatus.Pending ? 0 : 3) : d.Unsure ? 1 : 3;
        var ordered = matches
            .OrderBy(Group).ThenByDescending(m => m.Probability).ThenByDescending(m => m.Weight)
            .ThenBy(m => m.LeftForce, StringComparer.Ordinal).ThenBy(m => m.LeftPersonRef, StringComparer.Ordinal)
            .ThenBy(m => m.RightForce, StringComparer.Ordinal).ThenBy(m => m.RightPersonRef, StringComparer.Ordinal)
            .ToList();
        from = Math.Clamp(from, 0, Math.Max(0, ordered.Count - 1));
        var shown = ordered.Skip(from).Take(size).ToList();
        var firstUndecided = ordered.FindIndex(m => Group(m) == 0);

        var ids = shown.SelectMany(m => new[] { (m.LeftPersonId, m.LeftForce), (m.RightPersonId, m.RightForce) }).Where(p => actor.IsOfForce(p.Item2)).Select(p => p.Item1).Distinct().ToList();
        var people = await db.People.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.Surname, p.Forenames, p.DateOfBirth, p.Sex, p.Postcode, p.PncId }).ToDictionaryAsync(p => p.Id, cancellationToken);
        MatchSide Side(long id, string sideForce, string personRef)
        {
            if (!actor.IsOfForce(sideForce)) return new MatchSide(false, sideForce, null, null, null, null, null, null);
            var p = people.GetValueOrDefault(id);
            return new MatchSide(true, sideForce, personRef,
                p is null ? "(not stored)" : string.IsNullOrWhiteSpace(p.Forenames) ? p.Surname : $"{p.Surname}, {p.Forenames}",
                p?.DateOfBirth?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), p?.Sex is { } sex ? Token.Of(sex) : null, p?.Postcode, p?.PncId);
        }
        var items = shown.Select((m, i) =>
        {
            var own = Own(m);
            var decision = own ? DecisionOf(m) : null;
            var contributions = own ? MatchContribution.Parse(m.Contributions) : [];
            return new QueuedMatch(m.Id, from + i + 1, Side(m.LeftPersonId, m.LeftForce, m.LeftPersonRef), Side(m.RightPersonId, m.RightForce, m.RightPersonRef),
                m.Method, m.Status, own ? m.Weight : 0, m.Probability, own ? m.Weight - contributions.Sum(c => c.Weight) : 0, contributions,
                decision is null ? null : decision.Unsure ? Token.Of(MatchVerdict.Unsure) : Token.Of(decision.SamePerson ? MatchVerdict.Confirm : MatchVerdict.Reject),
                decision?.DecidedBy, own);
        }).ToList();

        // A list naming people: a consultation (DPA 2018 s.62), recorded before it is shown.
        if (items.Count > 0)
            await new AuditedOperations(audit).MatchesListedAsync(actor.UserName, items.Select(m => m.Id), $"workbench matches from position {from + 1}", cancellationToken);
        return new MatchQueuePage(items, ordered.Count, ordered.Count(m => Group(m) == 0), ordered.Count(m => Group(m) == 1), from,
            firstUndecided < 0 ? null : firstUndecided);
    }

    /// <summary>
    /// Records one decision per pair (each audited as its own alteration). Every pair must be one the reviewer may
    /// decide (both records of their force); otherwise nothing is recorded and the refusal says which pair and why.
    /// Returns how many pairs were decided.
    /// </summary>
    public async Task<int> DecideAsync(Actor actor, IReadOnlyCollection<long> matchIds, MatchVerdict verdict, string? reason, CancellationToken cancellationToken = default)
    {
        Refuse(actor);
        ArgumentNullException.ThrowIfNull(matchIds);
        if (matchIds.Count == 0) throw new MatchReviewException("Choose at least one pair to decide.");
        if (matchIds.Count > MaxBulk) throw new MatchReviewException($"At most {MaxBulk} pairs can be decided at once; {matchIds.Count} were chosen.");
        var wanted = matchIds.Distinct().ToList();
        var matches = await db.Set<PersonMatch>().AsNoTracking().Where(m => wanted.Contains(m.Id)).ToDictionaryAsync(m => m.Id, cancellationToken);
        foreach (var id in wanted)
        {
            if (!matches.TryGetValue(id, out var m))
                throw new MatchReviewException($"Proposed match {id} is not stored (a later 'reassess link' may have replaced the list): reload the page.");
            if (!actor.IsOfForce(m.LeftForce) || !actor.IsOfForce(m.RightForce))
                throw new MatchReviewException($"Proposed match {id} joins a record of another force: only someone who may see both forces can decide it.");
            if (m.Status == MatchStatus.Auto)
                throw new MatchReviewException($"Proposed match {id} was linked by a rule, not proposed for review.");
        }
        var review = new MatchReview(db, time, audit);
        foreach (var id in wanted)
        {
            var m = matches[id];
            await review.DecideAsync(new NominalKey(m.LeftForce, m.LeftPersonRef), new NominalKey(m.RightForce, m.RightPersonRef), verdict, actor.UserName, reason,
                cancellationToken);
        }
        return wanted.Count;
    }

    private static void Refuse(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!MayReview(actor))
            throw new MatchReviewException($"The {actor.Role} role may not review person matches: reviewers, supervisors and force leads of a force review its matches.");
    }
}
