using System.Data.Common;
using Reassess.Records;
using Reassess.Storage;

namespace Reassess.Import;

/// <summary>The records already stored for the bundle's forces.</summary>
internal sealed class StoredRecords
{
    public RecordIds InvestigationIds { get; } = new();
    public RecordIds PersonIds { get; } = new();
    public Dictionary<long, Investigation> Investigations { get; } = [];
    public Dictionary<long, Person> People { get; } = [];
    /// <summary>Stored involvements by the ids of their investigation and person, and their role.</summary>
    public Dictionary<(long InvestigationId, long PersonId, InvolvementRole Role), Involvement> Involvements { get; } = [];
    public Dictionary<(string, IdentifierKind, string, string?, string?), Identifier> Identifiers { get; } = [];

    private readonly HashSet<string> _forces = new(StringComparer.Ordinal);

    private static async Task<bool> AnyStoredAsync(DbConnection connection, DbTransaction transaction, List<string> forces, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        var names = new List<string>();
        for (var i = 0; i < forces.Count; i++)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "f" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            p.Value = forces[i];
            cmd.Parameters.Add(p);
            names.Add("@" + p.ParameterName);
        }
        var list = string.Join(", ", names);
        cmd.CommandText = $"SELECT CASE WHEN EXISTS (SELECT 1 FROM investigations WHERE force IN ({list})) OR EXISTS (SELECT 1 FROM people WHERE force IN ({list})) THEN 1 ELSE 0 END";
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    /// <summary>Whether what is stored for each of these forces has been read.</summary>
    public bool Holds(IEnumerable<string> forces) => forces.All(_forces.Contains);

    /// <summary>Reads what is stored for those of these forces not read yet (each force once, before any of its rows is written).</summary>
    public async Task LoadAsync(DbConnection connection, DbTransaction transaction, IEnumerable<string> forces, CancellationToken ct)
    {
        // Only reads when every force is held already: the importer resolves references on another thread meanwhile.
        var list = forces.Where(f => !_forces.Contains(f)).Distinct(StringComparer.Ordinal).ToList();
        if (list.Count == 0) return;
        _forces.UnionWith(list);
        // A force seen for the first time has nothing stored: skip the reads (the common case, and the bulk benchmark's).
        if (!await AnyStoredAsync(connection, transaction, list, ct)) return;
        Read(connection, list, ct);
    }

    /// <summary>
    /// Reads every stored record of these forces, every column as EF Core would materialise it, through the bulk reader:
    /// a later extract of a force reads millions of rows here, and EF Core's reader spent most of such an import doing it
    /// (figures in bench/import-notes.md). The columns are selected in the order of <see cref="RecordColumns"/>, the mapping the
    /// importer writes through, so each position read below is the column's position there (people's <c>erased_at</c>,
    /// which an import never writes, comes last). The reading is held to EF Core's, column by column on both engines, by
    /// a test (BundleImporterTests: the stored records … are read exactly as EF Core reads them).
    /// </summary>
    private void Read(DbConnection connection, List<string> forces, CancellationToken ct)
    {
        // Force codes are letters (the parser refuses anything else), so they are written into the statement as they are.
        var list = string.Join(", ", forces.Where(f => f.Length > 0 && f.All(char.IsAsciiLetter)).Select(f => $"'{f}'"));
        if (list.Length == 0) return;
        // Columns of few distinct values share one string per value: millions of copies of the same force code or
        // ethnicity code would otherwise stay in memory for the whole import.
        var shared = new Dictionary<string, string>(StringComparer.Ordinal);
        [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
        string? Shared(string? text) =>
            text is null ? null : shared.TryGetValue(text, out var one) ? one : shared.Count < 65_536 ? shared[text] = text : text;
        Each(connection, ct, $"SELECT {RecordColumns.Select(RecordColumns.Investigations)} FROM investigations WHERE force IN ({list})", r => new Investigation
        {
            Id = r.GetInt64(0),
            Force = Shared(r.GetString(1)),
            InvestigationRef = r.GetString(2),
            RecordedDate = r.GetDate(3),
            OffenceFrom = r.GetDate(4),
            OffenceTo = r.GetNullableDate(5),
            OffenceCodes = Shared(r.GetString(6)),
            OutcomeCode = Shared(r.GetNullableString(7)),
            OutcomeDate = r.GetNullableDate(8),
            CpsDecision = Enum<CpsDecision>(r, 9),
            CseFlag = r.GetBoolean(10),
            IndependentlyReviewed = r.GetBoolean(11),
            Postcode = r.GetNullableString(12),
            Summary = r.GetNullableString(13),
            FirstBatchId = r.GetInt64(14),
            LastBatchId = r.GetInt64(15),
        }, x => { InvestigationIds[new(x.Force, x.InvestigationRef)] = x.Id; Investigations[x.Id] = x; });
        Each(connection, ct, $"SELECT {RecordColumns.Select(RecordColumns.People, "erased_at")} FROM people WHERE force IN ({list})", r => new Person
        {
            Id = r.GetInt64(0),
            Force = Shared(r.GetString(1)),
            PersonRef = r.GetString(2),
            Surname = r.GetString(3),
            Forenames = r.GetNullableString(4),
            DateOfBirth = r.GetNullableDate(5),
            Sex = Enum<Sex>(r, 6),
            SelfDefinedEthnicity = Shared(r.GetNullableString(7)),
            OfficerObservedEthnicity = Shared(r.GetNullableString(8)),
            Nationality = Shared(r.GetNullableString(9)),
            DateOfDeath = r.GetNullableDate(10),
            PncId = r.GetNullableString(11),
            Occupation = Shared(r.GetNullableString(12)),
            Postcode = r.GetNullableString(13),
            FirstBatchId = r.GetInt64(14),
            LastBatchId = r.GetInt64(15),
            ErasedAt = r.GetNullableInstant(16),
        }, x => { PersonIds[new(x.Force, x.PersonRef)] = x.Id; People[x.Id] = x; });
        // An involvement belongs to its investigation's force: found through the investigations' ids (indexed), not by its
        // own force column (which is not).
        Each(connection, ct, $"SELECT {RecordColumns.Select(RecordColumns.Involvements)} FROM involvements " +
            $"WHERE investigation_id IN (SELECT id FROM investigations WHERE force IN ({list}))", r => new Involvement
            {
                Id = r.GetInt64(0),
                Force = Shared(r.GetString(1)),
                InvestigationId = r.GetInt64(2),
                PersonId = r.GetInt64(3),
                InvestigationRef = r.GetString(4),
                PersonRef = r.GetString(5),
                Role = Token.Parse<InvolvementRole>(r.GetString(6)),
                Relationship = Enum<SuspectRelationship>(r, 7),
                SuspectDisposal = Enum<SuspectDisposal>(r, 8),
                Arrested = r.GetNullableBoolean(9),
                Interviewed = r.GetNullableBoolean(10),
                FirstBatchId = r.GetInt64(11),
                LastBatchId = r.GetInt64(12),
            }, x => Involvements[(x.InvestigationId, x.PersonId, x.Role)] = x);
        Each(connection, ct, $"SELECT {RecordColumns.Select(RecordColumns.Identifiers)} FROM identifiers WHERE force IN ({list})", r => new Identifier
        {
            Id = r.GetInt64(0),
            Force = Shared(r.GetString(1)),
            Kind = Token.Parse<IdentifierKind>(r.GetString(2)),
            RawValue = r.GetString(3),
            Value = r.GetString(4),
            PersonRef = r.GetNullableString(5),
            InvestigationRef = r.GetNullableString(6),
            PersonId = r.GetNullableInt64(7),
            InvestigationId = r.GetNullableInt64(8),
            Context = r.GetNullableString(9),
            FirstBatchId = r.GetInt64(10),
            LastBatchId = r.GetInt64(11),
        }, x => Identifiers[(x.Force, x.Kind, x.Value, x.PersonRef, x.InvestigationRef)] = x);
    }

    /// <summary>Keeps each row a statement returns, read as a record; a cancelled import stops within 65,536 rows.</summary>
    private static void Each<T>(DbConnection connection, CancellationToken ct, string sql, Func<BulkReader, T> read, Action<T> keep)
    {
        ct.ThrowIfCancellationRequested();
        using var r = BulkReader.Open(connection, sql);
        for (var n = 1; r.Read(); n++)
        {
            keep(read(r));
            if ((n & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
        }
    }

    private static TEnum? Enum<TEnum>(BulkReader r, int column) where TEnum : struct, Enum =>
        r.IsNull(column) ? null : Token.Parse<TEnum>(r.GetString(column));
}
