namespace Reassess.Screening;

/// <summary>Why an investigation is in the review queue.</summary>
public enum CandidateBasis
{
    /// <summary>Every criterion of the profile holds (<c>criteria</c>).</summary>
    Criteria,

    /// <summary>
    /// Every criterion holds except the suspect count, and linkage places its suspect in a network: a missed group
    /// (<c>linked</c>, docs/outputs.md).
    /// </summary>
    Linked,
}

/// <summary>
/// One run of <c>reassess screen</c>: which profile (name and version), for which as-of date, when and by whom, and what
/// it found. Its candidates feed the review queue.
/// </summary>
public sealed class ScreeningRun
{
    public long Id { get; set; }
    public required string ProfileName { get; set; }
    public required string ProfileVersion { get; set; }
    /// <summary>The date the criteria were applied for (the period rule counts back from it).</summary>
    public DateOnly AsOf { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public required string RunBy { get; set; }
    /// <summary>Investigations read.</summary>
    public int Considered { get; set; }
    /// <summary>Candidates on the <c>criteria</c> basis.</summary>
    public int CriteriaCandidates { get; set; }
    /// <summary>Candidates on the <c>linked</c> basis (missed groups).</summary>
    public int LinkedCandidates { get; set; }
    /// <summary>Candidates first queued by this run.</summary>
    public int NewCandidates { get; set; }
    /// <summary>Candidates of earlier runs of the profile that this run found no longer qualify (kept, marked).</summary>
    public int NoLongerQualifying { get; set; }
    /// <summary>The printed summary: failures per criterion, candidates by typology and by year (JSON).</summary>
    public string? Summary { get; set; }
}

/// <summary>
/// An investigation in the review queue of a criteria profile. One row per profile and investigation: re-running the
/// profile updates it rather than adding another, and a candidate that stops qualifying (a corrected extract) is marked
/// with <see cref="StillQualifies"/> = false, never deleted, so review work on it is kept.
/// </summary>
public sealed class Candidate
{
    public long Id { get; set; }
    public required string Force { get; set; }
    /// <summary>The force's crime reference (<c>investigation_id</c> in the export).</summary>
    public required string InvestigationRef { get; set; }
    /// <summary>The stored <see cref="Records.Investigation"/>'s surrogate key.</summary>
    public long InvestigationId { get; set; }
    public CandidateBasis Basis { get; set; }
    /// <summary>Typology labels, sorted and joined with <c>;</c> (docs/criteria-profiles.md); may be empty on a <c>linked</c> row.</summary>
    public required string Typologies { get; set; }
    /// <summary>The explainable priority: the sum of <see cref="PriorityFactors"/>. Higher is reviewed first.</summary>
    public double Priority { get; set; }
    /// <summary>Every factor with its contribution, <c>name=contribution</c> joined with <c>;</c>, in the profile's order.</summary>
    public required string PriorityFactors { get; set; }
    public required string ProfileName { get; set; }
    /// <summary>The run that first queued it.</summary>
    public long FirstRunId { get; set; }
    /// <summary>The latest run that assessed it (whether it still qualified or not).</summary>
    public long LatestRunId { get; set; }
    /// <summary>False when the latest run found it no longer meets the profile.</summary>
    public bool StillQualifies { get; set; }
    /// <summary>Year of the investigation's <c>recorded_date</c> (for the yearly target).</summary>
    public int RecordedYear { get; set; }
    /// <summary>For a <c>linked</c> candidate, linkage's human-readable evidence chain.</summary>
    public string? LinkedEvidence { get; set; }
}
