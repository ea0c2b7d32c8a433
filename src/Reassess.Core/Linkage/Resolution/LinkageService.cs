using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Reassess.Audit;
using Reassess.Linkage.Matching;
using Reassess.Linkage.Networks;
using Reassess.Records;
using Reassess.Storage;

namespace Reassess.Linkage.Resolution;

/// <summary>Options of <c>reassess link</c>.</summary>
/// <param name="Seed">Seed of the community detection (and anything else random), so runs repeat.</param>
/// <param name="Restart">Start a new run even when an interrupted one over the same data could be continued.</param>
/// <param name="Actor">Who runs it, for the audit trail.</param>
/// <param name="Incremental">
/// Link only the nominals new or changed since the last completed run, with that run's fitted model, carrying the rest
/// forward (<see cref="IncrementalLinkage"/>); refused with the reason when that cannot stand for a full link.
/// </param>
/// <param name="CommunityGraph">
/// Given the graph community detection runs on (node count, weighted edges between nodes 0..n-1: resolved people, no
/// record data) before it runs; for the benchmark that compares <see cref="Louvain"/> with a reference implementation.
/// </param>
public sealed record LinkOptions(int Seed = 1, bool Restart = false, string Actor = "system:link", Action<int, IReadOnlyList<WeightedEdge>>? CommunityGraph = null,
    bool Incremental = false);

/// <summary>What a run of <c>reassess link</c> did.</summary>
public sealed record LinkageSummary(long RunId, bool Resumed, LinkageStage ResumedAfter, long Nominals, long DeterministicLinks, long ProbabilisticMatches,
    long PendingMatches, long Comparisons, double ProbabilisticSeconds, long ResolvedPeople, long Networks, long MissedGroupInvestigations, double Seconds)
{
    public double ComparisonsPerSecond => ProbabilisticSeconds > 0 ? Comparisons / ProbabilisticSeconds : 0;

    public LinkageMode Mode { get; init; }

    /// <summary>For an incremental run: the completed run it carried forward, and the nominals new or changed since.</summary>
    public long? BaseRunId { get; init; }

    public long ChangedNominals { get; init; }
}

/// <summary>
/// <c>reassess link</c>: resolves nominals into people across investigations and forces, then finds offender networks.
/// Three stages (deterministic links, the probabilistic model, networks), each stored with its marker in one
/// transaction, so an interrupted run continues from the stage after the last one it finished.
/// </summary>
/// <remarks>Linkage combines data sets, so each completed run is recorded in the audit trail (DPA 2018 s.62) when one is given.</remarks>
public sealed class LinkageService(IPersonMatcher matcher, Func<LinkageInput, Func<int, bool>> childSexualOffenceRule, TimeProvider time, IAuditTrail? audit = null)
{
    internal static readonly string[] MatchColumns =
    [
        "id", "linkage_run_id", "left_person_id", "left_force", "left_person_ref", "right_person_id", "right_force", "right_person_ref",
        "weight", "probability", "contributions", "method", "status", "evidence",
    ];

    public async Task<LinkageSummary> RunAsync(DatabaseTarget target, LinkOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Incremental) return await new IncrementalLinkage(matcher, childSexualOffenceRule, time, audit).RunAsync(target, options, progress, cancellationToken);
        var clock = Stopwatch.StartNew();
        await using var connection = await ReassessDatabase.OpenConnectionAsync(target, cancellationToken);
        var fingerprint = await FingerprintAsync(connection, cancellationToken);

        await using var db = ReassessDatabase.CreateContext(target);
        var run = options.Restart ? null : await db.Set<LinkageRun>().OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        var resumed = run is { CompletedStage: not LinkageStage.Networks, Mode: LinkageMode.Full } && run.InputFingerprint == fingerprint && run.Seed == options.Seed;
        if (!resumed)
        {
            run = new LinkageRun
            {
                StartedAt = time.GetUtcNow(),
                InputFingerprint = fingerprint,
                Seed = options.Seed,
                CompletedStage = LinkageStage.None,
                Mode = LinkageMode.Full,
                BatchHigh = await BatchHighAsync(connection, cancellationToken),
            };
            db.Add(run);
            await db.SaveChangesAsync(cancellationToken);
        }
        else progress?.Report($"continuing linkage run {run!.Id} after its {Token.Of(run.CompletedStage)} stage");
        var resumedAfter = resumed ? run!.CompletedStage : LinkageStage.None;

        progress?.Report("reading people, involvements, identifiers and investigations");
        LinkageInput input;
        await using (var second = await ReassessDatabase.OpenConnectionAsync(target, cancellationToken))
            input = await LinkageInput.LoadAsync(connection, second, cancellationToken);
        progress?.Report($"read {input.People.Count:N0} nominals, {input.Involvements.Count:N0} involvements, {input.Identifiers.Count:N0} identifiers, {input.Investigations.Count:N0} investigations");
        var decisions = await DecisionsAsync(db, input, cancellationToken);

        // Stage 1: PNC and shared identifiers.
        List<ProposedLink> deterministic;
        if (run!.CompletedStage < LinkageStage.Deterministic)
        {
            deterministic = DeterministicWithReviewers(input, decisions);
            progress?.Report($"deterministic: {deterministic.Count:N0} links (PNC, shared identifiers, reviewers)");
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            await BulkRows.ExecuteAsync(connection, tx, "DELETE FROM person_matches", cancellationToken);
            await WriteMatchesAsync(connection, tx, run.Id, 1, input, deterministic, decisions, cancellationToken);
            await MarkAsync(connection, tx, run.Id, LinkageStage.Deterministic, cancellationToken,
                ("deterministic_links", deterministic.Count), ("nominals", input.People.Count));
            await tx.CommitAsync(cancellationToken);
            run.CompletedStage = LinkageStage.Deterministic;
        }
        else deterministic = await StoredLinksAsync(connection, input, "method <> 'probabilistic'", cancellationToken);

        // Stage 2: the probabilistic model, then resolved people.
        long[] resolved;
        List<ProposedLink> accepted;
        long probabilistic = 0, comparisons = 0;
        double modelSeconds = 0;
        if (run.CompletedStage < LinkageStage.Probabilistic)
        {
            var watch = Stopwatch.StartNew();
            var result = matcher.Match(input, [.. decisions.Select(d => d.Pair)], progress, cancellationToken);
            modelSeconds = watch.Elapsed.TotalSeconds;
            comparisons = result.Comparisons;
            var already = new HashSet<(int, int)>(deterministic.Select(l => (Math.Min(l.Left, l.Right), Math.Max(l.Left, l.Right))));
            // The cut and the clusters the matcher chose (the same as 'reassess dedupe'), else its fixed cut.
            var cut = result.MatchProbability ?? matcher.AutoThreshold;
            var clusters = result.Clusters;
            var scored = new List<ProposedLink>();
            foreach (var m in result.Matches)
            {
                if (m.Left == m.Right || !already.Add((Math.Min(m.Left, m.Right), Math.Max(m.Left, m.Right)))) continue;
                // The model may score a pair high on names alone; a contradicted pair is held for a reviewer, never linked
                // automatically; so is a pair across a cluster split where its members contradict one another.
                scored.Add(Proposed(input, m.Left, m.Right, m.Weight, m.Probability, m.Contributions, cut, clusters is not null && clusters[m.Left] != clusters[m.Right]));
            }
            probabilistic = scored.Count;
            progress?.Report(string.Create(CultureInfo.InvariantCulture,
                $"probabilistic: {comparisons:N0} comparisons in {modelSeconds:0.0} s ({(modelSeconds > 0 ? comparisons / modelSeconds : 0):N0}/s), {scored.Count:N0} matches kept, linked at probability ≥ {cut:0.###}"));

            accepted = Accepted(deterministic.Concat(scored), decisions);
            resolved = PersonClusters.Resolve(input.People, accepted.Select(l => (l.Left, l.Right)), decisions.Select(d => d.Pair));
            // Ids carry on from the previous run (read before it is overwritten below).
            resolved = StablePersonIds.Assign(input.People, resolved, await PreviousResolvedAsync(connection, cancellationToken));
            var people = resolved.Distinct().LongCount();
            progress?.Report($"resolved {input.People.Count:N0} nominals into {people:N0} people");

            var firstId = await ScalarAsync(connection, "SELECT COALESCE(MAX(id), 0) FROM person_matches", cancellationToken) + 1;
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            await BulkRows.ExecuteAsync(connection, tx, "DELETE FROM person_matches WHERE method = 'probabilistic'", cancellationToken);
            await WriteMatchesAsync(connection, tx, run.Id, firstId, input, scored, decisions, cancellationToken);
            await BulkRows.ExecuteAsync(connection, tx, "DELETE FROM resolved_people", cancellationToken);
            await BulkRows.WriteAsync(connection, tx, "resolved_people", ["person_id", "resolved_id"],
                input.People.Select((p, i) => new object?[] { p.Id, resolved[i] }), cancellationToken);
            // The fitted model is kept for incremental runs (null from a matcher that fits none: they refuse).
            await MarkAsync(connection, tx, run.Id, LinkageStage.Probabilistic, cancellationToken,
                ("comparisons", comparisons), ("probabilistic_seconds", modelSeconds), ("probabilistic_matches", probabilistic), ("resolved_people", people),
                ("model", result.Model is { } fitted ? (fitted with { MatchProbability = cut }).ToJson() : null));
            await tx.CommitAsync(cancellationToken);
            run.CompletedStage = LinkageStage.Probabilistic;
        }
        else
        {
            var stored = await StoredLinksAsync(connection, input, "status IN ('auto', 'confirmed')", cancellationToken);
            accepted = stored;
            resolved = await StoredResolvedAsync(connection, input, cancellationToken);
            comparisons = run.Comparisons;
            modelSeconds = run.ProbabilisticSeconds;
            probabilistic = run.ProbabilisticMatches;
        }

        // Stage 3: networks and missed groups.
        StageMemory.Release();
        // Labels carry on from the previous run's networks (read before they are overwritten below).
        var previousNetworks = await PreviousNetworksAsync(connection, cancellationToken);
        var highestIssued = await ScalarAsync(connection, "SELECT COALESCE(MAX(network_label_high), 0) FROM linkage_runs", cancellationToken);
        var lineage = new Dictionary<string, NetworkLabel>(StringComparer.Ordinal);
        var highest = highestIssued;
        var networks = new NetworkBuilder(input, resolved, accepted, childSexualOffenceRule(input)).Build(options.Seed, progress, label: members =>
        {
            var labels = NetworkLineage.Assign(members, previousNetworks, highestIssued, out highest);
            foreach (var l in labels) lineage[l.Label] = l;
            return [.. labels.Select(l => l.Label)];
        }, observeGraph: options.CommunityGraph);
        previousNetworks = [];
        await using (var tx = await connection.BeginTransactionAsync(cancellationToken))
        {
            foreach (var table in new[] { "missed_group_links", "network_links", "network_members", "offender_networks" })
                await BulkRows.ExecuteAsync(connection, tx, $"DELETE FROM {table}", cancellationToken);
            await WriteNetworksAsync(connection, tx, run.Id, input, networks, lineage, cancellationToken);
            await MarkAsync(connection, tx, run.Id, LinkageStage.Networks, cancellationToken,
                ("networks", networks.Networks.Count), ("missed_group_investigations", networks.MissedGroups.Count), ("network_label_high", highest),
                ("graph_weight", networks.GraphWeight));
            if (audit is not null)
            {
                await audit.RecordAsync(connection, tx, new AuditEvent(options.Actor, AuditCategory.Combination, "link", "linkage_run",
                    [run.Id.ToString(CultureInfo.InvariantCulture)]), cancellationToken);
            }
            await tx.CommitAsync(cancellationToken);
        }
        await db.Entry(run).ReloadAsync(cancellationToken);
        run.CompletedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);

        var pending = await ScalarAsync(connection, "SELECT COUNT(*) FROM person_matches WHERE status = 'pending'", cancellationToken);
        return new LinkageSummary(run.Id, resumed, resumedAfter, input.People.Count, run.DeterministicLinks, probabilistic, pending, comparisons, modelSeconds,
            resolved.Distinct().LongCount(), networks.Networks.Count, networks.MissedGroups.Count, clock.Elapsed.TotalSeconds)
        { Mode = LinkageMode.Full };
    }

    /// <summary>PNC and shared-identifier links, then a reviewer's link for each confirmation they do not already make.</summary>
    internal static List<ProposedLink> DeterministicWithReviewers(LinkageInput input, IReadOnlyList<(DecidedPair Pair, MatchDecision Decision)> decisions)
    {
        List<ProposedLink> deterministic = [.. DeterministicLinks.Find(input)];
        var reviewed = new HashSet<(int, int)>(deterministic.Select(l => (Math.Min(l.Left, l.Right), Math.Max(l.Left, l.Right))));
        foreach (var d in decisions.Where(d => d.Pair.SamePerson && !reviewed.Contains((Math.Min(d.Pair.Left, d.Pair.Right), Math.Max(d.Pair.Left, d.Pair.Right)))))
        {
            var decision = d.Decision;
            deterministic.Add(new ProposedLink(d.Pair.Left, d.Pair.Right, MatchMethod.Reviewer, 0, 1, "[]",
                $"confirmed by {decision.DecidedBy}" + (decision.Reason is { Length: > 0 } r ? $": {r}" : ""), true));
        }
        return deterministic;
    }

    /// <summary>A model's pair as <c>link</c> stores it: held for a reviewer when its records contradict each other or it
    /// would join people whose members contradict one another (<paramref name="split"/>), else linked at or above the cut.</summary>
    internal static ProposedLink Proposed(LinkageInput input, int a, int b, double weight, double probability, string contributions, double cut, bool split)
    {
        var (left, right) = DeterministicLinks.CompareKeys(input.People[a], input.People[b]) <= 0 ? (a, b) : (b, a);
        var contradicted = DeterministicLinks.Contradict(input.People[left], input.People[right]);
        var above = probability >= cut;
        var evidence = string.Create(CultureInfo.InvariantCulture, $"probability {probability:0.000}, weight {weight:0.0}")
            + (above && contradicted ? "; held for review: sex or date of birth disagree"
                : above && split ? "; held for review: the people it would join contradict one another" : "");
        return new ProposedLink(left, right, MatchMethod.Probabilistic, weight, probability, contributions, evidence, above && !contradicted && !split);
    }

    /// <summary>Links that resolve people: automatic or confirmed, never rejected; strongest first.</summary>
    internal static List<ProposedLink> Accepted(IEnumerable<ProposedLink> links, IReadOnlyList<(DecidedPair Pair, MatchDecision Decision)> decisions)
    {
        var decided = decisions.ToDictionary(d => (Math.Min(d.Pair.Left, d.Pair.Right), Math.Max(d.Pair.Left, d.Pair.Right)), d => d.Pair.SamePerson);
        return [.. links
            .Where(l => decided.TryGetValue((Math.Min(l.Left, l.Right), Math.Max(l.Left, l.Right)), out var same) ? same : l.Automatic)
            .OrderBy(l => l.Method switch { MatchMethod.Reviewer => 0, MatchMethod.Pnc => 1, MatchMethod.Identifier => 2, _ => 3 })
            .ThenByDescending(l => l.Probability)
            .ThenBy(l => l.Left).ThenBy(l => l.Right)];
    }

    internal static async Task<List<(DecidedPair Pair, MatchDecision Decision)>> DecisionsAsync(ReassessDbContext db, LinkageInput input, CancellationToken cancellationToken)
    {
        var byKey = new Dictionary<(string, string), int>();
        for (var i = 0; i < input.People.Count; i++) byKey[(input.People[i].Force, input.People[i].PersonRef)] = i;
        var result = new List<(DecidedPair, MatchDecision)>();
        // "Unsure" decides nothing: the pair stays as the model left it.
        foreach (var d in await db.Set<MatchDecision>().AsNoTracking().Where(d => !d.Unsure).OrderBy(d => d.Id).ToListAsync(cancellationToken))
        {
            // A decision about a nominal no longer stored waits, unused, for a re-import that brings it back.
            if (byKey.TryGetValue((d.LeftForce, d.LeftPersonRef), out var l) && byKey.TryGetValue((d.RightForce, d.RightPersonRef), out var r) && l != r)
                result.Add((new DecidedPair(l, r, d.SamePerson), d));
        }
        return result;
    }

    internal static async Task WriteMatchesAsync(DbConnection connection, DbTransaction tx, long runId, long firstId, LinkageInput input,
        IReadOnlyList<ProposedLink> links, IReadOnlyList<(DecidedPair Pair, MatchDecision Decision)> decisions, CancellationToken cancellationToken)
    {
        var decided = decisions.ToDictionary(d => (Math.Min(d.Pair.Left, d.Pair.Right), Math.Max(d.Pair.Left, d.Pair.Right)), d => d.Pair.SamePerson);
        var id = firstId;
        var rows = links.Select(l =>
        {
            var (a, b) = (input.People[l.Left], input.People[l.Right]);
            var status = decided.TryGetValue((Math.Min(l.Left, l.Right), Math.Max(l.Left, l.Right)), out var same)
                ? same ? MatchStatus.Confirmed : MatchStatus.Rejected
                : l.Automatic ? MatchStatus.Auto : MatchStatus.Pending;
            return new object?[]
            {
                id++, runId, a.Id, a.Force, a.PersonRef, b.Id, b.Force, b.PersonRef, l.Weight, l.Probability, l.Contributions,
                Token.Of(l.Method), Token.Of(status), l.Evidence,
            };
        });
        await BulkRows.WriteAsync(connection, tx, "person_matches", MatchColumns, rows, cancellationToken);
    }

    /// <summary>Networks, then their members and links, each table's rows made as they are written (a national run has
    /// hundreds of thousands of networks: their rows are never all held at once).</summary>
    internal static async Task WriteNetworksAsync(DbConnection connection, DbTransaction tx, long runId, LinkageInput input, NetworkResult result,
        Dictionary<string, NetworkLabel> lineage, CancellationToken cancellationToken, (long Network, long Member, long Link) after = default)
    {
        var networkId = new Dictionary<string, long>(result.Networks.Count, StringComparer.Ordinal);
        for (var n = 0; n < result.Networks.Count; n++) networkId[result.Networks[n].Label] = after.Network + n + 1L;
        await BulkRows.WriteAsync(connection, tx, "offender_networks",
            ["id", "label", "linkage_run_id", "suspects", "victims", "people", "nominals", "forces", "investigations",
                "change", "members_added", "members_removed", "merged_from", "split_from", "split_into"],
            result.Networks.Select((network, n) =>
            {
                var change = lineage[network.Label];
                return new object?[]
                {
                    after.Network + n + 1L, network.Label, runId, network.Suspects, network.Victims, network.People, network.Members.Count,
                    string.Join(';', network.Forces), string.Join(';', network.Investigations.Select(i => input.Investigations[i].Key)),
                    Token.Of(change.Change), change.MembersAdded, change.MembersRemoved, change.MergedFrom, change.SplitFrom, change.SplitInto,
                };
            }), cancellationToken);
        await BulkRows.WriteAsync(connection, tx, "network_members",
            ["id", "network_id", "person_id", "resolved_id", "force", "person_ref", "role", "investigation_refs"], MemberRows(input, result, after), cancellationToken);
        await BulkRows.WriteAsync(connection, tx, "network_links",
            ["id", "network_id", "from_resolved_id", "to_resolved_id", "kinds", "weight", "evidence"], LinkRows(result, after), cancellationToken);
        await BulkRows.WriteAsync(connection, tx, "missed_group_links", ["investigation_id", "network_id", "evidence"],
            result.MissedGroups.Select(m => new object?[] { input.Investigations[m.Investigation].Id, networkId[m.NetworkLabel], m.Evidence }), cancellationToken);
    }

    private static IEnumerable<object?[]> MemberRows(LinkageInput input, NetworkResult result, (long Network, long Member, long Link) after)
    {
        var memberId = after.Member + 1;
        for (var n = 0; n < result.Networks.Count; n++)
        {
            foreach (var m in result.Networks[n].Members)
            {
                var p = input.People[m.Person];
                yield return [memberId++, after.Network + n + 1L, p.Id, m.ResolvedId, p.Force, p.PersonRef, m.Role,
                    string.Join(';', m.Investigations.Select(i => input.Investigations[i].InvestigationRef).Order(StringComparer.Ordinal))];
            }
        }
    }

    private static IEnumerable<object?[]> LinkRows(NetworkResult result, (long Network, long Member, long Link) after)
    {
        var linkId = after.Link + 1;
        for (var n = 0; n < result.Networks.Count; n++)
            foreach (var l in result.Networks[n].Links)
                yield return [linkId++, after.Network + n + 1L, l.FromResolvedId, l.ToResolvedId, l.Kinds, l.Weight, l.Evidence];
    }

    internal static async Task MarkAsync(DbConnection connection, DbTransaction tx, long runId, LinkageStage stage, CancellationToken cancellationToken,
        params (string Column, object? Value)[] counts)
    {
        var sets = string.Join("", counts.Select((c, i) => $", {c.Column} = @v{i}"));
        var parameters = counts.Select((c, i) => ("@v" + i, c.Value)).Append(("@stage", Token.Of(stage))).Append(("@id", runId)).ToArray();
        await BulkRows.ExecuteAsync(connection, tx, $"UPDATE linkage_runs SET completed_stage = @stage{sets} WHERE id = @id", cancellationToken, parameters);
    }

    private static async Task<List<ProposedLink>> StoredLinksAsync(DbConnection connection, LinkageInput input, string where, CancellationToken cancellationToken)
    {
        var links = new List<ProposedLink>();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT left_person_id, right_person_id, method, weight, probability, contributions, evidence, status FROM person_matches WHERE {where} ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!input.PersonIndex.TryGetValue(reader.GetInt64(0), out var l) || !input.PersonIndex.TryGetValue(reader.GetInt64(1), out var r)) continue;
            var status = Token.Parse<MatchStatus>(reader.GetString(7));
            links.Add(new ProposedLink(l, r, Token.Parse<MatchMethod>(reader.GetString(2)), reader.GetDouble(3), reader.GetDouble(4), reader.GetString(5), reader.GetString(6),
                status is MatchStatus.Auto or MatchStatus.Confirmed));
        }
        return links;
    }

    /// <summary>The previous run's resolved id of each nominal linked to another.</summary>
    internal static async Task<Dictionary<long, long>> PreviousResolvedAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var previous = new Dictionary<long, long>();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT person_id, resolved_id FROM resolved_people WHERE person_id <> resolved_id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) previous[reader.GetInt64(0)] = reader.GetInt64(1);
        return previous;
    }

    /// <summary>The previous run's networks and their nominals.</summary>
    private static async Task<List<PreviousNetwork>> PreviousNetworksAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var members = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT n.label, m.person_id FROM network_members m JOIN offender_networks n ON n.id = m.network_id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var label = reader.GetString(0);
            if (!members.TryGetValue(label, out var list)) members[label] = list = [];
            list.Add(reader.GetInt64(1));
        }
        return [.. members.OrderBy(m => m.Key, Comparer<string>.Create(NetworkLineage.CompareLabels)).Select(m => new PreviousNetwork(m.Key, m.Value.Distinct().ToList()))];
    }

    private static async Task<long[]> StoredResolvedAsync(DbConnection connection, LinkageInput input, CancellationToken cancellationToken)
    {
        var resolved = input.People.Select(p => p.Id).ToArray();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT person_id, resolved_id FROM resolved_people";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            if (input.PersonIndex.TryGetValue(reader.GetInt64(0), out var i)) resolved[i] = reader.GetInt64(1);
        return resolved;
    }

    /// <summary>Row counts and last import batch of each source table, and the decisions: a run continues only over the same data.</summary>
    internal static async Task<string> FingerprintAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var parts = new List<string>();
        foreach (var table in new[] { "people", "involvements", "identifiers", "investigations" })
        {
            parts.Add((await ScalarAsync(connection, $"SELECT COUNT(*) FROM {table}", cancellationToken)).ToString(CultureInfo.InvariantCulture));
            parts.Add((await ScalarAsync(connection, $"SELECT COALESCE(MAX(last_batch_id), 0) FROM {table}", cancellationToken)).ToString(CultureInfo.InvariantCulture));
        }
        parts.Add((await ScalarAsync(connection, "SELECT COUNT(*) FROM match_decisions", cancellationToken)).ToString(CultureInfo.InvariantCulture));
        parts.Add((await ScalarAsync(connection, "SELECT COALESCE(MAX(id), 0) FROM match_decisions", cancellationToken)).ToString(CultureInfo.InvariantCulture));
        return string.Join('/', parts);
    }

    /// <summary>The highest import batch any record was added or changed in.</summary>
    internal static async Task<long> BatchHighAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        long high = 0;
        foreach (var table in new[] { "people", "involvements", "identifiers", "investigations" })
            high = Math.Max(high, await ScalarAsync(connection, $"SELECT COALESCE(MAX(last_batch_id), 0) FROM {table}", cancellationToken));
        return high;
    }

    internal static async Task<long> ScalarAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}
