using MiniExcelLibs;

namespace Reassess.Tests.Import.Mapping;

/// <summary>
/// The committed samples/layouts/athena-like/athena-export.xlsx is the workbook <see cref="SampleWorkbook"/> writes, cell
/// for cell. Run with <c>REASSESS_WRITE_SAMPLES=1</c> to write it again after changing the generator.
/// </summary>
public sealed class SampleWorkbookTests
{
    private static string Committed => Path.Combine(Extract.LayoutsDirectory, "athena-like", SampleWorkbook.FileName);

    private static List<string> Cells(string path) =>
        [.. MiniExcel.GetSheetNames(path).SelectMany(sheet => MiniExcel.Query(path, useHeaderRow: false, sheetName: sheet)
            .Cast<IDictionary<string, object?>>()
            .Select((row, i) => $"{sheet}!{i + 1}: " + string.Join(" | ", row.Values.Select(v => v is null ? "" : $"{v.GetType().Name}:{v}"))))];

    [Fact]
    public void The_committed_workbook_is_the_one_the_generator_writes()
    {
        if (Environment.GetEnvironmentVariable("REASSESS_WRITE_SAMPLES") == "1") SampleWorkbook.Write(Committed);
        using var scratch = Extract.Empty();
        var fresh = scratch.PathOf(SampleWorkbook.FileName);
        SampleWorkbook.Write(fresh);
        Assert.Equal(["Crimes", "Persons", "Victims", "Suspects", "Witnesses", "Contacts"], MiniExcel.GetSheetNames(Committed));
        var committed = Cells(Committed);
        Assert.Equal(Cells(fresh), committed);
        // Dates are date cells, sexes numbers, flags booleans: the reader's conversions are exercised.
        Assert.Contains(committed, line => line.StartsWith("Crimes!2: String:WV-2015-000112 | String:Wessex Vale Police | DateTime:", StringComparison.Ordinal));
        Assert.Contains(committed, line => line.StartsWith("Persons!2: ", StringComparison.Ordinal) && line.Contains("Double:2", StringComparison.Ordinal));
    }
}
