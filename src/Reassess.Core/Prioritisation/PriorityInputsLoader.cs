using System.Data.Common;
using System.Globalization;
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

    private static readonly IReadOnlySet<Leads.LeadKind> LeadFactorKinds = new HashSet<Leads.LeadKind> { Leads.LeadKind.LaterOffending, Leads.LeadKind.UnrecordedIdentifier };

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
        await QueryInAsync(connection, "SELECT id, occupation FROM people WHERE occupation IS NOT NULL AND id IN ({0})", suspects, r =>
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
        var investigationsOf = new Dictionary<long, List<long>>();
        await QueryInAsync(connection, "SELECT person_id, investigation_id FROM involvements WHERE person_id IN ({0})", allNominals, r =>
        {
            var person = r.GetInt64(0);
            if (!investigationsOf.TryGetValue(person, out var list)) investigationsOf[person] = list = [];
            list.Add(r.GetInt64(1));
        }, cancellationToken);

        var othersOf = new Dictionary<long, SortedSet<long>>();
        var allOthers = new HashSet<long>();
        foreach (var c in candidates)
        {
            var others = new SortedSet<long>();
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

        var labels = new Dictionary<long, (string Force, string Ref)>();
        await QueryInAsync(connection, "SELECT id, force, investigation_ref FROM investigations WHERE id IN ({0})", allOthers,
            r => labels[r.GetInt64(0)] = (r.GetString(1), r.GetString(2)), cancellationToken);
        var victimsOf = new Dictionary<long, List<long>>();
        await QueryInAsync(connection, "SELECT investigation_id, person_id FROM involvements WHERE role = 'victim' AND investigation_id IN ({0})", allOthers, r =>
        {
            var inv = r.GetInt64(0);
            if (!victimsOf.TryGetValue(inv, out var list)) victimsOf[inv] = list = [];
            list.Add(linkage.Resolve(r.GetInt64(1)));
        }, cancellationToken);

        // The two lead kinds that are priority factors, found by the leads engine for these candidates only.
        var leads = await Leads.LeadEngine.FindAsync(connection, null, [.. candidates.Select(c => c.Id)], Leads.LeadRules.For(profile, default),
            linkage, linked: linkage.ResolvedPersonOf.Count > 0, LeadFactorKinds, cancellationToken);

        foreach (var c in candidates)
        {
            var occupations = c.Participants.Where(p => p.Role == InvolvementRole.Suspect && access.ContainsKey(p.PersonId))
                .Select(p => access[p.PersonId]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var others = othersOf[c.Id];
            var ownVictims = c.Participants.Where(p => p.Role == InvolvementRole.Victim).Select(p => linkage.Resolve(p.PersonId)).ToHashSet();
            var otherVictims = new HashSet<long>();
            foreach (var i in others)
                if (victimsOf.TryGetValue(i, out var list))
                    foreach (var v in list) if (!ownVictims.Contains(v)) otherVictims.Add(v);
            // Another force's investigation is named only by its force, as everywhere the workbench shows it (the case page shows these words).
            var refs = others.Select(i => labels.TryGetValue(i, out var o)
                    ? string.Equals(o.Force, c.Force, StringComparison.Ordinal) ? o.Force + " " + o.Ref : $"an investigation ({o.Force})"
                    : i.ToString(CultureInfo.InvariantCulture))
                .Order(StringComparer.Ordinal).ToList();
            var found = leads.GetValueOrDefault(c.Id) ?? [];
            var later = found.Where(l => l.Kind == Leads.LeadKind.LaterOffending).Select(l => $"{l.SubjectRef} in {l.ValueInForce}").ToList();
            var unrecorded = found.Where(l => l.Kind == Leads.LeadKind.UnrecordedIdentifier)
                .Select(l => (l.IdentifierKind is { } k ? Token.Of(k) + " " : "") + l.Value).ToList();
            result[c.Id] = new PriorityInputs(occupations, refs, otherVictims.Count, later.Count, unrecorded.Count)
            {
                LaterOffendingFound = later,
                UnrecordedIdentifiersFound = unrecorded,
            };
        }
        return result;
    }

    /// <summary>Runs <paramref name="sqlWithInList"/> over <paramref name="ids"/> in chunks (ids are numbers, written inline).</summary>
    private static async Task QueryInAsync(DbConnection connection, string sqlWithInList, IEnumerable<long> ids, Action<DbDataReader> row, CancellationToken cancellationToken)
    {
        foreach (var chunk in ids.Order().Chunk(Chunk))
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = string.Format(CultureInfo.InvariantCulture, sqlWithInList, string.Join(',', chunk.Select(i => i.ToString(CultureInfo.InvariantCulture))));
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken)) row(r);
        }
    }
}
