using Microsoft.EntityFrameworkCore;
using Reassess.Audit;
using Reassess.Cli.Tests.Support;
using Reassess.Storage;
using Reassess.Tests.Support;

namespace Reassess.Cli.Tests.Commands;

/// <summary>
/// One actor for the command line: every audit entry a command writes names the account <c>REASSESS_ACTOR</c> gives
/// (a service account), through <see cref="AuditActor.CommandLine"/>, never the operating-system user on one command
/// and the named account on another.
/// </summary>
[Trait("Category", "Database")]
public sealed class AuditActorTests
{
    private const string Officer = "case.officer.test";

    [Fact]
    public async Task Every_entry_the_commands_write_names_the_actor_REASSESS_ACTOR_gives()
    {
        await using var db = await TestDatabase.CreateAsync();
        var dbArg = db.Target.ConnectionString;
        var environment = new Dictionary<string, string?> { ["REASSESS_ACTOR"] = Officer };
        var dir = Directory.CreateTempSubdirectory("reassess-actor-");
        try
        {
            async Task Run(params string[] args)
            {
                var run = await CliProcess.RunAsync(args, environment);
                Assert.True(run.ExitCode == 0, $"reassess {string.Join(' ', args)}: {run.Stderr}");
            }
            await Run("import", Bundle.SampleDirectory, "--db", dbArg);
            await Run("link", "--db", dbArg);
            await Run("screen", "--profile", "met-2025", "--as-of", "2025-10-31", "--out", Path.Combine(dir.FullName, "candidates.csv"), "--db", dbArg);
            await Run("leads", "--profile", "met-2025", "--out", Path.Combine(dir.FullName, "leads.csv"), "--db", dbArg);

            await using var context = ReassessDatabase.CreateContext(db.Target);
            var entries = await context.Set<AuditEntry>().AsNoTracking().Select(e => new { e.Actor, e.Operation }).ToListAsync();
            var operations = entries.Select(e => e.Operation).Distinct(StringComparer.Ordinal).ToList();
            Assert.True(operations.Count >= 4, "import, link, screening and the exports each leave an entry: " + string.Join(", ", operations));
            Assert.All(entries, e => Assert.True(e.Actor == AuditActor.CommandLine(Officer, "unused"), $"{e.Operation} was recorded as '{e.Actor}'"));
        }
        finally { dir.Delete(recursive: true); }
    }
}
