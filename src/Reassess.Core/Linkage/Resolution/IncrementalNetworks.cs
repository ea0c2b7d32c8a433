using System.Data.Common;
using System.Globalization;
using Reassess.Linkage.Networks;
using Reassess.Records;

namespace Reassess.Linkage.Resolution;

/// <summary>What an incremental link found again in the affected part of the network graph.</summary>
/// <param name="Part">The affected part's nominals, with their involvements, investigations and identifiers.</param>
/// <param name="Result">Its networks and missed groups.</param>
/// <param name="Lineage">Each network's label and change against the networks it replaces.</param>
/// <param name="Replaced">The stored networks (ids) of that part, replaced by <paramref name="Result"/>'s.</param>
/// <param name="Highest">The highest network number issued.</param>
/// <param name="Closure">How many nominals the part holds.</param>
/// <param name="After">The highest stored network, member and link ids: the part's new rows are numbered after them.</param>
/// <param name="Networks">How many networks were stored before.</param>
/// <param name="MissedGroups">How many missed-group findings were stored before.</param>
internal sealed record NetworkUpdate(LinkageInput Part, NetworkResult Result, Dictionary<string, NetworkLabel> Lineage, List<long> Replaced, long Highest, int Closure,
    (long Network, long Member, long Link) After, long Networks, long MissedGroups);

/// <summary>
/// Offender networks for an incremental link: only the connected parts of the graph the affected people are in are
/// built again. The part is found from the affected nominals by following what makes a link in
/// <see cref="NetworkBuilder"/> (a person's other nominals; suspects and victims of an investigation with a suspect; an
/// identifier recorded for two to <see cref="NetworkBuilder.MaxPeoplePerIdentifier"/> people) and the members of every
/// network already stored there, so it holds whole components and whole previous networks. Hubs link nobody by
/// themselves, so they do not join parts; their counts over all the data are given to the builder, so they weigh as in
/// a full run. Community detection on the part scales its resolution by the part's share of the whole graph's weight
/// (the last full run's), which is the full graph's modularity restricted to it.
/// </summary>
internal static class IncrementalNetworks
{
    public static async Task<List<long>> IdsAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        var ids = new List<long>();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            if (!await reader.IsDBNullAsync(0, cancellationToken)) ids.Add(reader.GetInt64(0));
        return ids;
    }

    /// <summary>Nominals of investigations added or changed since batch <paramref name="batch"/> (a changed offence code can make or unmake a missed group).</summary>
    public static Task<List<long>> ChangedInvestigationMembersAsync(DbConnection connection, long batch, CancellationToken cancellationToken) =>
        IdsAsync(connection, "SELECT v.person_id FROM investigations i JOIN involvements v ON v.investigation_id = i.id WHERE i.last_batch_id > "
            + batch.ToString(CultureInfo.InvariantCulture), cancellationToken);

    public static async Task<NetworkUpdate> ComputeAsync(DbConnection connection, LinkageInput input, long[] person, HashSet<int> seeds, List<ProposedLink> accepted,
        Func<LinkageInput, Func<int, bool>> childSexualOffenceRule, int seed, double graphWeight, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        // The stored networks and their nominals.
        var stored = new Dictionary<long, (string Label, List<long> Members)>();
        var networkOf = new Dictionary<int, long>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT n.id, n.label, m.person_id FROM network_members m JOIN offender_networks n ON n.id = m.network_id";
            command.CommandTimeout = 0;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetInt64(0);
                if (!stored.TryGetValue(id, out var network)) stored[id] = network = (reader.GetString(1), []);
                network.Members.Add(reader.GetInt64(2));
                if (input.PersonIndex.TryGetValue(reader.GetInt64(2), out var p)) networkOf[p] = id;
            }
        }
        var after = (await LinkageService.ScalarAsync(connection, "SELECT COALESCE(MAX(id), 0) FROM offender_networks", cancellationToken),
            await LinkageService.ScalarAsync(connection, "SELECT COALESCE(MAX(id), 0) FROM network_members", cancellationToken),
            await LinkageService.ScalarAsync(connection, "SELECT COALESCE(MAX(id), 0) FROM network_links", cancellationToken));
        var missedCount = await LinkageService.ScalarAsync(connection, "SELECT COUNT(*) FROM missed_group_links", cancellationToken);
        var highestIssued = await LinkageService.ScalarAsync(connection, "SELECT COALESCE(MAX(network_label_high), 0) FROM linkage_runs", cancellationToken);

        var graph = new GraphIndex(input, person);
        var closure = graph.Closure(seeds, networkOf, stored.ToDictionary(s => s.Key, s => s.Value.Members));
        var part = graph.Part(closure, out var holders);
        var partResolved = closure.Select(p => person[p]).ToArray();
        var position = new Dictionary<int, int>(closure.Count);
        for (var k = 0; k < closure.Count; k++) position[closure[k]] = k;
        var partLinks = accepted.Where(l => position.ContainsKey(l.Left) && position.ContainsKey(l.Right))
            .Select(l => l with { Left = position[l.Left], Right = position[l.Right] }).ToList();
        var replaced = closure.Where(networkOf.ContainsKey).Select(p => networkOf[p]).Distinct().Order().ToList();
        var previous = replaced.Select(id => new PreviousNetwork(stored[id].Label, stored[id].Members.Distinct().ToList()))
            .OrderBy(n => n.Label, Comparer<string>.Create(NetworkLineage.CompareLabels)).ToList();
        progress?.Report($"networks: {closure.Count:N0} nominals in the affected part of the graph, {replaced.Count:N0} stored networks there");

        var lineage = new Dictionary<string, NetworkLabel>(StringComparer.Ordinal);
        var highest = highestIssued;
        var result = new NetworkBuilder(part, partResolved, partLinks, childSexualOffenceRule(part)) { HolderCounts = holders }.Build(seed, progress, label: members =>
        {
            var labels = NetworkLineage.Assign(members, previous, highestIssued, out highest);
            foreach (var l in labels) lineage[l.Label] = l;
            return [.. labels.Select(l => l.Label)];
        }, graphWeight: graphWeight);
        return new NetworkUpdate(part, result, lineage, replaced, highest, closure.Count, after, stored.Count, missedCount);
    }

    /// <summary>Replaces the part's stored networks and missed groups; the others are marked unchanged. Returns the counts in all.</summary>
    public static async Task<(long Networks, long MissedGroups)> WriteAsync(DbConnection connection, DbTransaction tx, long runId, NetworkUpdate update, CancellationToken cancellationToken)
    {
        var missedGone = await IncrementalLinkage.DeleteInAsync(connection, tx, "missed_group_links", "network_id", update.Replaced, cancellationToken);
        missedGone += await IncrementalLinkage.DeleteInAsync(connection, tx, "missed_group_links", "investigation_id",
            [.. update.Result.MissedGroups.Select(m => update.Part.Investigations[m.Investigation].Id)], cancellationToken);
        await IncrementalLinkage.DeleteInAsync(connection, tx, "network_links", "network_id", update.Replaced, cancellationToken);
        await IncrementalLinkage.DeleteInAsync(connection, tx, "network_members", "network_id", update.Replaced, cancellationToken);
        await IncrementalLinkage.DeleteInAsync(connection, tx, "offender_networks", "id", update.Replaced, cancellationToken);
        // Networks outside the part are the same as in the run carried forward.
        await BulkRows.ExecuteAsync(connection, tx,
            "UPDATE offender_networks SET linkage_run_id = @r, change = @c, members_added = 0, members_removed = 0, merged_from = '', split_from = '', split_into = ''",
            cancellationToken, ("@r", runId), ("@c", Token.Of(NetworkChange.Unchanged)));
        await LinkageService.WriteNetworksAsync(connection, tx, runId, update.Part, update.Result, update.Lineage, cancellationToken, update.After);
        return (update.Networks - update.Replaced.Count + update.Result.Networks.Count, update.MissedGroups - missedGone + update.Result.MissedGroups.Count);
    }

    /// <summary>The graph's adjacency as <see cref="NetworkBuilder"/> makes links, over nominals (positions in <see cref="LinkageInput.People"/>).</summary>
    private sealed class GraphIndex
    {
        private const int MaxPeoplePerInvestigation = NetworkBuilder.MaxPeoplePerInvestigation;
        private readonly LinkageInput _input;
        private readonly long[] _person;
        private readonly int[] _invStart, _invRow, _personStart, _personRow;
        private readonly int[] _valueOf, _valueStart, _valueRow;
        private readonly List<int>?[] _personIdentifiers;
        private readonly Dictionary<int, List<int>> _invIdentifiers = [];
        private readonly Dictionary<long, List<int>> _nominalsOf = [];
        private readonly Dictionary<int, (int Count, List<int> Nominals)> _holders = [];
        private readonly (int Inv, int Person)[] _rows;

        public GraphIndex(LinkageInput input, long[] person)
        {
            _input = input;
            _person = person;
            var rows = new List<(int Inv, int Person)>(input.Involvements.Count);
            var rowOf = new List<int>(input.Involvements.Count);
            for (var r = 0; r < input.Involvements.Count; r++)
            {
                var inv = input.Involvements[r];
                if (!input.InvestigationIndex.TryGetValue(inv.InvestigationId, out var i) || !input.PersonIndex.TryGetValue(inv.PersonId, out var p)) continue;
                rows.Add((i, p));
                rowOf.Add(r);
            }
            _rows = [.. rows];
            (_invStart, _invRow) = Compress(input.Investigations.Count, rows.Count, k => rows[k].Inv);
            (_personStart, _personRow) = Compress(input.People.Count, rows.Count, k => rows[k].Person);
            // _invRow and _personRow hold positions in _rows; the involvement itself is input.Involvements[rowOf[k]].
            _roles = [.. rowOf.Select(r => input.Involvements[r].Role)];

            var values = new Dictionary<(IdentifierKind, string), int>();
            _valueOf = new int[input.Identifiers.Count];
            _personIdentifiers = new List<int>?[input.People.Count];
            for (var r = 0; r < input.Identifiers.Count; r++)
            {
                var id = input.Identifiers[r];
                if (!values.TryGetValue((id.Kind, id.Value), out var v)) values[(id.Kind, id.Value)] = v = values.Count;
                _valueOf[r] = v;
                if (id.PersonId is { } pid && input.PersonIndex.TryGetValue(pid, out var p)) (_personIdentifiers[p] ??= []).Add(r);
                if (id.InvestigationId is { } iid && input.InvestigationIndex.TryGetValue(iid, out var i))
                {
                    if (!_invIdentifiers.TryGetValue(i, out var list)) _invIdentifiers[i] = list = [];
                    list.Add(r);
                }
            }
            (_valueStart, _valueRow) = Compress(values.Count, _valueOf.Length, r => _valueOf[r]);
            _values = new (IdentifierKind, string)[values.Count];
            foreach (var (key, v) in values) _values[v] = key;
            var counts = new Dictionary<long, int>();
            foreach (var p in person) counts[p] = counts.GetValueOrDefault(p) + 1;
            for (var p = 0; p < person.Length; p++)
            {
                if (counts[person[p]] < 2) continue;
                if (!_nominalsOf.TryGetValue(person[p], out var list)) _nominalsOf[person[p]] = list = [];
                list.Add(p);
            }
        }

        private readonly InvolvementRole[] _roles;
        private readonly (IdentifierKind Kind, string Value)[] _values;

        /// <summary>Counting sort of items 0..count-1 by key: start offsets and the items in key order (stable).</summary>
        private static (int[] Start, int[] Items) Compress(int keys, int count, Func<int, int> key)
        {
            var start = new int[keys + 1];
            for (var k = 0; k < count; k++) start[key(k) + 1]++;
            for (var i = 0; i < keys; i++) start[i + 1] += start[i];
            var fill = (int[])start.Clone();
            var items = new int[count];
            for (var k = 0; k < count; k++) items[fill[key(k)]++] = k;
            return (start, items);
        }

        /// <summary>An investigation's first suspects, one nominal per person, as the builder pairs them.</summary>
        private List<int> Suspects(int investigation)
        {
            var seen = new HashSet<long>();
            var result = new List<int>();
            for (var a = _invStart[investigation]; a < _invStart[investigation + 1] && result.Count < MaxPeoplePerInvestigation; a++)
            {
                var k = _invRow[a];
                if (_roles[k] == InvolvementRole.Suspect && seen.Add(_person[_rows[k].Person])) result.Add(_rows[k].Person);
            }
            return result;
        }

        /// <summary>How many people an identifier value is recorded for (or seen with as suspects), and their nominals, as the builder counts them.</summary>
        private (int Count, List<int> Nominals) Holders(int value)
        {
            if (_holders.TryGetValue(value, out var known)) return known;
            var people = new HashSet<long>();
            var nominals = new List<int>();
            for (var a = _valueStart[value]; a < _valueStart[value + 1]; a++)
            {
                var id = _input.Identifiers[_valueRow[a]];
                if (id.PersonId is { } pid && _input.PersonIndex.TryGetValue(pid, out var p))
                {
                    people.Add(_person[p]);
                    nominals.Add(p);
                }
                if (id.InvestigationId is { } iid && _input.InvestigationIndex.TryGetValue(iid, out var i))
                {
                    foreach (var s in Suspects(i))
                    {
                        people.Add(_person[s]);
                        nominals.Add(s);
                    }
                }
            }
            return _holders[value] = (people.Count, nominals);
        }

        /// <summary>Every nominal connected to a seed, in position order.</summary>
        public List<int> Closure(HashSet<int> seeds, Dictionary<int, long> networkOf, Dictionary<long, List<long>> networks)
        {
            var inClosure = new bool[_person.Length];
            var investigations = new HashSet<int>();
            var values = new HashSet<int>();
            var people = new HashSet<long>();
            var visitedNetworks = new HashSet<long>();
            var queue = new Queue<int>();
            void Enqueue(int p)
            {
                if (inClosure[p]) return;
                inClosure[p] = true;
                queue.Enqueue(p);
            }
            void Value(int v)
            {
                if (!values.Add(v)) return;
                var (count, nominals) = Holders(v);
                if (count is >= 2 and <= NetworkBuilder.MaxPeoplePerIdentifier) nominals.ForEach(Enqueue);
            }
            foreach (var s in seeds) Enqueue(s);
            while (queue.Count > 0)
            {
                var p = queue.Dequeue();
                if (people.Add(_person[p]) && _nominalsOf.TryGetValue(_person[p], out var same)) same.ForEach(Enqueue);
                for (var a = _personStart[p]; a < _personStart[p + 1]; a++)
                {
                    var k = _personRow[a];
                    var i = _rows[k].Inv;
                    if (_roles[k] is not (InvolvementRole.Suspect or InvolvementRole.Victim) || !investigations.Add(i)) continue;
                    var members = new List<int>();
                    var suspect = false;
                    for (var b = _invStart[i]; b < _invStart[i + 1]; b++)
                    {
                        var m = _invRow[b];
                        suspect |= _roles[m] == InvolvementRole.Suspect;
                        if (_roles[m] is InvolvementRole.Suspect or InvolvementRole.Victim) members.Add(_rows[m].Person);
                    }
                    if (!suspect) continue;
                    members.ForEach(Enqueue);
                    if (_invIdentifiers.TryGetValue(i, out var seen)) seen.ForEach(r => Value(_valueOf[r]));
                }
                _personIdentifiers[p]?.ForEach(r => Value(_valueOf[r]));
                if (networkOf.TryGetValue(p, out var network) && visitedNetworks.Add(network))
                    foreach (var id in networks[network])
                        if (_input.PersonIndex.TryGetValue(id, out var q)) Enqueue(q);
            }
            var closure = new List<int>();
            for (var p = 0; p < inClosure.Length; p++)
                if (inClosure[p]) closure.Add(p);
            return closure;
        }

        /// <summary>The data of <paramref name="closure"/>'s nominals: theirs and their investigations' rows, in stored order.</summary>
        public LinkageInput Part(List<int> closure, out Dictionary<(IdentifierKind, string), int> holders)
        {
            var people = closure.Select(p => _input.People[p]).ToList();
            var involvementRows = new List<int>();
            var investigations = new SortedSet<int>();
            foreach (var p in closure)
                for (var a = _personStart[p]; a < _personStart[p + 1]; a++)
                {
                    involvementRows.Add(_personRow[a]);
                    investigations.Add(_rows[_personRow[a]].Inv);
                }
            involvementRows.Sort();
            var identifierRows = new SortedSet<int>();
            foreach (var p in closure) _personIdentifiers[p]?.ForEach(r => identifierRows.Add(r));
            foreach (var i in investigations)
                if (_invIdentifiers.TryGetValue(i, out var rows)) identifierRows.UnionWith(rows);
            holders = [];
            foreach (var r in identifierRows) holders[_values[_valueOf[r]]] = Holders(_valueOf[r]).Count;
            return new LinkageInput
            {
                People = people,
                Involvements = [.. involvementRows.Select(k => new InvolvementRow(_input.People[_rows[k].Person].Id, _input.Investigations[_rows[k].Inv].Id, _roles[k]))],
                Identifiers = [.. identifierRows.Select(r => _input.Identifiers[r])],
                Investigations = [.. investigations.Select(i => _input.Investigations[i])],
            };
        }
    }
}
