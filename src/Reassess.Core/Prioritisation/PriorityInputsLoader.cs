using System.Data.Common;
using System.Globalization;
using System.Text;
using Reassess.Records;
using Reassess.Screening;

namespace Reassess.Prioritisation;

/// <summary>
/// Reads, for a set of candidates only, what their priority needs from the rest of the data: their suspects'
/// occupations, and the other investigations and victims their suspects are linked to (the same nominal, or the same
/// resolved person when linkage has run). Runs after the screening pass, so its cost grows with the output only.
/// </summary>
public static class PriorityInputsLoader
{
    private const int Chunk = 2000;

    private static readonly IReadOnlySet<Leads.LeadKind> UnrecordedIdentifierKind = new HashSet<Leads.LeadKind> { Leads.LeadKind.UnrecordedIdentifier };

    public static async Task<IReadOnlyDictionary<long, PriorityInputs>> LoadAsync(
        DbConnection connection, IReadOnlyList<InvestigationFacts> candidates, CriteriaProfile profile, LinkageSnapshot linkage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(linkage);
        var result = new Dictionary<long, PriorityInputs>(candidates.Count);
        if (candidates.Count == 0) return result;

        // A pass holds a quarter of a million candidates: what is built here for all of them is kept in a few large arrays and
        // dictionaries of numbers (not a list or set per person or candidate), and what is built per candidate is made in
        // reused scratch lists, so the garbage collector has little to promote (bench/screening.md, 2026-12-07 night).
        var suspects = new HashSet<long>();
        var suspectParts = 0;
        foreach (var c in candidates)
            foreach (var p in c.Participants)
                if (p.Role == InvolvementRole.Suspect)
                {
                    suspects.Add(p.PersonId);
                    suspectParts++;
                }

        // Occupations giving access to children (case-insensitive "contains" against the profile's list).
        var access = new Dictionary<long, string>();
        var terms = profile.Priority.AccessOccupations;
        QueryIn(connection, "SELECT id, occupation FROM people WHERE occupation IS NOT NULL AND id IN ({0})", suspects, r =>
        {
            var occupation = r.GetString(1);
            foreach (var term in terms)
                if (occupation.Contains(term, StringComparison.OrdinalIgnoreCase))
                {
                    access[r.GetInt64(0)] = occupation;
                    break;
                }
        }, cancellationToken);

        // Every nominal of each suspect's resolved person: the person, its resolved person, then the others resolved to it.
        var nominalsOf = linkage.NominalsOf;
        void Nominals(long person, List<long> into)
        {
            into.Clear();
            var resolved = linkage.Resolve(person);
            into.Add(person);
            if (resolved != person) into.Add(resolved);
            if (nominalsOf.TryGetValue(resolved, out var list))
                foreach (var n in list) if (n != person && n != resolved) into.Add(n);
        }
        var nominals = new List<long>();
        var allNominals = new HashSet<long>(suspects.Count);
        foreach (var s in suspects)
        {
            Nominals(s, nominals);
            allNominals.UnionWith(nominals);
        }
        var candidateIds = new HashSet<long>(candidates.Count);
        foreach (var c in candidates) candidateIds.Add(c.Id);
        // One read of the nominals' involvements serves the linked factors and later_offending: every investigation of
        // each nominal, those they are a suspect in, and the candidates' own suspect involvements (their person_ref).
        var investigationsOf = new GroupedIds();
        var suspectIn = new GroupedIds();
        var suspectParty = new Dictionary<(long Investigation, long Person), (long Involvement, string PersonRef)>(suspectParts);
        QueryIn(connection,
            $"SELECT person_id, investigation_id, role = '{Token.Of(InvolvementRole.Suspect)}', id, person_ref FROM involvements WHERE person_id IN ({{0}})", allNominals, r =>
            {
                var person = r.GetInt64(0);
                var investigation = r.GetInt64(1);
                investigationsOf.Add(person, investigation);
                if (!r.GetBoolean(2)) return;
                suspectIn.Add(person, investigation);
                if (candidateIds.Contains(investigation)) suspectParty[(investigation, person)] = (r.GetInt64(3), r.GetString(4));
            }, cancellationToken);
        investigationsOf.Complete();
        suspectIn.Complete();

        // Each candidate's other investigations (distinct, ascending), in the candidates' order.
        var othersOf = new long[candidates.Count][];
        var allOthers = new HashSet<long>();
        var scratch = new List<long>();
        for (var k = 0; k < candidates.Count; k++)
        {
            var c = candidates[k];
            scratch.Clear();
            foreach (var p in c.Participants)
            {
                if (p.Role != InvolvementRole.Suspect) continue;
                Nominals(p.PersonId, nominals);
                foreach (var n in nominals)
                    foreach (var i in investigationsOf[n]) if (i != c.Id) scratch.Add(i);
            }
            var others = othersOf[k] = Distinct(scratch);
            allOthers.UnionWith(others);
        }

        var labels = new Dictionary<long, Label>(allOthers.Count);
        var forces = new Dictionary<string, string>(StringComparer.Ordinal);
        QueryIn(connection, "SELECT id, force, investigation_ref, recorded_date FROM investigations WHERE id IN ({0})", allOthers, r =>
        {
            // A handful of forces: one string each.
            var force = r.GetString(1);
            if (!forces.TryGetValue(force, out var known)) forces[force] = known = force;
            labels[r.GetInt64(0)] = new Label(known, r.GetString(2), r.GetDate(3));
        }, cancellationToken);
        var victimsOf = new GroupedIds();
        QueryIn(connection, "SELECT investigation_id, person_id FROM involvements WHERE role = 'victim' AND investigation_id IN ({0})", allOthers,
            r => victimsOf.Add(r.GetInt64(0), linkage.Resolve(r.GetInt64(1))), cancellationToken);
        victimsOf.Complete();

        var unrecordedLeads = await UnrecordedIdentifiersAsync(connection, candidates, profile, linkage, cancellationToken);

        var ownVictims = new List<long>();
        var laterScratch = new LaterScratch();
        for (var k = 0; k < candidates.Count; k++)
        {
            var c = candidates[k];
            var anyAccess = false;
            if (access.Count > 0)
                foreach (var p in c.Participants) anyAccess |= p.Role == InvolvementRole.Suspect && access.ContainsKey(p.PersonId);
            IReadOnlyList<string> occupations = anyAccess
                ? c.Participants.Where(p => p.Role == InvolvementRole.Suspect && access.ContainsKey(p.PersonId))
                    .Select(p => access[p.PersonId]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()
                : [];
            var others = othersOf[k];
            // Distinct resolved victims of the other investigations that are not this one's own victims.
            ownVictims.Clear();
            foreach (var p in c.Participants)
                if (p.Role == InvolvementRole.Victim) ownVictims.Add(linkage.Resolve(p.PersonId));
            ownVictims.Sort();
            scratch.Clear();
            foreach (var i in others) scratch.AddRange(victimsOf[i]);
            scratch.Sort();
            var otherVictims = 0;
            var own = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ownVictims);
            for (var j = 0; j < scratch.Count; j++)
                if ((j == 0 || scratch[j] != scratch[j - 1]) && own.BinarySearch(scratch[j]) < 0) otherVictims++;
            // Another force's investigation is named only by its force, as everywhere the workbench shows it (the case page shows these words).
            // Named on first use: a screening pass reads only how many there are, an explanation reads the names.
            var refs = new LinkedInvestigationNames(others, labels, c.Force);
            var later = LaterOffending(c, suspectParty, Nominals, suspectIn, labels, laterScratch);
            IReadOnlyList<string> unrecorded = unrecordedLeads.GetValueOrDefault(c.Id) is { } found
                ? found.Where(l => l.Kind == Leads.LeadKind.UnrecordedIdentifier).Select(l => (l.IdentifierKind is { } kind ? Token.Of(kind) + " " : "") + l.Value).ToList()
                : [];
            result[c.Id] = new PriorityInputs(occupations, refs, otherVictims, later.Count, unrecorded.Count)
            {
                LaterOffendingFound = later,
                UnrecordedIdentifiersFound = unrecorded,
            };
        }
        return result;
    }

    /// <summary>Another investigation as its names need it: its force, its reference and when it was recorded.</summary>
    private readonly record struct Label(string Force, string Ref, DateOnly Recorded);

    /// <summary>The distinct values of <paramref name="values"/>, ascending (it is sorted in place).</summary>
    private static long[] Distinct(List<long> values)
    {
        if (values.Count == 0) return [];
        values.Sort();
        var n = 1;
        for (var j = 1; j < values.Count; j++) if (values[j] != values[j - 1]) n++;
        var distinct = new long[n];
        distinct[0] = values[0];
        for (int j = 1, at = 1; j < values.Count; j++) if (values[j] != values[j - 1]) distinct[at++] = values[j];
        return distinct;
    }

    /// <summary>
    /// The <c>later_offending</c> leads of <paramref name="c"/> as the factor names them (<c>SUSPECT in FORCE/REF</c>, another
    /// force's investigation by its force only), from the shared read: what <see cref="Leads.LeadEngine"/> finds for that
    /// kind (a suspect, as any nominal of their resolved person, is a suspect in an investigation recorded after this one's
    /// outcome date; the same day is not later), one per lead key, in the engine's order (subject, then value).
    /// </summary>
    private static IReadOnlyList<string> LaterOffending(InvestigationFacts c, Dictionary<(long Investigation, long Person), (long Involvement, string PersonRef)> suspectParty,
        Action<long, List<long>> nominalsOf, GroupedIds suspectIn, Dictionary<long, Label> labels, LaterScratch scratch)
    {
        if (c.OutcomeDate is not { } outcome) return [];
        var parties = scratch.Parties;
        parties.Clear();
        foreach (var p in c.Participants)
            if (p.Role == InvolvementRole.Suspect && suspectParty.TryGetValue((c.Id, p.PersonId), out var party))
                parties.Add((party.Involvement, p.PersonId, party.PersonRef));
        if (parties.Count == 0) return [];
        parties.Sort((a, b) => a.Involvement.CompareTo(b.Involvement));
        var keys = scratch.EmptyKeys();
        var leads = scratch.Leads;
        leads.Clear();
        foreach (var (_, person, personRef) in parties)
        {
            nominalsOf(person, scratch.Nominals);
            foreach (var n in scratch.Nominals)
                foreach (var i in suspectIn[n])
                {
                    if (i == c.Id || !labels.TryGetValue(i, out var o) || o.Recorded <= outcome) continue;
                    var value = o.Force + "/" + o.Ref;
                    if (keys.Add(Leads.Lead.KeyOf(Leads.LeadKind.LaterOffending, personRef, value)))
                        leads.Add((personRef, value, string.Equals(o.Force, c.Force, StringComparison.Ordinal) ? value : $"an investigation ({o.Force})"));
                }
        }
        if (leads.Count == 0) return [];
        // One lead per key, so no two have the same subject and value: any sort gives the engine's order.
        leads.Sort((a, b) =>
        {
            var bySubject = string.CompareOrdinal(a.Subject, b.Subject);
            return bySubject != 0 ? bySubject : string.CompareOrdinal(a.Value, b.Value);
        });
        var found = new string[leads.Count];
        for (var j = 0; j < found.Length; j++) found[j] = $"{leads[j].Subject} in {leads[j].InForce}";
        return found;
    }

    /// <summary>The lists <see cref="LaterOffending"/> fills and clears for each candidate.</summary>
    private sealed class LaterScratch
    {
        public List<(long Involvement, long Person, string PersonRef)> Parties { get; } = [];
        public List<long> Nominals { get; } = [];
        private HashSet<string> _keys = new(StringComparer.Ordinal);

        /// <summary>
        /// The set of lead keys, emptied; a set grown large by one candidate is replaced, since emptying it costs its size
        /// each time.
        /// </summary>
        public HashSet<string> EmptyKeys()
        {
            if (_keys.Count > 64) _keys = new(StringComparer.Ordinal);
            else _keys.Clear();
            return _keys;
        }
        public List<(string Subject, string Value, string InForce)> Leads { get; } = [];
    }

    /// <summary>
    /// The <c>unrecorded_identifier</c> leads, found by <see cref="Leads.LeadEngine"/> for only the candidates with something
    /// to find: an identifier written in the summary or in the context of one of its identifiers. A candidate's leads of
    /// that kind depend on its own records only, so the others have none and need not be read again.
    /// </summary>
    private static async Task<Dictionary<long, List<Leads.Lead>>> UnrecordedIdentifiersAsync(DbConnection connection, IReadOnlyList<InvestigationFacts> candidates,
        CriteriaProfile profile, LinkageSnapshot linkage, CancellationToken cancellationToken)
    {
        var written = new HashSet<long>();
        QueryIn(connection, "SELECT id, summary FROM investigations WHERE summary IS NOT NULL AND id IN ({0})",
            candidates.Where(c => c.HasSummary).Select(c => c.Id), r =>
            {
                if (Leads.IdentifierText.Find(r.GetString(1)).Count > 0) written.Add(r.GetInt64(0));
            }, cancellationToken);
        QueryIn(connection, "SELECT investigation_id, context FROM identifiers WHERE context IS NOT NULL AND investigation_id IN ({0})",
            candidates.Select(c => c.Id), r =>
            {
                if (Leads.IdentifierText.Find(r.GetString(1)).Count > 0) written.Add(r.GetInt64(0));
            }, cancellationToken);
        if (written.Count == 0) return [];
        return await Leads.LeadEngine.FindAsync(connection, null, written, Leads.LeadRules.For(profile, default),
            linkage, linked: linkage.ResolvedPersonOf.Count > 0, UnrecordedIdentifierKind, cancellationToken);
    }

    /// <summary>
    /// The names of a candidate's other investigations, whose count is known at once and whose names are made on first use
    /// (once, thread-safe): the screening pass scores a quarter of a million candidates from the counts alone. Another
    /// force's investigation is named by its force only; one without a label by its id. Sorted ordinally.
    /// </summary>
    private sealed class LinkedInvestigationNames(long[] others, Dictionary<long, Label> labels, string force) : IReadOnlyList<string>
    {
        private List<string>? _names;

        private List<string> Names => LazyInitializer.EnsureInitialized(ref _names, () => others.Select(i => labels.TryGetValue(i, out var o)
                ? string.Equals(o.Force, force, StringComparison.Ordinal) ? o.Force + " " + o.Ref : $"an investigation ({o.Force})"
                : i.ToString(CultureInfo.InvariantCulture))
            .Order(StringComparer.Ordinal).ToList());

        public int Count => others.Length;

        public string this[int index] => Names[index];

        public IEnumerator<string> GetEnumerator() => Names.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>
    /// Numbers grouped by a key (a person's investigations, an investigation's victims), added as the rows come and then
    /// read by key, each group in the order its values were added: one pair of arrays and one index for all the keys,
    /// where a dictionary of lists made an object per key for the collector to promote.
    /// </summary>
    internal sealed class GroupedIds
    {
        private long[] _keys = new long[16];
        private long[] _values = new long[16];
        private int _count;
        private Dictionary<long, (int Start, int Count)>? _index;

        /// <summary>How many values were added.</summary>
        public int Count => _count;

        public void Add(long key, long value)
        {
            if (_index is not null) throw new InvalidOperationException("The groups are complete.");
            if (_count == _keys.Length)
            {
                // Uninitialised: only the first _count are read, and zeroing a large array was a cost of its own.
                var keys = GC.AllocateUninitializedArray<long>(_count * 2);
                var values = GC.AllocateUninitializedArray<long>(_count * 2);
                _keys.AsSpan(0, _count).CopyTo(keys);
                _values.AsSpan(0, _count).CopyTo(values);
                (_keys, _values) = (keys, values);
            }
            _keys[_count] = key;
            _values[_count] = value;
            _count++;
        }

        /// <summary>Ends the adding and indexes the groups (the rows usually come ordered by key; otherwise they are sorted, stably).</summary>
        public void Complete()
        {
            var sorted = true;
            for (var i = 1; i < _count && sorted; i++) sorted = _keys[i - 1] <= _keys[i];
            if (!sorted)
            {
                var order = new int[_count];
                for (var i = 0; i < _count; i++) order[i] = i;
                var keys = _keys;
                Array.Sort(order, (a, b) => keys[a] != keys[b] ? keys[a].CompareTo(keys[b]) : a.CompareTo(b));
                var k = new long[_count];
                var v = new long[_count];
                for (var i = 0; i < _count; i++) (k[i], v[i]) = (_keys[order[i]], _values[order[i]]);
                (_keys, _values) = (k, v);
            }
            var distinct = _count == 0 ? 0 : 1;
            for (var i = 1; i < _count; i++) if (_keys[i] != _keys[i - 1]) distinct++;
            var index = new Dictionary<long, (int Start, int Count)>(distinct);
            for (var i = 0; i < _count;)
            {
                var j = i + 1;
                while (j < _count && _keys[j] == _keys[i]) j++;
                index[_keys[i]] = (i, j - i);
                i = j;
            }
            _index = index;
        }

        /// <summary>The values added with <paramref name="key"/>, in the order they were added (empty when none).</summary>
        public ReadOnlySpan<long> this[long key]
        {
            get
            {
                if (_index is null) throw new InvalidOperationException("The groups are not complete.");
                return _index.TryGetValue(key, out var g) ? _values.AsSpan(g.Start, g.Count) : [];
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="sqlWithInList"/> over <paramref name="ids"/> in chunks (ids are numbers, written inline), each
    /// read through <see cref="Storage.BulkReader"/> (natively on SQLite) on this thread.
    /// </summary>
    private static void QueryIn(DbConnection connection, string sqlWithInList, IEnumerable<long> ids, Action<Storage.BulkReader> row, CancellationToken cancellationToken)
    {
        var sorted = ids.ToArray();
        Array.Sort(sorted);
        var list = new StringBuilder();
        for (var at = 0; at < sorted.Length; at += Chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            list.Clear();
            for (var i = at; i < Math.Min(sorted.Length, at + Chunk); i++)
            {
                if (i > at) list.Append(',');
                list.Append(CultureInfo.InvariantCulture, $"{sorted[i]}");
            }
            using var r = Storage.BulkReader.Open(connection, string.Format(CultureInfo.InvariantCulture, sqlWithInList, list.ToString()));
            while (r.Read()) row(r);
        }
    }
}
