using Reassess.Tests.Support;

namespace Reassess.Cli.Tests.Commands;

/// <summary><c>reassess link --incremental</c> as an operator runs it: a refusal is exit code 1 with its reason on stderr.</summary>
[Trait("Category", "Database")]
public sealed class LinkIncrementalCommandTests
{
    [Fact]
    public async Task Link_incremental_says_why_it_is_refused_and_what_to_run_instead()
    {
        await using var db = await TestDatabase.CreateAsync();
        var target = db.Target.ConnectionString;
        Assert.Equal(0, (await CliRunner.RunAsync("import", Bundle.SampleDirectory, "--db", target)).ExitCode);

        var first = await CliRunner.RunAsync("link", "--incremental", "--db", target);
        Assert.Equal(1, first.ExitCode);
        Assert.Contains("no link run has completed yet: run a full 'reassess link' first", first.Stderr, StringComparison.Ordinal);

        Assert.Equal(0, (await CliRunner.RunAsync("link", "--db", target)).ExitCode);
        var again = await CliRunner.RunAsync("link", "--incremental", "--db", target);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("nothing was imported or decided since linkage run 1", again.Stderr, StringComparison.Ordinal);

        var both = await CliRunner.RunAsync("link", "--incremental", "--restart", "--db", target);
        Assert.NotEqual(0, both.ExitCode);
        Assert.Contains("--incremental and --restart cannot be given together", both.Stdout + both.Stderr, StringComparison.Ordinal);
    }
}
