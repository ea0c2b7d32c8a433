using System.Globalization;
using Reassess.Import;
using Reassess.Records;
using Reassess.Screening;

namespace Reassess.Synthesis;

/// <summary>One row of <c>truth/leads.csv</c>: the columns of <c>reassess leads --out</c> (docs/outputs.md, reassess leads --out).</summary>
public sealed record LeadTruthRow(string Force, string InvestigationId, string Kind, string Subject, string Value, string Evidence);

/// <summary>
/// Passes a generated extract through to its sink and, when generation ends, works out the leads (docs/leads.md) every
/// investigation holds by the ground truth: people by their real identity (not by what linkage can resolve), identifiers
/// written in summaries as the generator planted them (not as text recognition reads them), everything else from the
/// recorded fields. It keeps a compact copy of the extract, so memory grows with it (about 100 MB at the met scale).
/// </summary>
internal sealed class LeadsTruth(IExtractSink inner, DateOnly asOf, IReadOnlyList<string> accessOccupations) : IExtractSink
{
    private sealed record Inv(string Force, string Ref, DateOnly Recorded, DateOnly? Outcome);
    private sealed record Nominal(string Force, string Ref, string Real, DateOnly? Born, DateOnly? Died, bool Ethnicity, bool Nationality, string? Occupation);
    private sealed record Party(string PersonRef, InvolvementRole Role, bool? Arrested, bool? Interviewed);

    private readonly List<Inv> _investigations = [];
    private readonly Dictionary<(string, string), int> _investigationIndex = [];
    private readonly Dictionary<(string, string), Nominal> _people = [];
    private readonly Dictionary<int, List<Party>> _parties = [];
    private readonly Dictionary<(IdentifierKind, string), HashSet<int>> _recordedIn = [];
    private readonly Dictionary<(string, string), List<(IdentifierKind, string)>> _personIdentifiers = [];
    private readonly Dictionary<int, List<(IdentifierKind, string)>> _investigationIdentifiers = [];
    private readonly Dictionary<int, List<(IdentifierKind Kind, string Value)>> _mentions = [];

    public void Investigation(Investigation investigation)
    {
        _investigationIndex[(investigation.Force, investigation.InvestigationRef)] = _investigations.Count;
        _investigations.Add(new Inv(investigation.Force, investigation.InvestigationRef, investigation.RecordedDate, investigation.OutcomeDate));
        inner.Investigation(investigation);
    }

    public void Person(Person person, string realPersonId)
    {
        _people[(person.Force, person.PersonRef)] = new Nominal(person.Force, person.PersonRef, realPersonId, person.DateOfBirth, person.DateOfDeath,
            person.SelfDefinedEthnicity is not null, person.Nationality is not null, person.Occupation);
        inner.Person(person, realPersonId);
    }

    public void Involvement(Involvement involvement)
    {
        var inv = _investigationIndex[(involvement.Force, involvement.InvestigationRef)];
        if (!_parties.TryGetValue(inv, out var list)) _parties[inv] = list = [];
        list.Add(new Party(involvement.PersonRef, involvement.Role, involvement.Arrested, involvement.Interviewed));
        inner.Involvement(involvement);
    }

    public void Identifier(Identifier identifier)
    {
        var value = identifier.Kind switch
        {
            IdentifierKind.Phone => Normalise.Phone(identifier.RawValue),
            IdentifierKind.Vehicle => Normalise.Vehicle(identifier.RawValue),
            IdentifierKind.Email => Normalise.Email(identifier.RawValue),
            IdentifierKind.Address => Normalise.Address(identifier.RawValue),
            _ => Normalise.Username(identifier.RawValue),
        };
        if (value is not null)
        {
            var key = (identifier.Kind, value);
            if (identifier.InvestigationRef is { } r && _investigationIndex.TryGetValue((identifier.Force, r), out var inv))
            {
                Add(_investigationIdentifiers, inv, key);
                RecordedIn(key).Add(inv);
            }
            if (identifier.PersonRef is { } p) Add(_personIdentifiers, (identifier.Force, p), key);
        }
        inner.Identifier(identifier);
    }

    public void NetworkMember(string networkId, string realPersonId, NetworkRole role) => inner.NetworkMember(networkId, realPersonId, role);

    public void NetworkInvestigation(string networkId, string force, string investigationRef, bool missedGroup) =>
        inner.NetworkInvestigation(networkId, force, investigationRef, missedGroup);

    public void PlantedMention(string force, string investigationRef, IdentifierKind kind, string value)
    {
        if (_investigationIndex.TryGetValue((force, investigationRef), out var inv)) Add(_mentions, inv, (kind, value));
        inner.PlantedMention(force, investigationRef, kind, value);
    }

    public void LeadTruth(LeadTruthRow row) => inner.LeadTruth(row);

    /// <summary>How many mentions were planted in summaries.</summary>
    public int Mentions => _mentions.Values.Sum(m => m.Count);

    private HashSet<int> RecordedIn((IdentifierKind, string) key)
    {
        if (!_recordedIn.TryGetValue(key, out var set)) _recordedIn[key] = set = [];
        return set;
    }

    private static void Add<TKey, T>(Dictionary<TKey, List<T>> map, TKey key, T item) where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        list.Add(item);
    }

    /// <summary>Works out every investigation's leads and hands them to the sink (call once, after generation).</summary>
    public int Flush()
    {
        // Identifiers of a person are recorded in every investigation the person is involved in.
        var suspectIn = new Dictionary<string, List<(int Inv, string Ref)>>(StringComparer.Ordinal);
        foreach (var (inv, parties) in _parties)
        {
            var force = _investigations[inv].Force;
            foreach (var p in parties)
            {
                if (_personIdentifiers.TryGetValue((force, p.PersonRef), out var ids))
                    foreach (var key in ids) RecordedIn(key).Add(inv);
                if (p.Role == InvolvementRole.Suspect) Add(suspectIn, _people[(force, p.PersonRef)].Real, (inv, p.PersonRef));
            }
        }

        var rows = 0;
        void Emit(Inv c, string kind, string subject, string value, string evidence)
        {
            inner.LeadTruth(new LeadTruthRow(c.Force, c.Ref, kind, subject, value, evidence));
            rows++;
        }
        for (var i = 0; i < _investigations.Count; i++)
        {
            var c = _investigations[i];
            var parties = _parties.GetValueOrDefault(i) ?? [];
            var recorded = new List<(IdentifierKind Kind, string Value)>();
            foreach (var key in _investigationIdentifiers.GetValueOrDefault(i) ?? []) recorded.Add(key);
            foreach (var p in parties)
                foreach (var key in _personIdentifiers.GetValueOrDefault((c.Force, p.PersonRef)) ?? []) recorded.Add(key);
            var recordedSet = recorded.ToHashSet();
            var held = recorded.Distinct().ToList();
            foreach (var mention in (_mentions.GetValueOrDefault(i) ?? []).Distinct())
            {
                if (recordedSet.Contains(mention)) continue;
                held.Add(mention);
                Emit(c, "unrecorded_identifier", "", mention.Value, $"planted: {Token.Of(mention.Kind)} written in the summary, not recorded");
            }
            foreach (var key in held.Distinct())
            {
                var others = _recordedIn.TryGetValue(key, out var set) ? set.Count(o => o != i) : 0;
                if (others > 0) Emit(c, "identifier_elsewhere", "", key.Value, $"{Token.Of(key.Kind)} recorded in {others} other investigation(s)");
            }

            var linked = new HashSet<(string, int)>();
            foreach (var p in parties.Where(p => p.Role == InvolvementRole.Suspect))
            {
                var real = _people[(c.Force, p.PersonRef)].Real;
                foreach (var (other, _) in suspectIn.GetValueOrDefault(real) ?? [])
                {
                    if (other == i || !linked.Add((p.PersonRef, other))) continue;
                    var o = _investigations[other];
                    var label = o.Force + "/" + o.Ref;
                    Emit(c, "linked_suspect", p.PersonRef, label, "the same real person is a suspect there");
                    if (c.Outcome is { } outcome && o.Recorded > outcome)
                        Emit(c, "later_offending", p.PersonRef, label, $"recorded {o.Recorded:yyyy-MM-dd}, after the outcome on {outcome:yyyy-MM-dd}");
                }
            }

            foreach (var p in parties.DistinctBy(p => (p.PersonRef, p.Role)))
            {
                var n = _people[(c.Force, p.PersonRef)];
                if (p.Role == InvolvementRole.Victim)
                {
                    if (n.Born is { } born && born <= asOf && AgeAtOffence.IsChild(born, asOf))
                        Emit(c, "victim_still_child", p.PersonRef, "", $"born {born:yyyy-MM-dd}");
                    continue;
                }
                if (p.Role != InvolvementRole.Suspect) continue;
                if (n.Occupation is { } job && accessOccupations.Any(t => job.Contains(t, StringComparison.OrdinalIgnoreCase)))
                    Emit(c, "access_to_children", p.PersonRef, "", job);
                if (p.Arrested == false || p.Interviewed == false) Emit(c, "suspect_not_interviewed", p.PersonRef, "", "arrested or interviewed false");
                if (n.Died is { } died) Emit(c, "suspect_deceased", p.PersonRef, "", died.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                if (!n.Ethnicity || !n.Nationality) Emit(c, "data_gap", p.PersonRef, "", "ethnicity or nationality not recorded");
            }
        }
        return rows;
    }
}
