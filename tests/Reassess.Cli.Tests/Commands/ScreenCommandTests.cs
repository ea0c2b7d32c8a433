using System.Text.Json.Nodes;
using Reassess.Screening;
using Reassess.Tests.Support;

namespace Reassess.Cli.Tests.Commands;

[Trait("Category", "Database")]
public sealed class ScreenCommandTests
{
    [Fact]
    public async Task Screen_writes_the_same_csv_twice_and_explain_shows_a_candidate()
    {
        await using var db = await TestDatabase.CreateAsync();
        var dbArg = db.Target.ConnectionString;
        Assert.Equal(0, (await CliRunner.RunAsync("import", Bundle.SampleDirectory, "--db", dbArg)).ExitCode);
        var dir = Directory.CreateTempSubdirectory("reassess-screen-");
        try
        {
            var first = Path.Combine(dir.FullName, "first.csv");
            var second = Path.Combine(dir.FullName, "second.csv");
            var run = await CliRunner.RunAsync("screen", "--profile", "met-2025", "--as-of", "2025-10-31", "--out", first, "--db", dbArg);
            Assert.True(run.ExitCode == 0, run.Stderr);
            Assert.Contains("Investigations considered:", run.Stdout, StringComparison.Ordinal);
            Assert.Contains("By typology:", run.Stdout, StringComparison.Ordinal);
            Assert.Equal(0, (await CliRunner.RunAsync("screen", "--profile", "met-2025", "--as-of", "2025-10-31", "--out", second, "--db", dbArg)).ExitCode);
            var csv = await File.ReadAllTextAsync(first);
            Assert.Equal(csv, await File.ReadAllTextAsync(second));
            Assert.StartsWith("force,investigation_id,typologies,basis,priority,priority_factors", csv, StringComparison.Ordinal);

            var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(rows.Length > 1, "the sample bundle has met-2025 candidates");
            var cells = rows[1].Split(',');
            var explain = await CliRunner.RunAsync("explain", cells[0], cells[1], "--profile", "met-2025", "--as-of", "2025-10-31", "--db", dbArg);
            Assert.True(explain.ExitCode == 0, explain.Stderr);
            Assert.Contains("CANDIDATE (basis: criteria)", explain.Stdout, StringComparison.Ordinal);
            Assert.Contains("[pass] child_sexual_offence", explain.Stdout, StringComparison.Ordinal);
            Assert.Contains("Priority", explain.Stdout, StringComparison.Ordinal);
            var missing = await CliRunner.RunAsync("explain", "MPS", "NO/SUCH/1", "--profile", "met-2025", "--db", dbArg);
            Assert.Equal(1, missing.ExitCode);

            // Each run, each export and each explanation is in the audit trail (DPA 2018 s.62).
            var trail = await CliRunner.RunAsync("audit", "show", "--db", dbArg);
            Assert.True(trail.ExitCode == 0, trail.Stderr);
            var lines = trail.Stdout.Split('\n');
            Assert.Equal(2, lines.Count(l => l.Contains("\talteration\tscreening run\t", StringComparison.Ordinal)));
            Assert.Equal(2, lines.Count(l => l.Contains("\tdisclosure\tcandidates export\t", StringComparison.Ordinal)));
            Assert.Single(lines, l => l.Contains("\tconsultation\texplain\tinvestigation\t", StringComparison.Ordinal));
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public async Task Profiles_lists_the_shipped_profiles_with_versions()
    {
        var result = await CliRunner.RunAsync("profiles");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("met-2025", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("beaconport-2025", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("2025.1", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_profile_file_exits_1_naming_the_field()
    {
        await using var db = await TestDatabase.CreateAsync();
        var dir = Directory.CreateTempSubdirectory("reassess-profile-");
        try
        {
            var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(CriteriaProfileLoader.ShippedFolder, "met-2025.json")))!;
            json["criteria"]!["minSuspects"] = 0;
            var path = Path.Combine(dir.FullName, "broken.json");
            await File.WriteAllTextAsync(path, json.ToJsonString());
            var result = await CliRunner.RunAsync("screen", "--profile-file", path, "--db", db.Target.ConnectionString);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("broken.json: criteria.minSuspects: must be a whole number ≥ 1", result.Stderr, StringComparison.Ordinal);
        }
        finally { dir.Delete(recursive: true); }
    }

    [Theory]
    [InlineData(1, "screen", "--profile", "no-such-profile")]
    [InlineData(2, "screen")]
    [InlineData(2, "screen", "--profile", "met-2025", "--as-of", "31/10/2025")]
    public async Task Wrong_profiles_and_dates_are_refused(int exitCode, params string[] args)
    {
        await using var db = await TestDatabase.CreateAsync();
        var result = await CliRunner.RunAsync([.. args, "--db", db.Target.ConnectionString]);
        Assert.Equal(exitCode, result.ExitCode);
        Assert.NotEmpty(result.Stderr);
    }
}
