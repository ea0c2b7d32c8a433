namespace Reassess.Records;

/// <summary>A recorded crime as a force extracted it (investigations.csv). Keyed by <see cref="Force"/> and <see cref="InvestigationRef"/>.</summary>
public sealed class Investigation
{
    /// <summary>Surrogate key, assigned by the importer.</summary>
    public long Id { get; set; }
    public required string Force { get; set; }
    /// <summary>The force's crime reference (<c>investigation_id</c> in the export).</summary>
    public required string InvestigationRef { get; set; }
    public DateOnly RecordedDate { get; set; }
    public DateOnly OffenceFrom { get; set; }
    public DateOnly? OffenceTo { get; set; }
    /// <summary>Home Office offence codes, upper-case, primary first, joined with <c>;</c>.</summary>
    public required string OffenceCodes { get; set; }
    /// <summary>Home Office outcome type, upper-case; null while open.</summary>
    public string? OutcomeCode { get; set; }
    public DateOnly? OutcomeDate { get; set; }
    public CpsDecision? CpsDecision { get; set; }
    public bool CseFlag { get; set; }
    public bool IndependentlyReviewed { get; set; }
    /// <summary>Normalised to <c>OUT IN</c>.</summary>
    public string? Postcode { get; set; }
    public string? Summary { get; set; }
    /// <summary>Import batch that first brought this record, and the last one that changed it.</summary>
    public long FirstBatchId { get; set; }
    public long LastBatchId { get; set; }

    public IReadOnlyList<string> OffenceCodeList =>
        OffenceCodes.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>A nominal: a person record in one force's system (people.csv). The same real person may have several.</summary>
public sealed class Person
{
    public long Id { get; set; }
    public required string Force { get; set; }
    /// <summary>The force's nominal id (<c>person_id</c> in the export).</summary>
    public required string PersonRef { get; set; }
    public required string Surname { get; set; }
    public string? Forenames { get; set; }
    public DateOnly? DateOfBirth { get; set; }
    public Sex? Sex { get; set; }
    /// <summary>18+1 code or <c>NS</c> (asked, not stated); null when not recorded.</summary>
    public string? SelfDefinedEthnicity { get; set; }
    /// <summary><c>IC1</c>…<c>IC6</c>, <c>IC9</c>.</summary>
    public string? OfficerObservedEthnicity { get; set; }
    /// <summary>ISO 3166-1 alpha-3.</summary>
    public string? Nationality { get; set; }
    public DateOnly? DateOfDeath { get; set; }
    public string? PncId { get; set; }
    public string? Occupation { get; set; }
    public string? Postcode { get; set; }
    /// <summary>When the nominal's personal data was erased (<see cref="PersonErasure"/>); a later extract does not restore it.</summary>
    public DateTimeOffset? ErasedAt { get; set; }
    public long FirstBatchId { get; set; }
    public long LastBatchId { get; set; }
}

/// <summary>A person's part in an investigation (involvements.csv). Unique by investigation, person and role within a force.</summary>
public sealed class Involvement
{
    public long Id { get; set; }
    public required string Force { get; set; }
    public long InvestigationId { get; set; }
    public long PersonId { get; set; }
    public required string InvestigationRef { get; set; }
    public required string PersonRef { get; set; }
    public InvolvementRole Role { get; set; }
    public SuspectRelationship? Relationship { get; set; }
    public SuspectDisposal? SuspectDisposal { get; set; }
    public bool? Arrested { get; set; }
    public bool? Interviewed { get; set; }
    public long FirstBatchId { get; set; }
    public long LastBatchId { get; set; }
}

/// <summary>A phone, vehicle, email, address or username seen with a person and/or an investigation (identifiers.csv).</summary>
public sealed class Identifier
{
    public long Id { get; set; }
    public required string Force { get; set; }
    public IdentifierKind Kind { get; set; }
    /// <summary>As recorded.</summary>
    public required string RawValue { get; set; }
    /// <summary>Normalised for matching: E.164 phones, upper-case marks without spaces, <c>OUT IN</c> postcodes, lower-case emails.</summary>
    public required string Value { get; set; }
    public string? PersonRef { get; set; }
    public string? InvestigationRef { get; set; }
    public long? PersonId { get; set; }
    public long? InvestigationId { get; set; }
    public string? Context { get; set; }
    public long FirstBatchId { get; set; }
    public long LastBatchId { get; set; }
}
