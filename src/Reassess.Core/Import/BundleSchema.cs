namespace Reassess.Import;

/// <summary>
/// A column of a bundle file and whether force-export-v1 requires it. <paramref name="Repeats"/> marks a column whose
/// values recur across rows (codes, flags, dates, names, postcodes), so a reader may share one string per value instead
/// of allocating one per cell.
/// </summary>
internal sealed record ColumnSpec(string Name, bool Required, bool Repeats = false);

/// <summary>The files and columns of force-export-v1 (documented in docs/import-format.md).</summary>
internal static class BundleSchema
{
    public const string Investigations = "investigations.csv";
    public const string People = "people.csv";
    public const string Involvements = "involvements.csv";
    public const string Identifiers = "identifiers.csv";

    public static readonly IReadOnlyList<ColumnSpec> InvestigationColumns =
    [
        new("force", true, Repeats: true), new("investigation_id", true), new("recorded_date", true, Repeats: true),
        new("offence_from", true, Repeats: true), new("offence_to", false, Repeats: true),
        new("offence_codes", true, Repeats: true), new("outcome_code", false, Repeats: true),
        new("outcome_date", false, Repeats: true), new("cps_decision", false, Repeats: true),
        new("cse_flag", false, Repeats: true), new("independently_reviewed", false, Repeats: true),
        new("postcode", false, Repeats: true), new("summary", false),
    ];

    public static readonly IReadOnlyList<ColumnSpec> PeopleColumns =
    [
        new("force", true, Repeats: true), new("person_id", true), new("surname", true, Repeats: true),
        new("forenames", false, Repeats: true), new("date_of_birth", false, Repeats: true),
        new("sex", false, Repeats: true), new("self_defined_ethnicity", false, Repeats: true),
        new("officer_observed_ethnicity", false, Repeats: true), new("nationality", false, Repeats: true),
        new("date_of_death", false, Repeats: true), new("pnc_id", false), new("occupation", false, Repeats: true),
        new("postcode", false, Repeats: true),
    ];

    public static readonly IReadOnlyList<ColumnSpec> InvolvementColumns =
    [
        new("force", true, Repeats: true), new("investigation_id", true), new("person_id", true),
        new("role", true, Repeats: true), new("relationship", false, Repeats: true),
        new("suspect_disposal", false, Repeats: true), new("arrested", false, Repeats: true),
        new("interviewed", false, Repeats: true),
    ];

    public static readonly IReadOnlyList<ColumnSpec> IdentifierColumns =
    [
        new("force", true, Repeats: true), new("kind", true, Repeats: true), new("value", true),
        new("person_id", false), new("investigation_id", false), new("context", false),
    ];
}
