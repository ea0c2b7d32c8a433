using Reassess.Tests.Support;

namespace Reassess.Cli.Tests.Mapping;

/// <summary><c>reassess mapping check</c> and <c>reassess import --mapping</c>, run as a user would.</summary>
public sealed class MappingCommandTests
{
    private static string Layout(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "samples", "layouts"))) dir = dir.Parent;
        return dir is null ? throw new DirectoryNotFoundException("samples/layouts not found above the test folder") : Path.Combine(dir.FullName, "samples", "layouts", name);
    }

    /// <summary>A copy of a sample layout to edit.</summary>
    private static DirectoryInfo Copy(string name)
    {
        var copy = Directory.CreateTempSubdirectory("reassess-layout-");
        foreach (var file in Directory.GetFiles(Layout(name))) File.Copy(file, Path.Combine(copy.FullName, Path.GetFileName(file)));
        return copy;
    }

    [Fact]
    public async Task Check_previews_the_mapped_rows_lists_the_unmapped_column_and_exits_0()
    {
        var dir = Layout("niche-like");
        var result = await CliRunner.RunAsync("mapping", "check", dir, "--mapping", Path.Combine(dir, "mapping.json"), "--rows", "2");
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("investigations: 2 of 8 mapped row(s)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("people: 2 of 16 mapped row(s)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("nominals.csv:3", result.Stdout, StringComparison.Ordinal); // the second nominal's own file and line
        Assert.Contains("TESTWELL", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 column(s) not mapped", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("STATION", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Every value that goes through a translation has one.", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_lists_each_untranslated_value_with_its_count_and_exits_1()
    {
        var dir = Copy("niche-like");
        try
        {
            var links = Path.Combine(dir.FullName, "occurrence_nominals.csv");
            File.WriteAllText(links, File.ReadAllText(links).Replace(",Victim,", ",Complainant,", StringComparison.Ordinal));
            var result = await CliRunner.RunAsync("mapping", "check", dir.FullName, "--mapping", Path.Combine(dir.FullName, "mapping.json"), "--rows", "0");
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("1 value(s) with no translation", result.Stdout, StringComparison.Ordinal);
            // Laid out to fit the terminal: as one row, or turned round (one line per column) when that is too wide.
            Assert.Matches(@"occurrence_nominals\.csv\s*│\s*INVOLVEMENT\s*│\s*involvement\s*│\s*Complainant\s*│\s*9\s*│\s*2|value\s*│\s*Complainant\s*│\s*\n\s*│\s*rows\s*│\s*9\s*│", result.Stdout);
            Assert.Contains("An import through this mapping would be refused", result.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Check_refuses_a_mapping_naming_a_missing_column_and_a_broken_mapping_file()
    {
        var dir = Copy("athena-like");
        try
        {
            var mapping = Path.Combine(dir.FullName, "mapping.json");
            File.WriteAllText(mapping, File.ReadAllText(mapping).Replace("\"PNC_NO\"", "\"PNC_NUMBER\"", StringComparison.Ordinal));
            var result = await CliRunner.RunAsync("mapping", "check", dir.FullName, "--mapping", mapping);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("athena-export.xlsx[Persons]:1: PNC_NUMBER: named by the mapping (tables.people[0].columns.pnc_id) but not in the header", result.Stderr, StringComparison.Ordinal);

            File.WriteAllText(mapping, "{ \"version\": 3 }");
            result = await CliRunner.RunAsync("mapping", "check", dir.FullName, "--mapping", mapping);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("mapping.json: version: 3 is not a mapping version this Reassess reads (it reads 1)", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Check_without_a_mapping_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync("mapping", "check", Layout("niche-like"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--mapping", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Database")]
    public async Task Import_with_a_mapping_imports_the_workbook_and_refuses_an_untranslated_code_at_its_own_line()
    {
        await using var db = await TestDatabase.CreateAsync();
        var dir = Layout("athena-like");
        var result = await CliRunner.RunAsync("import", dir, "--mapping", Path.Combine(dir, "mapping.json"), "--db", db.Target.ConnectionString);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("forces WVP", result.Stdout.Replace("\n", " ", StringComparison.Ordinal), StringComparison.Ordinal);

        var copy = Copy("niche-like");
        try
        {
            var results = Path.Combine(copy.FullName, "occurrence_results.csv");
            File.WriteAllText(results, File.ReadAllText(results).Replace("NX/16/00877,CHS", "NX/16/00877,CHARGED", StringComparison.Ordinal));
            result = await CliRunner.RunAsync("import", copy.FullName, "--mapping", Path.Combine(copy.FullName, "mapping.json"), "--db", db.Target.ConnectionString);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("occurrence_results.csv:4: RESULT: 'CHARGED' has no translation in 'result'", result.Stderr, StringComparison.Ordinal);
            Assert.Contains("warning: occurrences.csv:1: STATION: not mapped; ignored", result.Stderr, StringComparison.Ordinal);
            Assert.Contains("nothing was written", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }
}
