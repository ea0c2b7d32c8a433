using Reassess.Tests.Support;

namespace Reassess.Cli.Tests.Commands;

/// <summary>
/// <c>reassess synth --rough</c>: a bundle unlike the generator's (several forces, hub identifiers, foreign names, shuffled
/// rows) that the import accepts and link and screen run on, for benchmarks that must not see only one generator's shapes.
/// </summary>
[Trait("Category", "Database")]
public sealed class SynthRoughCommandTests
{
    [Fact]
    public async Task A_rough_bundle_imports_links_and_screens()
    {
        var dir = Directory.CreateTempSubdirectory("reassess-rough-").FullName;
        try
        {
            var synth = await CliRunner.RunAsync("synth", "--rough", "--out", dir, "--scale", "600", "--forces", "3", "--hubs", "3", "--hub-people", "150", "--seed", "5");
            Assert.True(synth.ExitCode == 0, synth.Stderr);
            Assert.Contains("600 investigations", synth.Stdout, StringComparison.Ordinal);
            var identifiers = File.ReadAllLines(Path.Combine(dir, "identifiers.csv"));
            // Every hub is recorded with 150 people (some drawn twice) and seen in 50 investigations.
            Assert.True(identifiers.Count(l => l.EndsWith(",hub", StringComparison.Ordinal)) >= 3 * 140, "hub identifiers");

            await using var db = await TestDatabase.CreateAsync();
            var import = await CliRunner.RunAsync("import", dir, "--db", db.Target.ConnectionString);
            Assert.True(import.ExitCode == 0, import.Stderr);
            var link = await CliRunner.RunAsync("link", "--db", db.Target.ConnectionString);
            Assert.True(link.ExitCode == 0, link.Stderr);
            var screen = await CliRunner.RunAsync("screen", "--db", db.Target.ConnectionString, "--profile", "met-2025", "--as-of", "2025-03-31");
            Assert.True(screen.ExitCode == 0, screen.Stderr);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Theory]
    [InlineData("--scale", "met", "with --rough, give a number of investigations")]
    [InlineData("--forces", "9", "with --rough, give 1 to 5 forces")]
    [InlineData("--hub-people", "0", "give 1 to 100,000 people a hub")]
    public async Task A_bad_rough_option_is_refused_naming_it(string option, string value, string message)
    {
        var dir = Path.Combine(Path.GetTempPath(), "reassess-rough-refused-" + Guid.NewGuid().ToString("N"));
        var result = await CliRunner.RunAsync("synth", "--rough", "--out", dir, option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option, result.Stderr, StringComparison.Ordinal);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir));
    }
}
