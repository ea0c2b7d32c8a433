using System.Data.Common;
using System.Globalization;
using System.Text;
using nietras.SeparatedValues;
using Reassess.Import;
using Reassess.Storage;
using Reassess.Synthesis;
using Reassess.Tests.Support;

namespace Reassess.Tests.Import;

/// <summary>
/// An extract that is not ours (issue 24): the same rows in no particular order, the columns in another order and a column
/// the format does not know. It must import to exactly the same records as the ordered bundle: ids follow file order, so
/// the records are compared by their keys (<see cref="ContentAsync"/>), every other column included.
/// </summary>
[Trait("Category", "Database")]
public sealed class UnorderedBundleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);
    private static readonly string[] Files = ["investigations.csv", "people.csv", "involvements.csv", "identifiers.csv"];

    private static Task<ImportOutcome> Import(TestDatabase db, string directory, string? rejects = null) =>
        new BundleImporter(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now))
            .ImportAsync(db.Target, directory, new ImportOptions { ImportedBy = "tester", RejectsPath = rejects, PartRows = 1_000 });

    [Fact]
    public async Task A_shuffled_bundle_with_reordered_columns_and_an_unknown_column_imports_to_the_same_records()
    {
        using var ordered = Bundle.Empty();
        using var unordered = Bundle.Empty();
        var summary = ExtractGenerator.WriteBundle(
            new SynthesisOptions { Scale = SynthesisScale.Count(3_000), Forces = 2, AsOf = new DateOnly(2025, 3, 31), Seed = 24 }, ordered.Directory);
        Unorder(ordered.Directory, unordered.Directory, seed: 24);
        // The shuffle did move rows: involvements come before their investigation's predecessors' involvements.
        Assert.NotEqual(Cells(ordered, "involvements.csv", 1)["investigation_id"], Cells(unordered, "involvements.csv", 1)["investigation_id"]);

        await using var a = await TestDatabase.CreateAsync();
        await using var b = await TestDatabase.CreateAsync();
        var fromOrdered = await Import(a, ordered.Directory);
        var fromUnordered = await Import(b, unordered.Directory);

        Assert.True(fromOrdered.Succeeded, string.Join('\n', fromOrdered.Errors.Take(10)));
        Assert.True(fromUnordered.Succeeded, string.Join('\n', fromUnordered.Errors.Take(10)));
        Assert.Empty(fromOrdered.Warnings);
        Assert.Equal(Files.Select(f => $"{f}:1: extract_note: unknown column ignored"), fromUnordered.Warnings);
        Assert.Equal(fromOrdered.Changes, fromUnordered.Changes);
        Assert.Equal(summary.Involvements, fromUnordered.Changes.Single(c => c.Table == "involvements").Added);
        var content = await ContentAsync(a);
        Assert.Equal(content, await ContentAsync(b));

        // The unordered twin is the same extract: imported again over the ordered one, it changes nothing.
        var again = await Import(a, unordered.Directory);
        Assert.True(again.Succeeded, string.Join('\n', again.Errors.Take(10)));
        Assert.All(again.Changes, c => Assert.Equal((0, 0), (c.Added, c.Updated)));
        Assert.Equal(content, await ContentAsync(a));
    }

    [Fact]
    public async Task A_repeated_involvement_is_found_wherever_its_rows_are_and_rejected_alike_in_either_order()
    {
        using var ordered = Bundle.Empty();
        ExtractGenerator.WriteBundle(
            new SynthesisOptions { Scale = SynthesisScale.Count(1_500), Forces = 1, AsOf = new DateOnly(2025, 3, 31), Seed = 7 }, ordered.Directory);
        // Three involvements recorded twice at the end of the file: the last row's, right after itself, and two far from theirs.
        var lines = ordered.Lines("involvements.csv");
        foreach (var line in new[] { lines[2], lines[lines.Length / 3], lines[^1] }) ordered.Append("involvements.csv", line);
        using var unordered = Bundle.Empty();
        Unorder(ordered.Directory, unordered.Directory, seed: 5);

        foreach (var bundle in new[] { ordered, unordered })
        {
            await using var db = await TestDatabase.CreateAsync();
            var refused = await Import(db, bundle.Directory);
            Assert.False(refused.Succeeded);
            Assert.Equal(3, refused.Errors.Count);
            Assert.All(refused.Errors, e =>
            {
                Assert.Equal("role", e.Column);
                Assert.Matches(@"already has role \w+ in investigation '[^']+' \(line \d+\)$", e.Reason);
                // The line named is the other row of the same involvement, listed earlier in the file.
                var named = int.Parse(e.Reason[(e.Reason.LastIndexOf("line ", StringComparison.Ordinal) + 5)..^1], CultureInfo.InvariantCulture);
                Assert.True(named < e.Line, $"{e}");
                Assert.Equal(Key(Cells(bundle, "involvements.csv", LineIndex(bundle, e.Line))), Key(Cells(bundle, "involvements.csv", LineIndex(bundle, named))));
            });
            Assert.Equal(0, await CountAsync(db, "involvements"));
        }

        // With a rejects file, each order keeps one row of each pair: the same records.
        var contents = new List<string>();
        foreach (var bundle in new[] { ordered, unordered })
        {
            await using var db = await TestDatabase.CreateAsync();
            var rejects = Path.Combine(bundle.Directory, "..", Path.GetFileName(bundle.Directory) + "-rejects.csv");
            try
            {
                var outcome = await Import(db, bundle.Directory, rejects);
                Assert.True(outcome.Succeeded);
                Assert.Equal(3, outcome.RejectedRows);
                contents.Add(await ContentAsync(db));
            }
            finally
            {
                File.Delete(rejects);
            }
        }
        Assert.Equal(contents[0], contents[1]);
    }

    private static string Key(Dictionary<string, string> cells) =>
        $"{cells["force"]}|{cells["investigation_id"]}|{cells["person_id"]}|{cells["role"]}";

    /// <summary>The index of the row (0 = header) that begins on physical line <paramref name="line"/> of a file (rows may span lines).</summary>
    private static int LineIndex(Bundle bundle, int line)
    {
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true }).FromFile(bundle.PathOf("involvements.csv"));
        var index = 1;
        foreach (var row in reader)
        {
            if (row.LineNumberFrom == line) return index;
            index++;
        }
        throw new InvalidOperationException($"no row begins on line {line}");
    }

    /// <summary>The cells of data row <paramref name="index"/> (1 = the first) of a file, by column name.</summary>
    private static Dictionary<string, string> Cells(Bundle bundle, string file, int index)
    {
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true }).FromFile(bundle.PathOf(file));
        var n = 0;
        foreach (var row in reader)
        {
            if (++n < index) continue;
            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in reader.Header.ColNames) cells[name] = row[name].ToString();
            return cells;
        }
        throw new InvalidOperationException($"{file} has no row {index}");
    }

    /// <summary>
    /// What bench/unordered-bundle.py does: every file's rows shuffled with the seed, its columns in another order, and an
    /// unknown column <c>extract_note</c> added.
    /// </summary>
    private static void Unorder(string from, string to, int seed)
    {
        foreach (var file in Files)
        {
            var source = Path.Combine(from, file);
            if (!File.Exists(source)) continue;
            var random = new Random(seed + file.Length);
            string[] header;
            var rows = new List<string[]>();
            using (var reader = Sep.New(',').Reader(o => o with { Unescape = true }).FromFile(source))
            {
                header = [.. reader.Header.ColNames];
                foreach (var row in reader)
                {
                    var cells = new string[header.Length];
                    for (var i = 0; i < cells.Length; i++) cells[i] = row[i].ToString();
                    rows.Add(cells);
                }
            }
            var order = Enumerable.Range(0, header.Length).ToArray();
            while (order.SequenceEqual(Enumerable.Range(0, header.Length))) random.Shuffle(order);
            random.Shuffle(CollectionsMarshalSpan(rows));
            var extraAt = random.Next(header.Length + 1);
            var sb = new StringBuilder();
            void Line(IEnumerable<string> cells, string extra)
            {
                var list = cells.ToList();
                list.Insert(extraAt, extra);
                sb.Append(string.Join(',', list.Select(Quote))).Append('\n');
            }
            Line(order.Select(i => header[i]), "extract_note");
            for (var n = 0; n < rows.Count; n++) Line(order.Select(i => rows[n][i]), n % 3 == 0 ? $"note, {n % 97}" : "");
            File.WriteAllText(Path.Combine(to, file), sb.ToString(), new UTF8Encoding(false));
        }
    }

    private static Span<string[]> CollectionsMarshalSpan(List<string[]> rows) => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rows);

    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") < 0 ? cell : "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task<long> CountAsync(TestDatabase db, string table)
    {
        await using var connection = await ReassessDatabase.OpenConnectionAsync(db.Target);
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // test-only: every caller passes a literal table name, and SQL cannot take a table name as a parameter
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
#pragma warning restore CA2100
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Every column of every record table and of the history, with each id that follows file order (a record's own, and its
    /// references to others) replaced by the key it stands for; rows sorted, so that the order of the file does not show.
    /// </summary>
    private static async Task<string> ContentAsync(TestDatabase db)
    {
        await using var connection = await ReassessDatabase.OpenConnectionAsync(db.Target);
        var sb = new StringBuilder();
        const string investigationKey = "(SELECT x.force || '/' || x.investigation_ref FROM investigations x WHERE x.id = t.investigation_id)";
        const string personKey = "(SELECT x.force || '/' || x.person_ref FROM people x WHERE x.id = t.person_id)";
        foreach (var (table, keys) in new[]
        {
            ("investigations", ""),
            ("people", ""),
            ("involvements", $", {investigationKey} AS investigation_key, {personKey} AS person_key"),
            ("identifiers", $", {investigationKey} AS investigation_key, {personKey} AS person_key"),
        })
        {
            var rows = await RowsAsync(connection, $"SELECT t.*{keys} FROM {table} t", skip: ["id", "investigation_id", "person_id"]);
            sb.Append(table).Append(": ").Append(rows.Count).Append('\n');
            foreach (var row in rows) sb.Append(row).Append('\n');
        }
        var changes = await RowsAsync(connection,
            "SELECT entity, field, old_value, new_value, batch_id FROM record_changes", skip: []);
        sb.Append("record_changes: ").Append(changes.Count).Append('\n');
        foreach (var row in changes) sb.Append(row).Append('\n');
        return sb.ToString();
    }

    private static async Task<List<string>> RowsAsync(DbConnection connection, string sql, string[] skip)
    {
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // test-only: the text is assembled from the string constants in ContentAsync, with no outside input
        command.CommandText = sql;
#pragma warning restore CA2100
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            var cells = new List<string>();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (skip.Contains(reader.GetName(i), StringComparer.Ordinal)) continue;
                cells.Add(reader.GetName(i) + "=" + (reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)));
            }
            rows.Add(string.Join('|', cells));
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
