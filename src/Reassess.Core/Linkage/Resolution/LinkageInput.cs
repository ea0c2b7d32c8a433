using System.Data.Common;
using Reassess.Records;
using Reassess.Storage;

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

    /// <summary>
    /// Reads people, involvements, identifiers and investigations, each ordered by id. With <paramref name="other"/>, a
    /// second connection to the same database, the people (most of the reading) are read on one connection while the
    /// rest is read on the other, on two threads. National synthetic data (3.17M nominals), read 15.2/15.5 s after the
    /// start, then 12.6/12.5 s on two connections, then 7.0/6.8 s with SQLite read natively (see <see cref="BulkReader"/>).
    /// </summary>
    public static async Task<LinkageInput> LoadAsync(DbConnection connection, DbConnection? other = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (other is null)
        {
            return await Task.Run(() =>
            {
                var nominals = ReadPeople(connection, cancellationToken);
                var (involvements, identifiers, investigations) = ReadRest(connection, cancellationToken);
                return new LinkageInput { People = nominals, Involvements = involvements, Identifiers = identifiers, Investigations = investigations };
            }, cancellationToken);
        }
        var people = Task.Run(() => ReadPeople(connection, cancellationToken), cancellationToken);
        var rest = Task.Run(() => ReadRest(other, cancellationToken), cancellationToken);
        await Task.WhenAll(people, rest); // both finished (neither connection in use) before any failure is thrown
        return new LinkageInput { People = people.Result, Involvements = rest.Result.Involvements, Identifiers = rest.Result.Identifiers, Investigations = rest.Result.Investigations };
    }

    // Each read runs start to end on one thread (BulkReader holds SQLite's connection mutex on the thread that reads).
    private static List<NominalRow> ReadPeople(DbConnection connection, CancellationToken cancellationToken)
    {
        var strings = new SharedStrings();
        var people = new List<NominalRow>();
        using var rows = BulkReader.Open(connection,
            "SELECT id, force, person_ref, surname, forenames, date_of_birth, sex, pnc_id, occupation, postcode, date_of_death, self_defined_ethnicity, officer_observed_ethnicity, nationality FROM people ORDER BY id");
        while (rows.Read())
        {
            if ((people.Count & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            people.Add(new NominalRow(
                rows.GetInt64(0), strings.Get(rows.GetString(1)), rows.GetString(2), rows.GetString(3),
                rows.GetNullableString(4), rows.GetNullableDate(5),
                rows.IsNull(6) ? null : Token.Parse<Sex>(rows.GetString(6)),
                rows.GetNullableString(7), rows.GetNullableString(8), rows.GetNullableString(9), rows.GetNullableDate(10),
                strings.GetOrNull(rows, 11), strings.GetOrNull(rows, 12), strings.GetOrNull(rows, 13)));
        }
        return people;
    }

    private static (List<InvolvementRow> Involvements, List<IdentifierRow> Identifiers, List<InvestigationRow> Investigations) ReadRest(
        DbConnection connection, CancellationToken cancellationToken)
    {
        var strings = new SharedStrings();
        var involvements = new List<InvolvementRow>();
        using (var rows = BulkReader.Open(connection, "SELECT person_id, investigation_id, role FROM involvements ORDER BY id"))
        {
            while (rows.Read())
            {
                if ((involvements.Count & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
                involvements.Add(new InvolvementRow(rows.GetInt64(0), rows.GetInt64(1), Token.Parse<InvolvementRole>(rows.GetString(2))));
            }
        }

        var identifiers = new List<IdentifierRow>();
        using (var rows = BulkReader.Open(connection, "SELECT kind, value, person_id, investigation_id FROM identifiers ORDER BY id"))
        {
            while (rows.Read())
            {
                identifiers.Add(new IdentifierRow(Token.Parse<IdentifierKind>(rows.GetString(0)), rows.GetString(1),
                    rows.GetNullableInt64(2), rows.GetNullableInt64(3)));
            }
        }
        cancellationToken.ThrowIfCancellationRequested();

        var investigations = new List<InvestigationRow>();
        using (var rows = BulkReader.Open(connection, "SELECT id, force, investigation_ref, offence_codes, offence_from FROM investigations ORDER BY id"))
        {
            while (rows.Read())
            {
                if ((investigations.Count & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
                investigations.Add(new InvestigationRow(rows.GetInt64(0), strings.Get(rows.GetString(1)), rows.GetString(2),
                    strings.Get(rows.GetString(3)), rows.GetDate(4)));
            }
        }
        return (involvements, identifiers, investigations);
    }

    /// <summary>One string for each value of a column whose values recur (forces, codes): millions of rows, few values.</summary>
    private sealed class SharedStrings
    {
        private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

        public string Get(string s)
        {
            if (_strings.TryGetValue(s, out var shared)) return shared;
            _strings[s] = s;
            return s;
        }

        public string? GetOrNull(BulkReader rows, int column) => rows.IsNull(column) ? null : Get(rows.GetString(column));
    }
}
