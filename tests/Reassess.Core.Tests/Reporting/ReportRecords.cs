using Reassess.Records;
using Reassess.Storage;

namespace Reassess.Tests.Reporting;

/// <summary>Builds force records by hand, with explicit ids, for report tests (fictional people only).</summary>
internal sealed class ReportRecords
{
    private long _nextInvolvement = 1;
    private readonly List<Investigation> _investigations = [];
    private readonly List<Person> _people = [];
    private readonly List<Involvement> _involvements = [];

    public Investigation Investigation(long id, string force, string reference, string recorded, string codes, string? offenceFrom = null, string? outcome = null, string? outcomeDate = null)
    {
        var i = new Investigation
        {
            Id = id,
            Force = force,
            InvestigationRef = reference,
            RecordedDate = DateOnly.Parse(recorded, System.Globalization.CultureInfo.InvariantCulture),
            OffenceFrom = DateOnly.Parse(offenceFrom ?? recorded, System.Globalization.CultureInfo.InvariantCulture),
            OffenceCodes = codes,
            OutcomeCode = outcome,
            OutcomeDate = outcomeDate is null ? null : DateOnly.Parse(outcomeDate, System.Globalization.CultureInfo.InvariantCulture),
            FirstBatchId = 1,
            LastBatchId = 1,
        };
        _investigations.Add(i);
        return i;
    }

    public Person Person(long id, string force, string reference, string? dob = null, string? ethnicity = null, string? officerObserved = null, string? nationality = null)
    {
        var p = new Person
        {
            Id = id,
            Force = force,
            PersonRef = reference,
            Surname = "TESTER",
            Forenames = "Sam",
            DateOfBirth = dob is null ? null : DateOnly.Parse(dob, System.Globalization.CultureInfo.InvariantCulture),
            SelfDefinedEthnicity = ethnicity,
            OfficerObservedEthnicity = officerObserved,
            Nationality = nationality,
            FirstBatchId = 1,
            LastBatchId = 1,
        };
        _people.Add(p);
        return p;
    }

    public void Involve(Investigation investigation, Person person, InvolvementRole role, SuspectRelationship? relationship = null, SuspectDisposal? disposal = null) =>
        _involvements.Add(new Involvement
        {
            Id = _nextInvolvement++,
            Force = investigation.Force,
            InvestigationId = investigation.Id,
            PersonId = person.Id,
            InvestigationRef = investigation.InvestigationRef,
            PersonRef = person.PersonRef,
            Role = role,
            Relationship = role == InvolvementRole.Suspect ? relationship : null,
            SuspectDisposal = disposal,
            FirstBatchId = 1,
            LastBatchId = 1,
        });

    public void Suspect(Investigation i, Person p, SuspectRelationship? relationship = SuspectRelationship.Acquaintance, SuspectDisposal? disposal = SuspectDisposal.Nfa) =>
        Involve(i, p, InvolvementRole.Suspect, relationship, disposal);

    public void Victim(Investigation i, Person p) => Involve(i, p, InvolvementRole.Victim);

    public async Task SaveAsync(DatabaseTarget target)
    {
        await using var db = ReassessDatabase.CreateContext(target);
        db.Investigations.AddRange(_investigations);
        db.People.AddRange(_people);
        await db.SaveChangesAsync();
        db.Involvements.AddRange(_involvements);
        await db.SaveChangesAsync();
    }
}
