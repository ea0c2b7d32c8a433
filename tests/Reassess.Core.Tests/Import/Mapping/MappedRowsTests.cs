using System.Security.Cryptography;
using System.Text;
using Reassess.Import;
using Reassess.Import.Mapping;

namespace Reassess.Tests.Import.Mapping;

/// <summary>
/// The fast paths of a mapped import give what the plain ones gave: a force's CSV file read with shared strings and one
/// array for every row holds the same cells as read plainly, and the hash of the mapped rows (the batch's record of the
/// extract), taken through a buffer, is the hash of the same bytes taken cell by cell.
/// </summary>
public sealed class MappedRowsTests
{
    [Fact]
    public void A_csv_source_read_with_shared_strings_and_one_array_holds_the_cells_read_plainly()
    {
        using var extract = Extract.Empty();
        var lines = new StringBuilder("REF,DATE,CODE,NOTE,UNUSED\n");
        for (var i = 0; i < 500; i++)
            lines.Append(i % 7 == 0 ? "\n" : $"R{i / 3}, {i % 12:00}/01/2014 ,{(i % 5 == 0 ? "" : "C" + (i % 4))},\"note, {i % 2}\",x{i}\n");
        lines.Append("R9,01/01/2014,C1\n"); // too few fields: an error on its row
        lines.Append("R10,01/01/2014,C1,last,x\n");
        extract.Write("crimes.csv", lines.ToString());
        var errors = new List<ImportError>();
        var source = SourceTable.Open(extract.Directory, "crimes", new SourceDefinition { File = "crimes.csv" }, errors);
        Assert.Empty(errors);
        bool[] wanted = [true, true, true, true, false];
        var plain = source!.Rows(wanted, keepRaw: true).Select(r => (r.Line, string.Join('|', r.Cells.Select(c => c ?? "(null)")), r.Raw, r.ShapeError)).ToList();
        var fast = source.Rows(wanted, keepRaw: true, pooled: [false, true, true, false, false], reuseCells: true)
            .Select(r => (r.Line, string.Join('|', r.Cells.Select(c => c ?? "(null)")), r.Raw, r.ShapeError)).ToList();
        Assert.Equal(plain, fast);
        Assert.Equal(430, plain.Count);
        Assert.Contains(plain, r => r.ShapeError == "has 3 fields; the header has 5");
    }

    [Fact]
    public void The_hash_of_the_mapped_rows_is_that_of_their_cells_one_by_one()
    {
        var tables = MappedExtract.Tables.Select((_, t) => new MappedTable(new Discard(), t)).ToArray();
        var rows = new List<(int Table, string?[] Cells)>();
        var random = new Random(24);
        for (var i = 0; i < 20_000; i++)
        {
            var t = i % 4;
            var cells = new string?[MappedExtract.Tables[t].Columns.Count];
            for (var c = 0; c < cells.Length; c++)
                cells[c] = random.Next(4) == 0 ? null : $"v{random.Next(100_000)}{(random.Next(50) == 0 ? "é€𝄞" : "")}";
            if (i == 9_999) cells[^1] = new string('x', 200_000) + "é"; // longer than the buffer
            rows.Add((t, cells));
        }
        foreach (var (t, cells) in rows)
            tables[t].Row(0, (string?[])cells.Clone(), new RowOrigin(2, null, null), null);

        Assert.Equal(CellByCell(rows), MappedTable.Hash(tables));
    }

    [Theory]
    [InlineData(0, 10, 4, new[] { 4, 8, 10 })] // no estimate: the rows so far
    [InlineData(25, 10, 4, new[] { 25, 25, 25 })] // the maker's estimate, said with every part
    [InlineData(25, 3, 4, new[] { 3 })] // one part, the last: exact
    [InlineData(5, 12, 4, new[] { 5, 8, 12 })] // an estimate short of the rows: never fewer than handed over so far
    public void Rows_handed_in_go_over_in_parts_saying_how_many_the_file_is_expected_to_have(int estimate, int rows, int partRows, int[] expected)
    {
        var said = new List<int>();
        var sink = new PushedFile<Reassess.Records.Investigation>(row => RowParser.Investigation(row), (part, first, expectedRows) => said.Add(expectedRows),
            partRows, keepRaw: false, (_, _, _) => { });
        sink.Expect(100, estimate);
        for (var i = 0; i < rows; i++) sink.Row(new CsvRow(i + 2, new string?[13], ""));
        sink.Complete([]);
        Assert.Equal(expected, said);
    }

    /// <summary>The hash as it was taken before it was buffered: each cell, then its end mark, each row's end, hashed as they come.</summary>
    private static string CellByCell(List<(int Table, string?[] Cells)> rows)
    {
        using var all = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var t = 0; t < MappedExtract.Tables.Length; t++)
        {
            using var table = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var (_, cells) in rows.Where(r => r.Table == t))
            {
                foreach (var cell in cells)
                {
                    if (cell is not null) table.AppendData(Encoding.UTF8.GetBytes(cell));
                    table.AppendData(cell is null ? "\u2400\u241F"u8 : "\u241F"u8);
                }
                table.AppendData("\u241E"u8);
            }
            all.AppendData(Encoding.UTF8.GetBytes(MappedExtract.Tables[t].File));
            all.AppendData(table.GetHashAndReset());
        }
        return Convert.ToHexStringLower(all.GetHashAndReset());
    }

    private sealed class Discard : IRowSink
    {
        public bool KeepsRawText => false;

        public void Expect(int capacity, int estimate)
        {
        }

        public void Row(CsvRow row)
        {
        }

        public void Complete(IReadOnlyList<ImportError> refused, Exception? failed = null)
        {
        }
    }
}
