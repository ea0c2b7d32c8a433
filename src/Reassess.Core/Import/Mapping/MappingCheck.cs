using System.Text.RegularExpressions;

namespace Reassess.Import.Mapping;

/// <summary>The first rows of one force-export-v1 table as the mapping makes them, each with the force's file and line it came from.</summary>
public sealed record MappedPreview(string Table, IReadOnlyList<string> Columns, IReadOnlyList<MappedPreviewRow> Rows, int TotalRows);

public sealed record MappedPreviewRow(string File, int Line, IReadOnlyList<string?> Cells);

/// <summary>A value of a force file's column that its translation does not list, and on how many rows.</summary>
public sealed record UntranslatedValue(string File, string Column, string Translation, string Value, int Count, int FirstLine);

/// <summary>What <c>reassess mapping check</c> found: would the extract be imported through the mapping, and what does it make.</summary>
public sealed record MappingCheckResult(
    IReadOnlyList<ImportError> FileErrors,
    IReadOnlyList<UnmappedColumn> Unmapped,
    IReadOnlyList<MappedPreview> Previews,
    IReadOnlyList<UntranslatedValue> Untranslated,
    IReadOnlyList<ImportError> RowErrors,
    int RowErrorCount)
{
    /// <summary>The most row errors listed (<see cref="RowErrorCount"/> counts them all).</summary>
    public const int MaxListedRowErrors = 50;

    /// <summary>Whether an import through the mapping would be refused (without <c>--rejects</c>): a file or header error, an untranslated value, an invalid row.</summary>
    public bool WouldRefuse => FileErrors.Count > 0 || Untranslated.Count > 0 || RowErrorCount > 0;
}

/// <summary>
/// Checks a force's extract against a mapping without a database: reads every row through the mapping, checks each
/// mapped row as the importer checks a row of force-export-v1 on its own (cell formats and codes; not the checks that
/// need other rows or stored records, such as a repeated key or a missing investigation), counts each untranslated
/// value, lists the columns the mapping does not read, and keeps the first rows of each table for a preview.
/// </summary>
public static partial class MappingCheck
{
    [GeneratedRegex("^'(.*)' has no translation in '(.*)'$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Untranslated();

    public static MappingCheckResult Run(string extract, MappingDefinition mapping, int previewRows = 5, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(previewRows);
        var opened = MappedExtract.Open(extract, mapping);
        if (opened.FileErrors.Count > 0) return new(opened.FileErrors, opened.Unmapped, [], [], [], 0);
        var sinks = MappedExtract.Tables.Select((t, i) => new CheckRows(opened, i, previewRows)).ToArray();
        var joinErrors = new List<ImportError>();
        opened.Run(t => sinks[t], keepRaw: false, joinErrors, cancellationToken);
        if (joinErrors.Count > 0) return new(joinErrors, opened.Unmapped, [], [], [], 0);

        var untranslated = sinks.SelectMany(s => s.Untranslated)
            .GroupBy(u => u.Key)
            .Select(g => new UntranslatedValue(g.Key.File, g.Key.Column, g.Key.Translation, g.Key.Value, g.Sum(x => x.Value.Count), g.Min(x => x.Value.FirstLine)))
            .OrderBy(u => u.File, StringComparer.Ordinal).ThenBy(u => u.Column, StringComparer.Ordinal).ThenByDescending(u => u.Count).ThenBy(u => u.Value, StringComparer.Ordinal)
            .ToList();
        var previews = sinks.Where(s => opened.Maps(s.Table))
            .Select(s => new MappedPreview(MappedExtract.Tables[s.Table].Table, [.. MappedExtract.Tables[s.Table].Columns.Select(c => c.Name)], s.Preview, s.Count))
            .ToList();
        return new(
            [], opened.Unmapped, previews, untranslated,
            [.. sinks.SelectMany(s => s.Errors).Take(MappingCheckResult.MaxListedRowErrors)],
            sinks.Sum(s => s.ErrorCount));
    }

    /// <summary>One table's rows as the check sees them.</summary>
    private sealed class CheckRows(MappedExtract extract, int table, int previewRows) : IMappedRows
    {
        private readonly IReadOnlyList<ColumnSpec> _columns = MappedExtract.Tables[table].Columns;

        public int Table { get; } = table;
        public int Count { get; private set; }
        public int ErrorCount { get; private set; }
        public List<MappedPreviewRow> Preview { get; } = [];
        public List<ImportError> Errors { get; } = [];
        public Dictionary<(string File, string Column, string Translation, string Value), (int Count, int FirstLine)> Untranslated { get; } = [];

        public void Made()
        {
        }

        public void Row(int feed, string?[] cells, in RowOrigin origin, List<(string Column, string Reason)>? errors)
        {
            Count++;
            var compiled = extract.FeedsOf(Table)[feed];
            if (Preview.Count < previewRows) Preview.Add(new(compiled.Source.Display, origin.Line, [.. cells]));
            // The row as the importer would parse it: the mapping's errors, then the format's own checks of the cells.
            var report = Table switch
            {
                0 => (RowReport)RowParser.Investigation(new CsvRow(origin.Line, cells, "")),
                1 => RowParser.Person(new CsvRow(origin.Line, cells, "")),
                2 => RowParser.Involvement(new CsvRow(origin.Line, cells, "")),
                _ => RowParser.Identifier(new CsvRow(origin.Line, cells, "")),
            };
            var all = (errors ?? []).Concat(report.Errors.Where(e => !MappedRowErrors.Supersede(errors, e.Column)).Select(e => (e.Column, e.Reason)));
            foreach (var (column, reason) in all)
            {
                var (file, line, where) = MappedLocator.Locate(compiled, origin.Line, origin.JoinLines, _columns, column);
                if (Untranslated().Match(reason) is { Success: true } m)
                {
                    var key = (file, where, m.Groups[2].Value, m.Groups[1].Value);
                    Untranslated[key] = Untranslated.TryGetValue(key, out var seen) ? (seen.Count + 1, seen.FirstLine) : (1, line);
                    continue;
                }
                ErrorCount++;
                if (Errors.Count < MappingCheckResult.MaxListedRowErrors) Errors.Add(new(file, line, where, reason));
            }
        }
    }
}

/// <summary>How the mapping's errors on a row and the format's own errors on it go together.</summary>
internal static class MappedRowErrors
{
    /// <summary>
    /// Whether the mapping's <paramref name="errors"/> on a row make the format's error on <paramref name="column"/> moot:
    /// the mapping failed on that cell, or could not read the row at all (<c>(row)</c>).
    /// </summary>
    public static bool Supersede(IReadOnlyList<(string Column, string Reason)>? errors, string column)
    {
        if (errors is null) return false;
        foreach (var e in errors)
            if (e.Column == column || e.Column == "(row)") return true;
        return false;
    }
}
