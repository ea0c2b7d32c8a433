using Reassess.Tests.Support;

namespace Reassess.Cli.Tests.Commands;

[Trait("Category", "Database")]
public sealed class ImportCommandTests
{
    [Fact]
    public async Task A_valid_bundle_imports_with_exit_code_0_and_stats_shows_it()
    {
        await using var db = await TestDatabase.CreateAsync();
        var dbArg = db.Target.ConnectionString;
        var result = await CliRunner.RunAsync("import", Bundle.SampleDirectory, "--db", dbArg);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("investigations", result.Stdout, StringComparison.Ordinal);
        var stats = await CliRunner.RunAsync("stats", "--db", dbArg);
        Assert.Equal(0, stats.ExitCode);
        Assert.Contains("MPS", stats.Stdout, StringComparison.Ordinal);
        Assert.Contains("GMP", stats.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_bundle_exits_1_with_every_error_on_stderr()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var bundle = Bundle.FromSample();
        bundle.SetCell("people.csv", 4, "sex", "Q");
        bundle.SetCell("investigations.csv", 3, "recorded_date", "yesterday");
        var result = await CliRunner.RunAsync("import", bundle.Directory, "--db", db.Target.ConnectionString);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("investigations.csv:3: recorded_date: 'yesterday' is not a date (YYYY-MM-DD)", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("people.csv:4: sex: 'Q' is not one of F, M, U", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("nothing was written", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("people.csv", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("import")]
    [InlineData("import", "a", "--no-such-option")]
    [InlineData("no-such-command")]
    public async Task Usage_errors_exit_2(params string[] args)
    {
        var result = await CliRunner.RunAsync(args);
        Assert.Equal(2, result.ExitCode);
        Assert.NotEmpty(result.Stderr);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("import", "--help")]
    [InlineData("stats", "--help")]
    public async Task Help_is_available_on_every_command(params string[] args)
    {
        var result = await CliRunner.RunAsync(args);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("USAGE", result.Stdout, StringComparison.Ordinal);
    }
}
