using System.Globalization;
using Reassess.Records;
using Reassess.Reference;

namespace Reassess.Reporting.DataQuality;

/// <summary>How much a failed data-quality rule matters: an error makes a figure unreliable, a warning asks a question.</summary>
public enum RuleSeverity { Error, Warning }

/// <summary>What kind of record a rule checks, and so what its failures list.</summary>
public enum RuleSubject { Person, Investigation, Suspect }

/// <summary>
/// One record that fails a <see cref="DataQualityRule"/>. Person failures name the person once, with every role and
/// scoped investigation they have; investigation and suspect failures name the investigation (and the suspect).
/// </summary>
public sealed record DataQualityFailure(string Rule, string Force, string? InvestigationIds, string? PersonId, string? Roles, string Detail)
{
    /// <summary>The columns of <c>report data-quality --rule NAME --list</c>.</summary>
    public static readonly IReadOnlyList<string> Columns = ["rule", "force", "investigation_id", "person_id", "role", "detail"];
}

/// <summary>
/// A data-quality check over the records in scope, in the manner of the validation rules children's services run before
/// their national returns: a stable name, a version that changes whenever what it checks changes (so a published figure
/// can say which rule produced it), a description, and the list of failing records.
/// </summary>
public sealed class DataQualityRule
{
    private readonly Func<DataQualityScope, IEnumerable<DataQualityFailure>> _check;

    internal DataQualityRule(string name, int version, RuleSeverity severity, RuleSubject subject, string description, Func<DataQualityScope, IEnumerable<DataQualityFailure>> check)
    {
        Name = name;
        Version = version;
        Severity = severity;
        Subject = subject;
        Description = description;
        _check = check;
    }

    public string Name { get; }
    public int Version { get; }
    public RuleSeverity Severity { get; }
    public RuleSubject Subject { get; }
    public string Description { get; }

    /// <summary>The records failing the rule, ordered by force and then by record.</summary>
    public IReadOnlyList<DataQualityFailure> Check(DataQualityScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return [.. _check(scope)
            .OrderBy(f => f.Force, StringComparer.Ordinal)
            .ThenBy(f => f.PersonId ?? "", StringComparer.Ordinal)
            .ThenBy(f => f.InvestigationIds ?? "", StringComparer.Ordinal)];
    }
}

/// <summary>The data-quality rules Reassess ships (rule set <see cref="SetVersion"/>).</summary>
public static class DataQualityRules
{
    /// <summary>The version of the rule set as a whole; bump it whenever a rule is added, removed or changes version.</summary>
    public const string SetVersion = "2025.1";

    public static readonly IReadOnlyList<DataQualityRule> All =
    [
        PersonRule("ethnicity-missing", 1, RuleSeverity.Error,
            "A suspect or victim has no self-defined ethnicity (NS, asked and not stated, is a recorded answer). Recording became mandatory after the national audit could not assess offenders' ethnicity.",
            p => DataQualityCounts.EthnicityStatusOf(p) == EthnicityStatus.Missing,
            p => DataQualityCounts.IsEmpty(p.OfficerObservedEthnicity) ? "no ethnicity recorded" : $"officer-observed {p.OfficerObservedEthnicity} only"),
        PersonRule("ethnicity-code-unknown", 1, RuleSeverity.Error,
            "A self-defined ethnicity that is not one of the 18+1 codes or NS.",
            p => !DataQualityCounts.IsEmpty(p.SelfDefinedEthnicity) && SelfDefinedEthnicities.Find(p.SelfDefinedEthnicity) is null,
            p => $"self-defined ethnicity '{p.SelfDefinedEthnicity}'"),
        PersonRule("nationality-missing", 1, RuleSeverity.Error,
            "A suspect or victim has no nationality.",
            p => DataQualityCounts.IsEmpty(p.Nationality), _ => "no nationality recorded"),
        PersonRule("dob-missing", 1, RuleSeverity.Error,
            "A suspect or victim has no date of birth, so their age at offence (and whether a victim was a child) is unknown.",
            p => p.DateOfBirth is null, _ => "no date of birth recorded"),
        new("dob-after-offence", 1, RuleSeverity.Error, RuleSubject.Person,
            "A suspect's or victim's date of birth is after the first date of an offence they are recorded in.",
            DobAfterOffence),
        InvestigationRule("outcome-without-date", 1, RuleSeverity.Error,
            "An outcome type is recorded without the date it was recorded.",
            i => !DataQualityCounts.IsEmpty(i.OutcomeCode) && i.OutcomeDate is null,
            i => $"outcome {i.OutcomeCode} has no outcome_date"),
        InvestigationRule("outcome-before-recorded", 1, RuleSeverity.Warning,
            "The outcome date is earlier than the date the crime was recorded.",
            i => i.OutcomeDate is { } d && d < i.RecordedDate,
            i => $"outcome_date {D(i.OutcomeDate!.Value)} before recorded_date {D(i.RecordedDate)}"),
        InvestigationRule("outcome-code-unknown", 1, RuleSeverity.Error,
            "An outcome code that is not a Home Office outcome type.",
            i => !DataQualityCounts.IsEmpty(i.OutcomeCode) && OutcomeTypes.Find(i.OutcomeCode) is null,
            i => $"outcome_code '{i.OutcomeCode}'"),
        new("no-victim", 1, RuleSeverity.Warning, RuleSubject.Investigation,
            "A child sexual offence investigation with no victim recorded.",
            NoVictim),
        SuspectRule("suspect-without-relationship", 1, RuleSeverity.Error,
            "A suspect's relationship to the victim(s) is not recorded, so the investigation's typology cannot be told.",
            (v, _) => v.Relationship is null, (_, _) => "no relationship recorded"),
        SuspectRule("suspect-without-disposal", 1, RuleSeverity.Warning,
            "An investigation has an outcome but a suspect's disposal is not recorded.",
            (v, i) => v.SuspectDisposal is null && !DataQualityCounts.IsEmpty(i.OutcomeCode),
            (_, i) => $"outcome {i.OutcomeCode}, suspect disposal not recorded"),
    ];

    /// <summary>The rule of that name (case-insensitive), or null.</summary>
    public static DataQualityRule? Find(string name) =>
        All.FirstOrDefault(r => string.Equals(r.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    private static DataQualityRule PersonRule(string name, int version, RuleSeverity severity, string description, Func<ScopedPerson, bool> fails, Func<ScopedPerson, string> detail) =>
        new(name, version, severity, RuleSubject.Person, description, scope =>
            PeopleWithParts(scope).Where(x => fails(x.Person)).Select(x => Failure(name, x.Person, x.Parts, scope, detail(x.Person))));

    private static DataQualityRule InvestigationRule(string name, int version, RuleSeverity severity, string description, Func<ScopedInvestigation, bool> fails, Func<ScopedInvestigation, string> detail) =>
        new(name, version, severity, RuleSubject.Investigation, description, scope =>
            scope.Investigations.Where(fails).Select(i => new DataQualityFailure(name, i.Force, i.InvestigationRef, null, null, detail(i))));

    private static DataQualityRule SuspectRule(string name, int version, RuleSeverity severity, string description, Func<ScopedInvolvement, ScopedInvestigation, bool> fails, Func<ScopedInvolvement, ScopedInvestigation, string> detail) =>
        new(name, version, severity, RuleSubject.Suspect, description, scope =>
            scope.Involvements.Where(v => v.Role == InvolvementRole.Suspect)
                .Select(v => (Part: v, Investigation: scope.InvestigationsById[v.InvestigationId]))
                .Where(x => fails(x.Part, x.Investigation))
                .Select(x => new DataQualityFailure(name, x.Investigation.Force, x.Investigation.InvestigationRef, scope.People[x.Part.PersonId].PersonRef, "suspect", detail(x.Part, x.Investigation))));

    private static IEnumerable<DataQualityFailure> NoVictim(DataQualityScope scope)
    {
        var withVictim = scope.Involvements.Where(v => v.Role == InvolvementRole.Victim).Select(v => v.InvestigationId).ToHashSet();
        return scope.Investigations.Where(i => !withVictim.Contains(i.Id))
            .Select(i => new DataQualityFailure("no-victim", i.Force, i.InvestigationRef, null, null, "no victim recorded"));
    }

    private static IEnumerable<DataQualityFailure> DobAfterOffence(DataQualityScope scope)
    {
        foreach (var (person, parts) in PeopleWithParts(scope))
        {
            if (person.DateOfBirth is not { } dob) continue;
            var late = parts.Where(v => scope.InvestigationsById[v.InvestigationId].OffenceFrom < dob).ToList();
            if (late.Count > 0)
                yield return Failure("dob-after-offence", person, late, scope, $"born {D(dob)}, after offence_from");
        }
    }

    private static IEnumerable<(ScopedPerson Person, List<ScopedInvolvement> Parts)> PeopleWithParts(DataQualityScope scope) =>
        scope.Involvements.GroupBy(v => v.PersonId).Select(g => (scope.People[g.Key], g.ToList()));

    private static DataQualityFailure Failure(string rule, ScopedPerson person, IEnumerable<ScopedInvolvement> parts, DataQualityScope scope, string detail)
    {
        var list = parts.ToList();
        var investigations = list.Select(v => scope.InvestigationsById[v.InvestigationId].InvestigationRef).Distinct().Order(StringComparer.Ordinal);
        var roles = list.Select(v => Token.Of(v.Role)).Distinct().Order(StringComparer.Ordinal);
        return new DataQualityFailure(rule, person.Force, string.Join(';', investigations), person.PersonRef, string.Join(';', roles), detail);
    }

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
