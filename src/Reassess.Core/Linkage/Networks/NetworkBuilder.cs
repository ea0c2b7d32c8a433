using System.Globalization;
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
/// <remarks><see cref="GraphWeight"/>: the summed weight of the graph's links, which modularity is relative to.</remarks>
public sealed record NetworkResult(IReadOnlyList<FoundNetwork> Networks, IReadOnlyList<FoundMissedGroup> MissedGroups, int GraphNodes, int GraphEdges)
{
    public double GraphWeight { get; init; }
}

/// <summary>
/// Builds the graph of resolved people and finds offender networks in it. Edges: co-suspects in an investigation
/// (weight 1), a victim and a suspect of the same investigation (0.5), and a phone, email, username or vehicle
/// (1) or address (0.5) recorded with both people or seen in an investigation they are suspects in. Communities come
/// from <see cref="Louvain"/>; those with two or more suspects are kept. Evidence is kept compact (indexes) and only
/// put into words for the networks kept, as the national graph has millions of edges.
/// </summary>
/// <remarks>
/// A shared identifier weighs by how many people share it (<see cref="IdentifierWeight"/>): a phone two people share
/// says more than a taxi firm's number or a hostel's address recorded for hundreds. Above
/// <see cref="MaxPeoplePerIdentifier"/> people an identifier links nobody by itself; it only adds its small weight to
/// people already linked by something else, and says so in the link's evidence.
/// </remarks>
public sealed class NetworkBuilder
{
    /// <summary>An identifier shared by more people than this is a public place or a fleet (a hub), and links nobody by itself.</summary>
    public const int MaxPeoplePerIdentifier = 12;
    /// <summary>A hub's holders are checked against the links already made only up to this many (beyond it, the hub is not even mentioned).</summary>
    public const int MaxHubHolders = 100_000;
    /// <summary>Only this many of an investigation's suspects (and victims) are paired, so a mass case stays linear.</summary>
    public const int MaxPeoplePerInvestigation = 40;
    /// <summary>A missed group needs this many other suspects of child sexual offence investigations in the network ("other suspects").</summary>
    public const int MinOtherSuspects = 2;
    /// <summary>… and a network spanning this many investigations: one co-offending pair seen twice is not yet a group.</summary>
    public const int MinGroupInvestigations = 3;
    /// <summary>Connected components of at most this many people are one network each, never split.</summary>
    public const int MaxWholeComponent = 30;
    private const int MaxEvidencePerLink = 5;

    // Kinds of evidence, in the alphabetical order their tokens are listed in.
    private static readonly string[] KindTokens = ["address", "co_suspect", "email", "phone", "username", "vehicle", "victim_suspect"];
    private const int CoSuspect = 1, VictimSuspect = 6;

    private readonly LinkageInput _input;
    private readonly long[] _resolved;
    private readonly Func<int, bool> _isChildSexualOffence;
    private readonly Dictionary<int, List<(int Other, string Evidence)>> _identity = [];
    private readonly Dictionary<long, int> _node = [];
    private readonly List<long> _nodeResolved = [];
    private readonly Dictionary<(int, int), EdgeAcc> _edges = [];
    private readonly List<(IdentifierKind Kind, string Value, int People)> _identifierValues = [];
    private int[] _invStart = [], _invPeople = [];
    private InvolvementRole[] _invRoles = [];
    private int[] _personStart = [], _personInv = [];
    private InvolvementRole[] _personRoles = [];

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
        foreach (var l in acceptedLinks)
        {
            AddIdentity(l.Left, l.Right, l.Evidence);
            AddIdentity(l.Right, l.Left, l.Evidence);
        }
    }

    /// <summary>When the input is part of the data (an incremental link's affected components): how many people each
    /// identifier is recorded for in all of it, so a hub stays a hub and a shared identifier weighs what it weighs in a full run.</summary>
    public IReadOnlyDictionary<(IdentifierKind Kind, string Value), int>? HolderCounts { get; init; }

    private void AddIdentity(int a, int b, string evidence)
    {
        if (!_identity.TryGetValue(a, out var list)) _identity[a] = list = [];
        list.Add((b, evidence));
    }

    /// <summary>Builds the graph, finds communities (deterministic for <paramref name="seed"/>) and explains missed groups.</summary>
    /// <param name="seed">Seed of the community detection.</param>
    /// <param name="progress">Where progress is reported.</param>
    /// <param name="label">Given each network's nominals (<c>people.id</c>), in the order of their first nominal, their labels
    /// (<see cref="NetworkLineage"/>); when null, <c>NET-000001</c> onwards in that order.</param>
    /// <param name="observeGraph">Given the weighted graph before community detection runs on it (a benchmark's export).</param>
    /// <param name="graphWeight">When the input is part of the data, the whole graph's link weight: community detection
    /// then weighs this part's modularity against the whole graph's (resolution scaled by the part's share), as a full run does.</param>
    public NetworkResult Build(int seed, IProgress<string>? progress = null, Func<IReadOnlyList<IReadOnlyCollection<long>>, IReadOnlyList<string>>? label = null,
        Action<int, IReadOnlyList<WeightedEdge>>? observeGraph = null, double graphWeight = 0)
    {
        GroupInvolvements();
        AddInvestigationEdges();
        AddIdentifierEdges();
        progress?.Report($"network graph: {_nodeResolved.Count:N0} people, {_edges.Count:N0} links");

        var edgeKeys = _edges.Keys.ToArray();
        var weighted = new WeightedEdge[edgeKeys.Length];
        for (var i = 0; i < edgeKeys.Length; i++) weighted[i] = new WeightedEdge(edgeKeys[i].Item1, edgeKeys[i].Item2, _edges[edgeKeys[i]].Weight);
        observeGraph?.Invoke(_nodeResolved.Count, weighted);
        var total = weighted.Sum(e => e.Weight);
        var community = Louvain.Communities(_nodeResolved.Count, weighted, seed, graphWeight > 0 ? Math.Min(1, total / graphWeight) : 1);
        KeepSmallComponentsWhole(community, edgeKeys);
        weighted = [];

        var nominalsOf = NominalsByNode();
        var suspectNode = new bool[_nodeResolved.Count];
        var suspectCount = new Dictionary<int, int>();
        for (var v = 0; v < suspectNode.Length; v++)
        {
            foreach (var p in nominalsOf[v])
                for (var a = _personStart[p]; a < _personStart[p + 1]; a++)
                    suspectNode[v] |= _personRoles[a] == InvolvementRole.Suspect;
            if (suspectNode[v]) suspectCount[community[v]] = suspectCount.GetValueOrDefault(community[v]) + 1;
        }
        var kept = new Dictionary<int, (List<int> Nodes, List<(int, int)> Edges)>();
        for (var v = 0; v < community.Length; v++)
        {
            if (suspectCount.GetValueOrDefault(community[v]) < 2) continue;
            if (!kept.TryGetValue(community[v], out var c)) kept[community[v]] = c = ([], []);
            c.Nodes.Add(v);
        }
        foreach (var (a, b) in edgeKeys)
            if (community[a] == community[b] && kept.TryGetValue(community[a], out var c)) c.Edges.Add((a, b));

        var drafts = kept.Values.Select(c => Describe(c.Nodes, c.Edges, nominalsOf, suspectNode)).ToList();
        drafts.Sort((a, b) => DeterministicLinks.CompareKeys(_input.People[a.FirstNominal], _input.People[b.FirstNominal]));

        IReadOnlyList<string> labels = label is null
            ? [.. Enumerable.Range(1, drafts.Count).Select(k => NetworkLineage.Label(k))]
            : label([.. drafts.Select(d => (IReadOnlyCollection<long>)[.. d.Members.Select(m => _input.People[m.Person].Id).Distinct()])]);
        if (labels.Count != drafts.Count) throw new InvalidOperationException($"{labels.Count} labels for {drafts.Count} networks.");
        // Networks in label order (a label that carries on from an earlier run keeps its place).
        var order = Enumerable.Range(0, drafts.Count).OrderBy(k => labels[k], Comparer<string>.Create(NetworkLineage.CompareLabels)).ToList();
        drafts = [.. order.Select(k => drafts[k])];
        labels = [.. order.Select(k => labels[k])];

        var networks = new List<FoundNetwork>(drafts.Count);
        // An investigation with several suspects can have them in different networks (Louvain splits a large component
        // between co-suspects, or each suspect offends with another group), and each network would explain it. One
        // missed-group finding per investigation: the shortest chain of evidence, then the first network by label.
        var best = new Dictionary<int, (FoundMissedGroup Found, int Steps)>();
        for (var k = 0; k < drafts.Count; k++)
        {
            var network = drafts[k].ToNetwork(labels[k]);
            networks.Add(network);
            foreach (var (found, steps) in MissedGroups(drafts[k], network, nominalsOf))
                if (!best.TryGetValue(found.Investigation, out var held) || steps < held.Steps) best[found.Investigation] = (found, steps);
        }
        var missed = best.Values.Select(b => b.Found).OrderBy(m => m.Investigation).ToList();
        progress?.Report($"networks: {networks.Count:N0} with two or more suspects; {missed.Count:N0} investigations linked to a group");
        return new NetworkResult(networks, missed, _nodeResolved.Count, _edges.Count) { GraphWeight = total };
    }

    /// <summary>
    /// Modularity splits even a handful of people linked in a chain; a group that small is one network. Only connected
    /// components larger than <see cref="MaxWholeComponent"/> keep Louvain's split (the national graph's hairballs).
    /// </summary>
    private static void KeepSmallComponentsWhole(int[] community, (int, int)[] edges)
    {
        var n = community.Length;
        var parent = new int[n];
        for (var i = 0; i < n; i++) parent[i] = i;
        int Find(int x)
        {
            while (parent[x] != x) x = parent[x] = parent[parent[x]];
            return x;
        }
        foreach (var (a, b) in edges)
        {
            var (ra, rb) = (Find(a), Find(b));
            if (ra != rb) parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
        }
        var size = new int[n];
        for (var i = 0; i < n; i++) size[Find(i)]++;
        // Component labels go after Louvain's so the two never collide.
        for (var i = 0; i < n; i++)
            if (size[Find(i)] <= MaxWholeComponent) community[i] = n + Find(i);
    }

    private void GroupInvolvements()
    {
        var (invIndex, personIndex) = (_input.InvestigationIndex, _input.PersonIndex);
        var rows = new List<(int Inv, int Person, InvolvementRole Role)>(_input.Involvements.Count);
        foreach (var inv in _input.Involvements)
            if (invIndex.TryGetValue(inv.InvestigationId, out var i) && personIndex.TryGetValue(inv.PersonId, out var p)) rows.Add((i, p, inv.Role));

        (_invStart, _invPeople, _invRoles) = Compress(_input.Investigations.Count, rows, r => r.Inv, r => r.Person);
        (_personStart, _personInv, _personRoles) = Compress(_input.People.Count, rows, r => r.Person, r => r.Inv);
    }

    private static (int[] Start, int[] Other, InvolvementRole[] Roles) Compress(int n, List<(int Inv, int Person, InvolvementRole Role)> rows,
        Func<(int Inv, int Person, InvolvementRole Role), int> key, Func<(int Inv, int Person, InvolvementRole Role), int> other)
    {
        var start = new int[n + 1];
        foreach (var r in rows) start[key(r) + 1]++;
        for (var i = 0; i < n; i++) start[i + 1] += start[i];
        var fill = (int[])start.Clone();
        var others = new int[rows.Count];
        var roles = new InvolvementRole[rows.Count];
        foreach (var r in rows)
        {
            var at = fill[key(r)]++;
            others[at] = other(r);
            roles[at] = r.Role;
        }
        return (start, others, roles);
    }

    private List<int> PeopleIn(int investigation, InvolvementRole role)
    {
        var seen = new HashSet<long>();
        var result = new List<int>();
        for (var a = _invStart[investigation]; a < _invStart[investigation + 1] && result.Count < MaxPeoplePerInvestigation; a++)
            if (_invRoles[a] == role && seen.Add(_resolved[_invPeople[a]])) result.Add(_invPeople[a]);
        return result;
    }

    private void AddInvestigationEdges()
    {
        for (var i = 0; i < _input.Investigations.Count; i++)
        {
            if (_invStart[i + 1] - _invStart[i] < 2) continue;
            var suspects = PeopleIn(i, InvolvementRole.Suspect);
            if (suspects.Count == 0) continue;
            var victims = PeopleIn(i, InvolvementRole.Victim);
            for (var x = 0; x < suspects.Count; x++)
                for (var y = x + 1; y < suspects.Count; y++)
                    AddEdge(new Evidence(CoSuspect, suspects[x], suspects[y], i, i, -1), 1.0);
            foreach (var v in victims)
                foreach (var s in suspects)
                    AddEdge(new Evidence(VictimSuspect, v, s, i, i, -1), 0.5);
        }
    }

    private void AddIdentifierEdges()
    {
        // Each identifier value: who it was recorded with (investigation -1), and the suspects of the investigations it was seen in.
        var holders = new Dictionary<(IdentifierKind, string), List<(int Person, int Investigation)>>();
        foreach (var id in _input.Identifiers)
        {
            var key = (id.Kind, id.Value);
            if (!holders.TryGetValue(key, out var list)) holders[key] = list = [];
            if (id.PersonId is { } pid && _input.PersonIndex.TryGetValue(pid, out var p)) list.Add((p, -1));
            if (id.InvestigationId is { } iid && _input.InvestigationIndex.TryGetValue(iid, out var i))
                foreach (var s in PeopleIn(i, InvolvementRole.Suspect)) list.Add((s, i));
        }
        var hubs = new List<(int Identifier, List<(int Person, int Investigation)> People)>();
        foreach (var ((kind, value), list) in holders)
        {
            if (list.Count < 2) continue;
            var byResolved = new Dictionary<long, (int Person, int Investigation)>();
            foreach (var h in list) byResolved.TryAdd(_resolved[h.Person], h);
            var recordedFor = HolderCounts?.GetValueOrDefault((kind, value), byResolved.Count) ?? byResolved.Count;
            if (byResolved.Count < 2 || recordedFor > MaxHubHolders) continue;
            var ident = _identifierValues.Count;
            _identifierValues.Add((kind, value, recordedFor));
            var people = byResolved.Values.ToList();
            if (recordedFor > MaxPeoplePerIdentifier)
            {
                hubs.Add((ident, people));
                continue;
            }
            var kindBit = Array.IndexOf(KindTokens, Token.Of(kind));
            var weight = IdentifierWeight(kind, recordedFor);
            for (var x = 0; x < people.Count; x++)
                for (var y = x + 1; y < people.Count; y++)
                    AddEdge(new Evidence(kindBit, people[x].Person, people[y].Person, people[x].Investigation, people[y].Investigation, ident), weight);
        }
        AddHubWeight(hubs);
    }

    /// <summary>
    /// The weight a shared identifier gives each pair of the <paramref name="people"/> who share it: a phone, email,
    /// username or vehicle 1 (an address 0.5) split among the others, 1 / (people − 1), so two people sharing a phone
    /// are linked as before, and each holder of a number shared by many gets no more from it in all than from one
    /// number shared with one other person.
    /// </summary>
    public static double IdentifierWeight(IdentifierKind kind, int people) =>
        (kind == IdentifierKind.Address ? 0.5 : 1.0) / Math.Max(1, people - 1);

    /// <summary>
    /// Hubs (identifiers shared by more than <see cref="MaxPeoplePerIdentifier"/> people) link nobody by themselves:
    /// between two people already linked by other evidence they add their small weight and a line of evidence.
    /// Found per link, from the hubs each person holds, so a hub of thousands costs nothing beyond its holders.
    /// </summary>
    private void AddHubWeight(List<(int Identifier, List<(int Person, int Investigation)> People)> hubs)
    {
        if (hubs.Count == 0) return;
        var held = new Dictionary<int, List<(int Hub, int Person, int Investigation)>>();
        foreach (var (ident, people) in hubs)
        {
            foreach (var (person, investigation) in people)
            {
                if (!_node.TryGetValue(_resolved[person], out var node)) continue; // nobody else links this person: the hub alone cannot
                if (!held.TryGetValue(node, out var list)) held[node] = list = [];
                list.Add((ident, person, investigation));
            }
        }
        foreach (var ((a, b), acc) in _edges)
        {
            if (!held.TryGetValue(a, out var ha) || !held.TryGetValue(b, out var hb)) continue;
            foreach (var x in ha)
            {
                foreach (var y in hb)
                {
                    if (x.Hub != y.Hub) continue;
                    var (kind, _, people) = _identifierValues[x.Hub];
                    acc.Add(new Evidence(Array.IndexOf(KindTokens, Token.Of(kind)), x.Person, y.Person, x.Investigation, y.Investigation, x.Hub));
                    acc.Weight += IdentifierWeight(kind, people);
                    acc.Kinds |= 1 << Array.IndexOf(KindTokens, Token.Of(kind));
                }
            }
        }
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

    private int NodeOf(int person) => _node[_resolved[person]];

    private void AddEdge(Evidence evidence, double weight)
    {
        var (ra, rb) = (_resolved[evidence.A], _resolved[evidence.B]);
        if (ra == rb) return;
        var (na, nb) = (Node(ra), Node(rb));
        var key = na < nb ? (na, nb) : (nb, na);
        if (!_edges.TryGetValue(key, out var acc)) _edges[key] = acc = new EdgeAcc(evidence);
        else acc.Add(evidence);
        acc.Weight += weight;
        acc.Kinds |= 1 << evidence.Kind;
    }

    /// <summary>The evidence in words.</summary>
    private string Describe(Evidence e)
    {
        if (e.Kind == CoSuspect)
        {
            var (a, b) = DeterministicLinks.CompareKeys(_input.People[e.A], _input.People[e.B]) <= 0 ? (e.A, e.B) : (e.B, e.A);
            return $"co-suspects {Key(a)} and {Key(b)} in {_input.Investigations[e.InvA].Key}";
        }
        if (e.Kind == VictimSuspect) return $"{Key(e.A)} victim of suspect {Key(e.B)} in {_input.Investigations[e.InvA].Key}";
        var (kind, value, people) = _identifierValues[e.Identifier];
        var text = $"{Token.Of(kind)} {value} {How(e.A, e.InvA)} and {How(e.B, e.InvB)}";
        if (people <= 2) return text;
        var weight = IdentifierWeight(kind, people).ToString(people > MaxPeoplePerIdentifier ? "0.####" : "0.##", CultureInfo.InvariantCulture);
        return people > MaxPeoplePerIdentifier
            ? $"{text} (shared {Token.Of(kind)}, recorded for {people} people: weighed {weight}, links nobody by itself)"
            : $"{text} (shared {Token.Of(kind)}, recorded for {people} people: weighed {weight})";
    }

    private string How(int person, int investigation) =>
        investigation < 0 ? $"recorded with {Key(person)}" : $"seen in {_input.Investigations[investigation].Key} (suspect {Key(person)})";

    private List<int>[] NominalsByNode()
    {
        var result = new List<int>[_nodeResolved.Count];
        for (var n = 0; n < result.Length; n++) result[n] = [];
        for (var p = 0; p < _resolved.Length; p++)
            if (_node.TryGetValue(_resolved[p], out var n)) result[n].Add(p);
        return result;
    }

    private Draft Describe(List<int> nodes, List<(int, int)> edges, List<int>[] nominalsOf, bool[] suspectNode)
    {
        var members = new List<FoundMember>();
        var victims = new HashSet<long>();
        foreach (var node in nodes)
        {
            foreach (var p in nominalsOf[node])
            {
                var (isSuspect, isVictim) = (false, false);
                var invs = new SortedSet<int>();
                for (var a = _personStart[p]; a < _personStart[p + 1]; a++)
                {
                    invs.Add(_personInv[a]);
                    isSuspect |= _personRoles[a] == InvolvementRole.Suspect;
                    isVictim |= _personRoles[a] == InvolvementRole.Victim;
                }
                if (isVictim) victims.Add(_resolved[p]);
                var role = isSuspect ? "suspect" : isVictim ? "victim" : "other";
                members.Add(new FoundMember(p, _resolved[p], role, [.. invs]));
            }
        }
        members.Sort((a, b) => DeterministicLinks.CompareKeys(_input.People[a.Person], _input.People[b.Person]));
        return new Draft(this, nodes, edges, members, nodes.Count(n => suspectNode[n]), victims.Count);
    }

    /// <summary>The network's missed groups, each with the length of its chain (people on the path from the suspect to the other suspect).</summary>
    private IEnumerable<(FoundMissedGroup Found, int Steps)> MissedGroups(Draft draft, FoundNetwork network, List<int>[] nominalsOf)
    {
        // Per suspect node: its child sexual offence investigations (as a suspect) and the nominal that was the suspect.
        var csoOf = new Dictionary<int, List<(int Investigation, int Nominal)>>();
        var suspectIn = new List<(int Investigation, int Nominal, int Node)>();
        foreach (var node in draft.Nodes)
            foreach (var p in nominalsOf[node])
                for (var a = _personStart[p]; a < _personStart[p + 1]; a++)
                {
                    if (_personRoles[a] != InvolvementRole.Suspect) continue;
                    var i = _personInv[a];
                    suspectIn.Add((i, p, node));
                    if (_isChildSexualOffence(i))
                    {
                        if (!csoOf.TryGetValue(node, out var list)) csoOf[node] = list = [];
                        list.Add((i, p));
                    }
                }
        // A group, not one co-offending pair: at least two other suspects of child sexual offence investigations, over three or more investigations.
        if (network.Investigations.Count < MinGroupInvestigations) yield break;
        var done = new HashSet<int>();
        foreach (var (investigation, nominal, node) in suspectIn.OrderBy(s => s.Investigation).ThenBy(s => _input.People[s.Nominal].Key, StringComparer.Ordinal))
        {
            if (done.Contains(investigation)) continue;
            var others = csoOf.Count(c => c.Key != node && c.Value.Any(x => x.Investigation != investigation));
            if (others < MinOtherSuspects) continue;
            var chain = ChainToOtherSuspect(draft, node, investigation, csoOf);
            if (chain is null) continue;
            done.Add(investigation);
            yield return (new FoundMissedGroup(investigation, network.Label, Explain(draft, network, investigation, nominal, chain.Value.Path, chain.Value.Target)),
                chain.Value.Path.Count);
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
                    var path = new List<int>();
                    for (var v = u; v != -1; v = previous[v]) path.Add(v);
                    path.Reverse();
                    return (path, others[0]);
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
            var evidence = draft.Edge(path[k], path[k + 1]).First;
            var (here, there) = NodeOf(evidence.A) == path[k] ? (evidence.A, evidence.B) : (evidence.B, evidence.A);
            if (here != current) steps.Add(Identity(current, here));
            steps.Add(Describe(evidence));
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

    /// <summary>
    /// One piece of evidence between nominals <see cref="A"/> and <see cref="B"/>: co-suspects or victim and suspect
    /// in investigation <see cref="InvA"/>, or an identifier (index <see cref="Identifier"/>) recorded with each
    /// (investigation -1) or seen in an investigation they are suspects in.
    /// </summary>
    private readonly record struct Evidence(int Kind, int A, int B, int InvA, int InvB, int Identifier);

    private sealed class EdgeAcc(Evidence first)
    {
        private List<Evidence>? _more;
        public Evidence First { get; } = first;
        public double Weight { get; set; }
        public int Kinds { get; set; }

        public void Add(Evidence evidence)
        {
            if (evidence == First || (_more?.Count ?? 0) >= MaxEvidencePerLink - 1 || (_more?.Contains(evidence) ?? false)) return;
            (_more ??= []).Add(evidence);
        }

        public IEnumerable<Evidence> All => _more is null ? [First] : _more.Prepend(First);

        public string KindList => string.Join(';', KindTokens.Where((_, i) => (Kinds & (1 << i)) != 0));
    }

    private sealed class Draft(NetworkBuilder owner, List<int> nodes, List<(int A, int B)> edges, List<FoundMember> members, int suspects, int victims)
    {
        private Dictionary<int, List<int>>? _adjacency;
        public List<int> Nodes => nodes;
        public int FirstNominal => members[0].Person;
        public List<FoundMember> Members => members;

        public EdgeAcc Edge(int a, int b) => owner._edges[a < b ? (a, b) : (b, a)];

        public List<int> Neighbours(int node)
        {
            if (_adjacency is null)
            {
                _adjacency = nodes.ToDictionary(n => n, _ => new List<int>());
                foreach (var (a, b) in edges)
                {
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
            var found = edges
                .Select(e =>
                {
                    var acc = owner._edges[e];
                    var (from, to) = (owner._nodeResolved[e.A], owner._nodeResolved[e.B]);
                    return new FoundLink(Math.Min(from, to), Math.Max(from, to), acc.KindList, acc.Weight, string.Join("; ", acc.All.Select(owner.Describe)));
                })
                .OrderBy(l => l.FromResolvedId).ThenBy(l => l.ToResolvedId)
                .ToList();
            return new FoundNetwork(label, members, found, suspects, victims, nodes.Count, forces, investigations);
        }
    }
}
