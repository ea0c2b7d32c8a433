using Reassess.Tests.Support;

namespace Reassess.Cli.Tests.Layout;

/// <summary>
/// What each command prints, redirected (laid out at 80 columns, as an 80-column terminal would be): no line wider
/// than 80, no header cut short with an ellipsis, and person matches as blocks with the two records side by side.
/// </summary>
[Trait("Category", "Database")]
public sealed class CommandsFitTheTerminalTests
{
    [Fact]
    public async Task Reports_listings_and_matches_fit_80_columns()
    {
        await using var db = await TestDatabase.CreateAsync();
        var key = Path.Combine(Path.GetTempPath(), "reassess-width-" + Guid.NewGuid().ToString("N") + ".key");
        try
        {
            string[] common = ["--db", db.Target.ConnectionString, "--audit-key", key];
            Assert.Equal(0, (await CliRunner.RunAsync(["import", Bundle.SampleDirectory, .. common])).ExitCode);
            Assert.Equal(0, (await CliRunner.RunAsync(["link", .. common])).ExitCode);
            Assert.Equal(0, (await CliRunner.RunAsync(["screen", "--profile", "met-2025", "--as-of", "2025-10-31", .. common])).ExitCode);

            string[][] commands =
            [
                ["report", "public", "--as-of", "2025-10-31"], ["report", "progress", "--as-of", "2025-10-31"], ["report", "data-quality"],
                ["matches"], ["networks"], ["stats"],
            ]; // (audit show writes tab-separated lines when redirected: for scripts, not a layout)
            foreach (var command in commands)
            {
                var run = await CliRunner.RunAsync([.. command, .. common]);
                Assert.True(run.ExitCode == 0, string.Join(' ', command) + ": " + run.Stderr);
                var lines = run.Stdout.Split('\n');
                Assert.All(lines, line => Assert.True(line.TrimEnd('\r').Length <= 80, $"{string.Join(' ', command)}: {line.Length} columns: {line}"));
                Assert.DoesNotContain(lines, line => line.Contains('…', StringComparison.Ordinal));
            }

            var matches = (await CliRunner.RunAsync(["matches", .. common])).Stdout;
            Assert.Contains("1. ", matches, StringComparison.Ordinal);
            Assert.Contains("date of birth", matches, StringComparison.Ordinal);
            Assert.Contains("contributions:", matches, StringComparison.Ordinal);
            Assert.Contains("GMP:G503", matches, StringComparison.Ordinal);
        }
        finally { File.Delete(key); File.Delete(Path.ChangeExtension(key, ".audit-head")); }
    }
}
