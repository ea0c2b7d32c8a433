using System.Data.Common;
using Reassess.Records;

namespace Reassess.Linkage.Resolution;

/// <summary>A nominal as linkage reads it.</summary>
public sealed record NominalRow(
    long Id, string Force, string PersonRef, string Surname, string? Forenames, DateOnly? DateOfBirth, Sex? Sex,
    string? PncId, string? Occupation, string? Postcode, DateOnly? DateOfDeath,
    string? SelfDefinedEthnicity = null, string? OfficerObservedEthnicity = null, string? Nationality = null)
{
    /// <summary><c>FORCE:PERSON_REF</c>, how people are named in evidence and on the command line.</summary>
    public string Key => Force + ":" + PersonRef;
}

/// <summary>A person's part in an investigation, by surrogate ids.</summary>
public readonly record struct InvolvementRow(long PersonId, long InvestigationId, InvolvementRole Role);

/// <summary>A normalised identifier seen with a person and/or an investigation.</summary>
public sealed record IdentifierRow(IdentifierKind Kind, string Value, long? PersonId, long? InvestigationId);

/// <summary>An investigation as linkage reads it.</summary>
public sealed record InvestigationRow(long Id, string Force, string InvestigationRef, string OffenceCodes, DateOnly OffenceFrom)
{
    /// <summary><c>FORCE/REF</c>.</summary>
    public string Key => Force + "/" + InvestigationRef;
}

/// <summary>
/// Everything linkage reads, loaded once with plain ADO.NET readers (millions of rows at national scale: no change
/// tracking, strings of forces shared).
/// </summary>
public sealed class LinkageInput
{
    public required IReadOnlyList<NominalRow> People { get; init; }
    public required IReadOnlyList<InvolvementRow> Involvements { get; init; }
    public required IReadOnlyList<IdentifierRow> Identifiers { get; init; }
    public required IReadOnlyList<InvestigationRow> Investigations { get; init; }

    private Dictionary<long, int>? _personIndex;
    private Dictionary<long, int>? _investigationIndex;

    /// <summary>Position in <see cref="People"/> of a nominal id.</summary>
    public IReadOnlyDictionary<long, int> PersonIndex => _personIndex ??= Index(People, p => p.Id);

    /// <summary>Position in <see cref="Investigations"/> of an investigation id.</summary>
    public IReadOnlyDictionary<long, int> InvestigationIndex => _investigationIndex ??= Index(Investigations, i => i.Id);

    private static Dictionary<long, int> Index<T>(IReadOnlyList<T> rows, Func<T, long> id)
    {
        var index = new Dictionary<long, int>(rows.Count);
        for (var i = 0; i < rows.Count; i++) index[id(rows[i])] = i;
        return index;
    }

    /// <summary>Reads people, involvements, identifiers and investigations, each ordered by id.</summary>
    public static async Task<LinkageInput> LoadAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var strings = new Dictionary<string, string>(StringComparer.Ordinal);
        string Shared(string s)
        {
            if (strings.TryGetValue(s, out var shared)) return shared;
            strings[s] = s;
            return s;
        }
        string? SharedOrNull(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Shared(reader.GetString(ordinal));

        var people = new List<NominalRow>();
        await using (var reader = await ReadAsync(connection,
            "SELECT id, force, person_ref, surname, forenames, date_of_birth, sex, pnc_id, occupation, postcode, date_of_death, self_defined_ethnicity, officer_observed_ethnicity, nationality FROM people ORDER BY id", cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                people.Add(new NominalRow(
                    reader.GetInt64(0), Shared(reader.GetString(1)), reader.GetString(2), reader.GetString(3),
                    NullableString(reader, 4), NullableDate(reader, 5),
                    reader.IsDBNull(6) ? null : Token.Parse<Sex>(reader.GetString(6)),
                    NullableString(reader, 7), NullableString(reader, 8), NullableString(reader, 9), NullableDate(reader, 10),
                    SharedOrNull(reader, 11), SharedOrNull(reader, 12), SharedOrNull(reader, 13)));
            }
        }

        var involvements = new List<InvolvementRow>();
        await using (var reader = await ReadAsync(connection, "SELECT person_id, investigation_id, role FROM involvements ORDER BY id", cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                involvements.Add(new InvolvementRow(reader.GetInt64(0), reader.GetInt64(1), Token.Parse<InvolvementRole>(reader.GetString(2))));
        }

        var identifiers = new List<IdentifierRow>();
        await using (var reader = await ReadAsync(connection, "SELECT kind, value, person_id, investigation_id FROM identifiers ORDER BY id", cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                identifiers.Add(new IdentifierRow(Token.Parse<IdentifierKind>(reader.GetString(0)), reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetInt64(3)));
            }
        }

        var investigations = new List<InvestigationRow>();
        await using (var reader = await ReadAsync(connection, "SELECT id, force, investigation_ref, offence_codes, offence_from FROM investigations ORDER BY id", cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                investigations.Add(new InvestigationRow(reader.GetInt64(0), Shared(reader.GetString(1)), reader.GetString(2),
                    Shared(reader.GetString(3)), reader.GetFieldValue<DateOnly>(4)));
            }
        }

        return new LinkageInput { People = people, Involvements = involvements, Identifiers = identifiers, Investigations = investigations };
    }

    private static async Task<DbDataReader> ReadAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        return await command.ExecuteReaderAsync(cancellationToken);
    }

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateOnly? NullableDate(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateOnly>(ordinal);
}
