using Reassess.Records;

namespace Reassess.Import;

/// <summary>
/// Resolves the references of a bundle's involvements and identifiers to investigations and people, new in the bundle
/// or stored, and finds involvements recorded twice; the types it keeps its answers in follow.
/// </summary>
internal static class ReferenceResolver
{
    /// <summary>
    /// References of involvements and identifiers to records that exist neither in the bundle nor in storage, and
    /// involvements recorded twice. Each reference that resolves is kept (<see cref="ParentLinks"/>), so ids are later
    /// given without looking keys up again. Slices of rows are resolved in parallel against the key tables (read-only by
    /// then), each row's errors noted on that row alone.
    /// </summary>
    public static ParentLinks Resolve(
        List<ParsedRow<Involvement>> involvements, List<ParsedRow<Identifier>> identifiers,
        List<ParsedRow<Investigation>> investigationRows, ParentKeys investigationKeys,
        List<ParsedRow<Person>> personRows, ParentKeys personKeys, StoredRecords stored)
    {
        // A stored record wins over the bundle's row with the same key: that row updates it and keeps its id.
        // Extracts of our generator list an investigation's involvements together, and people mostly in the order they are
        // first involved: the row a reference resolves to is then often the one the previous reference resolved to, or the
        // next. Those two are tried first (a valid row with the key is the one the key table holds: a repeated key makes its
        // later row invalid), before hashing the key into a table of millions, which costs a cache miss or two. In an
        // extract in no such order the two tries are cache misses of their own for nothing, so each slice of rows stops
        // trying once a quarter of its first tries have not hit (NearHint).
        static bool Near<T>(List<ParsedRow<T>> rows, ref NearHint hint, Func<T, RecordKey> keyOf, RecordKey key) where T : class
        {
            if (!hint.Worth) return false;
            hint.Tries++;
            for (var h = hint.Row; h <= hint.Row + 1; h++)
            {
                if (h < 0 || h >= rows.Count || !rows[h].IsValid || keyOf(rows[h].Record) != key) continue;
                hint.Row = h;
                hint.Hits++;
                return true;
            }
            return false;
        }
        string? Investigation(string force, string reference, ref ParentLink<Investigation> link, ref NearHint hint)
        {
            var key = new RecordKey(force, reference);
            if (stored.InvestigationIds.Count > 0 && stored.InvestigationIds.TryGetValue(key, out var id)) link = new(null, id);
            else if (Near(investigationRows, ref hint, static x => new(x.Force, x.InvestigationRef), key)) link = new(investigationRows[hint.Row].Record, 0, hint.Row);
            else if (investigationKeys.TryGetRow(key, out var row)) link = new(investigationRows[hint.Row = row].Record, 0, row);
            else return investigationKeys.Rejected.Contains(key)
                ? $"investigation '{reference}' of force {force} was rejected (see investigations.csv)"
                : $"investigation '{reference}' of force {force} is not in investigations.csv";
            return null;
        }
        string? Person(string force, string reference, ref ParentLink<Person> link, ref NearHint hint)
        {
            var key = new RecordKey(force, reference);
            if (stored.PersonIds.Count > 0 && stored.PersonIds.TryGetValue(key, out var id)) link = new(null, id);
            else if (Near(personRows, ref hint, static x => new(x.Force, x.PersonRef), key)) link = new(personRows[hint.Row].Record, 0, hint.Row);
            else if (personKeys.TryGetRow(key, out var row)) link = new(personRows[hint.Row = row].Record, 0, row);
            else return personKeys.Rejected.Contains(key)
                ? $"person '{reference}' of force {force} was rejected (see people.csv)"
                : $"person '{reference}' of force {force} is not in people.csv";
            return null;
        }

        var links = new ParentLinks(involvements.Count, identifiers.Count);
        Parallel.ForEach(Slices(involvements.Count), range =>
        {
            var (investigationHint, personHint) = (NearHint.Start, NearHint.Start);
            for (var n = range.Item1; n < range.Item2; n++)
            {
                var row = involvements[n];
                if (!row.IsValid) continue;
                links.InvolvementChecked[n] = true;
                var r = row.Record;
                if (Investigation(r.Force, r.InvestigationRef, ref links.InvolvementInvestigations[n], ref investigationHint) is { } i) row.Error("investigation_id", i);
                if (Person(r.Force, r.PersonRef, ref links.InvolvementPeople[n], ref personHint) is { } p) row.Error("person_id", p);
            }
        });
        Parallel.ForEach(Slices(identifiers.Count), range =>
        {
            var (investigationHint, personHint) = (NearHint.Start, NearHint.Start);
            for (var n = range.Item1; n < range.Item2; n++)
            {
                var row = identifiers[n];
                if (!row.IsValid) continue;
                var r = row.Record;
                if (r.InvestigationRef is not null && Investigation(r.Force, r.InvestigationRef, ref links.IdentifierInvestigations[n], ref investigationHint) is { } i) row.Error("investigation_id", i);
                if (r.PersonRef is not null && Person(r.Force, r.PersonRef, ref links.IdentifierPeople[n], ref personHint) is { } p) row.Error("person_id", p);
            }
        });
        RepeatedInvolvements(involvements, links, investigationRows.Count);
        return links;
    }

    /// <summary>Row ranges of about 65,000 rows, for resolving references in parallel (none for no rows).</summary>
    private static IEnumerable<Tuple<int, int>> Slices(int rows) =>
        rows == 0 ? [] : System.Collections.Concurrent.Partitioner.Create(0, rows, 1 << 16).GetDynamicPartitions();

    /// <summary>
    /// A person recorded twice in the same role in one investigation. Rows whose references both resolved are compared by
    /// what they resolved to (numbers and the role, no strings to hash or compare), in whatever order the file lists them:
    /// the rows are gathered by investigation with a counting sort (an investigation of the bundle is its row's index, a
    /// stored one gets the next free slot), which keeps each investigation's rows in file order, so the first occurrence
    /// is the one named. An investigation's few rows are then compared pairwise; one with many rows uses a table.
    /// Earlier versions found the repeats run by run, which was fast only when an investigation's involvements were
    /// listed together (as our generator writes them, but no force's records system promises).
    /// </summary>
    private static void RepeatedInvolvements(List<ParsedRow<Involvement>> rows, ParentLinks links, int investigationRows)
    {
        static long Key<T>(ParentLink<T> link) where T : class => link.New is null ? link.StoredId : -1 - link.Row;
        static bool Resolved<T>(ParentLink<T> link) where T : class => link.New is not null || link.StoredId != 0;
        void Repeated(int n, int first)
        {
            var r = rows[n].Record;
            rows[n].Error("role", $"person '{r.PersonRef}' already has role {Token.Of(r.Role)} in investigation '{r.InvestigationRef}' (line {rows[first].Line})");
        }

        // Each resolved row's investigation slot (-1: not compared here), and the number of rows in each slot.
        var slots = new int[rows.Count];
        var stored = new Dictionary<long, int>();
        var counts = new int[investigationRows + 1];
        var unresolved = new Dictionary<(string, string, string, InvolvementRole), int>();
        for (var n = 0; n < rows.Count; n++)
        {
            slots[n] = -1;
            if (!links.InvolvementChecked[n]) continue; // invalid before its references were looked at
            var (investigation, person) = (links.InvolvementInvestigations[n], links.InvolvementPeople[n]);
            if (!Resolved(investigation) || !Resolved(person))
            {
                // A reference that did not resolve (an error already): compared by the keys as written.
                var r = rows[n].Record;
                if (!unresolved.TryAdd((r.Force, r.InvestigationRef, r.PersonRef, r.Role), n)) Repeated(n, unresolved[(r.Force, r.InvestigationRef, r.PersonRef, r.Role)]);
                continue;
            }
            int slot;
            if (investigation.New is not null) slot = investigation.Row;
            else if (!stored.TryGetValue(investigation.StoredId, out slot))
            {
                stored.Add(investigation.StoredId, slot = investigationRows + stored.Count);
                if (slot >= counts.Length) Array.Resize(ref counts, Math.Max(counts.Length * 2, slot + 1));
            }
            slots[n] = slot;
            counts[slot]++;
        }

        // Where each slot's rows begin (running totals), then the rows placed in file order, each with its person and role
        // as one number, so an investigation's rows are compared in one stretch of memory.
        var starts = new int[counts.Length + 1];
        for (var s = 0; s < counts.Length; s++) starts[s + 1] = starts[s] + counts[s];
        var gathered = new int[starts[^1]];
        var whoAs = new long[gathered.Length];
        var next = (int[])starts.Clone();
        for (var n = 0; n < rows.Count; n++)
        {
            if (slots[n] < 0) continue;
            var at = next[slots[n]]++;
            gathered[at] = n;
            whoAs[at] = (Key(links.InvolvementPeople[n]) << 3) | (long)rows[n].Record.Role;
        }

        var many = new Dictionary<long, int>();
        for (var s = 0; s < counts.Length; s++)
        {
            var (from, end) = (starts[s], starts[s + 1]);
            if (end - from <= 16)
            {
                for (var i = from + 1; i < end; i++)
                {
                    for (var j = from; j < i; j++)
                    {
                        if (whoAs[j] != whoAs[i]) continue;
                        Repeated(gathered[i], gathered[j]);
                        break;
                    }
                }
                continue;
            }
            many.Clear();
            for (var i = from; i < end; i++)
                if (!many.TryAdd(whoAs[i], gathered[i])) Repeated(gathered[i], many[whoAs[i]]);
        }
    }
}

/// <summary>A reference resolved to a record new in this bundle (whose id is given later) or to a stored record's id.</summary>
internal readonly record struct ParentLink<T>(T? New, long StoredId, int Row = 0) where T : class;

/// <summary>
/// The row of a parent file that the previous reference resolved to, and how often trying it (and the next) has found the
/// next reference's row: worth trying while at least a quarter of the first 256 tries hit, and never again in the slice once
/// not (rows in no particular order).
/// </summary>
internal struct NearHint
{
    public static NearHint Start => new() { Row = -1 };

    public int Row;
    public int Tries;
    public int Hits;

    public readonly bool Worth => Tries < 256 || Hits * 4 >= Tries;
}

/// <summary>What each involvement's and identifier's references resolved to, by row index in the bundle.</summary>
internal sealed class ParentLinks(int involvements, int identifiers)
{
    public ParentLink<Investigation>[] InvolvementInvestigations { get; } = new ParentLink<Investigation>[involvements];
    public ParentLink<Person>[] InvolvementPeople { get; } = new ParentLink<Person>[involvements];
    public ParentLink<Investigation>[] IdentifierInvestigations { get; } = new ParentLink<Investigation>[identifiers];
    public ParentLink<Person>[] IdentifierPeople { get; } = new ParentLink<Person>[identifiers];

    /// <summary>Involvements whose references were looked up (those still valid after their own row's checks).</summary>
    public bool[] InvolvementChecked { get; } = new bool[involvements];
}

/// <summary>
/// The keys of a parent file (investigations or people) within the bundle, taken part by part as the file is read: each
/// valid row's (force, reference) with its index in the file, and the keys of rejected rows (so a reference to one says
/// why it fails). Complete once every part is added.
/// </summary>
internal sealed class ParentKeys
{
    // A table per force keyed by the reference alone: one string to hash (with the runtime's fast hash for string keys,
    // which a key of two strings does not get) and entries a quarter smaller.
    private readonly Dictionary<string, Dictionary<string, (int Row, int Line)>> _valid = new(StringComparer.Ordinal);

    public HashSet<RecordKey> Rejected { get; } = [];

    /// <summary>The index in the file of the valid row with this key.</summary>
    public bool TryGetRow(RecordKey key, out int row)
    {
        row = 0;
        if (!_valid.TryGetValue(key.Force, out var refs) || !refs.TryGetValue(key.Ref, out var at)) return false;
        row = at.Row;
        return true;
    }

    /// <summary>Adds the keys of a part of the file; a key repeated within the file is an error on its later row.</summary>
    public void Add<T>(RowPart<T> part, Func<T, RecordKey> key, string column) where T : class
    {
        string? force = null;
        Dictionary<string, (int Row, int Line)>? refs = null;
        for (var n = 0; n < part.Rows.Count; n++)
        {
            var row = part.Rows[n];
            var k = key(row.Record);
            if (!row.IsValid)
            {
                Rejected.Add(k);
                continue;
            }
            if (!ReferenceEquals(k.Force, force) || refs is null)
            {
                force = k.Force;
                if (!_valid.TryGetValue(force, out refs))
                {
                    // The first force's table is sized for the whole file (most extracts are one force's).
                    refs = new Dictionary<string, (int Row, int Line)>(_valid.Count == 0 ? part.ExpectedRows : 0, StringComparer.Ordinal);
                    _valid.Add(force, refs);
                }
            }
            if (!refs.TryAdd(k.Ref, (part.First + n, row.Line)))
            {
                row.Error(column, $"'{k.Ref}' appears again for force {k.Force} (first at line {refs[k.Ref].Line})");
                Rejected.Add(k);
            }
        }
    }
}

/// <summary>
/// Ids of stored records by force and reference: a table per force keyed by the reference alone, as in
/// <see cref="ParentKeys"/>. A later extract resolves every one of its millions of references here.
/// </summary>
internal sealed class RecordIds
{
    private readonly Dictionary<string, Dictionary<string, long>> _byForce = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    public bool TryGetValue(RecordKey key, out long id)
    {
        id = 0;
        return _byForce.TryGetValue(key.Force, out var refs) && refs.TryGetValue(key.Ref, out id);
    }

    public long this[RecordKey key]
    {
        set
        {
            if (!_byForce.TryGetValue(key.Force, out var refs)) _byForce.Add(key.Force, refs = new(StringComparer.Ordinal));
            if (refs.TryAdd(key.Ref, value)) Count++;
            else refs[key.Ref] = value;
        }
    }
}

/// <summary>A force's record key: the force and the record's own reference (<c>investigation_id</c>, <c>person_id</c>).</summary>
internal readonly record struct RecordKey(string Force, string Ref);

/// <summary>The next free surrogate id of each force-record table.</summary>
internal readonly record struct NextIds(long Investigation, long Person, long Involvement, long Identifier);
