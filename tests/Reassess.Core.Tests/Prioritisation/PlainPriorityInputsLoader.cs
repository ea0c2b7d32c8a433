using System.Data.Common;
using System.Globalization;
using Reassess.Prioritisation;
using Reassess.Records;
using Reassess.Screening;

namespace Reassess.Tests.Prioritisation;

/// <summary>
/// <see cref="PriorityInputsLoader"/> as it was before its sets and lists became grouped arrays and scratch lists (main at
/// 1294c98, kept verbatim but for its name): the plain version the faster one must agree with on every candidate.
/// </summary>
internal static class PlainPriorityInputsLoader
{
    private const int Chunk = 2000;

    private static readonly IReadOnlySet<Reassess.Leads.LeadKind> UnrecordedIdentifierKind = new HashSet<Reassess.Leads.LeadKind> { Reassess.Leads.LeadKind.UnrecordedIdentifier };

    public static async Task<IReadOnlyDictionary<long, PriorityInputs>> LoadAsync(
        DbConnection connection, IReadOnlyList<InvestigationFacts> candidates, CriteriaProfile profile, LinkageSnapshot linkage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(linkage);
        var result = new Dictionary<long, PriorityInputs>(candidates.Count);
        if (candidates.Count == 0) return result;

        var suspects = new HashSet<long>();
        foreach (var c in candidates)
            foreach (var p in c.Participants)
                if (p.Role == InvolvementRole.Suspect) suspects.Add(p.PersonId);

        // Occupations giving access to children (case-insensitive "contains" against the profile's list).
        var access = new Dictionary<long, string>();
        QueryIn(connection, "SELECT id, occupation FROM people WHERE occupation IS NOT NULL AND id IN ({0})", suspects, r =>
        {
            var occupation = r.GetString(1);
            if (profile.Priority.AccessOccupations.Any(term => occupation.Contains(term, StringComparison.OrdinalIgnoreCase)))
                access[r.GetInt64(0)] = occupation;
        }, cancellationToken);

        // Every nominal of each suspect's resolved person.
        var nominalsOf = linkage.NominalsOf;
        IEnumerable<long> Nominals(long person)
        {
            var resolved = linkage.Resolve(person);
            yield return person;
            if (resolved != person) yield return resolved;
            if (nominalsOf.TryGetValue(resolved, out var list))
                foreach (var n in list) if (n != person && n != resolved) yield return n;
        }
        var allNominals = new HashSet<long>(suspects.SelectMany(Nominals));
        var candidateIds = candidates.Select(c => c.Id).ToHashSet();
        // One read of the nominals' involvements serves the linked factors and later_offending: every investigation of
        // each nominal, those they are a suspect in, and the candidates' own suspect involvements (their person_ref).
        var investigationsOf = new Dictionary<long, List<long>>();
        var suspectIn = new Dictionary<long, List<long>>();
        var suspectParty = new Dictionary<(long Investigation, long Person), (long Involvement, string PersonRef)>();
        QueryIn(connection,
            $"SELECT person_id, investigation_id, role = '{Token.Of(InvolvementRole.Suspect)}', id, person_ref FROM involvements WHERE person_id IN ({{0}})", allNominals, r =>
            {
                var person = r.GetInt64(0);
                var investigation = r.GetInt64(1);
                if (!investigationsOf.TryGetValue(person, out var list)) investigationsOf[person] = list = [];
                list.Add(investigation);
                if (!r.GetBoolean(2)) return;
                if (!suspectIn.TryGetValue(person, out var asSuspect)) suspectIn[person] = asSuspect = [];
                asSuspect.Add(investigation);
                if (candidateIds.Contains(investigation)) suspectParty[(investigation, person)] = (r.GetInt64(3), r.GetString(4));
            }, cancellationToken);

        var othersOf = new Dictionary<long, HashSet<long>>();
        var allOthers = new HashSet<long>();
        foreach (var c in candidates)
        {
            var others = new HashSet<long>();
            foreach (var p in c.Participants)
            {
                if (p.Role != InvolvementRole.Suspect) continue;
                foreach (var n in Nominals(p.PersonId))
                    if (investigationsOf.TryGetValue(n, out var list))
                        foreach (var i in list) if (i != c.Id) others.Add(i);
            }
            othersOf[c.Id] = others;
            allOthers.UnionWith(others);
        }

        var labels = new Dictionary<long, (string Force, string Ref, DateOnly Recorded)>();
        QueryIn(connection, "SELECT id, force, investigation_ref, recorded_date FROM investigations WHERE id IN ({0})", allOthers,
            r => labels[r.GetInt64(0)] = (r.GetString(1), r.GetString(2), r.GetDate(3)), cancellationToken);
        var victimsOf = new Dictionary<long, List<long>>();
        QueryIn(connection, "SELECT investigation_id, person_id FROM involvements WHERE role = 'victim' AND investigation_id IN ({0})", allOthers, r =>
        {
            var inv = r.GetInt64(0);
            if (!victimsOf.TryGetValue(inv, out var list)) victimsOf[inv] = list = [];
            list.Add(linkage.Resolve(r.GetInt64(1)));
        }, cancellationToken);

        var unrecordedLeads = await UnrecordedIdentifiersAsync(connection, candidates, profile, linkage, cancellationToken);

        foreach (var c in candidates)
        {
            var occupations = access.Count == 0 || !c.Participants.Exists(p => p.Role == InvolvementRole.Suspect && access.ContainsKey(p.PersonId))
                ? []
                : c.Participants.Where(p => p.Role == InvolvementRole.Suspect && access.ContainsKey(p.PersonId))
                    .Select(p => access[p.PersonId]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var others = othersOf[c.Id];
            var ownVictims = c.Participants.Where(p => p.Role == InvolvementRole.Victim).Select(p => linkage.Resolve(p.PersonId)).ToHashSet();
            var otherVictims = new HashSet<long>();
            foreach (var i in others)
                if (victimsOf.TryGetValue(i, out var list))
                    foreach (var v in list) if (!ownVictims.Contains(v)) otherVictims.Add(v);
            // Another force's investigation is named only by its force, as everywhere the workbench shows it (the case page shows these words).
            // Named on first use: a screening pass reads only how many there are, an explanation reads the names.
            var force = c.Force;
            var refs = new NamedOnUse(others.Count, () => others.Select(i => labels.TryGetValue(i, out var o)
                    ? string.Equals(o.Force, force, StringComparison.Ordinal) ? o.Force + " " + o.Ref : $"an investigation ({o.Force})"
                    : i.ToString(CultureInfo.InvariantCulture))
                .Order(StringComparer.Ordinal).ToList());
            var later = LaterOffending(c, suspectParty, Nominals, suspectIn, labels);
            var unrecorded = unrecordedLeads.GetValueOrDefault(c.Id) is { } found
                ? found.Where(l => l.Kind == Reassess.Leads.LeadKind.UnrecordedIdentifier).Select(l => (l.IdentifierKind is { } k ? Token.Of(k) + " " : "") + l.Value).ToList()
                : [];
            result[c.Id] = new PriorityInputs(occupations, refs, otherVictims.Count, later.Count, unrecorded.Count)
            {
                LaterOffendingFound = later,
                UnrecordedIdentifiersFound = unrecorded,
            };
        }
        return result;
    }

    /// <summary>
    /// The <c>later_offending</c> leads of <paramref name="c"/> as the factor names them (<c>SUSPECT in FORCE/REF</c>, another
    /// force's investigation by its force only), from the shared read: what <see cref="Reassess.Leads.LeadEngine"/> finds for that
    /// kind (a suspect, as any nominal of their resolved person, is a suspect in an investigation recorded after this one's
    /// outcome date; the same day is not later), one per lead key, in the engine's order (subject, then value).
    /// </summary>
    private static List<string> LaterOffending(InvestigationFacts c, Dictionary<(long Investigation, long Person), (long Involvement, string PersonRef)> suspectParty,
        Func<long, IEnumerable<long>> nominals, Dictionary<long, List<long>> suspectIn, Dictionary<long, (string Force, string Ref, DateOnly Recorded)> labels)
    {
        if (c.OutcomeDate is not { } outcome) return [];
        var parties = new List<(long Involvement, long Person, string PersonRef)>();
        foreach (var p in c.Participants)
            if (p.Role == InvolvementRole.Suspect && suspectParty.TryGetValue((c.Id, p.PersonId), out var party))
                parties.Add((party.Involvement, p.PersonId, party.PersonRef));
        parties.Sort((a, b) => a.Involvement.CompareTo(b.Involvement));
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var leads = new List<(string Subject, string Value, string InForce)>();
        foreach (var (_, person, personRef) in parties)
            foreach (var n in nominals(person))
            {
                if (!suspectIn.TryGetValue(n, out var list)) continue;
                foreach (var i in list)
                {
                    if (i == c.Id || !labels.TryGetValue(i, out var o) || o.Recorded <= outcome) continue;
                    var value = o.Force + "/" + o.Ref;
                    if (keys.Add(Reassess.Leads.Lead.KeyOf(Reassess.Leads.LeadKind.LaterOffending, personRef, value)))
                        leads.Add((personRef, value, string.Equals(o.Force, c.Force, StringComparison.Ordinal) ? value : $"an investigation ({o.Force})"));
                }
            }
        return [.. leads.OrderBy(l => l.Subject, StringComparer.Ordinal).ThenBy(l => l.Value, StringComparer.Ordinal).Select(l => $"{l.Subject} in {l.InForce}")];
    }

    /// <summary>
    /// The <c>unrecorded_identifier</c> leads, found by <see cref="Reassess.Leads.LeadEngine"/> for only the candidates with something
    /// to find: an identifier written in the summary or in the context of one of its identifiers. A candidate's leads of
    /// that kind depend on its own records only, so the others have none and need not be read again.
    /// </summary>
    private static async Task<Dictionary<long, List<Reassess.Leads.Lead>>> UnrecordedIdentifiersAsync(DbConnection connection, IReadOnlyList<InvestigationFacts> candidates,
        CriteriaProfile profile, LinkageSnapshot linkage, CancellationToken cancellationToken)
    {
        var written = new HashSet<long>();
        QueryIn(connection, "SELECT id, summary FROM investigations WHERE summary IS NOT NULL AND id IN ({0})",
            candidates.Where(c => c.HasSummary).Select(c => c.Id), r =>
            {
                if (Reassess.Leads.IdentifierText.Find(r.GetString(1)).Count > 0) written.Add(r.GetInt64(0));
            }, cancellationToken);
        QueryIn(connection, "SELECT investigation_id, context FROM identifiers WHERE context IS NOT NULL AND investigation_id IN ({0})",
            candidates.Select(c => c.Id), r =>
            {
                if (Reassess.Leads.IdentifierText.Find(r.GetString(1)).Count > 0) written.Add(r.GetInt64(0));
            }, cancellationToken);
        if (written.Count == 0) return [];
        return await Reassess.Leads.LeadEngine.FindAsync(connection, null, written, Reassess.Leads.LeadRules.For(profile, default),
            linkage, linked: linkage.ResolvedPersonOf.Count > 0, UnrecordedIdentifierKind, cancellationToken);
    }

    /// <summary>
    /// A list of names whose count is known at once and whose names are made on first use (once, thread-safe): the
    /// screening pass scores a quarter of a million candidates from the counts alone.
    /// </summary>
    private sealed class NamedOnUse(int count, Func<List<string>> name) : IReadOnlyList<string>
    {
        private List<string>? _names;

        private List<string> Names => LazyInitializer.EnsureInitialized(ref _names, name);

        public int Count => count;

        public string this[int index] => Names[index];

        public IEnumerator<string> GetEnumerator() => Names.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>
    /// Runs <paramref name="sqlWithInList"/> over <paramref name="ids"/> in chunks (ids are numbers, written inline), each
    /// read through <see cref="Reassess.Storage.BulkReader"/> (natively on SQLite) on this thread.
    /// </summary>
    private static void QueryIn(DbConnection connection, string sqlWithInList, IEnumerable<long> ids, Action<Reassess.Storage.BulkReader> row, CancellationToken cancellationToken)
    {
        foreach (var chunk in ids.Order().Chunk(Chunk))
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var r = Reassess.Storage.BulkReader.Open(connection, string.Format(CultureInfo.InvariantCulture, sqlWithInList, string.Join(',', chunk.Select(i => i.ToString(CultureInfo.InvariantCulture)))));
            while (r.Read()) row(r);
        }
    }
}
