using Reassess.Linkage.Matching;

namespace Reassess.Tests.Linkage;

public sealed class DedupeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("reassess-dedupe-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly ColumnMapping[] Columns =
    [
        ColumnMapping.Parse("forenames=given_name"), ColumnMapping.Parse("surname=surname"),
        ColumnMapping.Parse("dob=date_of_birth:yyyyMMdd"), ColumnMapping.Parse("postcode=postcode"),
    ];

    /// <summary>A FEBRL-style file (a space after each comma) of synthetic people and their duplicates.</summary>
    private string WriteFebrlStyle(string name, int people, int seed, string idPrefix = "rec")
    {
        var (records, _) = LinkageEngineTests.Synthetic(people, seed);
        var lines = new List<string> { "rec_id, given_name, surname, date_of_birth, postcode" };
        lines.AddRange(records.Select(r => $"{idPrefix}-{r.Id}, {r.Forenames}, {r.Surname}, {r.DateOfBirth:yyyyMMdd}, {r.Postcode}"));
        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void Every_id_appears_once_and_the_output_is_stable_for_a_seed()
    {
        var input = WriteFebrlStyle("people.csv", 120, 9);
        var ids = File.ReadAllLines(input).Skip(1).Select(l => l.Split(',')[0].Trim()).ToList();
        var first = Path.Combine(_dir, "a.csv");
        var second = Path.Combine(_dir, "b.csv");
        Dedupe.WriteClusters(Dedupe.Run(input, null, "rec_id", Columns, new LinkageOptions { Seed = 3 }), first);
        Dedupe.WriteClusters(Dedupe.Run(input, null, "rec_id", Columns, new LinkageOptions { Seed = 3 }), second);

        var lines = File.ReadAllLines(first);
        Assert.Equal("id,cluster_id", lines[0]);
        Assert.Equal(ids, lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
        var clusters = lines.Skip(1).Select(l => l.Split(',')[1]).Distinct().Count();
        Assert.InRange(clusters, 100, 130); // 120 people, 40 of them twice
    }

    [Fact]
    public void Linking_two_files_writes_file_id_and_cluster()
    {
        var a = WriteFebrlStyle("a.csv", 50, 1, "a");
        var b = WriteFebrlStyle("b.csv", 50, 1, "b");
        var output = Path.Combine(_dir, "linked.csv");
        Dedupe.WriteClusters(Dedupe.Run(a, b, "rec_id", Columns, new LinkageOptions()), output);
        var rows = File.ReadAllLines(output).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal("file,id,cluster_id", File.ReadAllLines(output)[0]);
        Assert.Equal(File.ReadAllLines(a).Length - 1 + File.ReadAllLines(b).Length - 1, rows.Count);
        // The same people in both files: each a-record shares its cluster with its b twin.
        var clusterOf = rows.ToDictionary(r => r[0] + ":" + r[1], r => r[2]);
        Assert.Equal(clusterOf["1:a-p7"], clusterOf["2:b-p7"]);
        Assert.All(rows, r => Assert.Contains(r[0], new[] { "1", "2" }));
    }

    [Fact]
    public void A_duplicate_id_is_an_error_naming_the_line()
    {
        var path = Path.Combine(_dir, "dup.csv");
        File.WriteAllLines(path, ["rec_id, given_name, surname, date_of_birth, postcode", "r1, ann, ashdown, 19800101, ZZ1 1AA", "r1, bob, brennick, 19810101, ZZ2 2BB"]);
        var ex = Assert.Throws<LinkageInputException>(() => Dedupe.Run(path, null, "rec_id", Columns, new LinkageOptions()));
        Assert.Contains(":3:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("duplicate id 'r1'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_column_is_an_error_listing_the_columns()
    {
        var path = Path.Combine(_dir, "cols.csv");
        File.WriteAllLines(path, ["rec_id, given_name", "r1, ann"]);
        var ex = Assert.Throws<LinkageInputException>(() => Dedupe.Run(path, null, "rec_id", Columns, new LinkageOptions()));
        Assert.Contains("no column 'surname'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_date_is_an_error_but_an_impossible_one_is_kept_as_digits()
    {
        Assert.True(PeopleCsv.TryParseDate("19371233", "yyyyMMdd", out var date, out var digits));
        Assert.Null(date);
        Assert.Equal("19371233", digits);
        Assert.True(PeopleCsv.TryParseDate("24/06/1971", null, out date, out _));
        Assert.Equal(new DateOnly(1971, 6, 24), date);

        var path = Path.Combine(_dir, "dates.csv");
        File.WriteAllLines(path, ["rec_id, given_name, surname, date_of_birth, postcode", "r1, ann, ashdown, unknown, ZZ1 1AA"]);
        var ex = Assert.Throws<LinkageInputException>(() => Dedupe.Run(path, null, "rec_id", Columns, new LinkageOptions()));
        Assert.Contains("'unknown' is not a date", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dob=date_of_birth:yyyyMMdd", "dob", "date_of_birth", "yyyyMMdd")]
    [InlineData("Surname=family name", "surname", "family name", null)]
    public void Column_mappings_parse(string spec, string role, string column, string? format) =>
        Assert.Equal(new ColumnMapping(role, column, format), ColumnMapping.Parse(spec));

    [Theory]
    [InlineData("nickname=x")]
    [InlineData("surname")]
    [InlineData("surname=")]
    public void Bad_column_mappings_are_rejected(string spec) => Assert.Throws<FormatException>(() => ColumnMapping.Parse(spec));
}
