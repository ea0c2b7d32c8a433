namespace Reassess.Import;

/// <summary>A column of a bundle file and whether force-export-v1 requires it.</summary>
public sealed record ColumnSpec(string Name, bool Required);

/// <summary>The files and columns of force-export-v1 (shared/spec/force-export-v1.md).</summary>
public static class BundleSchema
{
    public const string Investigations = "investigations.csv";
    public const string People = "people.csv";
    public const string Involvements = "involvements.csv";
    public const string Identifiers = "identifiers.csv";

    public static readonly IReadOnlyList<ColumnSpec> InvestigationColumns =
    [
        new("force", true), new("investigation_id", true), new("recorded_date", true), new("offence_from", true),
        new("offence_to", false), new("offence_codes", true), new("outcome_code", false), new("outcome_date", false),
        new("cps_decision", false), new("cse_flag", false), new("independently_reviewed", false), new("postcode", false),
        new("summary", false),
    ];

    public static readonly IReadOnlyList<ColumnSpec> PeopleColumns =
    [
        new("force", true), new("person_id", true), new("surname", true), new("forenames", false),
        new("date_of_birth", false), new("sex", false), new("self_defined_ethnicity", false),
        new("officer_observed_ethnicity", false), new("nationality", false), new("date_of_death", false),
        new("pnc_id", false), new("occupation", false), new("postcode", false),
    ];

    public static readonly IReadOnlyList<ColumnSpec> InvolvementColumns =
    [
        new("force", true), new("investigation_id", true), new("person_id", true), new("role", true),
        new("relationship", false), new("suspect_disposal", false), new("arrested", false), new("interviewed", false),
    ];

    public static readonly IReadOnlyList<ColumnSpec> IdentifierColumns =
    [
        new("force", true), new("kind", true), new("value", true), new("person_id", false),
        new("investigation_id", false), new("context", false),
    ];
}
