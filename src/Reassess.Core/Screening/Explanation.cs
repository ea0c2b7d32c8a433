using System.Globalization;
using Reassess.Prioritisation;
using Reassess.Records;

namespace Reassess.Screening;

/// <summary>One criterion as explained: whether it passed and the facts it used, in words.</summary>
public sealed record ExplainedCriterion(string Name, bool Passed, string Facts);

/// <summary>
/// Why an investigation is or is not a candidate under a profile: every criterion with the facts it read (codes,
/// victims' ages at the offence, suspects counted, outcome), its typologies, and for a candidate each priority factor.
/// </summary>
public sealed class Explanation(CriteriaProfile profile, DateOnly asOf, Assessment assessment, IReadOnlyList<string> typologies, IReadOnlyList<PriorityFactor> factors)
{
    public CriteriaProfile Profile => profile;
    public DateOnly AsOf => asOf;
    public Assessment Assessment => assessment;
    /// <summary>The typologies the rules give for its suspects (what a candidate would be labelled).</summary>
    public IReadOnlyList<string> Typologies => typologies;
    /// <summary>Empty when it is not a candidate.</summary>
    public IReadOnlyList<PriorityFactor> Factors => factors;
    public double Priority => PriorityScore.Total(factors);

    public IReadOnlyList<ExplainedCriterion> Criteria =>
        [.. assessment.Results.Select(r => new ExplainedCriterion(CriterionNames.Of(r.Criterion), r.Passed, FactsOf(r.Criterion)))];

    private string FactsOf(Criterion criterion)
    {
        var f = assessment.Facts;
        var codes = ChildSexualOffence.SplitCodes(f.OffenceCodes);
        switch (criterion)
        {
            case Criterion.Period:
                {
                    var (from, to) = assessment.PeriodWindow;
                    var date = profile.Period.Field == PeriodField.RecordedDate ? f.RecordedDate : f.OutcomeDate;
                    return $"{profile.Period.FieldToken} {Date(date)}; window {Date(from)} to {Date(to)} inclusive";
                }
            case Criterion.ChildSexualOffence:
                {
                    var child = codes.Where(profile.OffenceCodes.ChildSpecific.Contains).ToList();
                    var sexual = codes.Where(profile.OffenceCodes.Sexual.Contains).ToList();
                    var victims = Victims().Select(p => $"{Name(p)} {Age(p.DateOfBirth, f.OffenceFrom)}").ToList();
                    return $"codes {Join(codes)}; child-specific {Join(child)}; sexual {Join(sexual)}; offence_from {Date(f.OffenceFrom)}; " +
                           $"victims' ages at offence: {(victims.Count == 0 ? "no victims" : string.Join(", ", victims))}";
                }
            case Criterion.ContactOffence:
                return $"codes {Join(codes)}; contact {Join(codes.Where(profile.OffenceCodes.Contact.Contains))}";
            case Criterion.Suspects:
                return $"{assessment.Suspects} suspect(s) (minimum {profile.Criteria.MinSuspects}): {Join(Suspects().Select(Name))}";
            case Criterion.LivingSuspects:
                return $"{assessment.LivingSuspects} living suspect(s) (minimum {profile.Criteria.MinLivingSuspects}): " +
                       Join(Suspects().Select(p => p.DateOfDeath is { } d ? $"{Name(p)} died {Date(d)}" : $"{Name(p)} living"));
            case Criterion.Victims:
                return $"{assessment.Victims} victim(s) (minimum {profile.Criteria.MinVictims}): {Join(Victims().Select(Name))}";
            case Criterion.NotIndependentlyReviewed:
                return $"independently_reviewed {(f.IndependentlyReviewed ? "true" : "false")}";
            default:
                {
                    var outcomeNfa = f.OutcomeCode is { } o && profile.Nfa.OutcomeCodes.Contains(o);
                    var disposals = Suspects().Select(p => $"{Name(p)} {(p.Disposal is { } d ? Token.Of(d) : "none")}");
                    return $"outcome {f.OutcomeCode ?? "none"} ({(outcomeNfa ? "in" : "not in")} the NFA set); " +
                           $"cps_decision {(f.CpsDecision is { } c ? Token.Of(c) : "none")}; suspect disposals: {Join(disposals)}";
                }
        }
    }

    private IEnumerable<Participant> Victims() => Distinct(InvolvementRole.Victim);

    private IEnumerable<Participant> Suspects() => Distinct(InvolvementRole.Suspect);

    private IEnumerable<Participant> Distinct(InvolvementRole role) =>
        assessment.Facts.Participants.Where(p => p.Role == role).DistinctBy(p => p.PersonId);

    private static string Name(Participant p) => p.PersonRef ?? $"#{p.PersonId}";

    private static string Age(DateOnly? dob, DateOnly on) => AgeAtOffence.Years(dob, on) is { } y ? $"aged {y}" : "age unknown";

    private static string Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "none";

    private static string Join(IEnumerable<string> items)
    {
        var s = string.Join(";", items);
        return s.Length == 0 ? "none" : s;
    }
}
