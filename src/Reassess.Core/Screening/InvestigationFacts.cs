using Reassess.Records;

namespace Reassess.Screening;

/// <summary>A victim or suspect of an investigation, with the facts the criteria read.</summary>
public readonly record struct Participant(
    long PersonId,
    InvolvementRole Role,
    SuspectRelationship? Relationship,
    SuspectDisposal? Disposal,
    DateOnly? DateOfBirth,
    DateOnly? DateOfDeath,
    string? PersonRef = null);

/// <summary>What screening reads of one investigation: its own fields and its victims and suspects.</summary>
public sealed class InvestigationFacts
{
    public long Id { get; set; }
    public string Force { get; set; } = "";
    public string InvestigationRef { get; set; } = "";
    public DateOnly RecordedDate { get; set; }
    public DateOnly OffenceFrom { get; set; }
    /// <summary><c>;</c>-separated, as stored.</summary>
    public string OffenceCodes { get; set; } = "";
    public string? OutcomeCode { get; set; }
    public DateOnly? OutcomeDate { get; set; }
    public CpsDecision? CpsDecision { get; set; }
    public bool IndependentlyReviewed { get; set; }
    /// <summary>
    /// Whether a summary is stored (screening does not read it): the priority reads the summaries of only those candidates
    /// that have one, for the <c>unrecorded_identifier</c> factor.
    /// </summary>
    public bool HasSummary { get; set; }
    /// <summary>Victim and suspect involvements (other roles are not read).</summary>
    private List<Participant> _participants = [];

    public List<Participant> Participants => _participants;

    /// <summary>A copy with its own participant list (the reader reuses one instance for every investigation).</summary>
    public InvestigationFacts Copy()
    {
        var copy = (InvestigationFacts)MemberwiseClone(); // every fact, but the list would be shared
        copy._participants = [.. _participants];
        return copy;
    }

    /// <summary>The facts of a stored investigation and its involvements.</summary>
    public static InvestigationFacts From(Investigation investigation, IEnumerable<(Involvement Involvement, Person Person)> involvements)
    {
        ArgumentNullException.ThrowIfNull(investigation);
        ArgumentNullException.ThrowIfNull(involvements);
        var facts = new InvestigationFacts
        {
            Id = investigation.Id,
            Force = investigation.Force,
            InvestigationRef = investigation.InvestigationRef,
            RecordedDate = investigation.RecordedDate,
            OffenceFrom = investigation.OffenceFrom,
            OffenceCodes = investigation.OffenceCodes,
            OutcomeCode = investigation.OutcomeCode,
            OutcomeDate = investigation.OutcomeDate,
            CpsDecision = investigation.CpsDecision,
            IndependentlyReviewed = investigation.IndependentlyReviewed,
            HasSummary = investigation.Summary is not null,
        };
        foreach (var (v, p) in involvements)
            if (v.Role is InvolvementRole.Victim or InvolvementRole.Suspect)
                facts.Participants.Add(new Participant(p.Id, v.Role, v.Relationship, v.SuspectDisposal, p.DateOfBirth, p.DateOfDeath, p.PersonRef));
        return facts;
    }
}
