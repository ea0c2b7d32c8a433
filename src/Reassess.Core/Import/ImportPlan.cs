using System.Globalization;
using NpgsqlTypes;
using Reassess.Records;
using Reassess.Storage;

namespace Reassess.Import;

/// <summary>
/// What one import will write: new records (given ids here) and changed ones (merged with what is stored, each changed
/// field kept in <see cref="RecordChange"/>). Unchanged records are left alone, so re-importing the same bundle writes
/// nothing but the batch row.
/// </summary>
internal sealed class ImportPlan
{
    // The lists of new records are sized for their file before they are filled: grown by doubling, each step is a
    // large-object allocation, and those trigger full collections of a heap holding the whole parsed bundle.
    private readonly List<Investigation> _newInvestigations = [];
    private readonly List<Investigation> _changedInvestigations = [];
    private readonly List<Person> _newPeople = [];

    /// <summary>Rows of the extract about erased nominals (the person and their identifiers), left out.</summary>
    public int KeptErased { get; private set; }
    private readonly List<Person> _changedPeople = [];
    private readonly List<Involvement> _newInvolvements = [];
    // New involvements' and identifiers' rows in their file, to find what their references resolved to in the links.
    private readonly List<int> _newInvolvementRows = [];
    private readonly List<Involvement> _changedInvolvements = [];
    private readonly List<Identifier> _newIdentifiers = [];
    private readonly List<int> _newIdentifierRows = [];
    private ParentLinks? _links;
    private readonly List<Identifier> _changedIdentifiers = [];
    private readonly List<RecordChange> _history = [];
    private int _unchangedInvestigations, _unchangedPeople, _unchangedInvolvements, _unchangedIdentifiers;
    // Investigations and people arrive in parts (as their files are read) and are written part by part: how many of
    // each list are written already.
    private int _investigationsWritten, _changedInvestigationsWritten, _peopleWritten, _changedPeopleWritten;

    /// <summary>What the import adds, updates and leaves unchanged, table by table in file order.</summary>
    public List<TableChanges> Changes =>
    [
        new("investigations", _newInvestigations.Count, _changedInvestigations.Count, _unchangedInvestigations),
        new("people", _newPeople.Count, _changedPeople.Count, _unchangedPeople),
        new("involvements", _newInvolvements.Count, _changedInvolvements.Count, _unchangedInvolvements),
        new("identifiers", _newIdentifiers.Count, _changedIdentifiers.Count, _unchangedIdentifiers),
    ];

    // Investigations and people are added part by part, in file order, each part written before the next is added;
    // involvements and identifiers are added once, after both (their references need every key of the parent files).

    public void AddInvestigations(RowPart<Investigation> part, StoredRecords stored, DateTimeOffset at)
    {
        if (part.First == 0) _newInvestigations.EnsureCapacity(part.ExpectedRows);
        foreach (var row in part.Rows)
        {
            if (!row.IsValid) continue;
            var x = row.Record;
            if (stored.InvestigationIds.TryGetValue(new(x.Force, x.InvestigationRef), out var id))
            {
                var old = stored.Investigations[id];
                if (Merge("investigation", id, old, x, InvestigationFields, at, row.UnstatedDefaults)) _changedInvestigations.Add(old);
                else _unchangedInvestigations++;
            }
            else _newInvestigations.Add(x);
        }
    }

    public void AddPeople(RowPart<Person> part, StoredRecords stored, DateTimeOffset at)
    {
        if (part.First == 0) _newPeople.EnsureCapacity(part.ExpectedRows);
        foreach (var row in part.Rows)
        {
            if (!row.IsValid) continue;
            var x = row.Record;
            if (stored.PersonIds.TryGetValue(new(x.Force, x.PersonRef), out var id))
            {
                var old = stored.People[id];
                if (old.ErasedAt is not null) { KeptErased++; continue; } // erased here: the extract does not restore it
                if (Merge("person", id, old, x, PersonFields, at)) _changedPeople.Add(old);
                else _unchangedPeople++;
            }
            else _newPeople.Add(x);
        }
    }

    public void AddInvolvements(List<ParsedRow<Involvement>> rows, StoredRecords stored, ParentLinks links, DateTimeOffset at)
    {
        _newInvolvements.EnsureCapacity(rows.Count);
        _newInvolvementRows.EnsureCapacity(rows.Count);
        _links = links;
        var nothingStored = stored.Involvements.Count == 0;
        for (var n = 0; n < rows.Count; n++)
        {
            var row = rows[n];
            if (!row.IsValid) continue;
            var x = row.Record;
            // Only an involvement whose investigation and person are both stored can be stored: it is found by their ids.
            var (investigation, person) = (links.InvolvementInvestigations[n], links.InvolvementPeople[n]);
            if (!nothingStored && investigation.New is null && person.New is null
                && stored.Involvements.TryGetValue((investigation.StoredId, person.StoredId, x.Role), out var old))
            {
                if (Merge("involvement", old.Id, old, x, InvolvementFields, at)) _changedInvolvements.Add(old);
                else _unchangedInvolvements++;
            }
            else
            {
                _newInvolvements.Add(x);
                _newInvolvementRows.Add(n);
            }
        }
    }

    public void AddIdentifiers(List<ParsedRow<Identifier>> rows, StoredRecords stored, ParentLinks links, DateTimeOffset at)
    {
        _newIdentifiers.EnsureCapacity(rows.Count);
        _newIdentifierRows.EnsureCapacity(rows.Count);
        _links = links;
        var seen = new HashSet<(string, IdentifierKind, string, string?, string?)>();
        for (var n = 0; n < rows.Count; n++)
        {
            var row = rows[n];
            if (!row.IsValid) continue;
            var x = row.Record;
            var key = (x.Force, x.Kind, x.Value, x.PersonRef, x.InvestigationRef);
            if (!seen.Add(key)) { _unchangedIdentifiers++; continue; } // the same identifier recorded twice: one record
            if (x.PersonRef is not null && stored.PersonIds.TryGetValue(new(x.Force, x.PersonRef), out var owner) && stored.People[owner].ErasedAt is not null)
            {
                KeptErased++;
                continue;
            }
            if (stored.Identifiers.TryGetValue(key, out var old))
            {
                if (Merge("identifier", old.Id, old, x, IdentifierFields, at)) _changedIdentifiers.Add(old);
                else _unchangedIdentifiers++;
            }
            else
            {
                _newIdentifiers.Add(x);
                _newIdentifierRows.Add(n);
            }
        }
    }

    // Each part is written with the batch's id and the first free id of its table (the k-th new record of the import
    // gets that id plus k); new records get their ids here, and involvements and identifiers point at their
    // investigation and person (whose ids were given when they were written).

    /// <summary>Writes the investigations added since the last call (the table's indexes are the caller's concern).</summary>
    public async Task WriteInvestigationsAsync(BulkWriter writer, long batchId, long nextId, CancellationToken ct)
    {
        await WritePartAsync(writer, "investigations", RecordColumns.Investigations, _newInvestigations, _investigationsWritten, _changedInvestigations,
            _changedInvestigationsWritten, (x, id) => (x.Id, x.FirstBatchId, x.LastBatchId) = (id, batchId, batchId), x => x.LastBatchId = batchId, nextId, ct);
        (_investigationsWritten, _changedInvestigationsWritten) = (_newInvestigations.Count, _changedInvestigations.Count);
    }

    /// <summary>Writes the people added since the last call (the table's indexes are the caller's concern).</summary>
    public async Task WritePeopleAsync(BulkWriter writer, long batchId, long nextId, CancellationToken ct)
    {
        await WritePartAsync(writer, "people", RecordColumns.People, _newPeople, _peopleWritten, _changedPeople, _changedPeopleWritten,
            (x, id) => (x.Id, x.FirstBatchId, x.LastBatchId) = (id, batchId, batchId), x => x.LastBatchId = batchId, nextId, ct);
        (_peopleWritten, _changedPeopleWritten) = (_newPeople.Count, _changedPeople.Count);
    }

    /// <summary>Gives the new records from <paramref name="addedWritten"/> on their ids (<paramref name="identify"/>), marks the changed ones from <paramref name="changedWritten"/> on as changed by this batch (<paramref name="touch"/>), and writes both.</summary>
    private static async Task WritePartAsync<T>(BulkWriter writer, string table, BulkColumn<T>[] columns, List<T> added, int addedWritten,
        List<T> changed, int changedWritten, Action<T, long> identify, Action<T> touch, long nextId, CancellationToken ct)
    {
        var newRows = added.GetRange(addedWritten, added.Count - addedWritten);
        for (var n = 0; n < newRows.Count; n++) identify(newRows[n], nextId + addedWritten + n);
        var changedRows = changed.GetRange(changedWritten, changed.Count - changedWritten);
        foreach (var x in changedRows) touch(x);
        if (newRows.Count > 0) await writer.InsertAsync(table, columns, newRows, ct);
        if (changedRows.Count > 0) await writer.UpdateAsync(table, columns, changedRows, ct);
    }

    public async Task WriteInvolvementsAsync(BulkWriter writer, long batchId, long nextId, CancellationToken ct)
    {
        var sorted = true;
        for (var n = 0; n < _newInvolvements.Count; n++)
        {
            var x = _newInvolvements[n];
            var row = _newInvolvementRows[n];
            var (investigation, person) = (_links!.InvolvementInvestigations[row], _links.InvolvementPeople[row]);
            x.FirstBatchId = x.LastBatchId = batchId;
            x.InvestigationId = investigation.New?.Id ?? investigation.StoredId;
            x.PersonId = person.New?.Id ?? person.StoredId;
            sorted &= n == 0 || x.InvestigationId >= _newInvolvements[n - 1].InvestigationId;
        }
        // New involvements are written, and numbered, in their investigations' order (file order within one): the unique
        // index on (investigation, person, role) is then built from rows nearly in its order, as it is for an extract that
        // lists an investigation's involvements together (ids are file order then, as before). Involvements in no
        // particular order made that index build several times longer (bench/import-notes.md).
        if (!sorted)
        {
            var order = _newInvolvements.Select((x, n) => (x.InvestigationId, n)).ToArray();
            Array.Sort(order);
            var inOrder = new List<Involvement>(order.Length);
            foreach (var (_, n) in order) inOrder.Add(_newInvolvements[n]);
            _newInvolvements.Clear();
            _newInvolvements.AddRange(inOrder);
        }
        foreach (var x in _newInvolvements) x.Id = nextId++;
        foreach (var x in _changedInvolvements) x.LastBatchId = batchId;
        await writer.InsertManyAsync("involvements", RecordColumns.Involvements, _newInvolvements, ct);
        await writer.UpdateAsync("involvements", RecordColumns.Involvements, _changedInvolvements, ct);
    }

    public async Task WriteIdentifiersAsync(BulkWriter writer, long batchId, long nextId, CancellationToken ct)
    {
        for (var n = 0; n < _newIdentifiers.Count; n++)
        {
            var x = _newIdentifiers[n];
            var row = _newIdentifierRows[n];
            var (investigation, person) = (_links!.IdentifierInvestigations[row], _links.IdentifierPeople[row]);
            x.Id = nextId++;
            x.FirstBatchId = x.LastBatchId = batchId;
            x.InvestigationId = x.InvestigationRef is null ? null : investigation.New?.Id ?? investigation.StoredId;
            x.PersonId = x.PersonRef is null ? null : person.New?.Id ?? person.StoredId;
        }
        foreach (var x in _changedIdentifiers) x.LastBatchId = batchId;
        await writer.InsertManyAsync("identifiers", RecordColumns.Identifiers, _newIdentifiers, ct);
        await writer.UpdateAsync("identifiers", RecordColumns.Identifiers, _changedIdentifiers, ct);
    }

    /// <summary>Every changed field's old and new value, as the batch's history.</summary>
    public async Task WriteHistoryAsync(BulkWriter writer, long batchId, string importedBy, CancellationToken ct)
    {
        foreach (var c in _history) { c.BatchId = batchId; c.ChangedBy = importedBy; }
        await writer.InsertAsync("record_changes", HistoryColumns, _history, ct);
    }

    /// <summary>
    /// Copies the incoming values onto the stored record, noting each field that changes. An empty incoming value never
    /// erases a stored one: a later extract that omits a value has not deleted it. That holds for the flags that read
    /// an empty cell as <c>false</c> too (<paramref name="unstated"/>): a stored <c>true</c> is changed only by a written <c>false</c>.
    /// </summary>
    private bool Merge<T>(string entity, long id, T stored, T incoming, IReadOnlyList<Field<T>> fields, DateTimeOffset at, byte unstated = 0)
    {
        var changed = false;
        foreach (var f in fields)
        {
            if ((f.Unstated & unstated) != 0) continue;
            var was = f.Get(stored);
            var now = f.Get(incoming);
            if (now is null || string.Equals(was, now, StringComparison.Ordinal)) continue;
            f.Copy(incoming, stored);
            _history.Add(new RecordChange
            {
                Entity = entity,
                RecordId = id,
                Field = f.Name,
                OldValue = was,
                NewValue = now,
                ChangedAt = at,
                ChangedBy = "import",
                Reason = "later extract",
            });
            changed = true;
        }
        return changed;
    }

    private sealed record Field<T>(string Name, Func<T, string?> Get, Action<T, T> Copy, byte Unstated = 0);

    private static string? Text(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static string? Text(bool? b) => b is null ? null : b.Value ? "true" : "false";
    private static string? Text<TEnum>(TEnum? e) where TEnum : struct, Enum => e is null ? null : Token.Of(e.Value);

    private static readonly Field<Investigation>[] InvestigationFields =
    [
        new("recorded_date", x => Text(x.RecordedDate), (s, d) => d.RecordedDate = s.RecordedDate),
        new("offence_from", x => Text(x.OffenceFrom), (s, d) => d.OffenceFrom = s.OffenceFrom),
        new("offence_to", x => Text(x.OffenceTo), (s, d) => d.OffenceTo = s.OffenceTo),
        new("offence_codes", x => x.OffenceCodes, (s, d) => d.OffenceCodes = s.OffenceCodes),
        new("outcome_code", x => x.OutcomeCode, (s, d) => d.OutcomeCode = s.OutcomeCode),
        new("outcome_date", x => Text(x.OutcomeDate), (s, d) => d.OutcomeDate = s.OutcomeDate),
        new("cps_decision", x => Text(x.CpsDecision), (s, d) => d.CpsDecision = s.CpsDecision),
        new("cse_flag", x => Text(x.CseFlag), (s, d) => d.CseFlag = s.CseFlag, Unstated.CseFlag),
        new("independently_reviewed", x => Text(x.IndependentlyReviewed), (s, d) => d.IndependentlyReviewed = s.IndependentlyReviewed, Unstated.IndependentlyReviewed),
        new("postcode", x => x.Postcode, (s, d) => d.Postcode = s.Postcode),
        new("summary", x => x.Summary, (s, d) => d.Summary = s.Summary),
    ];

    private static readonly Field<Person>[] PersonFields =
    [
        new("surname", x => x.Surname, (s, d) => d.Surname = s.Surname),
        new("forenames", x => x.Forenames, (s, d) => d.Forenames = s.Forenames),
        new("date_of_birth", x => Text(x.DateOfBirth), (s, d) => d.DateOfBirth = s.DateOfBirth),
        new("sex", x => Text(x.Sex), (s, d) => d.Sex = s.Sex),
        new("self_defined_ethnicity", x => x.SelfDefinedEthnicity, (s, d) => d.SelfDefinedEthnicity = s.SelfDefinedEthnicity),
        new("officer_observed_ethnicity", x => x.OfficerObservedEthnicity, (s, d) => d.OfficerObservedEthnicity = s.OfficerObservedEthnicity),
        new("nationality", x => x.Nationality, (s, d) => d.Nationality = s.Nationality),
        new("date_of_death", x => Text(x.DateOfDeath), (s, d) => d.DateOfDeath = s.DateOfDeath),
        new("pnc_id", x => x.PncId, (s, d) => d.PncId = s.PncId),
        new("occupation", x => x.Occupation, (s, d) => d.Occupation = s.Occupation),
        new("postcode", x => x.Postcode, (s, d) => d.Postcode = s.Postcode),
    ];

    private static readonly Field<Involvement>[] InvolvementFields =
    [
        new("relationship", x => Text(x.Relationship), (s, d) => d.Relationship = s.Relationship),
        new("suspect_disposal", x => Text(x.SuspectDisposal), (s, d) => d.SuspectDisposal = s.SuspectDisposal),
        new("arrested", x => Text(x.Arrested), (s, d) => d.Arrested = s.Arrested),
        new("interviewed", x => Text(x.Interviewed), (s, d) => d.Interviewed = s.Interviewed),
    ];

    private static readonly Field<Identifier>[] IdentifierFields =
    [
        new("raw_value", x => x.RawValue, (s, d) => d.RawValue = s.RawValue),
        new("context", x => x.Context, (s, d) => d.Context = s.Context),
    ];

    private static readonly BulkColumn<RecordChange>[] HistoryColumns =
    [
        new("entity", NpgsqlDbType.Text, x => x.Entity),
        new("record_id", NpgsqlDbType.Bigint, x => x.RecordId),
        new("field", NpgsqlDbType.Text, x => x.Field),
        new("old_value", NpgsqlDbType.Text, x => x.OldValue),
        new("new_value", NpgsqlDbType.Text, x => x.NewValue),
        new("changed_at", NpgsqlDbType.TimestampTz, x => x.ChangedAt),
        new("batch_id", NpgsqlDbType.Bigint, x => x.BatchId),
        new("changed_by", NpgsqlDbType.Text, x => x.ChangedBy),
        new("reason", NpgsqlDbType.Text, x => x.Reason),
    ];
}
