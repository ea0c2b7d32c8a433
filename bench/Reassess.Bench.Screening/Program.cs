// Screening benchmark (not a test): fills a database with N synthetic investigations by direct bulk inserts, then
// times the streamed screening pass and, separately, recording the run. Run on demand:
//   dotnet run -c Release --project bench/Reassess.Bench.Screening -- [--db FILE|CONNSTRING] [--count N] [--profile NAME] [--keep] [--rounds N] [--no-record] [--digest]
// Each pass prints its phases ([screen] lines: wall and CPU seconds), so a slow machine still shows where the time goes.
// --digest prints a SHA-256 of the last pass's candidates, priorities and factors and of every candidate's priority
// inputs (loaded once more, untimed): two builds that print the same digests found the same results.
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Reassess.Prioritisation;
using Reassess.Screening;
using Reassess.Storage;

var db = Arg("--db") ?? Path.Combine(Path.GetTempPath(), "reassess-bench-screening.db");
var count = int.Parse(Arg("--count") ?? "1000000", CultureInfo.InvariantCulture);
var profileName = Arg("--profile") ?? "met-2025";
var keep = args.Contains("--keep");
var target = DatabaseTarget.Parse(db);
var asOf = new DateOnly(2025, 10, 31);

if (!keep || target.Engine != DatabaseEngine.Sqlite || !File.Exists(db))
{
    if (target.Engine == DatabaseEngine.Sqlite)
        foreach (var f in new[] { db, db + "-wal", db + "-shm" }) File.Delete(f);
    await ReassessDatabase.MigrateAsync(target);
    var fill = Stopwatch.StartNew();
    var (people, involvements) = await FillAsync(target, count);
    Console.WriteLine($"filled {count:N0} investigations, {people:N0} people, {involvements:N0} involvements in {fill.Elapsed.TotalSeconds:0.0} s");
}

var profile = CriteriaProfileLoader.LoadShipped(profileName);
var rounds = int.Parse(Arg("--rounds") ?? "2", CultureInfo.InvariantCulture);
var service = new ScreeningService(TimeProvider.System, new NoLinkageFacts()) { PhaseLog = Console.WriteLine };
ScreeningOutcome? last = null;
for (var round = 1; round <= rounds; round++)
{
    GC.Collect();
    var before = GC.GetTotalMemory(true);
    int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
    var paused = GC.GetTotalPauseDuration();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var sw = Stopwatch.StartNew();
    var outcome = await service.ScreenAsync(target, profile, asOf, runBy: null);
    var screen = sw.Elapsed;
    last = outcome;
    cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
    Console.WriteLine($"round {round}: screened {outcome.Summary.Considered:N0} investigations with {profile.Name} in {screen.TotalSeconds:0.00} s wall, {cpu.TotalSeconds:0.00} s CPU: " +
                      $"{outcome.Candidates.Count:N0} candidates; managed heap {(GC.GetTotalMemory(false) - before) / 1e6:0} MB above start, " +
                      $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:0} MB; GC gen0/1/2 {GC.CollectionCount(0) - collections[0]}/" +
                      $"{GC.CollectionCount(1) - collections[1]}/{GC.CollectionCount(2) - collections[2]}, paused {(GC.GetTotalPauseDuration() - paused).TotalSeconds:0.00} s");
}
Console.WriteLine($"load average while measuring: {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a")}");
if (args.Contains("--digest") && last is not null) await PrintDigestAsync(target, last);
if (args.Contains("--no-record")) return 0;
var record = Stopwatch.StartNew();
var recorded = await service.ScreenAsync(target, profile, asOf, runBy: "bench");
Console.WriteLine($"screen + record run {recorded.Run!.Id} ({recorded.Run.NewCandidates:N0} new candidates): {record.Elapsed.TotalSeconds:0.00} s");
var again = Stopwatch.StartNew();
recorded = await service.ScreenAsync(target, profile, asOf, runBy: "bench");
Console.WriteLine($"screen + record again ({recorded.Run!.NewCandidates:N0} new): {again.Elapsed.TotalSeconds:0.00} s");
return 0;

// Untimed: the candidates in order with their priority and factors, then every candidate's priority inputs.
static async Task PrintDigestAsync(DatabaseTarget target, ScreeningOutcome outcome)
{
    var results = new StringBuilder();
    foreach (var c in outcome.Candidates)
        results.Append(CultureInfo.InvariantCulture, $"{c.Facts.Force}|{c.Facts.InvestigationRef}|{c.Basis}|{c.Typologies}|{c.Priority:R}|{c.PriorityFactors}\n");
    await using var connection = await ReassessDatabase.OpenConnectionAsync(target);
    var inputs = await PriorityInputsLoader.LoadAsync(connection, [.. outcome.Candidates.Select(c => c.Facts)], outcome.Profile, LinkageSnapshot.Empty, default);
    var loaded = new StringBuilder();
    int later = 0, unrecorded = 0;
    foreach (var c in outcome.Candidates)
    {
        var i = inputs[c.Facts.Id];
        later += i.LaterOffending;
        unrecorded += i.UnrecordedIdentifiers;
        loaded.Append(CultureInfo.InvariantCulture, $"{c.Facts.Id}|{string.Join(',', i.AccessOccupations)}|{string.Join(',', i.LinkedInvestigationRefs)}|{i.LinkedVictims}|")
            .Append(CultureInfo.InvariantCulture, $"{i.LaterOffending}|{string.Join(',', i.LaterOffendingFound)}|{i.UnrecordedIdentifiers}|{string.Join(',', i.UnrecordedIdentifiersFound)}\n");
    }
    static string Sha(StringBuilder s) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(s.ToString())))[..16];
    Console.WriteLine($"digest: candidates {Sha(results)}, priority inputs {Sha(loaded)} ({later:N0} later_offending, {unrecorded:N0} unrecorded_identifier)");
}

string? Arg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

// Synthetic, fictional records (SQLite only): 1-3 suspects and 1-3 victims per investigation; one suspect in five is a
// nominal of the same force reused from an earlier investigation, so the linked factor has work to do.
static async Task<(long People, long Involvements)> FillAsync(DatabaseTarget target, int count)
{
    var random = new Random(20251031);
    string[] codes = ["19C", "19D", "20A", "8N", "88E", "71/17", "105A", "17A;8N", "22B", "88A"];
    string[] outcomes = ["1", "15", "16", "14", "9", "2", "18", "21", "3", "10"];
    string[] relationships = ["family", "household", "carer", "position_of_trust", "acquaintance", "peer", "online_contact", "stranger", "unknown", "intimate_partner"];
    string[] disposals = ["charged", "nfa", "not_arrested", "released_under_investigation", "cautioned"];
    await using var connection = await ReassessDatabase.OpenConnectionAsync(target);
    if (target.Engine == DatabaseEngine.Sqlite)
        await Exec(connection, "PRAGMA synchronous=OFF; PRAGMA journal_mode=WAL; PRAGMA cache_size=-200000;");
    await using var tx = await connection.BeginTransactionAsync();
    await Exec(connection, "INSERT INTO import_batches (id, forces, source, bundle_hash, imported_by, started_at, completed_at, added, updated, unchanged, rejected) " +
        "VALUES (1, 'MPS', 'bench', 'bench', 'bench', 0, 0, 0, 0, 0, 0)", tx, ignoreErrors: true);

    var inv = Prepare(connection, tx, "INSERT INTO investigations (id, force, investigation_ref, recorded_date, offence_from, offence_codes, outcome_code, outcome_date, cps_decision, cse_flag, independently_reviewed, first_batch_id, last_batch_id) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,1,1)", 11);
    var per = Prepare(connection, tx, "INSERT INTO people (id, force, person_ref, surname, date_of_birth, date_of_death, occupation, first_batch_id, last_batch_id) VALUES ($1,$2,$3,$4,$5,$6,$7,1,1)", 7);
    var invl = Prepare(connection, tx, "INSERT INTO involvements (id, force, investigation_id, person_id, investigation_ref, person_ref, role, relationship, suspect_disposal, first_batch_id, last_batch_id) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,1,1)", 9);
    long personId = 0, involvementId = 0;
    var start = new DateOnly(2005, 1, 1);
    var recentSuspects = new Dictionary<string, List<(long, string)>> { ["MPS"] = [], ["GMP"] = [] };
    for (var i = 1; i <= count; i++)
    {
        var force = i % 3 == 0 ? "GMP" : "MPS";
        var reference = $"{force}/{i:D8}";
        var recorded = start.AddDays(random.Next(0, 7600));
        var offenceFrom = recorded.AddDays(-random.Next(0, 900));
        var outcome = outcomes[random.Next(outcomes.Length)];
        Set(inv, i, force, reference, recorded, offenceFrom, codes[random.Next(codes.Length)], outcome, recorded.AddDays(random.Next(30, 700)),
            random.Next(10) == 0 ? "nfa_evidential" : null, false, random.Next(20) == 0);
        await inv.ExecuteNonQueryAsync();

        void Person(long id, string reference, DateOnly? dob, DateOnly? died, string? occupation) =>
            Set(per, id, force, reference, "SYNTHETIC", dob, died, occupation);
        var suspects = 1 + random.Next(3);
        var used = new HashSet<long>();
        for (var s = 0; s < suspects; s++)
        {
            long id;
            string personRef;
            var recent = recentSuspects[force];
            var reuse = recent.Count >= 100 && random.Next(5) == 0 ? recent[random.Next(recent.Count)] : default;
            if (reuse.Item1 != 0 && used.Add(reuse.Item1))
            {
                (id, personRef) = reuse;
            }
            else
            {
                id = ++personId;
                personRef = $"N{id:D9}";
                Person(id, personRef, random.Next(8) == 0 ? null : offenceFrom.AddYears(-random.Next(12, 60)).AddDays(-random.Next(365)),
                    random.Next(15) == 0 ? recorded.AddDays(200) : null, random.Next(25) == 0 ? "taxi driver" : null);
                await per.ExecuteNonQueryAsync();
                used.Add(id);
                if (recent.Count < 1000) recent.Add((id, personRef));
                else recent[random.Next(1000)] = (id, personRef);
            }
            Set(invl, ++involvementId, force, (long)i, id, reference, personRef, "suspect", relationships[random.Next(relationships.Length)], disposals[random.Next(disposals.Length)]);
            await invl.ExecuteNonQueryAsync();
        }
        var victims = 1 + random.Next(3);
        for (var v = 0; v < victims; v++)
        {
            var id = ++personId;
            var personRef = $"N{id:D9}";
            Person(id, personRef, random.Next(10) == 0 ? null : offenceFrom.AddYears(-random.Next(5, 30)).AddDays(-random.Next(365)), null, null);
            await per.ExecuteNonQueryAsync();
            Set(invl, ++involvementId, force, (long)i, id, reference, personRef, "victim", null, null);
            await invl.ExecuteNonQueryAsync();
        }
    }
    await tx.CommitAsync();
    return (personId, involvementId);
}

static DbCommand Prepare(DbConnection connection, DbTransaction tx, string sql, int parameters)
{
    var cmd = connection.CreateCommand();
    cmd.Transaction = tx;
    cmd.CommandText = sql;
    for (var i = 1; i <= parameters; i++)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = "$" + i.ToString(CultureInfo.InvariantCulture);
        cmd.Parameters.Add(p);
    }
    return cmd;
}

static void Set(DbCommand cmd, params object?[] values)
{
    for (var i = 0; i < values.Length; i++)
        cmd.Parameters[i].Value = values[i] switch
        {
            null => DBNull.Value,
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            var v => v,
        };
}

static async Task Exec(DbConnection connection, string sql, DbTransaction? tx = null, bool ignoreErrors = false)
{
    await using var cmd = connection.CreateCommand();
    cmd.Transaction = tx;
    cmd.CommandText = sql;
    try { await cmd.ExecuteNonQueryAsync(); }
    catch (DbException) when (ignoreErrors) { }
}
