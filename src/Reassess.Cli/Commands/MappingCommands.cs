using System.ComponentModel;
using System.Globalization;
using Reassess.Import.Mapping;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Reassess.Cli.Commands;

/// <summary>
/// <c>reassess mapping check EXTRACT --mapping FILE</c>: reads a force's extract through a mapping without importing it;
/// previews the first mapped rows of each table, lists every column the mapping does not read and every value it does
/// not translate (with counts), and the rows the import would refuse. Exit code 1 when an import would be refused.
/// </summary>
public sealed class MappingCheckCommand(IAnsiConsole console) : Command<MappingCheckCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<EXTRACT>")]
        [Description("Folder of the force's own files.")]
        public string Extract { get; init; } = "";

        [CommandOption("--mapping <FILE>")]
        [Description("The mapping file (docs/mappings.md).")]
        public string? Mapping { get; init; }

        [CommandOption("--rows <N>")]
        [Description("Mapped rows previewed for each table (default 5).")]
        [DefaultValue(5)]
        public int Rows { get; init; } = 5;

        public override ValidationResult Validate() =>
            Mapping is null ? ValidationResult.Error("--mapping FILE is required")
            : Rows < 0 ? ValidationResult.Error("--rows must be 0 or more")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var mapping = MappingDefinition.Load(settings.Mapping!); // a MappingException says where and why (exit 1)
        var result = MappingCheck.Run(settings.Extract, mapping, settings.Rows, cancellationToken);
        console.WriteLine($"Mapping {Path.GetFileName(settings.Mapping)} (version {mapping.Version}){(mapping.Description is { } d ? ": " + d : "")}");
        if (result.FileErrors.Count > 0)
        {
            // One line each, unwrapped, on stderr: as `reassess import` reports errors.
            foreach (var error in result.FileErrors) Console.Error.WriteLine(error.ToString());
            console.WriteLine($"The extract cannot be read through this mapping: {result.FileErrors.Count} error(s). An import would be refused.");
            return ExitCodes.InvalidInput;
        }

        foreach (var preview in result.Previews)
        {
            if (preview.Rows.Count == 0)
            {
                console.WriteLine($"{preview.Table}: {Count(preview.TotalRows)} mapped row(s)");
                continue;
            }
            // Only the columns the mapping fills in the rows shown: the others are empty.
            var shown = Enumerable.Range(0, preview.Columns.Count).Where(c => preview.Rows.Any(r => r.Cells[c] is not null)).ToList();
            var table = new TerminalTable(["source", .. shown.Select(c => preview.Columns[c])])
            {
                Title = $"{preview.Table}: {Count(preview.Rows.Count)} of {Count(preview.TotalRows)} mapped row(s)",
            };
            // Free text (a summary, a context) wraps rather than turning the table round.
            var prose = shown.FindIndex(c => preview.Columns[c] is "summary" or "context");
            if (prose >= 0) table.FreeText(prose + 1);
            foreach (var row in preview.Rows)
                table.AddRow([$"{row.File}:{row.Line}", .. shown.Select(c => row.Cells[c] ?? "")]);
            table.Write(console);
        }

        if (result.Unmapped.Count == 0) console.WriteLine("Every column of the force's files is mapped or ignored.");
        else
        {
            var unmapped = new TerminalTable("file", "column") { Title = $"{result.Unmapped.Count} column(s) not mapped (an import ignores them, with a warning)" };
            foreach (var u in result.Unmapped) unmapped.AddRow(u.File, u.Column);
            unmapped.Write(console);
        }

        if (result.Untranslated.Count == 0) console.WriteLine("Every value that goes through a translation has one.");
        else
        {
            var untranslated = new TerminalTable("file", "column", "translation", "value", "rows", "first line")
            {
                Title = $"{result.Untranslated.Count} value(s) with no translation (an import refuses their rows)",
            }.Numeric(4, 5);
            foreach (var u in result.Untranslated)
                untranslated.AddRow(u.File, u.Column, u.Translation, u.Value, Count(u.Count), u.FirstLine.ToString(CultureInfo.InvariantCulture));
            untranslated.Write(console);
        }

        if (result.RowErrorCount > 0)
        {
            console.WriteLine($"{Count(result.RowErrorCount)} other error(s) in mapped rows{(result.RowErrorCount > result.RowErrors.Count ? $", the first {result.RowErrors.Count}" : "")} on stderr.");
            foreach (var error in result.RowErrors) Console.Error.WriteLine(error.ToString());
        }

        if (result.WouldRefuse)
        {
            console.WriteLine("An import through this mapping would be refused (or, with --rejects, those rows rejected).");
            return ExitCodes.InvalidInput;
        }
        console.WriteLine("No row would be refused by these checks (an import also checks repeated keys and references).");
        return ExitCodes.Success;
    }

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
