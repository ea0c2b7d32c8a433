using Reassess.Records;

namespace Reassess.Linkage.Resolution;

/// <summary>
/// The relational evidence of <see cref="EngineMatcher.Context"/>, worked out on demand for the records an incremental
/// link compares: the investigations a nominal was recorded in, the people (as resolved by the last run) recorded with
/// it there, and the identifiers seen in those investigations. The levels are those of the full run (same
/// investigation, shares an associate, investigations share an identifier, nothing shared; an associate or identifier
/// held by more than 50 nominals is a hub and counts for nothing), so the stored context weights apply unchanged.
/// </summary>
internal sealed class IncrementalContext
{
    public const int Missing = 0, SameGroup = 1, SharedAssociate = 2, SharedLink = 3, Nothing = 4;
    private const int MaxHolders = 50;

    private readonly LinkageInput _input;
    private readonly long[] _cluster;
    private readonly int[] _personStart, _personInv, _invStart, _invPeople;
    private readonly Dictionary<int, List<int>> _invLinks = [];
    private readonly Dictionary<int, List<int>> _linkInvs = [];
    private readonly List<(IdentifierKind Kind, string Value)> _linkNames = [];
    private readonly Dictionary<long, List<int>> _members = [];
    private readonly Dictionary<int, (long[] Associates, int[] Links)> _sets = [];
    private readonly Dictionary<long, int[]> _associateHolders = [];
    private readonly Dictionary<int, int[]> _linkHolders = [];

    /// <param name="input">The data.</param>
    /// <param name="cluster">Each nominal's person (its resolved id), by position in <see cref="LinkageInput.People"/>.</param>
    public IncrementalContext(LinkageInput input, long[] cluster)
    {
        _input = input;
        _cluster = cluster;
        var rows = new List<(int Inv, int Person)>(input.Involvements.Count);
        foreach (var inv in input.Involvements)
            if (input.InvestigationIndex.TryGetValue(inv.InvestigationId, out var i) && input.PersonIndex.TryGetValue(inv.PersonId, out var p)) rows.Add((i, p));
        // Counting sorts (linear in the involvements, millions nationally); a nominal recorded twice in one investigation
        // is listed twice, which no set built from these lists minds.
        (_invStart, _invPeople) = Compress(input.Investigations.Count, rows, r => r.Inv, r => r.Person);
        (_personStart, _personInv) = Compress(input.People.Count, rows, r => r.Person, r => r.Inv);

        var tokens = new Dictionary<(IdentifierKind, string), int>();
        foreach (var id in input.Identifiers)
        {
            if (id.InvestigationId is not { } invId || !input.InvestigationIndex.TryGetValue(invId, out var i)) continue;
            if (!tokens.TryGetValue((id.Kind, id.Value), out var token))
            {
                tokens[(id.Kind, id.Value)] = token = _linkNames.Count;
                _linkNames.Add((id.Kind, id.Value));
            }
            Add(_invLinks, i, token);
            Add(_linkInvs, token, i);
        }
        for (var p = 0; p < cluster.Length; p++)
            if (cluster[p] != input.People[p].Id || _members.ContainsKey(cluster[p])) Add(_members, cluster[p], p);
        // A person's own nominal (the one whose id it carries) is listed with the rest.
        foreach (var (id, list) in _members)
            if (input.PersonIndex.TryGetValue(id, out var own) && !list.Contains(own)) list.Add(own);
    }

    private static void Add<TKey>(Dictionary<TKey, List<int>> map, TKey key, int value) where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        if (list.Count == 0 || list[^1] != value) list.Add(value);
    }

    private static (int[] Start, int[] Other) Compress(int n, List<(int Inv, int Person)> rows, Func<(int Inv, int Person), int> key, Func<(int Inv, int Person), int> other)
    {
        var start = new int[n + 1];
        foreach (var r in rows) start[key(r) + 1]++;
        for (var i = 0; i < n; i++) start[i + 1] += start[i];
        var fill = (int[])start.Clone();
        var others = new int[rows.Count];
        foreach (var r in rows) others[fill[key(r)]++] = other(r);
        return (start, others);
    }

    private ReadOnlySpan<int> Groups(int p) => _personInv.AsSpan(_personStart[p], _personStart[p + 1] - _personStart[p]);

    private ReadOnlySpan<int> PeopleIn(int investigation) => _invPeople.AsSpan(_invStart[investigation], _invStart[investigation + 1] - _invStart[investigation]);

    private IEnumerable<int> NominalsOf(long person) =>
        _members.TryGetValue(person, out var list) ? list : _input.PersonIndex.TryGetValue(person, out var own) ? [own] : [];

    private (long[] Associates, int[] Links) Sets(int p)
    {
        lock (_sets)
        {
            if (_sets.TryGetValue(p, out var sets)) return sets;
            var associates = new SortedSet<long>();
            var links = new SortedSet<int>();
            foreach (var i in Groups(p))
            {
                foreach (var q in PeopleIn(i))
                    if (_cluster[q] != _cluster[p]) associates.Add(_cluster[q]);
                if (_invLinks.TryGetValue(i, out var seen)) links.UnionWith(seen);
            }
            return _sets[p] = ([.. associates], [.. links]);
        }
    }

    /// <summary>The nominals seen with <paramref name="person"/> (in an investigation with one of its nominals), itself excluded.</summary>
    private int[] AssociateHolders(long person)
    {
        lock (_associateHolders)
        {
            if (_associateHolders.TryGetValue(person, out var holders)) return holders;
            var set = new HashSet<int>();
            foreach (var m in NominalsOf(person))
                foreach (var i in Groups(m))
                    foreach (var q in PeopleIn(i))
                        if (_cluster[q] != person) set.Add(q);
            return _associateHolders[person] = [.. set.Order()];
        }
    }

    /// <summary>The nominals of the investigations an identifier was seen in.</summary>
    private int[] LinkHolders(int link)
    {
        lock (_linkHolders)
        {
            if (_linkHolders.TryGetValue(link, out var holders)) return holders;
            var set = new HashSet<int>();
            foreach (var i in _linkInvs[link])
                foreach (var q in PeopleIn(i)) set.Add(q);
            return _linkHolders[link] = [.. set.Order()];
        }
    }

    private bool Present(int p)
    {
        var (a, l) = Sets(p);
        return a.Length > 0 || l.Length > 0;
    }

    /// <summary>The relational level of a pair (<see cref="Missing"/> … <see cref="Nothing"/>), and what they share in words.</summary>
    public (int Level, string? What) Level(int a, int b)
    {
        if (!Present(a) || !Present(b)) return (Missing, null);
        foreach (var i in Groups(a))
            if (Groups(b).Contains(i)) return (SameGroup, null);
        var (aa, al) = Sets(a);
        var (ba, bl) = Sets(b);
        foreach (var x in aa)
            if (Array.BinarySearch(ba, x) >= 0 && AssociateHolders(x).Length <= MaxHolders) return (SharedAssociate, "both seen with " + AssociateName(x));
        foreach (var x in al)
            if (Array.BinarySearch(bl, x) >= 0 && LinkHolders(x).Length <= MaxHolders) return (SharedLink, "their investigations share " + Token.Of(_linkNames[x].Kind) + " " + _linkNames[x].Value);
        return (Nothing, null);
    }

    private string AssociateName(long person)
    {
        var first = NominalsOf(person).DefaultIfEmpty(-1).Min();
        return first < 0 ? "associate " + person : _input.People[first].Force + " " + _input.People[first].PersonRef;
    }

    /// <summary>
    /// The nominals that share an associate or an identifier's investigation with <paramref name="p"/> (hubs aside) and
    /// were not recorded in one of its investigations: the pairs the full run weighs even when no blocking rule put
    /// them together.
    /// </summary>
    public List<int> SharingPartners(int p)
    {
        var (associates, links) = Sets(p);
        var partners = new HashSet<int>();
        foreach (var x in associates)
            if (AssociateHolders(x) is { Length: <= MaxHolders } holders) partners.UnionWith(holders);
        foreach (var x in links)
            if (LinkHolders(x) is { Length: <= MaxHolders } holders) partners.UnionWith(holders);
        partners.Remove(p);
        var result = new List<int>();
        foreach (var q in partners.Order())
        {
            var together = false;
            foreach (var i in Groups(q))
                together |= Groups(p).Contains(i);
            if (!together) result.Add(q);
        }
        return result;
    }
}
