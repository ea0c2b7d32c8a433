using Reassess.Access;
using Reassess.Records;
using Reassess.Reference;
using Reassess.Reviews;
using Reassess.Screening;

namespace Reassess.Cases;

/// <summary>A person in the investigation, as the case page shows them.</summary>
public sealed record CasePerson(
    long PersonId,
    string PersonRef,
    string Name,
    InvolvementRole Role,
    SuspectRelationship? Relationship,
    SuspectDisposal? SuspectDisposal,
    bool? Arrested,
    bool? Interviewed,
    DateOnly? DateOfBirth,
    int? AgeAtOffence,
    int? AgeToday,
    Sex? Sex,
    string? SelfDefinedEthnicity,
    string? OfficerObservedEthnicity,
    string? Nationality,
    string? Occupation,
    DateOnly? DateOfDeath)
{
    /// <summary>A self-defined ethnicity other than <c>NS</c> is recorded (the data-quality report's definition).</summary>
    public bool EthnicityRecorded => SelfDefinedEthnicity is { } e && !string.Equals(e, SelfDefinedEthnicities.NotStated, StringComparison.OrdinalIgnoreCase);

    /// <summary>The 18+1 name of the self-defined ethnicity, when recorded.</summary>
    public string? EthnicityName => SelfDefinedEthnicities.Find(SelfDefinedEthnicity)?.Name;
}

/// <summary>One named priority factor and what it contributed to the score.</summary>
public sealed record PriorityContribution(string Name, double Contribution);

/// <summary>
/// Everything the case page shows about one candidate. <c>Run</c> is the screening run that last assessed it: its profile
/// and as-of date are what the <see cref="Explanation"/> was worked out with.
/// </summary>
public sealed record CaseDetail(
    Candidate Candidate,
    Investigation Investigation,
    IReadOnlyList<string> OffenceDescriptions,
    string? OutcomeDescription,
    IReadOnlyList<PriorityContribution> PriorityFactors,
    IReadOnlyList<CasePerson> People,
    Review? Review,
    ReviewForm Form,
    IReadOnlyList<ReviewVersion> Versions,
    IReadOnlyList<ReviewTransition> History,
    CaseActions Actions,
    ScreeningRun? Run,
    IReadOnlyList<Identifier> Identifiers,
    CaseExplanation Explanation,
    CaseLinks Links)
{
    public ReviewStatus Status => Review?.Status ?? ReviewStatus.Queued;

    /// <summary>
    /// Why linkage places the investigation in a group (the candidate's stored chain of evidence, else the explanation's),
    /// as the viewer may read it: another force's nominal ids and crime references named by their force only
    /// (<see cref="CrossForceText"/>).
    /// </summary>
    public string? LinkedEvidence { get; init; }
}

