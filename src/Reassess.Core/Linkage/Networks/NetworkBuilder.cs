using Reassess.Linkage.Resolution;
using Reassess.Records;

namespace Reassess.Linkage.Networks;

/// <summary>A nominal in a found network (positions in <see cref="LinkageInput"/>).</summary>
public sealed record FoundMember(int Person, long ResolvedId, string Role, IReadOnlyList<int> Investigations);

/// <summary>An edge of a found network between two resolved people.</summary>
public sealed record FoundLink(long FromResolvedId, long ToResolvedId, string Kinds, double Weight, string Evidence);

/// <summary>A community of two or more suspects.</summary>
public sealed record FoundNetwork(string Label, IReadOnlyList<FoundMember> Members, IReadOnlyList<FoundLink> Links, int Suspects, int Victims, int People,
    IReadOnlyList<string> Forces, IReadOnlyList<int> Investigations);

/// <summary>The evidence that an investigation's suspect belongs to a network with other suspects of child sexual offence investigations.</summary>
public sealed record FoundMissedGroup(int Investigation, string NetworkLabel, string Evidence);

/// <summary>The networks stage's result.</summary>
public sealed record NetworkResult(IReadOnlyList<FoundNetwork> Networks, IReadOnlyList<FoundMissedGroup> MissedGroups, int GraphNodes, int GraphEdges);

/// <summary>
/// Builds the graph of resolved people and finds offender networks in it. Edges: co-suspects in an investigation
/// (weight 1), a victim and a suspect of the same investigation (0.5), and a phone, email, username or vehicle
/// (1) or address (0.5) recorded with both people or seen in an investigation they are suspects in. Communities come
/// from <see cref="Louvain"/>; those with two or more suspects are kept.
/// </summary>
public sealed class NetworkBuilder
{
    /// <summary>An identifier shared by more people than this is a public place or a fleet, and binds no network.</summary>
    public const int MaxPeoplePerIdentifier = 12;
    /// <summary>Only this many of an investigation's suspects (and victims) are paired, so a mass case stays linear.</summary>
    public const int MaxPeoplePerInvestigation = 40;
    private const int MaxEvidencePerLink = 5;

    private readonly LinkageInput _input;
    private readonly long[] _resolved;
    private readonly Func<int, bool> _isChildSexualOffence;
    private readonly Dictionary<int, List<(int Other, string Evidence)>> _identity;
    private readonly Dictionary<long, int> _node = [];
    private readonly List<long> _nodeResolved = [];
    private readonly Dictionary<(int, int), EdgeAcc> _edges = [];
    private int[] _invStart = [];
    private int[] _invPeople = [];
    private InvolvementRole[] _invRoles = [];

    /// <param name="input">The data.</param>
    /// <param name="resolved">Each nominal's resolved id, in the order of <see cref="LinkageInput.People"/>.</param>
    /// <param name="acceptedLinks">Links that resolved nominals into people, used to explain "A = B" in evidence.</param>
    /// <param name="isChildSexualOffence">Whether an investigation (position in <see cref="LinkageInput.Investigations"/>) is a child sexual offence investigation.</param>
    public NetworkBuilder(LinkageInput input, long[] resolved, IEnumerable<ProposedLink> acceptedLinks, Func<int, bool> isChildSexualOffence)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(resolved);
        ArgumentNullException.ThrowIfNull(acceptedLinks);
        ArgumentNullException.ThrowIfNull(isChildSexualOffence);
        _input = input;
        _resolved = resolved;
        _isChildSexualOffence = isChildSexualOffence;
        _identity = [];
        foreach (var l in acceptedLinks)
        {
            AddIdentity(l.Left, l.Right, l.Evidence);
            AddIdentity(l.Right, l.Left, l.Evidence);
        }
    }

    private void AddIdentity(int a, int b, string evidence)
    {
        if (!_identity.TryGetValue(a, out var list)) _identity[a] = list = [];
        list.Add((b, evidence));
    }

    /// <summary>Builds the graph, finds communities (deterministic for <paramref name="seed"/>) and explains missed groups.</summary>
    public NetworkResult Build(int seed, IProgress<string>? progress = null)
    {
        GroupInvolvements();
        AddInvestigationEdges();
        AddIdentifierEdges();
        progress?.Report($"network graph: {_nodeResolved.Count:N0} people, {_edges.Count:N0} links");

        var edgeKeys = _edges.Keys.ToArray();
        var weighted = new WeightedEdge[edgeKeys.Length];
        for (var i = 0; i < edgeKeys.Length; i++) weighted[i] = new WeightedEdge(edgeKeys[i].Item1, edgeKeys[i].Item2, _edges[edgeKeys[i]].Weight);
        var community = Louvain.Communities(_nodeResolved.Count, weighted, seed);

        var nodesOf = new Dictionary<int, List<int>>();
        for (var v = 0; v < community.Length; v++)
        {
            if (!nodesOf.TryGetValue(community[v], out var list)) nodesOf[community[v]] = list = [];
            list.Add(v);
        }
        var nominalsOf = NominalsByNode();
        var drafts = new List<Draft>();
        foreach (var nodes in nodesOf.Values)
        {
            if (nodes.Count < 2) continue;
            var draft = Describe(nodes, nominalsOf);
            if (draft is not null) drafts.Add(draft);
        }
        drafts.Sort((a, b) => DeterministicLinks.CompareKeys(_input.People[a.FirstNominal], _input.People[b.FirstNominal]));

        var networks = new List<FoundNetwork>(drafts.Count);
        var missed = new List<FoundMissedGroup>();
        for (var k = 0; k < drafts.Count; k++)
        {
            var label = $"NET-{k + 1:D6}";
            var network = drafts[k].ToNetwork(label);
            networks.Add(network);
            missed.AddRange(MissedGroups(drafts[k], network, nominalsOf));
        }
        missed.Sort((a, b) => a.Investigation.CompareTo(b.Investigation));
        progress?.Report($"networks: {networks.Count:N0} with two or more suspects; {missed.Count:N0} investigations linked to a group");
        return new NetworkResult(networks, missed, _nodeResolved.Count, _edges.Count);
    }

    private void GroupInvolvements()
    {
        var invIndex = _input.InvestigationIndex;
        var count = new int[_input.Investigations.Count + 1];
        foreach (var inv in _input.Involvements)
            if (invIndex.TryGetValue(inv.InvestigationId, out var i) && _input.PersonIndex.ContainsKey(inv.PersonId)) count[i]++;
        _invStart = new int[_input.Investigations.Count + 1];
        for (var i = 0; i < _input.Investigations.Count; i++) _invStart[i + 1] = _invStart[i] + count[i];
        var fill = (int[])_invStart.Clone();
        _invPeople = new int[_invStart[^1]];
        _invRoles = new InvolvementRole[_invStart[^1]];
        foreach (var inv in _input.Involvements)
        {
            if (!invIndex.TryGetValue(inv.InvestigationId, out var i) || !_input.PersonIndex.TryGetValue(inv.PersonId, out var p)) continue;
            _invPeople[fill[i]] = p;
            _invRoles[fill[i]++] = inv.Role;
        }
    }

    private IEnumerable<int> PeopleIn(int investigation, InvolvementRole role)
    {
        for (var a = _invStart[investigation]; a < _invStart[investigation + 1]; a++)
            if (_invRoles[a] == role) yield return _invPeople[a];
    }

    private void AddInvestigationEdges()
    {
        for (var i = 0; i < _input.Investigations.Count; i++)
        {
            var inv = _input.Investigations[i];
            var suspects = DistinctByResolved(PeopleIn(i, InvolvementRole.Suspect));
            var victims = DistinctByResolved(PeopleIn(i, InvolvementRole.Victim));
            for (var x = 0; x < suspects.Count; x++)
                for (var y = x + 1; y < suspects.Count; y++)
                    AddEdge(suspects[x], suspects[y], "co_suspect", 1.0, $"co-suspects {Key(suspects[x])} and {Key(suspects[y])} in {inv.Key}");
            foreach (var v in victims)
                foreach (var s in suspects)
                    AddEdge(v, s, "victim_suspect", 0.5, $"{Key(v)} victim of suspect {Key(s)} in {inv.Key}");
        }
    }

    private void AddIdentifierEdges()
    {
        // Each identifier value: who it was recorded with, and the suspects of the investigations it was seen in.
        var holders = new Dictionary<(IdentifierKind, string), List<(int Person, string How)>>();
        foreach (var id in _input.Identifiers)
        {
            var key = (id.Kind, id.Value);
            if (!holders.TryGetValue(key, out var list)) holders[key] = list = [];
            if (id.PersonId is { } pid && _input.PersonIndex.TryGetValue(pid, out var p)) list.Add((p, $"recorded with {Key(p)}"));
            if (id.InvestigationId is { } iid && _input.InvestigationIndex.TryGetValue(iid, out var i))
            {
                var invKey = _input.Investigations[i].Key;
                foreach (var s in PeopleIn(i, InvolvementRole.Suspect).Take(MaxPeoplePerInvestigation)) list.Add((s, $"seen in {invKey} (suspect {Key(s)})"));
            }
        }
        foreach (var ((kind, value), list) in holders)
        {
            var byResolved = new Dictionary<long, (int Person, string How)>();
            foreach (var h in list) byResolved.TryAdd(_resolved[h.Person], h);
            if (byResolved.Count < 2 || byResolved.Count > MaxPeoplePerIdentifier) continue;
            var kindToken = Token.Of(kind);
            var weight = kind == IdentifierKind.Address ? 0.5 : 1.0;
            var people = byResolved.Values.ToList();
            for (var x = 0; x < people.Count; x++)
                for (var y = x + 1; y < people.Count; y++)
                    AddEdge(people[x].Person, people[y].Person, kindToken, weight, $"{kindToken} {value} {people[x].How} and {people[y].How}");
        }
    }

    private List<int> DistinctByResolved(IEnumerable<int> people)
    {
        var seen = new HashSet<long>();
        var result = new List<int>();
        foreach (var p in people)
        {
            if (result.Count >= MaxPeoplePerInvestigation) break;
            if (seen.Add(_resolved[p])) result.Add(p);
        }
        return result;
    }

    private string Key(int person) => _input.People[person].Key;

    private int Node(long resolved)
    {
        if (_node.TryGetValue(resolved, out var n)) return n;
        n = _nodeResolved.Count;
        _node[resolved] = n;
        _nodeResolved.Add(resolved);
        return n;
    }

    private void AddEdge(int personA, int personB, string kind, double weight, string evidence)
    {
        var (ra, rb) = (_resolved[personA], _resolved[personB]);
        if (ra == rb) return;
        var (na, nb) = (Node(ra), Node(rb));
        var key = na < nb ? (na, nb) : (nb, na);
        var (endA, endB) = na < nb ? (personA, personB) : (personB, personA);
        if (!_edges.TryGetValue(key, out var acc)) _edges[key] = acc = new EdgeAcc(endA, endB);
        acc.Weight += weight;
        acc.Kinds.Add(kind);
        if (acc.Evidence.Count < MaxEvidencePerLink && !acc.Evidence.Contains(evidence)) acc.Evidence.Add(evidence);
    }

    private Dictionary<int, List<int>> NominalsByNode()
    {
        var result = new Dictionary<int, List<int>>();
        for (var p = 0; p < _resolved.Length; p++)
        {
            if (!_node.TryGetValue(_resolved[p], out var n)) continue;
            if (!result.TryGetValue(n, out var list)) result[n] = list = [];
            list.Add(p);
        }
        return result;
    }

    private Draft? Describe(List<int> nodes, Dictionary<int, List<int>> nominalsOf)
    {
        var nodeSet = nodes.ToHashSet();
        var members = new List<FoundMember>();
        var suspects = new HashSet<long>();
        var victims = new HashSet<long>();
        var investigations = new SortedSet<int>();
        var nominalRoles = new Dictionary<int, (string Role, List<int> Investigations)>();
        foreach (var node in nodes)
        {
            foreach (var p in nominalsOf[node])
            {
                var invs = new List<int>();
                var (isSuspect, isVictim) = (false, false);
                foreach (var i in InvestigationsOf(p))
                {
                    invs.Add(i.Investigation);
                    isSuspect |= i.Role == InvolvementRole.Suspect;
                    isVictim |= i.Role == InvolvementRole.Victim;
                }
                if (isSuspect) suspects.Add(_resolved[p]);
                if (isVictim) victims.Add(_resolved[p]);
                var distinct = invs.Distinct().Order().ToList();
                investigations.UnionWith(distinct);
                var role = isSuspect ? "suspect" : isVictim ? "victim" : "other";
                members.Add(new FoundMember(p, _resolved[p], role, distinct));
            }
        }
        if (suspects.Count < 2) return null;
        members.Sort((a, b) => DeterministicLinks.CompareKeys(_input.People[a.Person], _input.People[b.Person]));
        var links = new List<(int A, int B, EdgeAcc Edge)>();
        foreach (var a in nodes)
            foreach (var b in nodes)
                if (a < b && _edges.TryGetValue((a, b), out var e)) links.Add((a, b, e));
        return new Draft(this, nodes, nodeSet, members, links, suspects.Count, victims.Count);
    }

    private Dictionary<int, List<(int Investigation, InvolvementRole Role)>>? _byPerson;

    private List<(int Investigation, InvolvementRole Role)> InvestigationsOf(int person)
    {
        if (_byPerson is null)
        {
            _byPerson = [];
            for (var i = 0; i < _input.Investigations.Count; i++)
                for (var a = _invStart[i]; a < _invStart[i + 1]; a++)
                {
                    if (!_byPerson.TryGetValue(_invPeople[a], out var list)) _byPerson[_invPeople[a]] = list = [];
                    list.Add((i, _invRoles[a]));
                }
        }
        return _byPerson.TryGetValue(person, out var found) ? found : [];
    }

    private IEnumerable<FoundMissedGroup> MissedGroups(Draft draft, FoundNetwork network, Dictionary<int, List<int>> nominalsOf)
    {
        // Per suspect node: its child sexual offence investigations (as a suspect) and the nominal that was the suspect.
        var csoOf = new Dictionary<int, List<(int Investigation, int Nominal)>>();
        var suspectIn = new List<(int Investigation, int Nominal, int Node)>();
        foreach (var node in draft.Nodes)
            foreach (var p in nominalsOf[node])
                foreach (var (i, role) in InvestigationsOf(p))
                {
                    if (role != InvolvementRole.Suspect) continue;
                    suspectIn.Add((i, p, node));
                    if (_isChildSexualOffence(i))
                    {
                        if (!csoOf.TryGetValue(node, out var list)) csoOf[node] = list = [];
                        list.Add((i, p));
                    }
                }
        var done = new HashSet<int>();
        foreach (var (investigation, nominal, node) in suspectIn.OrderBy(s => s.Investigation).ThenBy(s => _input.People[s.Nominal].Key, StringComparer.Ordinal))
        {
            if (done.Contains(investigation)) continue;
            var chain = ChainToOtherSuspect(draft, node, investigation, csoOf);
            if (chain is null) continue;
            done.Add(investigation);
            yield return new FoundMissedGroup(investigation, network.Label, Explain(draft, network, investigation, nominal, chain.Value.Path, chain.Value.Target));
        }
    }

    /// <summary>Breadth-first from the suspect's node to the nearest other suspect with a child sexual offence investigation (not this one).</summary>
    private static (List<int> Path, (int Investigation, int Nominal) Target)? ChainToOtherSuspect(Draft draft, int start, int investigation,
        Dictionary<int, List<(int Investigation, int Nominal)>> csoOf)
    {
        var previous = new Dictionary<int, int> { [start] = -1 };
        var queue = new Queue<int>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            var u = queue.Dequeue();
            if (u != start && csoOf.TryGetValue(u, out var cso))
            {
                var others = cso.Where(c => c.Investigation != investigation).OrderBy(c => c.Investigation).ToList();
                if (others.Count > 0)
                {
                    var target = others[0];
                    var path = new List<int>();
                    for (var v = u; v != -1; v = previous[v]) path.Add(v);
                    path.Reverse();
                    return (path, target);
                }
            }
            foreach (var v in draft.Neighbours(u))
            {
                if (previous.ContainsKey(v)) continue;
                previous[v] = u;
                queue.Enqueue(v);
            }
        }
        return null;
    }

    private string Explain(Draft draft, FoundNetwork network, int investigation, int nominal, List<int> path, (int Investigation, int Nominal) target)
    {
        var steps = new List<string> { $"suspect {Key(nominal)} in {_input.Investigations[investigation].Key}" };
        var current = nominal;
        for (var k = 0; k + 1 < path.Count; k++)
        {
            var edge = draft.Edge(path[k], path[k + 1]);
            var (here, there) = path[k] < path[k + 1] ? (edge.EndA, edge.EndB) : (edge.EndB, edge.EndA);
            if (here != current) steps.Add(Identity(current, here));
            steps.Add(edge.Evidence[0]);
            current = there;
        }
        if (current != target.Nominal) steps.Add(Identity(current, target.Nominal));
        steps.Add($"{Key(target.Nominal)} suspect in {_input.Investigations[target.Investigation].Key} (child sexual offence)");
        steps.Add($"network {network.Label}: {network.Suspects} suspects, forces {string.Join(';', network.Forces)}");
        return string.Join("; ", steps);
    }

    /// <summary>"A = B (PNC …)", through the links that resolved them into one person.</summary>
    private string Identity(int from, int to)
    {
        var previous = new Dictionary<int, (int From, string Evidence)> { [from] = (-1, "") };
        var queue = new Queue<int>();
        queue.Enqueue(from);
        while (queue.Count > 0 && !previous.ContainsKey(to))
        {
            var u = queue.Dequeue();
            if (!_identity.TryGetValue(u, out var next)) continue;
            foreach (var (v, evidence) in next)
            {
                if (previous.ContainsKey(v)) continue;
                previous[v] = (u, evidence);
                queue.Enqueue(v);
            }
        }
        if (!previous.ContainsKey(to)) return $"{Key(from)} = {Key(to)} (resolved as one person)";
        var parts = new List<string>();
        for (var v = to; v != from; v = previous[v].From) parts.Add($"{Key(previous[v].From)} = {Key(v)} ({previous[v].Evidence})");
        parts.Reverse();
        return string.Join("; ", parts);
    }

    private sealed class EdgeAcc(int endA, int endB)
    {
        /// <summary>Nominals at the lower and the higher node of the first evidence, to explain a path through the edge.</summary>
        public int EndA { get; } = endA;
        public int EndB { get; } = endB;
        public double Weight { get; set; }
        public SortedSet<string> Kinds { get; } = new(StringComparer.Ordinal);
        public List<string> Evidence { get; } = [];
    }

    private sealed class Draft(NetworkBuilder owner, List<int> nodes, HashSet<int> nodeSet, List<FoundMember> members, List<(int A, int B, EdgeAcc Edge)> links, int suspects, int victims)
    {
        private Dictionary<int, List<int>>? _adjacency;
        public List<int> Nodes => nodes;
        public int FirstNominal => members[0].Person;

        public EdgeAcc Edge(int a, int b) => owner._edges[a < b ? (a, b) : (b, a)];

        public List<int> Neighbours(int node)
        {
            if (_adjacency is null)
            {
                _adjacency = nodes.ToDictionary(n => n, _ => new List<int>());
                foreach (var (a, b, _) in links)
                {
                    if (!nodeSet.Contains(a) || !nodeSet.Contains(b)) continue;
                    _adjacency[a].Add(b);
                    _adjacency[b].Add(a);
                }
                foreach (var list in _adjacency.Values) list.Sort();
            }
            return _adjacency[node];
        }

        public FoundNetwork ToNetwork(string label)
        {
            var input = owner._input;
            var forces = members.Select(m => input.People[m.Person].Force).Distinct().Order(StringComparer.Ordinal).ToList();
            var investigations = members.SelectMany(m => m.Investigations).Distinct().OrderBy(i => input.Investigations[i].Key, StringComparer.Ordinal).ToList();
            var found = links
                .Select(l => new FoundLink(owner._nodeResolved[l.A], owner._nodeResolved[l.B], string.Join(';', l.Edge.Kinds), l.Edge.Weight, string.Join("; ", l.Edge.Evidence)))
                .Select(l => l.FromResolvedId <= l.ToResolvedId ? l : l with { FromResolvedId = l.ToResolvedId, ToResolvedId = l.FromResolvedId })
                .OrderBy(l => l.FromResolvedId).ThenBy(l => l.ToResolvedId)
                .ToList();
            return new FoundNetwork(label, members, found, suspects, victims, nodes.Count, forces, investigations);
        }
    }
}
