using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Reassess.Linkage.Networks;
using Reassess.Linkage.Resolution;
using Reassess.Records;
using Reassess.Screening;
using Reassess.Storage;

namespace Reassess.Cases;

/// <summary>
/// Another investigation linked to the one on screen, and through what. For a force the user may not see, only the force
/// is shown: <see cref="InvestigationRef"/> and <see cref="CandidateId"/> are null.
/// </summary>
public sealed record LinkedInvestigation(long InvestigationId, string Force, string? InvestigationRef, long? CandidateId, IReadOnlyList<string> Through)
{
    public bool Visible => InvestigationRef is not null;
}

/// <summary>An offender network (from <c>reassess link</c>) that one of the case's people belongs to.</summary>
public sealed record CaseNetworkSummary(string Label, int Suspects, int Victims, int People, IReadOnlyList<string> Forces)
{
    public bool CrossForce => Forces.Count > 1;
}

/// <summary>What the case page shows of the case's links: the list, the networks and the chart's elements (JSON).</summary>
public sealed record CaseLinks(IReadOnlyList<LinkedInvestigation> Linked, IReadOnlyList<CaseNetworkSummary> Networks, string ChartJson, bool Truncated);

/// <summary>
/// The links of one investigation, from the linkage tables: nominals that <c>reassess link</c> resolved to the same person
/// (<see cref="ResolvedPerson"/>, across forces), the offender networks its people belong to (<see cref="NetworkMember"/>,
/// <see cref="NetworkLink"/>), and the phones, vehicles, emails, addresses and user names recorded with it that another
/// investigation of the force shares. Anything of a force the user may not see appears without detail and without a link.
/// </summary>
public sealed class CaseNetworkQueries(ReassessDbContext db)
{
    /// <summary>Bounds on what one page reads, so a very large network cannot make the page slow.</summary>
    private const int MaxRows = 400;

    public async Task<CaseLinks> LinksAsync(Investigation investigation, IReadOnlyList<(Involvement Involvement, Person Person)> people,
        IReadOnlyList<Identifier> identifiers, Func<string, bool> maySee, CancellationToken cancellationToken = default)
    {
        // A dozen small queries: on one connection rather than one opened and closed for each.
        var opened = db.Database.GetDbConnection().State != System.Data.ConnectionState.Open;
        if (opened) await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await ReadLinksAsync(investigation, people, identifiers, maySee, cancellationToken);
        }
        finally
        {
            if (opened) await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<CaseLinks> ReadLinksAsync(Investigation investigation, IReadOnlyList<(Involvement Involvement, Person Person)> people,
        IReadOnlyList<Identifier> identifiers, Func<string, bool> maySee, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(investigation);
        ArgumentNullException.ThrowIfNull(people);
        ArgumentNullException.ThrowIfNull(identifiers);
        ArgumentNullException.ThrowIfNull(maySee);
        var truncated = false;
        // Plain locals in the queries: EF Core compiles any other captured expression (investigation.Id) on every execution.
        var investigationId = investigation.Id;
        var investigationForce = investigation.Force;
        var own = people.Select(p => p.Person.Id).Distinct().ToArray();

        // Who each of the case's nominals resolves to, and every other nominal resolved to the same person.
        var resolvedOf = (await Compiled.ResolvedOf(db, own).ToListAsync(cancellationToken)).ToDictionary(r => r.PersonId, r => r.ResolvedId);
        long Resolve(long personId) => resolvedOf.TryGetValue(personId, out var r) ? r : personId;
        var ownResolved = own.Select(Resolve).Distinct().ToArray();
        var sameNominals = await Compiled.SameNominals(db, ownResolved, own).ToListAsync(cancellationToken);
        truncated |= sameNominals.Count == MaxRows;
        foreach (var r in sameNominals) resolvedOf[r.PersonId] = r.ResolvedId;

        // Offender networks of the case's people, their members and the links that bind them.
        var networkIds = (await Compiled.NetworkIds(db, own).ToListAsync(cancellationToken)).ToArray();
        var networks = await Unless(networkIds.Length == 0, () => Compiled.Networks(db, networkIds).ToListAsync(cancellationToken).AsTask());
        var members = await Unless(networkIds.Length == 0, () => Compiled.Members(db, networkIds).ToListAsync(cancellationToken).AsTask());
        truncated |= members.Count == MaxRows;
        foreach (var m in members) resolvedOf[m.PersonId] = m.ResolvedId;
        var networkLinks = await Unless(networkIds.Length == 0, () => Compiled.Links(db, networkIds).ToListAsync(cancellationToken).AsTask());
        truncated |= networkLinks.Count == MaxRows;

        // The investigations of all those nominals (and of the case's own nominals elsewhere).
        var nominals = own.Concat(sameNominals.Select(r => r.PersonId)).Concat(members.Select(m => m.PersonId)).Distinct().ToArray();
        var involvements = await Compiled.Involvements(db, nominals, investigationId).ToListAsync(cancellationToken);
        truncated |= involvements.Count == MaxRows;

        // Other investigations of the force with one of this case's identifiers.
        // Kind and value both, so that the (kind, value) index answers it: by value alone SQLite scans every identifier.
        var kinds = identifiers.Select(x => x.Kind).Distinct().ToArray();
        var values = identifiers.Select(x => x.Value).Distinct().ToArray();
        var viaIdentifiers = (await Unless(identifiers.Count == 0, () => Compiled.ViaIdentifiers(db, kinds, values, investigationForce, investigationId).ToListAsync(cancellationToken).AsTask()))
            .Where(x => identifiers.Any(own => own.Kind == x.Kind && own.Value == x.Value)).ToList();

        var ids = involvements.Select(i => i.InvestigationId).Concat(viaIdentifiers.Select(x => x.InvestigationId)).Distinct().ToArray();
        var investigations = await Unless(ids.Length == 0, () => Compiled.Investigations(db, ids).ToListAsync(cancellationToken).AsTask());
        var candidates = (await Unless(ids.Length == 0, () => Compiled.Candidates(db, ids).ToListAsync(cancellationToken).AsTask()))
            .GroupBy(c => c.InvestigationId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.StillQualifies).ThenByDescending(c => c.Id).First().Id);

        // Names only of nominals in forces the user may see.
        var otherNominals = nominals.Except(own).ToArray();
        var names = people.ToDictionary(p => p.Person.Id, p => NameOf(p.Person));
        // (The force is checked here rather than in SQL: a second IN list there made SQLite scan every person.)
        foreach (var p in await Unless(otherNominals.Length == 0, () => Compiled.Names(db, otherNominals).ToListAsync(cancellationToken).AsTask()))
        {
            if (maySee(p.Force)) names[p.Id] = string.IsNullOrWhiteSpace(p.Forenames) ? p.Surname : $"{p.Forenames} {p.Surname}";
        }
        var forceOf = members.ToDictionary(m => m.PersonId, m => m.Force);
        foreach (var (_, p) in people) forceOf[p.Id] = p.Force;

        string PersonLabel(long resolvedId)
        {
            var nominal = resolvedOf.Where(kv => kv.Value == resolvedId).Select(kv => kv.Key).Append(resolvedId)
                .FirstOrDefault(names.ContainsKey, -1);
            if (nominal >= 0) return names[nominal];
            var force = resolvedOf.Where(kv => kv.Value == resolvedId).Select(kv => forceOf.GetValueOrDefault(kv.Key)).FirstOrDefault(f => f is not null);
            return force is null ? "a person" : $"a person ({force})";
        }

        // The list.
        var through = ids.ToDictionary(id => id, _ => new SortedSet<string>(StringComparer.Ordinal));
        var ownSet = own.ToHashSet();
        var networkOf = members.GroupBy(m => m.PersonId).ToDictionary(g => g.Key, g => g.Select(m => m.NetworkId).ToList());
        var labelOf = networks.ToDictionary(n => n.Id, n => n.Label);
        var ownNetworks = own.SelectMany(p => networkOf.GetValueOrDefault(p) ?? []).ToHashSet();
        foreach (var i in involvements)
        {
            if (ownSet.Contains(i.PersonId)) through[i.InvestigationId].Add($"the same person record: {names.GetValueOrDefault(i.PersonId, "a person")}");
            else if (ownResolved.Contains(Resolve(i.PersonId))) through[i.InvestigationId].Add($"the same person, found by linkage: {PersonLabel(Resolve(i.PersonId))}");
            foreach (var n in networkOf.GetValueOrDefault(i.PersonId) ?? [])
                if (ownNetworks.Contains(n)) through[i.InvestigationId].Add($"offender network {labelOf.GetValueOrDefault(n, "")}");
        }
        var rawOf = identifiers.GroupBy(x => (x.Kind, x.Value)).ToDictionary(g => g.Key, g => g.First().RawValue);
        foreach (var x in viaIdentifiers)
            through[x.InvestigationId].Add($"{Words(x.Kind)} {rawOf.GetValueOrDefault((x.Kind, x.Value), x.Value)}");

        var linked = investigations
            .Select(i => maySee(i.Force)
                ? new LinkedInvestigation(i.Id, i.Force, i.InvestigationRef, candidates.TryGetValue(i.Id, out var c) ? c : null, [.. through[i.Id]])
                : new LinkedInvestigation(i.Id, i.Force, null, null, [.. through[i.Id].Where(t => !t.StartsWith("the same person record", StringComparison.Ordinal))]))
            .OrderBy(l => l.Visible ? 0 : 1).ThenBy(l => l.Force, StringComparer.Ordinal).ThenBy(l => l.InvestigationRef, StringComparer.Ordinal).ThenBy(l => l.InvestigationId)
            .ToList();

        // The chart.
        var chart = new Chart();
        var current = $"i{investigation.Id}";
        chart.Node(current, investigation.InvestigationRef, "investigation", current: true);
        foreach (var (involvement, person) in people)
        {
            var node = $"r{Resolve(person.Id)}";
            chart.Node(node, names[person.Id], "person");
            chart.Edge(node, current, Words(involvement.Role));
        }
        foreach (var l in linked)
            chart.Node($"i{l.InvestigationId}", l.InvestigationRef ?? $"an investigation ({l.Force})", "investigation",
                href: l.CandidateId is { } cid ? $"/cases/{cid}" : null, other: !l.Visible);
        foreach (var i in involvements)
        {
            var node = $"r{Resolve(i.PersonId)}";
            chart.Node(node, PersonLabel(Resolve(i.PersonId)), "person", other: !names.ContainsKey(i.PersonId) && !ownResolved.Contains(Resolve(i.PersonId)));
            chart.Edge(node, $"i{i.InvestigationId}", Words(i.Role));
        }
        foreach (var m in members)
            chart.Node($"r{m.ResolvedId}", PersonLabel(m.ResolvedId), "person", other: !maySee(m.Force) && !ownResolved.Contains(m.ResolvedId));
        foreach (var l in networkLinks)
            chart.Edge($"r{l.FromResolvedId}", $"r{l.ToResolvedId}", l.Kinds.Replace(';', ',').Replace('_', ' '));
        foreach (var x in identifiers)
        {
            var node = $"x{Token.Of(x.Kind)}:{x.Value}";
            chart.Node(node, x.RawValue, Token.Of(x.Kind));
            if (x.PersonId is { } p && ownSet.Contains(p)) chart.Edge(node, $"r{Resolve(p)}");
            if (x.InvestigationId == investigation.Id) chart.Edge(node, current);
        }
        foreach (var x in viaIdentifiers) chart.Edge($"x{Token.Of(x.Kind)}:{x.Value}", $"i{x.InvestigationId}");

        var summaries = networks.OrderBy(n => n.Label, StringComparer.Ordinal)
            .Select(n => new CaseNetworkSummary(n.Label, n.Suspects, n.Victims, n.People, n.Forces.Split(';', StringSplitOptions.RemoveEmptyEntries)))
            .ToList();
        return new CaseLinks(linked, summaries, chart.ToJson(), truncated);
    }

    /// <summary>
    /// The links panel's queries, compiled once: a first view of a case runs a dozen of them, and EF Core working out again,
    /// from each expression, which cached query it is cost more than the index reads themselves (sampled: two thirds of
    /// the panel's time).
    /// </summary>
    private static class Compiled
    {
        public sealed record InvolvementRow(long InvestigationId, long PersonId, InvolvementRole Role);

        public sealed record IdentifierRow(long InvestigationId, IdentifierKind Kind, string Value);

        public sealed record InvestigationRow(long Id, string Force, string InvestigationRef);

        public sealed record CandidateRow(long InvestigationId, long Id, bool StillQualifies);

        public sealed record NameRow(long Id, string Force, string? Forenames, string Surname);

        public static readonly Func<ReassessDbContext, long[], IAsyncEnumerable<ResolvedPerson>> ResolvedOf =
            EF.CompileAsyncQuery<ReassessDbContext, long[], ResolvedPerson>((db, own) => db.Set<ResolvedPerson>().AsNoTracking().Where(r => own.Contains(r.PersonId)));

        public static readonly Func<ReassessDbContext, long[], long[], IAsyncEnumerable<ResolvedPerson>> SameNominals =
            EF.CompileAsyncQuery<ReassessDbContext, long[], long[], ResolvedPerson>((db, resolved, own) => db.Set<ResolvedPerson>().AsNoTracking()
                .Where(r => resolved.Contains(r.ResolvedId) && !own.Contains(r.PersonId)).Take(MaxRows));

        public static readonly Func<ReassessDbContext, long[], IAsyncEnumerable<long>> NetworkIds =
            EF.CompileAsyncQuery<ReassessDbContext, long[], long>((db, own) => db.Set<NetworkMember>().AsNoTracking().Where(m => own.Contains(m.PersonId))
                .Select(m => m.NetworkId).Distinct());

        public static readonly Func<ReassessDbContext, long[], IAsyncEnumerable<OffenderNetwork>> Networks =
            EF.CompileAsyncQuery<ReassessDbContext, long[], OffenderNetwork>((db, ids) => db.Set<OffenderNetwork>().AsNoTracking().Where(n => ids.Contains(n.Id)));

        public static readonly Func<ReassessDbContext, long[], IAsyncEnumerable<NetworkMember>> Members =
            EF.CompileAsyncQuery<ReassessDbContext, long[], NetworkMember>((db, ids) => db.Set<NetworkMember>().AsNoTracking().Where(m => ids.Contains(m.NetworkId))
                .OrderBy(m => m.Id).Take(MaxRows));

        public static readonly Func<ReassessDbContext, long[], IAsyncEnumerable<NetworkLink>> Links =
            EF.CompileAsyncQuery<ReassessDbContext, long[], NetworkLink>((db, ids) => db.Set<NetworkLink>().AsNoTracking().Where(l => ids.Contains(l.NetworkId))
                .OrderByDescending(l => l.Weight).Take(MaxRows));

        public static readonly Func<ReassessDbContext, long[], long, IAsyncEnumerable<InvolvementRow>> Involvements =
            EF.CompileAsyncQuery<ReassessDbContext, long[], long, InvolvementRow>((db, nominals, investigationId) => db.Involvements.AsNoTracking()
                .Where(i => nominals.Contains(i.PersonId) && i.InvestigationId != investigationId)
                .Select(i => new InvolvementRow(i.InvestigationId, i.PersonId, i.Role)).Take(MaxRows));

        public static readonly Func<ReassessDbContext, IdentifierKind[], string[], string, long, IAsyncEnumerable<IdentifierRow>> ViaIdentifiers =
            EF.CompileAsyncQuery<ReassessDbContext, IdentifierKind[], string[], string, long, IdentifierRow>((db, kinds, values, force, investigationId) => db.Identifiers.AsNoTracking()
                .Where(x => kinds.Contains(x.Kind) && values.Contains(x.Value) && x.Force == force && x.InvestigationId != null && x.InvestigationId != investigationId)
                .Select(x => new IdentifierRow(x.InvestigationId!.Value, x.Kind, x.Value)).Take(MaxRows));

        public static readonly Func<ReassessDbContext, long[], IAsyncEnumerable<InvestigationRow>> Investigations =
            EF.CompileAsyncQuery<ReassessDbContext, long[], InvestigationRow>((db, ids) => db.Investigations.AsNoTracking().Where(i => ids.Contains(i.Id))
                .Select(i => new InvestigationRow(i.Id, i.Force, i.InvestigationRef)));

        public static readonly Func<ReassessDbContext, long[], IAsyncEnumerable<CandidateRow>> Candidates =
            EF.CompileAsyncQuery<ReassessDbContext, long[], CandidateRow>((db, ids) => db.Set<Candidate>().AsNoTracking().Where(c => ids.Contains(c.InvestigationId))
                .Select(c => new CandidateRow(c.InvestigationId, c.Id, c.StillQualifies)));

        public static readonly Func<ReassessDbContext, long[], IAsyncEnumerable<NameRow>> Names =
            EF.CompileAsyncQuery<ReassessDbContext, long[], NameRow>((db, ids) => db.People.AsNoTracking().Where(p => ids.Contains(p.Id))
                .Select(p => new NameRow(p.Id, p.Force, p.Forenames, p.Surname)));
    }

    /// <summary>Runs <paramref name="query"/> unless its list of keys is empty (an <c>IN ()</c> finds nothing, but costs a query).</summary>
    private static Task<List<T>> Unless<T>(bool nothingToFind, Func<Task<List<T>>> query) => nothingToFind ? Task.FromResult(new List<T>()) : query();

    private static string NameOf(Person p) => string.IsNullOrWhiteSpace(p.Forenames) ? p.Surname : $"{p.Forenames} {p.Surname}";

    /// <summary>An enum value as a sentence says it: <c>suspect</c>, <c>vehicle</c>.</summary>
    private static string Words<TEnum>(TEnum value) where TEnum : struct, Enum => Token.Of(value).Replace('_', ' ');

    /// <summary>cytoscape.js elements; edges whose ends are not both nodes are dropped.</summary>
    private sealed class Chart
    {
        private readonly Dictionary<string, object> _nodes = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (string Source, string Target, string Label)> _edges = new(StringComparer.Ordinal);

        public void Node(string id, string label, string kind, bool current = false, string? href = null, bool other = false) =>
            _nodes.TryAdd(id, new { id, label, kind, current, href, other });

        public void Edge(string source, string target, string label = "")
        {
            if (source == target) return;
            var (a, b) = string.CompareOrdinal(source, target) < 0 ? (source, target) : (target, source);
            _edges.TryAdd($"{a}|{b}|{label}", (source, target, label));
        }

        public string ToJson() => JsonSerializer.Serialize(new
        {
            elements = new
            {
                nodes = _nodes.Values.Select(data => new { data }),
                edges = _edges.Where(e => _nodes.ContainsKey(e.Value.Source) && _nodes.ContainsKey(e.Value.Target))
                    .Select((e, n) => new { data = new { id = $"e{n}", source = e.Value.Source, target = e.Value.Target, label = e.Value.Label } }),
            },
        });
    }
}
