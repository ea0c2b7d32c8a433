using Reassess.Records;

namespace Reassess.Screening;

/// <summary>Which date the period rule reads.</summary>
public enum PeriodField
{
    /// <summary><c>recorded_date</c>.</summary>
    RecordedDate,

    /// <summary><c>outcome_date</c> (an investigation without one never falls in the period).</summary>
    OutcomeDate,
}

/// <summary>
/// The period criterion: either relative (on or after the as-of date minus <see cref="YearsBeforeAsOf"/> years, and on
/// or before the as-of date) or absolute (<see cref="From"/> to <see cref="To"/>). Both ends are inclusive.
/// </summary>
public sealed record PeriodRule(PeriodField Field, int? YearsBeforeAsOf, DateOnly? From, DateOnly? To)
{
    /// <summary>The inclusive window for an as-of date.</summary>
    public (DateOnly From, DateOnly To) WindowFor(DateOnly asOf) =>
        YearsBeforeAsOf is { } years ? (asOf.AddYears(-years), asOf) : (From!.Value, To!.Value);

    public string FieldToken => Field == PeriodField.RecordedDate ? "recorded_date" : "outcome_date";
}

/// <summary>What counts as no further action (docs/criteria-profiles.md, Terms the rules use).</summary>
public sealed record NfaRule(IReadOnlySet<string> OutcomeCodes, IReadOnlySet<CpsDecision> CpsDecisions, bool SuspectDisposalNfa);

/// <summary>The criteria beyond period, child sexual offence and NFA, which every profile applies.</summary>
public sealed record CriteriaRule(bool ContactOffence, int? MinSuspects, int? MinLivingSuspects, int? MinVictims, bool ExcludeIndependentlyReviewed);

/// <summary>The inputs of the typology rules (docs/criteria-profiles.md, Typologies).</summary>
public sealed record TypologyRule(
    IReadOnlySet<SuspectRelationship> Intrafamilial,
    IReadOnlySet<SuspectRelationship> Institutional,
    IReadOnlySet<SuspectRelationship> Online,
    int PeerUnderAge);

/// <summary>The priority factors' weights and inputs (docs/criteria-profiles.md, Priority).</summary>
public sealed record PriorityRule(
    IReadOnlyDictionary<string, double> Weights,
    int CountCap,
    int RecencyYears,
    IReadOnlySet<string> EvidentialOutcomes,
    IReadOnlyList<string> AccessOccupations);

/// <summary>
/// A criteria profile: the versioned data that decides which closed investigations are re-assessed, how they are
/// labelled and how the queue is prioritised. Profiles are JSON files (<see cref="CriteriaProfileLoader"/>), never code.
/// </summary>
public sealed class CriteriaProfile
{
    public required string Name { get; init; }
    public required string Version { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    public required PeriodRule Period { get; init; }
    public required OffenceCodeSets OffenceCodes { get; init; }
    public required CriteriaRule Criteria { get; init; }
    public required NfaRule Nfa { get; init; }
    public required TypologyRule Typologies { get; init; }
    public required PriorityRule Priority { get; init; }
    /// <summary>Candidates a year the operation aims to review (null = no target).</summary>
    public int? YearlyTarget { get; init; }
    /// <summary>Where it was loaded from.</summary>
    public string? Source { get; init; }

    /// <summary>The criteria this profile applies, in the order they are explained.</summary>
    public IReadOnlyList<Criterion> CriteriaInOrder
    {
        get
        {
            var list = new List<Criterion> { Criterion.Period, Criterion.ChildSexualOffence };
            if (Criteria.ContactOffence) list.Add(Criterion.ContactOffence);
            if (Criteria.MinSuspects is not null) list.Add(Criterion.Suspects);
            if (Criteria.MinLivingSuspects is not null) list.Add(Criterion.LivingSuspects);
            if (Criteria.MinVictims is not null) list.Add(Criterion.Victims);
            if (Criteria.ExcludeIndependentlyReviewed) list.Add(Criterion.NotIndependentlyReviewed);
            list.Add(Criterion.Nfa);
            return list;
        }
    }
}

/// <summary>A criterion a profile can apply.</summary>
public enum Criterion
{
    Period,
    ChildSexualOffence,
    ContactOffence,
    Suspects,
    LivingSuspects,
    Victims,
    NotIndependentlyReviewed,
    Nfa,
}

/// <summary>The priority factors, by the names used in profiles, explanations and <c>priority_factors</c>.</summary>
public static class PriorityFactorNames
{
    /// <summary>A victim is still under 18 at the as-of date (extant safeguarding risk).</summary>
    public const string VictimUnder18 = "victim_under_18";
    /// <summary>Per other investigation a suspect (as a resolved person) appears in.</summary>
    public const string LinkedInvestigations = "linked_investigations";
    /// <summary>Per other victim of those investigations.</summary>
    public const string LinkedVictims = "linked_victims";
    /// <summary>A suspect's occupation gives access to children.</summary>
    public const string AccessOccupation = "access_occupation";
    /// <summary>Outcome 15: evidential difficulties, named suspect identified, victim supports action.</summary>
    public const string Outcome15 = "outcome_15";
    /// <summary>A contact offence code.</summary>
    public const string ContactOffence = "contact_offence";
    /// <summary>Per suspect (capped).</summary>
    public const string Suspects = "suspects";
    /// <summary>Per victim (capped).</summary>
    public const string Victims = "victims";
    /// <summary>Recorded recently: full weight at the as-of date, none at <c>recencyYears</c> before.</summary>
    public const string Recency = "recency";
    /// <summary>Per <c>later_offending</c> lead (docs/leads.md): a suspect suspected again after the outcome (capped).</summary>
    public const string LaterOffending = "later_offending";
    /// <summary>Per <c>unrecorded_identifier</c> lead (docs/leads.md): an identifier written but never recorded (capped).</summary>
    public const string UnrecordedIdentifier = "unrecorded_identifier";

    public static readonly IReadOnlyList<string> All =
        [VictimUnder18, LinkedInvestigations, LinkedVictims, AccessOccupation, Outcome15, ContactOffence, Suspects, Victims, Recency, LaterOffending, UnrecordedIdentifier];
}

/// <summary>The token of a criterion in explanations and summaries.</summary>
public static class CriterionNames
{
    public static string Of(Criterion c) => c switch
    {
        Criterion.Period => "period",
        Criterion.ChildSexualOffence => "child_sexual_offence",
        Criterion.ContactOffence => "contact_offence",
        Criterion.Suspects => "suspects",
        Criterion.LivingSuspects => "living_suspects",
        Criterion.Victims => "victims",
        Criterion.NotIndependentlyReviewed => "not_independently_reviewed",
        _ => "nfa",
    };

    /// <summary>The suspect-count criteria: the ones a <c>linked</c> candidate may fail.</summary>
    public static bool IsSuspectCount(Criterion c) => c is Criterion.Suspects or Criterion.LivingSuspects;
}
