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

    /// <summary>New investigations added so far and not yet written.</summary>
    public int NewInvestigationsToWrite => _newInvestigations.Count - _investigationsWritten;

    /// <summary>New people added so far and not yet written.</summary>
    public int NewPeopleToWrite => _newPeople.Count - _peopleWritten;

    /// <summary>How many of the new investigations not yet written come in the order of their key (following the last one written), from the first.</summary>
    public int InvestigationsInKeyOrder => InKeyOrderSoFar(_newInvestigations, _investigationsWritten, static x => x.Force, static x => x.InvestigationRef);

    /// <summary>How many of the new people not yet written come in the order of their key (following the last one written), from the first.</summary>
    public int PeopleInKeyOrder => InKeyOrderSoFar(_newPeople, _peopleWritten, static x => x.Force, static x => x.PersonRef);

    private static int InKeyOrderSoFar<T>(List<T> rows, int written, Func<T, string> force, Func<T, string> reference)
    {
        for (var n = Math.Max(written, 1); n < rows.Count; n++)
            if (KeyOrder.Compare(force(rows[n - 1]), reference(rows[n - 1]), force(rows[n]), reference(rows[n])) > 0) return n - written;
        return rows.Count - written;
    }

    /// <summary>
    /// Writes the investigations added since the last call (the table's indexes are the caller's concern), the new ones
    /// numbered in the order of their key (<see cref="InKeyOrder{T}"/>); with <paramref name="inOrder"/>, only that many
    /// new ones, which come in key order already (<see cref="InvestigationsInKeyOrder"/>).
    /// </summary>
    public async Task WriteInvestigationsAsync(BulkWriter writer, long batchId, long nextId, CancellationToken ct, int? inOrder = null)
    {
        if (inOrder is null)
        {
            InKeyOrder(_newInvestigations, _investigationsWritten, static x => x.Force, static x => x.InvestigationRef);
            writer.Timings?.Mark("  investigations in key order");
        }
        var end = _investigationsWritten + (inOrder ?? _newInvestigations.Count - _investigationsWritten);
        await WritePartAsync(writer, "investigations", RecordColumns.Investigations, _newInvestigations, _investigationsWritten, end, _changedInvestigations,
            _changedInvestigationsWritten, (x, id) => (x.Id, x.FirstBatchId, x.LastBatchId) = (id, batchId, batchId), x => x.LastBatchId = batchId, nextId, ct);
        (_investigationsWritten, _changedInvestigationsWritten) = (end, _changedInvestigations.Count);
    }

    /// <summary>Writes the people added since the last call (the table's indexes are the caller's concern), the new ones numbered in the order of their key; with <paramref name="inOrder"/>, as <see cref="WriteInvestigationsAsync"/>.</summary>
    public async Task WritePeopleAsync(BulkWriter writer, long batchId, long nextId, CancellationToken ct, int? inOrder = null)
    {
        if (inOrder is null)
        {
            InKeyOrder(_newPeople, _peopleWritten, static x => x.Force, static x => x.PersonRef);
            writer.Timings?.Mark("  people in key order");
        }
        var end = _peopleWritten + (inOrder ?? _newPeople.Count - _peopleWritten);
        await WritePartAsync(writer, "people", RecordColumns.People, _newPeople, _peopleWritten, end, _changedPeople, _changedPeopleWritten,
            (x, id) => (x.Id, x.FirstBatchId, x.LastBatchId) = (id, batchId, batchId), x => x.LastBatchId = batchId, nextId, ct);
        (_peopleWritten, _changedPeopleWritten) = (end, _changedPeople.Count);
    }

    /// <summary>
    /// Puts the records of <paramref name="rows"/> from <paramref name="from"/> on in the order of their key (force, then
    /// reference, ordinal: the order of the UTF-8 bytes SQLite's index compares, but for characters beyond U+FFFF), so that
    /// they are numbered, and written, in that order whatever the order of the file: the same extract gets the same ids
    /// however its rows are listed, and the table's unique index on the key is filled in its own order, which costs next
    /// to nothing during the insert where building it afterwards from keys in no order cost seconds (bench/import-notes.md).
    /// A file listed in key order already (as our generator writes them) is only checked.
    /// </summary>
    internal static void InKeyOrder<T>(List<T> rows, int from, Func<T, string> force, Func<T, string> reference)
    {
        var count = rows.Count - from;
        var sorted = true;
        for (var n = from + 1; n < rows.Count && sorted; n++)
            sorted = KeyOrder.Compare(force(rows[n - 1]), reference(rows[n - 1]), force(rows[n]), reference(rows[n])) <= 0;
        if (sorted) return;
        // Sorted by a copy of each key's first characters held in the sort's own array, so that most comparisons read no
        // string: comparing the strings themselves, scattered over the heap in the file's order, took 10 s for 2.6 million
        // people (a cache miss or two a comparison).
        var forces = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var n = from; n < rows.Count; n++) forces.TryAdd(force(rows[n]), 0);
        var rank = 0;
        foreach (var f in forces.Keys.Order(StringComparer.Ordinal).ToList()) forces[f] = rank++;
        var keys = new KeyOrder[count];
        for (var n = 0; n < count; n++)
        {
            var x = rows[from + n];
            keys[n] = KeyOrder.Of(forces[force(x)], reference(x), n);
        }
        keys.AsSpan().Sort(new KeyOrder.Comparer<T>(rows, from, reference));
        var inOrder = new T[count];
        for (var n = 0; n < count; n++) inOrder[n] = rows[from + keys[n].Index];
        for (var n = 0; n < count; n++) rows[from + n] = inOrder[n];
    }

    /// <summary>
    /// A record's key for sorting: its force's rank among the forces, the first twelve characters of its reference (four to
    /// a number, so that comparing the numbers compares the characters in order; a shorter reference is padded with zeros,
    /// which no reference holds, so it comes first) and its place in the list.
    /// </summary>
    private readonly record struct KeyOrder(int Force, ulong Ref0, ulong Ref1, ulong Ref2, int Index)
    {
        public static int Compare(string forceA, string refA, string forceB, string refB)
        {
            var c = ReferenceEquals(forceA, forceB) ? 0 : string.CompareOrdinal(forceA, forceB);
            return c != 0 ? c : string.CompareOrdinal(refA, refB);
        }

        public static KeyOrder Of(int force, string reference, int index) =>
            new(force, Chars(reference, 0), Chars(reference, 4), Chars(reference, 8), index);

        private static ulong Chars(string s, int from)
        {
            ulong v = 0;
            for (var i = from; i < from + 4; i++) v = (v << 16) | (i < s.Length ? s[i] : 0u);
            return v;
        }

        /// <summary>By force, reference (the strings compared only when their first twelve characters are alike) and place.</summary>
        public readonly struct Comparer<T>(List<T> rows, int from, Func<T, string> reference) : IComparer<KeyOrder>
        {
            public int Compare(KeyOrder x, KeyOrder y)
            {
                var c = x.Force.CompareTo(y.Force);
                if (c == 0) c = x.Ref0.CompareTo(y.Ref0);
                if (c == 0) c = x.Ref1.CompareTo(y.Ref1);
                if (c == 0) c = x.Ref2.CompareTo(y.Ref2);
                if (c == 0) c = string.CompareOrdinal(reference(rows[from + x.Index]), reference(rows[from + y.Index]));
                return c != 0 ? c : x.Index.CompareTo(y.Index);
            }
        }
    }

    /// <summary>Gives the new records from <paramref name="addedWritten"/> to <paramref name="addedEnd"/> their ids (<paramref name="identify"/>), marks the changed ones from <paramref name="changedWritten"/> on as changed by this batch (<paramref name="touch"/>), and writes both.</summary>
    private static async Task WritePartAsync<T>(BulkWriter writer, string table, BulkColumn<T>[] columns, List<T> added, int addedWritten, int addedEnd,
        List<T> changed, int changedWritten, Action<T, long> identify, Action<T> touch, long nextId, CancellationToken ct)
    {
        var newRows = added.GetRange(addedWritten, addedEnd - addedWritten);
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
            sorted &= n == 0 || InvolvementOrder.Of(_newInvolvements[n - 1]).CompareTo(InvolvementOrder.Of(x)) <= 0;
        }
        // New involvements are written, and numbered, in the order of the unique index on (investigation, person, role),
        // whatever the order of the file: the same extract gets the same ids, and the index is filled in its own order
        // during the insert, instead of built afterwards from rows in no order, which took seconds (bench/import-notes.md).
        if (!sorted)
        {
            var order = new InvolvementOrder[_newInvolvements.Count];
            for (var n = 0; n < order.Length; n++) order[n] = InvolvementOrder.Of(_newInvolvements[n]) with { Index = n };
            order = InvolvementOrder.Sorted(order);
            var inOrder = new List<Involvement>(order.Length);
            foreach (var o in order) inOrder.Add(_newInvolvements[o.Index]);
            _newInvolvements.Clear();
            _newInvolvements.AddRange(inOrder);
        }
        foreach (var x in _newInvolvements) x.Id = nextId++;
        foreach (var x in _changedInvolvements) x.LastBatchId = batchId;
        writer.Timings?.Mark("  involvements in key order");
        await writer.InsertManyAsync("involvements", RecordColumns.Involvements, _newInvolvements, ct, InvolvementKey);
        await writer.UpdateAsync("involvements", RecordColumns.Involvements, _changedInvolvements, ct);
    }

    /// <summary>The columns of the involvements' unique index, which <see cref="WriteInvolvementsAsync"/> writes them in the order of.</summary>
    private static readonly string[] InvolvementKey = ["investigation_id", "person_id", "role"];

    /// <summary>An involvement's place in the order of its unique index: investigation, person, then role as the index compares it (by its token's text).</summary>
    private readonly record struct InvolvementOrder(long Investigation, long Person, int Role, int Index) : IComparable<InvolvementOrder>
    {
        // Each role's rank among the roles' tokens in ordinal order.
        private static readonly int[] RoleRanks = RanksOfTokens();

        private static int[] RanksOfTokens()
        {
            var roles = Enum.GetValues<InvolvementRole>();
            var ranks = new int[roles.Max(r => (int)r) + 1];
            var n = 0;
            foreach (var role in roles.OrderBy(r => Token.Of(r), StringComparer.Ordinal)) ranks[(int)role] = n++;
            return ranks;
        }

        public static InvolvementOrder Of(Involvement x) => new(x.InvestigationId, x.PersonId, RoleRanks[(int)x.Role], 0);

        /// <summary>
        /// The involvements in order. New investigations' ids are a range with no gaps, so they are first gathered by
        /// investigation (a counting sort, one pass), and each investigation's few sorted alone: a third of the time of
        /// sorting millions of them at once.
        /// </summary>
        public static InvolvementOrder[] Sorted(InvolvementOrder[] order)
        {
            if (order.Length == 0) return order;
            var (min, max) = (long.MaxValue, long.MinValue);
            foreach (var o in order) (min, max) = (Math.Min(min, o.Investigation), Math.Max(max, o.Investigation));
            if (max - min > 4L * order.Length + 1024)
            {
                Array.Sort(order);
                return order;
            }
            var starts = new int[max - min + 2];
            foreach (var o in order) starts[o.Investigation - min + 1]++;
            for (var i = 1; i < starts.Length; i++) starts[i] += starts[i - 1];
            var gathered = new InvolvementOrder[order.Length];
            foreach (var o in order) gathered[starts[o.Investigation - min]++] = o;
            for (var from = 0; from < gathered.Length;)
            {
                var end = from + 1;
                while (end < gathered.Length && gathered[end].Investigation == gathered[from].Investigation) end++;
                if (end - from > 1) gathered.AsSpan(from, end - from).Sort();
                from = end;
            }
            return gathered;
        }

        public int CompareTo(InvolvementOrder other)
        {
            var c = Investigation.CompareTo(other.Investigation);
            if (c == 0) c = Person.CompareTo(other.Person);
            if (c == 0) c = Role.CompareTo(other.Role);
            return c != 0 ? c : Index.CompareTo(other.Index);
        }
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
