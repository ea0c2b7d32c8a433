using NpgsqlTypes;
using Reassess.Records;

namespace Reassess.Storage;

/// <summary>
/// The one column mapping of each of the four force-record tables (investigations, people, involvements, identifiers):
/// each column's name, its position, its PostgreSQL type and how to read it off a record. The importer writes through it
/// (<see cref="BulkWriter"/>, whose UPDATE takes the first column, the id, as its key) and reads what is stored through
/// it (<see cref="Select{T}"/>), so a column added or moved is added or moved once. The CSV columns of a bundle are
/// another matter (Import/BundleSchema.cs).
/// </summary>
internal static class RecordColumns
{
    private static object? Tok<TEnum>(TEnum? e) where TEnum : struct, Enum => e is null ? null : Token.Of(e.Value);

    public static readonly BulkColumn<Investigation>[] Investigations =
    [
        new("id", NpgsqlDbType.Bigint, x => x.Id),
        new("force", NpgsqlDbType.Varchar, x => x.Force),
        new("investigation_ref", NpgsqlDbType.Varchar, x => x.InvestigationRef),
        new("recorded_date", NpgsqlDbType.Date, x => x.RecordedDate),
        new("offence_from", NpgsqlDbType.Date, x => x.OffenceFrom),
        new("offence_to", NpgsqlDbType.Date, x => x.OffenceTo),
        new("offence_codes", NpgsqlDbType.Varchar, x => x.OffenceCodes),
        new("outcome_code", NpgsqlDbType.Varchar, x => x.OutcomeCode),
        new("outcome_date", NpgsqlDbType.Date, x => x.OutcomeDate),
        new("cps_decision", NpgsqlDbType.Varchar, x => Tok(x.CpsDecision)),
        new("cse_flag", NpgsqlDbType.Boolean, x => x.CseFlag),
        new("independently_reviewed", NpgsqlDbType.Boolean, x => x.IndependentlyReviewed),
        new("postcode", NpgsqlDbType.Varchar, x => x.Postcode),
        new("summary", NpgsqlDbType.Text, x => x.Summary),
        new("first_batch_id", NpgsqlDbType.Bigint, x => x.FirstBatchId),
        new("last_batch_id", NpgsqlDbType.Bigint, x => x.LastBatchId),
    ];

    public static readonly BulkColumn<Person>[] People =
    [
        new("id", NpgsqlDbType.Bigint, x => x.Id),
        new("force", NpgsqlDbType.Varchar, x => x.Force),
        new("person_ref", NpgsqlDbType.Varchar, x => x.PersonRef),
        new("surname", NpgsqlDbType.Text, x => x.Surname),
        new("forenames", NpgsqlDbType.Text, x => x.Forenames),
        new("date_of_birth", NpgsqlDbType.Date, x => x.DateOfBirth),
        new("sex", NpgsqlDbType.Varchar, x => Tok(x.Sex)),
        new("self_defined_ethnicity", NpgsqlDbType.Varchar, x => x.SelfDefinedEthnicity),
        new("officer_observed_ethnicity", NpgsqlDbType.Varchar, x => x.OfficerObservedEthnicity),
        new("nationality", NpgsqlDbType.Varchar, x => x.Nationality),
        new("date_of_death", NpgsqlDbType.Date, x => x.DateOfDeath),
        new("pnc_id", NpgsqlDbType.Varchar, x => x.PncId),
        new("occupation", NpgsqlDbType.Text, x => x.Occupation),
        new("postcode", NpgsqlDbType.Varchar, x => x.Postcode),
        new("first_batch_id", NpgsqlDbType.Bigint, x => x.FirstBatchId),
        new("last_batch_id", NpgsqlDbType.Bigint, x => x.LastBatchId),
    ];

    public static readonly BulkColumn<Involvement>[] Involvements =
    [
        new("id", NpgsqlDbType.Bigint, x => x.Id),
        new("force", NpgsqlDbType.Varchar, x => x.Force),
        new("investigation_id", NpgsqlDbType.Bigint, x => x.InvestigationId),
        new("person_id", NpgsqlDbType.Bigint, x => x.PersonId),
        new("investigation_ref", NpgsqlDbType.Varchar, x => x.InvestigationRef),
        new("person_ref", NpgsqlDbType.Varchar, x => x.PersonRef),
        new("role", NpgsqlDbType.Varchar, x => Token.Of(x.Role)),
        new("relationship", NpgsqlDbType.Varchar, x => Tok(x.Relationship)),
        new("suspect_disposal", NpgsqlDbType.Varchar, x => Tok(x.SuspectDisposal)),
        new("arrested", NpgsqlDbType.Boolean, x => x.Arrested),
        new("interviewed", NpgsqlDbType.Boolean, x => x.Interviewed),
        new("first_batch_id", NpgsqlDbType.Bigint, x => x.FirstBatchId),
        new("last_batch_id", NpgsqlDbType.Bigint, x => x.LastBatchId),
    ];

    public static readonly BulkColumn<Identifier>[] Identifiers =
    [
        new("id", NpgsqlDbType.Bigint, x => x.Id),
        new("force", NpgsqlDbType.Varchar, x => x.Force),
        new("kind", NpgsqlDbType.Varchar, x => Token.Of(x.Kind)),
        new("raw_value", NpgsqlDbType.Text, x => x.RawValue),
        new("value", NpgsqlDbType.Text, x => x.Value),
        new("person_ref", NpgsqlDbType.Varchar, x => x.PersonRef),
        new("investigation_ref", NpgsqlDbType.Varchar, x => x.InvestigationRef),
        new("person_id", NpgsqlDbType.Bigint, x => x.PersonId),
        new("investigation_id", NpgsqlDbType.Bigint, x => x.InvestigationId),
        new("context", NpgsqlDbType.Text, x => x.Context),
        new("first_batch_id", NpgsqlDbType.Bigint, x => x.FirstBatchId),
        new("last_batch_id", NpgsqlDbType.Bigint, x => x.LastBatchId),
    ];

    /// <summary>
    /// The mapping's columns as a select list (<c>id, force, …</c>), in its order, then any further columns a reader
    /// needs that the importer never writes (e.g. <c>people.erased_at</c>): a reader's column positions follow the mapping.
    /// </summary>
    public static string Select<T>(IReadOnlyList<BulkColumn<T>> columns, params string[] more) =>
        string.Join(", ", columns.Select(c => c.Name).Concat(more));
}
