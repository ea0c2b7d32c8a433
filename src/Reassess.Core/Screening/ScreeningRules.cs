using Reassess.Records;

namespace Reassess.Screening;

/// <summary>One criterion's verdict for one investigation.</summary>
public readonly record struct CriterionResult(Criterion Criterion, bool Passed);

/// <summary>
/// A profile's verdict on one investigation: each criterion, whether it is a candidate and on which basis, and its
/// typologies. The counts and flags are the facts the explanation shows.
/// </summary>
public sealed class Assessment
{
    public required InvestigationFacts Facts { get; init; }
    public required IReadOnlyList<CriterionResult> Results { get; init; }
    /// <summary>Null when it is not a candidate.</summary>
    public CandidateBasis? Basis { get; init; }
    /// <summary>The typology labels, sorted ordinally (empty when not a candidate).</summary>
    public required IReadOnlyList<string> Typologies { get; init; }
    public string? LinkedEvidence { get; init; }
    public required (DateOnly From, DateOnly To) PeriodWindow { get; init; }
    public bool InPeriod { get; init; }
    public bool ChildSexualOffence { get; init; }
    public bool ContactOffence { get; init; }
    public bool Nfa { get; init; }
    public int Suspects { get; init; }
    public int LivingSuspects { get; init; }
    public int Victims { get; init; }
    public bool IsCandidate => Basis is not null;

    public bool Passed(Criterion criterion)
    {
        foreach (var r in Results) if (r.Criterion == criterion) return r.Passed;
        return true;
    }
}

/// <summary>
/// The criteria and typology rules of docs/criteria-profiles.md, parameterised by a <see cref="CriteriaProfile"/>. Pure: the same
/// facts, profile, as-of date and linkage give the same assessment.
/// </summary>
public sealed class ScreeningRules(CriteriaProfile profile)
{
    private readonly IReadOnlyList<Criterion> _criteria = profile.CriteriaInOrder;

    public CriteriaProfile Profile => profile;

    /// <summary>Applies every criterion of the profile to <paramref name="facts"/> as of <paramref name="asOf"/>.</summary>
    public Assessment Assess(InvestigationFacts facts, DateOnly asOf, LinkageSnapshot linkage)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(linkage);
        var codes = CodesOf(facts.OffenceCodes);
        var window = profile.Period.WindowFor(asOf);
        DateOnly? periodDate = profile.Period.Field == PeriodField.RecordedDate ? facts.RecordedDate : facts.OutcomeDate;
        var inPeriod = periodDate is { } d && d >= window.From && d <= window.To;

        var participants = facts.Participants;
        int suspects = 0, living = 0, victims = 0;
        var suspectNfa = false;
        for (var i = 0; i < participants.Count; i++)
        {
            var p = participants[i];
            if (SeenBefore(participants, i)) continue; // distinct people per role
            if (p.Role == InvolvementRole.Suspect)
            {
                suspects++;
                if (p.DateOfDeath is null) living++;
                if (p.Disposal == SuspectDisposal.Nfa) suspectNfa = true;
            }
            else if (p.Role == InvolvementRole.Victim) victims++;
        }

        // ChildSexualOffence.Holds with the codes' part known: a child-specific code, or a sexual one and a victim under 18.
        var childSexual = codes.ChildSpecific || (codes.Sexual && AnyChildVictim(participants, facts.OffenceFrom));
        var contact = codes.Contact;
        var nfa = (facts.OutcomeCode is { } outcome && profile.Nfa.OutcomeCodes.Contains(outcome.Trim()))
            || (facts.CpsDecision is { } cps && profile.Nfa.CpsDecisions.Contains(cps))
            || (profile.Nfa.SuspectDisposalNfa && suspectNfa);

        var results = new CriterionResult[_criteria.Count];
        bool allPass = true, allButSuspectCount = true;
        for (var i = 0; i < _criteria.Count; i++)
        {
            var c = _criteria[i];
            var passed = c switch
            {
                Criterion.Period => inPeriod,
                Criterion.ChildSexualOffence => childSexual,
                Criterion.ContactOffence => contact,
                Criterion.Suspects => suspects >= profile.Criteria.MinSuspects,
                Criterion.LivingSuspects => living >= profile.Criteria.MinLivingSuspects,
                Criterion.Victims => victims >= profile.Criteria.MinVictims,
                Criterion.NotIndependentlyReviewed => !facts.IndependentlyReviewed,
                _ => nfa,
            };
            results[i] = new CriterionResult(c, passed);
            if (!passed)
            {
                allPass = false;
                if (!CriterionNames.IsSuspectCount(c)) allButSuspectCount = false;
            }
        }

        CandidateBasis? basis = null;
        string? evidence = null;
        if (allPass) basis = CandidateBasis.Criteria;
        else if (allButSuspectCount && linkage.MissedGroupEvidence.TryGetValue(facts.Id, out var chain))
        {
            basis = CandidateBasis.Linked;
            evidence = chain;
        }
        if (basis is not null && linkage.MissedGroupEvidence.TryGetValue(facts.Id, out var e)) evidence = e;

        return new Assessment
        {
            Facts = facts,
            Results = results,
            Basis = basis,
            Typologies = basis is null ? [] : Typologies(facts),
            LinkedEvidence = evidence,
            PeriodWindow = window,
            InPeriod = inPeriod,
            ChildSexualOffence = childSexual,
            ContactOffence = contact,
            Nfa = nfa,
            Suspects = suspects,
            LivingSuspects = living,
            Victims = victims,
        };
    }

    /// <summary>
    /// The typology labels (docs/criteria-profiles.md), sorted: <c>intrafamilial</c>, <c>institutional</c>, <c>online</c> from the
    /// suspects' relationships; <c>peer</c> when every suspect's age at offence is known and under the profile's age
    /// (and there is at least one suspect); <c>network</c> when none of intrafamilial, institutional and peer holds.
    /// </summary>
    public IReadOnlyList<string> Typologies(InvestigationFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var rule = profile.Typologies;
        bool intrafamilial = false, institutional = false, online = false, peer = true, anySuspect = false;
        foreach (var p in facts.Participants)
        {
            if (p.Role != InvolvementRole.Suspect) continue;
            anySuspect = true;
            if (p.Relationship is { } r)
            {
                intrafamilial |= rule.Intrafamilial.Contains(r);
                institutional |= rule.Institutional.Contains(r);
                online |= rule.Online.Contains(r);
            }
            if (AgeAtOffence.Years(p.DateOfBirth, facts.OffenceFrom) is not { } age || age >= rule.PeerUnderAge) peer = false;
        }
        peer &= anySuspect;
        var network = !intrafamilial && !institutional && !peer;
        return LabelSets[(institutional ? 1 : 0) | (intrafamilial ? 2 : 0) | (network ? 4 : 0) | (online ? 8 : 0) | (peer ? 16 : 0)];
    }

    /// <summary>
    /// Every set of typology labels, by a bit per label in their ordinal order (institutional, intrafamilial, network,
    /// online, peer), read-only and shared: a pass's quarter of a million candidates keep one of 32 lists, not one each.
    /// </summary>
    private static readonly IReadOnlyList<string>[] LabelSets = [.. Enumerable.Range(0, 32).Select(bits =>
        (IReadOnlyList<string>)Array.AsReadOnly(TypologyLabels.All.Where((_, i) => (bits & (1 << i)) != 0).ToArray()))];

    private static bool SeenBefore(List<Participant> participants, int index)
    {
        var p = participants[index];
        for (var j = 0; j < index; j++)
            if (participants[j].PersonId == p.PersonId && participants[j].Role == p.Role) return true;
        return false;
    }

    private static bool AnyChildVictim(List<Participant> participants, DateOnly offenceFrom)
    {
        foreach (var p in participants)
            if (p.Role == InvolvementRole.Victim && AgeAtOffence.IsChild(p.DateOfBirth, offenceFrom)) return true;
        return false;
    }

    /// <summary>What the profile's code sets say of an <c>offence_codes</c> cell.</summary>
    private readonly record struct CodeFacts(bool ChildSpecific, bool Sexual, bool Contact);

    /// <summary>How many distinct <c>offence_codes</c> cells are remembered at most; others are read each time.</summary>
    private const int CodeCellsKept = 4096;

    // A pass reads a million cells with a few hundred distinct values at most: each is split and looked up once.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, CodeFacts> _codes = new(StringComparer.Ordinal);
    private int _codesKept;

    private CodeFacts CodesOf(string? offenceCodes)
    {
        var cell = offenceCodes ?? "";
        if (_codes.TryGetValue(cell, out var known)) return known;
        var codes = ChildSexualOffence.SplitCodes(cell);
        var sets = profile.OffenceCodes;
        bool childSpecific = false, sexual = false;
        foreach (var code in codes)
        {
            childSpecific |= sets.ChildSpecific.Contains(code);
            sexual |= sets.Sexual.Contains(code);
        }
        var facts = new CodeFacts(childSpecific, sexual, Array.Exists(codes, sets.Contact.Contains));
        if (Interlocked.Increment(ref _codesKept) <= CodeCellsKept) _codes.TryAdd(cell, facts);
        return facts;
    }
}

/// <summary>The typology labels of docs/criteria-profiles.md.</summary>
public static class TypologyLabels
{
    public const string Intrafamilial = "intrafamilial";
    public const string Institutional = "institutional";
    public const string Online = "online";
    public const string Peer = "peer";
    public const string Network = "network";

    public static readonly IReadOnlyList<string> All = [Institutional, Intrafamilial, Network, Online, Peer];

    /// <summary>The <c>typologies</c> cell: labels sorted and joined with <c>;</c>.</summary>
    public static string Join(IEnumerable<string> labels) => string.Join(';', labels.Order(StringComparer.Ordinal));
}
