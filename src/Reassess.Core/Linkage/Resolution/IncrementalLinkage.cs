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

/// <summary>Why <c>reassess link --incremental</c> cannot stand for a full link here; the message says what to run instead.</summary>
public sealed class IncrementalLinkRefusedException(string message) : ReassessException(message);

/// <summary>
/// <c>reassess link --incremental</c>: links the nominals imported or changed since the last completed run against the
/// people that run resolved, without recomputing everything (docs/linkage.md, "Incremental linkage"). The last full
/// run's fitted model (m, u, λ, the cut, the context weights, the blocks left out) scores only the pairs with a new or
/// changed nominal in them; the people those pairs, the changed nominals and any changed deterministic link touch are
/// re-clustered together with the same rules as a full run (contradictions held, inconsistent clusters split,
/// reviewers' decisions applied, ids kept by <see cref="StablePersonIds"/>); networks are found again only in the
/// connected parts of the graph those people are in (<see cref="IncrementalNetworks"/>), labels carried on by
/// <see cref="NetworkLineage"/>. Everything is written in one transaction, recorded in the audit trail as a combination
/// of data sets, as a full run is.
/// </summary>
public sealed class IncrementalLinkage(IPersonMatcher matcher, Func<LinkageInput, Func<int, bool>> childSexualOffenceRule, TimeProvider time, IAuditTrail? audit = null)
{
    /// <summary>Above this share of nominals new or changed, a full link is asked for: the model should be fitted on them.</summary>
    public const double MaxChangedShare = 0.2;

    public async Task<LinkageSummary> RunAsync(DatabaseTarget target, LinkOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        await using var connection = await ReassessDatabase.OpenConnectionAsync(target, cancellationToken);
        await using var db = ReassessDatabase.CreateContext(target);

        // What the last completed run left, and whether carrying it forward can stand for a full link.
        var latest = await db.Set<LinkageRun>().AsNoTracking().OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        var last = await db.Set<LinkageRun>().AsNoTracking().Where(r => r.CompletedStage == LinkageStage.Networks).OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken)
            ?? throw Refused("no link run has completed yet: run a full 'reassess link' first");
        if (latest is { Mode: LinkageMode.Full } && latest.Id != last.Id)
            throw Refused($"linkage run {latest.Id} was interrupted after its {Token.Of(latest.CompletedStage)} stage: continue it with 'reassess link', or start afresh with 'reassess link --restart'");
        var model = FittedModel.FromJson(last.Model)
            ?? throw Refused($"linkage run {last.Id} kept no fitted model (it ran before incremental linkage existed, or with a matcher that fits none): run a full 'reassess link'");
        if (matcher is not EngineMatcher engine) throw Refused("this matcher fits no model to score new nominals with: run a full 'reassess link'");
        var erased = (await db.People.AsNoTracking().Where(p => p.ErasedAt != null).Select(p => p.ErasedAt).ToListAsync(cancellationToken)).Count(e => e > last.StartedAt);
        if (erased > 0)
            throw Refused($"{erased:N0} nominal(s) were erased since linkage run {last.Id}: the people and networks holding them must be resolved again, by a full 'reassess link'");
        var batchHigh = await LinkageService.BatchHighAsync(connection, cancellationToken);
        var decisionRows = await db.Set<MatchDecision>().AsNoTracking().ToListAsync(cancellationToken);
        var (lastDecisions, lastDecisionHigh) = DecisionsAt(last);
        if (decisionRows.Count(d => d.Id <= lastDecisionHigh) != lastDecisions)
            throw Refused($"a reviewer's decision was withdrawn since linkage run {last.Id}: run a full 'reassess link' to undo what it decided");
        var newDecisions = decisionRows.Where(d => d.Id > lastDecisionHigh || d.DecidedAt > last.StartedAt).ToList();
        if (batchHigh <= last.BatchHigh && newDecisions.Count == 0)
            throw Refused($"nothing was imported or decided since linkage run {last.Id} (import batch {last.BatchHigh}): its people and networks stand");

        // The model was fitted by the last full run: once a fifth of the nominals are new or changed since, fit it again.
        var fitted = await db.Set<LinkageRun>().AsNoTracking().Where(r => r.Mode == LinkageMode.Full && r.CompletedStage == LinkageStage.Networks && r.Id <= last.Id)
            .OrderByDescending(r => r.Id).FirstAsync(cancellationToken);
        var nominals = await LinkageService.ScalarAsync(connection, "SELECT COUNT(*) FROM people", cancellationToken);
        var since = await LinkageService.ScalarAsync(connection, "SELECT COUNT(*) FROM people WHERE last_batch_id > " + fitted.BatchHigh.ToString(CultureInfo.InvariantCulture), cancellationToken);
        if (since > MaxChangedShare * nominals)
            throw Refused($"{since:N0} of {nominals:N0} nominals are new or changed since linkage run {fitted.Id} fitted the model (over {MaxChangedShare * 100:0}%): a full 'reassess link' fits it on them");
        var started = time.GetUtcNow();
        var fingerprint = await LinkageService.FingerprintAsync(connection, cancellationToken);
        progress?.Report($"incremental link: carrying forward linkage run {last.Id} (import batches after {last.BatchHigh:N0})");

        progress?.Report("reading people, involvements, identifiers and investigations");
        LinkageInput input;
        await using (var second = await ReassessDatabase.OpenConnectionAsync(target, cancellationToken))
            input = await LinkageInput.LoadAsync(connection, second, cancellationToken);
        progress?.Report(string.Create(CultureInfo.InvariantCulture, $"read {input.People.Count:N0} nominals: {clock.Elapsed.TotalSeconds:0.0} s"));
        var changedIds = await ChangedNominalsAsync(connection, last.BatchHigh, cancellationToken);
        var changed = changedIds.Select(id => input.PersonIndex.TryGetValue(id, out var i) ? i : -1).Where(i => i >= 0).Order().ToList();
        var isChanged = new bool[input.People.Count];
        foreach (var c in changed) isChanged[c] = true;
        progress?.Report($"{changed.Count:N0} of {input.People.Count:N0} nominals new or changed since run {last.Id}");
        if (changed.Count > MaxChangedShare * input.People.Count)
            throw Refused($"{changed.Count:N0} of {input.People.Count:N0} nominals are new or changed since linkage run {last.Id} (over {MaxChangedShare * 100:0}%): a full 'reassess link' fits the model on them");
        var decisions = await LinkageService.DecisionsAsync(db, input, cancellationToken);
        var touchingOld = decisions.Count(d => newDecisions.Any(n => n.Id == d.Decision.Id) && (!isChanged[d.Pair.Left] || !isChanged[d.Pair.Right]));
        if (touchingOld > 0)
            throw Refused($"reviewers decided {touchingOld:N0} pair(s) since linkage run {last.Id} about nominals it resolved: run a full 'reassess link' to apply them to every person they touch");

        var previous = await LinkageService.PreviousResolvedAsync(connection, cancellationToken);
        var person = new long[input.People.Count];
        for (var i = 0; i < person.Length; i++) person[i] = previous.GetValueOrDefault(input.People[i].Id, input.People[i].Id);
        var stored = await StoredMatch.ReadAsync(connection, input, cancellationToken);

        // Deterministic links: recomputed (dictionaries over every nominal, no model); any link gained, lost or changed
        // seeds the affected people with both its nominals.
        var deterministic = LinkageService.DeterministicWithReviewers(input, decisions);
        var seeds = new HashSet<int>(changed);
        var statusOf = Statuses(decisions);
        var storedDeterministic = stored.Where(m => m.Method != MatchMethod.Probabilistic).GroupBy(m => Key(m.Left, m.Right)).ToDictionary(g => g.Key, g => g.First());
        var nowDeterministic = new HashSet<(int, int)>();
        foreach (var l in deterministic)
        {
            nowDeterministic.Add(Key(l.Left, l.Right));
            if (storedDeterministic.TryGetValue(Key(l.Left, l.Right), out var was) && was.Method == l.Method && was.Evidence == l.Evidence && was.Status == statusOf(l)) continue;
            seeds.Add(l.Left);
            seeds.Add(l.Right);
        }
        foreach (var (key, _) in storedDeterministic.Where(s => !nowDeterministic.Contains(s.Key)))
        {
            seeds.Add(key.Item1);
            seeds.Add(key.Item2);
        }

        // The model's pairs with a new or changed nominal in them, scored with the stored model.
        var watch = Stopwatch.StartNew();
        var scorer = IncrementalScorer.Create(EngineMatcher.Records(input), model, engine.Options, out var why)
            ?? throw Refused($"{why}: run a full 'reassess link' to fit the model again");

        // Nothing refused it: the run is recorded (completed, with its counts, in the transaction that writes its results).
        var run = new LinkageRun
        {
            StartedAt = started,
            InputFingerprint = fingerprint,
            Seed = options.Seed,
            CompletedStage = LinkageStage.None,
            Mode = LinkageMode.Incremental,
            BaseRunId = last.Id,
            BatchHigh = batchHigh,
        };
        db.Add(run);
        await db.SaveChangesAsync(cancellationToken);

        var cut = model.MatchProbability;
        progress?.Report(string.Create(CultureInfo.InvariantCulture, $"features of {input.People.Count:N0} nominals, {last.Id}'s model applied: {watch.Elapsed.TotalSeconds:0.0} s"));
        var candidates = scorer.CandidatePairs(changed, cancellationToken);
        progress?.Report(string.Create(CultureInfo.InvariantCulture, $"{candidates.Count:N0} pairs share a blocking key with a new or changed nominal: {watch.Elapsed.TotalSeconds:0.0} s"));
        var scored = Relate(input, person, engine.Relational ? model.ContextWeights : null, scorer, candidates, changed, isChanged, progress, cancellationToken);
        var modelSeconds = watch.Elapsed.TotalSeconds;
        progress?.Report(string.Create(CultureInfo.InvariantCulture,
            $"probabilistic: {scored.Comparisons:N0} comparisons in {modelSeconds:0.0} s, {scored.Pairs.Count(p => p.Probability >= engine.Options.ProposeProbability):N0} matches kept, linked at probability ≥ {cut:0.###} (run {last.Id}'s model)"));

        // The affected people: every person holding a seed (changed nominals, changed deterministic links, new links at the cut).
        foreach (var p in scored.Pairs.Where(p => p.Probability >= cut))
        {
            seeds.Add(p.Left);
            seeds.Add(p.Right);
        }
        var nominalsOf = NominalsOf(person);
        var region = seeds.SelectMany(s => nominalsOf.TryGetValue(person[s], out var list) ? list : [s]).Distinct().Order().ToList();
        var local = new Dictionary<int, int>(region.Count);
        for (var k = 0; k < region.Count; k++) local[region[k]] = k;

        // Re-cluster them: new pairs and the stored pairs among them (their weights as stored), rules as a full run's.
        var oldPairs = stored.Where(m => m.Method == MatchMethod.Probabilistic && !isChanged[m.Left] && !isChanged[m.Right] && local.ContainsKey(m.Left) && local.ContainsKey(m.Right)).ToList();
        var clusterPairs = scored.Pairs.Where(p => local.ContainsKey(p.Left) && local.ContainsKey(p.Right))
            .Select(p => new ScoredPair(local[p.Left], local[p.Right], p.Weight, p.Probability, []))
            .Concat(oldPairs.Select(m => new ScoredPair(Math.Min(local[m.Left], local[m.Right]), Math.Max(local[m.Left], local[m.Right]), m.Weight, m.Probability, [])))
            .OrderBy(p => p.Left).ThenBy(p => p.Right).ToList();
        var regionDecisions = decisions.Where(d => local.ContainsKey(d.Pair.Left) && local.ContainsKey(d.Pair.Right)).ToList();
        var clusters = scorer.Recluster(region, clusterPairs, cut, [.. regionDecisions.Select(d => new PairDecision(local[d.Pair.Left], local[d.Pair.Right], d.Pair.SamePerson))], out var splits);
        bool Split(int a, int b) => local.TryGetValue(a, out var x) && local.TryGetValue(b, out var y) && clusters[x] != clusters[y];

        var already = new HashSet<(int, int)>(deterministic.Select(l => Key(l.Left, l.Right)));
        var fresh = scored.Pairs.Where(p => p.Probability >= engine.Options.ProposeProbability && !already.Contains(Key(p.Left, p.Right)))
            .Select(p => LinkageService.Proposed(input, p.Left, p.Right, p.Weight, p.Probability, EngineMatcher.ContributionsJson(p.Contributions), cut, Split(p.Left, p.Right)))
            .ToList();
        var revised = new List<(StoredMatch Old, ProposedLink Now)>();
        foreach (var m in oldPairs)
        {
            var now = LinkageService.Proposed(input, m.Left, m.Right, m.Weight, m.Probability, "", cut, Split(m.Left, m.Right));
            revised.Add((m, now));
        }

        // Resolved people of the affected part: union–find over its accepted links, ids kept from the last run.
        var regionLinks = deterministic.Where(l => local.ContainsKey(l.Left) && local.ContainsKey(l.Right))
            .Concat(fresh.Where(l => local.ContainsKey(l.Left) && local.ContainsKey(l.Right)))
            .Concat(revised.Select(r => r.Now));
        var accepted = LinkageService.Accepted(regionLinks, decisions);
        var regionPeople = region.Select(i => input.People[i]).ToList();
        var resolved = PersonClusters.Resolve(regionPeople, accepted.Select(l => (local[l.Left], local[l.Right])),
            regionDecisions.Select(d => new DecidedPair(local[d.Pair.Left], local[d.Pair.Right], d.Pair.SamePerson)));
        resolved = StablePersonIds.Assign(regionPeople, resolved, previous);
        for (var k = 0; k < region.Count; k++) person[region[k]] = resolved[k];
        var people = person.Distinct().LongCount();
        progress?.Report($"re-resolved {region.Count:N0} nominals of the affected people into {resolved.Distinct().Count():N0} people ({splits:N0} split on contradictions); {people:N0} people in all");

        // Networks, in the connected parts of the graph the affected people are in.
        StageMemory.Release();
        var acceptedAll = stored.Where(m => m.Status is MatchStatus.Auto or MatchStatus.Confirmed && !(local.ContainsKey(m.Left) && local.ContainsKey(m.Right)) && !isChanged[m.Left] && !isChanged[m.Right])
            .Select(m => new ProposedLink(m.Left, m.Right, m.Method, m.Weight, m.Probability, "", m.Evidence, true))
            .Concat(accepted).ToList();
        var networkSeeds = new HashSet<int>(region);
        foreach (var id in await IncrementalNetworks.ChangedInvestigationMembersAsync(connection, last.BatchHigh, cancellationToken))
            if (input.PersonIndex.TryGetValue(id, out var i)) networkSeeds.Add(i);
        var networks = await IncrementalNetworks.ComputeAsync(connection, input, person, networkSeeds, acceptedAll, childSexualOffenceRule, options.Seed, last.GraphWeight, progress, cancellationToken);

        // One transaction: matches, resolved people, networks, the run's marker and its audit entry.
        var firstMatchId = await LinkageService.ScalarAsync(connection, "SELECT COALESCE(MAX(id), 0) FROM person_matches", cancellationToken) + 1;
        var deleteMatches = stored.Where(m => isChanged[m.Left] || isChanged[m.Right]
            || (m.Method != MatchMethod.Probabilistic && (local.ContainsKey(m.Left) || local.ContainsKey(m.Right)))).Select(m => m.Id).ToList();
        var insertDeterministic = deterministic.Where(l => local.ContainsKey(l.Left) || local.ContainsKey(l.Right)).ToList();
        await using (var tx = await connection.BeginTransactionAsync(cancellationToken))
        {
            await DeleteInAsync(connection, tx, "person_matches", "id", deleteMatches, cancellationToken);
            await LinkageService.WriteMatchesAsync(connection, tx, run.Id, firstMatchId, input, [.. insertDeterministic, .. fresh], decisions, cancellationToken);
            foreach (var (old, now) in revised)
            {
                var status = statusOf(now);
                if (status == old.Status && now.Evidence == old.Evidence) continue;
                await BulkRows.ExecuteAsync(connection, tx, "UPDATE person_matches SET status = @s, evidence = @e, linkage_run_id = @r WHERE id = @id", cancellationToken,
                    ("@s", Token.Of(status)), ("@e", now.Evidence), ("@r", run.Id), ("@id", old.Id));
            }
            await DeleteInAsync(connection, tx, "resolved_people", "person_id", [.. region.Select(i => input.People[i].Id)], cancellationToken);
            await BulkRows.WriteAsync(connection, tx, "resolved_people", ["person_id", "resolved_id"],
                region.Select(i => new object?[] { input.People[i].Id, person[i] }), cancellationToken);
            var counts = await IncrementalNetworks.WriteAsync(connection, tx, run.Id, networks, cancellationToken);
            var probabilistic = stored.Count(m => m.Method == MatchMethod.Probabilistic) - stored.Count(m => m.Method == MatchMethod.Probabilistic && (isChanged[m.Left] || isChanged[m.Right])) + fresh.Count;
            await LinkageService.MarkAsync(connection, tx, run.Id, LinkageStage.Networks, cancellationToken,
                ("nominals", input.People.Count), ("deterministic_links", deterministic.Count), ("comparisons", scored.Comparisons), ("probabilistic_seconds", modelSeconds),
                ("probabilistic_matches", probabilistic), ("resolved_people", people), ("networks", counts.Networks), ("missed_group_investigations", counts.MissedGroups),
                ("network_label_high", networks.Highest), ("graph_weight", last.GraphWeight), ("model", last.Model));
            if (audit is not null)
            {
                await audit.RecordAsync(connection, tx, new AuditEvent(options.Actor, AuditCategory.Combination, "link", "linkage_run",
                    [run.Id.ToString(CultureInfo.InvariantCulture)])
                {
                    Justification = $"incremental: {changed.Count} new or changed nominals (import batches {last.BatchHigh + 1}-{batchHigh}) linked against linkage run {last.Id}",
                }, cancellationToken);
            }
            await tx.CommitAsync(cancellationToken);
            await db.Entry(run).ReloadAsync(cancellationToken);
            run.CompletedAt = time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);

            var pending = await LinkageService.ScalarAsync(connection, "SELECT COUNT(*) FROM person_matches WHERE status = 'pending'", cancellationToken);
            progress?.Report($"networks: {counts.Networks:N0} in all ({networks.Result.Networks.Count:N0} found again in {networks.Closure:N0} nominals' part of the graph)");
            return new LinkageSummary(run.Id, false, LinkageStage.None, input.People.Count, deterministic.Count, probabilistic, pending, scored.Comparisons, modelSeconds,
                people, counts.Networks, counts.MissedGroups, clock.Elapsed.TotalSeconds)
            { Mode = LinkageMode.Incremental, BaseRunId = last.Id, ChangedNominals = changed.Count };
        }
    }

    private static IncrementalLinkRefusedException Refused(string why) => new("incremental link refused: " + why + ".");

    private static (int, int) Key(int a, int b) => a < b ? (a, b) : (b, a);

    /// <summary>How many decisions the run saw, and the highest decision id (the last two parts of its input fingerprint).</summary>
    private static (long Count, long High) DecisionsAt(LinkageRun run)
    {
        var parts = run.InputFingerprint.Split('/');
        return parts.Length >= 2 && long.TryParse(parts[^2], CultureInfo.InvariantCulture, out var count) && long.TryParse(parts[^1], CultureInfo.InvariantCulture, out var high)
            ? (count, high)
            : throw Refused($"linkage run {run.Id} recorded no count of reviewers' decisions: run a full 'reassess link'");
    }

    /// <summary>The stored status a link gets (as <see cref="LinkageService.WriteMatchesAsync"/> writes it).</summary>
    private static Func<ProposedLink, MatchStatus> Statuses(IReadOnlyList<(DecidedPair Pair, MatchDecision Decision)> decisions)
    {
        var decided = decisions.ToDictionary(d => Key(d.Pair.Left, d.Pair.Right), d => d.Pair.SamePerson);
        return l => decided.TryGetValue(Key(l.Left, l.Right), out var same) ? same ? MatchStatus.Confirmed : MatchStatus.Rejected
            : l.Automatic ? MatchStatus.Auto : MatchStatus.Pending;
    }

    private static Dictionary<long, List<int>> NominalsOf(long[] person)
    {
        var counts = new Dictionary<long, int>();
        foreach (var p in person) counts[p] = counts.GetValueOrDefault(p) + 1;
        var result = new Dictionary<long, List<int>>();
        for (var i = 0; i < person.Length; i++)
        {
            if (counts[person[i]] < 2) continue;
            if (!result.TryGetValue(person[i], out var list)) result[person[i]] = list = [];
            list.Add(i);
        }
        return result;
    }

    /// <summary>
    /// The scored pairs with relational evidence weighed in as the full run's last round weighs it (the stored context
    /// weights, associates as the last run resolved them), plus the pairs that share an associate or an identifier's
    /// investigation with a changed nominal and reach the kept probability with it.
    /// </summary>
    private static (List<ScoredPair> Pairs, long Comparisons) Relate(LinkageInput input, long[] person, IReadOnlyList<double>? weights, IncrementalScorer scorer,
        List<(int Left, int Right)> candidates, List<int> changed, bool[] isChanged, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var keep = scorer.KeepBits;
        var baseline = scorer.Score(candidates, keep, cancellationToken);
        long comparisons = candidates.Count;
        progress?.Report(string.Create(CultureInfo.InvariantCulture, $"{baseline.Count:N0} pairs kept of {candidates.Count:N0} scored: {watch.Elapsed.TotalSeconds:0.0} s"));
        if (weights is not { Count: ContextComparison.Nothing + 1 }) return (baseline, comparisons);
        var context = new IncrementalContext(input, person);
        progress?.Report(string.Create(CultureInfo.InvariantCulture, $"relational context indexed: {watch.Elapsed.TotalSeconds:0.0} s"));
        var result = new List<ScoredPair>(baseline.Count);
        var known = new HashSet<(int, int)>();
        foreach (var p in baseline)
        {
            known.Add((p.Left, p.Right));
            var (level, what) = context.Level(p.Left, p.Right);
            var w = p.Weight + weights[level];
            if (w >= keep) result.Add(WithContext(p, w, level, what, weights));
        }
        foreach (var x in changed)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var q in context.SharingPartners(x))
            {
                var (a, b) = Key(x, q);
                if (known.Contains((a, b)) || (isChanged[q] && q < x)) continue;
                var (level, what) = context.Level(a, b);
                if (level is not (IncrementalContext.SharedAssociate or IncrementalContext.SharedLink)) continue;
                comparisons++;
                known.Add((a, b));
                if (scorer.TryScore(a, b, keep - weights[level]) is not { } p) continue;
                result.Add(WithContext(p, p.Weight + weights[level], level, what, weights));
            }
        }
        result.Sort(static (x, y) => x.Left != y.Left ? x.Left.CompareTo(y.Left) : x.Right.CompareTo(y.Right));
        progress?.Report(string.Create(CultureInfo.InvariantCulture, $"relational evidence weighed, {comparisons - candidates.Count:N0} pairs sharing an associate or an identifier scored: {watch.Elapsed.TotalSeconds:0.0} s"));
        return (result, comparisons);
    }

    private static ScoredPair WithContext(ScoredPair p, double weight, int level, string? what, IReadOnlyList<double> weights) =>
        new(p.Left, p.Right, weight, 1 / (1 + Math.Pow(2, -weight)),
            [.. p.Contributions, new FieldContribution(Relational.Field, what is null ? ContextComparison.Levels[level] : ContextComparison.Levels[level] + ": " + what, weights[level])]);

    /// <summary>Nominals new or changed since batch <paramref name="batch"/>: their row, an involvement or an identifier of theirs, or an identifier of one of their investigations.</summary>
    private static async Task<HashSet<long>> ChangedNominalsAsync(DbConnection connection, long batch, CancellationToken cancellationToken)
    {
        var b = batch.ToString(CultureInfo.InvariantCulture);
        var ids = new HashSet<long>();
        foreach (var sql in new[]
        {
            $"SELECT id FROM people WHERE last_batch_id > {b}",
            $"SELECT person_id FROM involvements WHERE last_batch_id > {b}",
            $"SELECT person_id FROM identifiers WHERE last_batch_id > {b} AND person_id IS NOT NULL",
            $"SELECT v.person_id FROM identifiers i JOIN involvements v ON v.investigation_id = i.investigation_id WHERE i.last_batch_id > {b}",
        })
        {
            ids.UnionWith(await IncrementalNetworks.IdsAsync(connection, sql, cancellationToken));
        }
        return ids;
    }

    /// <summary>Deletes the rows whose <paramref name="column"/> is one of <paramref name="ids"/>, a few hundred a statement.</summary>
    internal static async Task<int> DeleteInAsync(DbConnection connection, DbTransaction tx, string table, string column, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        var deleted = 0;
        for (var s = 0; s < ids.Count; s += 500)
        {
            var list = string.Join(',', ids.Skip(s).Take(500).Select(i => i.ToString(CultureInfo.InvariantCulture)));
            deleted += await BulkRows.ExecuteAsync(connection, tx, $"DELETE FROM {table} WHERE {column} IN ({list})", cancellationToken);
        }
        return deleted;
    }
}

/// <summary>A stored <c>person_matches</c> row as an incremental link reads it (positions in <see cref="LinkageInput.People"/>).</summary>
internal sealed record StoredMatch(long Id, int Left, int Right, MatchMethod Method, double Weight, double Probability, MatchStatus Status, string Evidence)
{
    public static async Task<List<StoredMatch>> ReadAsync(DbConnection connection, LinkageInput input, CancellationToken cancellationToken)
    {
        var rows = new List<StoredMatch>();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, left_person_id, right_person_id, method, weight, probability, status, evidence FROM person_matches ORDER BY id";
        command.CommandTimeout = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!input.PersonIndex.TryGetValue(reader.GetInt64(1), out var l) || !input.PersonIndex.TryGetValue(reader.GetInt64(2), out var r)) continue;
            rows.Add(new StoredMatch(reader.GetInt64(0), l, r, Token.Parse<MatchMethod>(reader.GetString(3)), reader.GetDouble(4), reader.GetDouble(5),
                Token.Parse<MatchStatus>(reader.GetString(6)), reader.GetString(7)));
        }
        return rows;
    }
}
