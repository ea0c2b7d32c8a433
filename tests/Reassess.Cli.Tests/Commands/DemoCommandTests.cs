using Reassess.Tests.Support;

namespace Reassess.Cli.Tests.Commands;

[Trait("Category", "Database")]
public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_without_the_workbench_runs_the_whole_pipeline_and_prints_what_a_review_lead_needs()
    {
        await using var db = await TestDatabase.CreateAsync();
        var key = Path.Combine(Path.GetTempPath(), "reassess-demo-test-" + Guid.NewGuid().ToString("N") + ".key");
        var run = await CliRunner.RunAsync("demo", "--no-serve", "--scale", "4000", "--as-of", "2025-10-31", "--seed", "3", "--db", db.Target.ConnectionString, "--audit-key", key);
        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        foreach (var expected in new[]
                 {
                     "Imported into", "Linked:", "Screened with met-2025", "Through each criterion of met-2025", "child_sexual_offence",
                     "Candidates by typology", "against the plan of 600 a year", "Data gaps: self-defined ethnicity",
                     "The ten highest priorities", "unrecorded_identifier", "suspect_not_interviewed", "The leads of the three", "Offender networks spanning investigations", "Pipeline finished in",
                     // The referral loop: two forces refer, the national intake verifies and links, notices come back.
                     "Referral to the national operation", "0 refused", "spanning forces", "The national referral queue",
                     "Notices to GMP", "Notices to MPS", "appears in referrals from",
                     // Without --keep the loop's files are temporary, and the demo says so instead of naming a folder that is gone.
                     "its files were temporary",
                 })
            Assert.Contains(expected, run.Stdout, StringComparison.Ordinal);
        // Ten ranked candidates, each with its top factors.
        for (var rank = 1; rank <= 10; rank++) Assert.Contains($"{rank,2}. ", run.Stdout, StringComparison.Ordinal);

        // The pipeline left a screened, linked database behind: the review queue holds the run's candidates.
        var screen = await CliRunner.RunAsync("screen", "--profile", "met-2025", "--as-of", "2025-10-31", "--db", db.Target.ConnectionString, "--audit-key", key);
        Assert.True(screen.ExitCode == 0, screen.Stderr);
        Assert.Contains("Review queue: 0 new", screen.Stdout, StringComparison.Ordinal);
        var verify = await CliRunner.RunAsync("audit", "verify", "--db", db.Target.ConnectionString, "--audit-key", key);
        Assert.True(verify.ExitCode == 0, verify.Stderr + verify.Stdout);
        File.Delete(key);
        File.Delete(Path.ChangeExtension(key, ".audit-head"));
    }

    [Fact]
    public async Task Demo_runs_again_on_the_same_database()
    {
        await using var db = await TestDatabase.CreateAsync();
        var key = Path.Combine(Path.GetTempPath(), "reassess-demo-rerun-" + Guid.NewGuid().ToString("N") + ".key");
        try
        {
            string[] args = ["demo", "--no-serve", "--scale", "300", "--as-of", "2025-10-31", "--seed", "5", "--db", db.Target.ConnectionString, "--audit-key", key];
            foreach (var run in new[] { await CliRunner.RunAsync(args), await CliRunner.RunAsync(args) })
            {
                Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
                Assert.Contains("Pipeline finished in", run.Stdout, StringComparison.Ordinal);
                Assert.DoesNotContain("REASSESS_DB is set", run.Stdout, StringComparison.Ordinal);
            }
            // The second run replaced the first one's records instead of adding to them.
            var stats = await CliRunner.RunAsync("stats", "--db", db.Target.ConnectionString, "--audit-key", key);
            Assert.True(stats.ExitCode == 0, stats.Stderr);
            Assert.Matches(@"\b300\b", stats.Stdout);
            Assert.Equal(0, (await CliRunner.RunAsync("audit", "verify", "--db", db.Target.ConnectionString, "--audit-key", key)).ExitCode);
        }
        finally { File.Delete(key); File.Delete(Path.ChangeExtension(key, ".audit-head")); }
    }

    [Fact]
    public async Task A_missing_audit_key_is_a_clear_refusal_not_a_crash()
    {
        await using var db = await TestDatabase.CreateAsync();
        var dir = Directory.CreateTempSubdirectory("reassess-key-");
        try
        {
            var key = Path.Combine(dir.FullName, "audit.key");
            Assert.Equal(0, (await CliRunner.RunAsync("import", Bundle.SampleDirectory, "--db", db.Target.ConnectionString, "--audit-key", key)).ExitCode);
            File.Delete(key);
            var link = await CliRunner.RunAsync("link", "--db", db.Target.ConnectionString, "--audit-key", key);
            Assert.Equal(1, link.ExitCode);
            Assert.Contains("key", link.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", link.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", link.Stderr, StringComparison.Ordinal);
        }
        finally { dir.Delete(recursive: true); }
    }
}

[Trait("Category", "Database")]
public sealed class ConsultationAuditTests
{
    [Fact]
    public async Task Listing_person_matches_is_recorded_as_a_consultation_naming_the_matches_shown()
    {
        await using var db = await TestDatabase.CreateAsync();
        var key = Path.Combine(Path.GetTempPath(), "reassess-matches-test-" + Guid.NewGuid().ToString("N") + ".key");
        try
        {
            string[] common = ["--db", db.Target.ConnectionString, "--audit-key", key];
            Assert.Equal(0, (await CliRunner.RunAsync(["import", Bundle.SampleDirectory, .. common])).ExitCode);
            Assert.Equal(0, (await CliRunner.RunAsync(["link", .. common])).ExitCode);
            var matches = await CliRunner.RunAsync(["matches", .. common]);
            Assert.True(matches.ExitCode == 0, matches.Stderr);
            Assert.Contains("GMP:G503", matches.Stdout, StringComparison.Ordinal); // the PNC link across forces in the sample

            var trail = await CliRunner.RunAsync(["audit", "show", .. common]);
            var lines = trail.Stdout.Split('\n');
            Assert.Single(lines, l => l.Contains("\tcombination\tlink\t", StringComparison.Ordinal));
            Assert.Single(lines, l => l.Contains("\tconsultation\tmatches list\tperson_match\t", StringComparison.Ordinal));
            Assert.Equal(0, (await CliRunner.RunAsync(["audit", "verify", .. common])).ExitCode);
        }
        finally { File.Delete(key); File.Delete(Path.ChangeExtension(key, ".audit-head")); }
    }
}

/// <summary>The demo keeps its own database: <c>REASSESS_DB</c> names a working one, which synthetic records must never reach.</summary>
public sealed class DemoDatabaseTests
{
    [Fact]
    public async Task Demo_ignores_REASSESS_DB_and_says_so()
    {
        var dir = Directory.CreateTempSubdirectory("reassess-demo-env-");
        try
        {
            var working = Path.Combine(dir.FullName, "working.db");
            var run = await CliRunner.RunInAsync(dir.FullName, new Dictionary<string, string?> { ["REASSESS_DB"] = working },
                "demo", "--no-serve", "--scale", "300", "--as-of", "2025-10-31");
            Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
            Assert.Contains("REASSESS_DB is set, but the demo keeps its own database (reassess-demo.db)", Words(run.Stdout), StringComparison.Ordinal);
            Assert.False(File.Exists(working));
            Assert.True(File.Exists(Path.Combine(dir.FullName, "reassess-demo.db")));
            Assert.Contains("--db reassess-demo.db", run.Stdout, StringComparison.Ordinal);
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public async Task Demo_help_says_why_it_keeps_its_own_database()
    {
        var help = await CliRunner.RunAsync("demo", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("REASSESS_DB", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("deliberately not used", Words(help.Stdout), StringComparison.Ordinal);
    }

    /// <summary>Output as words: Spectre wraps lines (and help descriptions, with indentation) at the terminal's width.</summary>
    private static string Words(string output) => System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " ");
}
