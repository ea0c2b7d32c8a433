namespace Reassess.Tests;

/// <summary>
/// The layout of the sources: a file over a few hundred lines holds more than one capability (the importer once held
/// orchestration, reference resolution, stored-record reading and two engines' bulk I/O in 1,500 lines), so each file is
/// kept to what one reader can hold. Generated code (EF Core migrations, build output) is not written by hand and is left out.
/// </summary>
public sealed class LayoutTests
{
    private const int MaxLines = 600;

    [Fact]
    public void No_hand_written_source_file_is_over_600_lines()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        var files = HandWrittenSources(src).ToList();
        Assert.True(files.Count > 100, $"expected the sources under {src}, found {files.Count} .cs files");
        var tooLong = files
            .Select(f => (File: Path.GetRelativePath(src, f), Lines: File.ReadLines(f).Count()))
            .Where(f => f.Lines > MaxLines)
            .Select(f => $"{f.File}: {f.Lines} lines")
            .ToList();
        Assert.True(tooLong.Count == 0, $"over {MaxLines} lines (split by capability): " + string.Join("; ", tooLong));
    }

    /// <summary>
    /// A comment that cites a document (<c>docs/leads.md</c>, <c>bench/import-notes.md</c>) cites one the repository holds,
    /// by its path from the repository's root, so a reader can follow it: not a specification kept elsewhere.
    /// </summary>
    [Fact]
    public void Every_document_a_source_comment_cites_is_in_the_repository()
    {
        var root = RepositoryRoot();
        var src = Path.Combine(root, "src");
        var cited = HandWrittenSources(src)
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => l.Text.TrimStart().StartsWith("//", StringComparison.Ordinal))
            .SelectMany(l => System.Text.RegularExpressions.Regex.Matches(l.Text, @"(?<![\w/.-])[\w./-]+\.md\b").Select(m => (l.File, l.Line, Doc: m.Value)))
            .ToList();
        Assert.True(cited.Count > 20, $"expected comments citing docs/, found {cited.Count}");
        var missing = cited.Where(c => !File.Exists(Path.Combine(root, c.Doc)))
            .Select(c => $"{Path.GetRelativePath(root, c.File)}:{c.Line} cites {c.Doc}").ToList();
        Assert.True(missing.Count == 0, "not in the repository (cite docs/…): " + string.Join("; ", missing));
    }

    /// <summary>Every .cs file under <paramref name="src"/> except those in Migrations, bin and obj folders.</summary>
    internal static IEnumerable<string> HandWrittenSources(string src) =>
        Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(src, f).Split(Path.DirectorySeparatorChar)
                .Any(part => part is "Migrations" or "obj" or "bin"));

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Reassess.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException($"no Reassess.slnx above {AppContext.BaseDirectory}");
    }
}
