using System.Text;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Data.Sqlite;
using Reassess.Audit;
using Reassess.Import;
using Reassess.Storage;
using Reassess.Tests.Support;

namespace Reassess.Tests.Import;

/// <summary>
/// Hostile input (issue 7): valid bundles mutated at random — truncated, bytes flipped, columns duplicated or removed,
/// quotes and newlines inserted, huge fields, files removed — must either import or be refused with
/// <c>file:line: column: reason</c> errors, never throw, and never leave a partial write.
/// </summary>
public sealed partial class HostileBundleTests : IClassFixture<HostileBundleTests.Template>
{
    private readonly Template _template;

    public HostileBundleTests(Template template) => _template = template;

    /// <summary>A database holding an earlier extract of the sample bundle, copied for each case.</summary>
    public sealed class Template : IDisposable
    {
        public string Dir { get; } = Directory.CreateTempSubdirectory("reassess-hostile-").FullName;
        public string Database => Path.Combine(Dir, "template.db");
        public string Fingerprint { get; }

        /// <summary>Every case's database is a copy of the template, so they share its audit key.</summary>
        public AuditTrail Trail(DatabaseTarget target) => new(target, AuditKeyStore.AtFile(Path.Combine(Dir, "template.audit-key")), TimeProvider.System);
        public IReadOnlyDictionary<string, byte[]> Sample { get; }

        public Template()
        {
            Sample = BundleFiles.Names.ToDictionary(n => n, n => File.ReadAllBytes(Path.Combine(BundleFiles.SampleDirectory, n)));
            // The earlier extract: the same records with other summaries, so a later import has updates to make (or to half-make).
            var earlier = Path.Combine(Dir, "earlier");
            Directory.CreateDirectory(earlier);
            foreach (var (name, bytes) in Sample)
            {
                var content = bytes;
                if (name == "investigations.csv")
                {
                    var table = Csv.Parse(Encoding.UTF8.GetString(bytes));
                    var summary = table[0].IndexOf("summary");
                    foreach (var row in table.Skip(1).Where(r => r.Count > summary)) row[summary] = "earlier extract";
                    content = Encoding.UTF8.GetBytes(Csv.Write(table));
                }
                File.WriteAllBytes(Path.Combine(earlier, name), content);
            }
            var target = DatabaseTarget.Parse(Database);
            var outcome = new BundleImporter(TimeProvider.System, Trail(target)).ImportAsync(target, earlier, new ImportOptions()).GetAwaiter().GetResult();
            if (!outcome.Succeeded) throw new InvalidOperationException("the earlier extract should import: " + string.Join("; ", outcome.Errors));
            // One file, no WAL beside it, so a plain copy is a complete database.
            using (var c = new SqliteConnection(target.ConnectionString))
            {
                c.Open();
                using var cmd = c.CreateCommand();
                cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;";
                cmd.ExecuteNonQuery();
            }
            SqliteConnection.ClearAllPools();
            Fingerprint = DatabaseFingerprint.OfAsync(target).GetAwaiter().GetResult();
        }

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(Dir, recursive: true); }
            catch (IOException) { /* a leftover temp folder is harmless */ }
        }
    }

    [GeneratedRegex(@"^[a-z_]+\.csv:\d+: [^\r\n]+: [^\r\n]+$|^[^\r\n]+:0: \(bundle\): .+$")]
    private static partial Regex ErrorFormat();

    [Property(MaxTest = 60, QuietOnSuccess = true)]
    public Property A_mutated_bundle_imports_whole_or_is_refused_with_located_errors_and_nothing_written() =>
        Prop.ForAll(Mutations.Plans().ToArbitrary(), plan =>
        {
            var dir = Directory.CreateDirectory(Path.Combine(_template.Dir, "case-" + Guid.NewGuid().ToString("N")[..12])).FullName;
            try
            {
                var bundle = Path.Combine(dir, "bundle");
                Directory.CreateDirectory(bundle);
                var files = _template.Sample.ToDictionary(kv => kv.Key, kv => (byte[]?)kv.Value);
                foreach (var m in plan) m.Apply(files);
                foreach (var (name, bytes) in files)
                    if (bytes is not null) File.WriteAllBytes(Path.Combine(bundle, name), bytes);

                var db = Path.Combine(dir, "case.db");
                File.Copy(_template.Database, db);
                var target = DatabaseTarget.Parse(db);
                var outcome = new BundleImporter(TimeProvider.System, _template.Trail(target)).ImportAsync(target, bundle, new ImportOptions()).GetAwaiter().GetResult();
                var after = DatabaseFingerprint.OfAsync(target).GetAwaiter().GetResult();
                var describe = string.Join(", ", plan);

                if (outcome.Succeeded)
                {
                    Assert.True(outcome.Batch is not null, describe);
                    Assert.Empty(outcome.Errors);
                }
                else
                {
                    Assert.True(outcome.Errors.Count > 0, $"{describe}: refused without a reason");
                    foreach (var error in outcome.Errors)
                        Assert.True(ErrorFormat().IsMatch(error.ToString()), $"{describe}: '{error}' is not file:line: column: reason");
                    Assert.True(after == _template.Fingerprint, $"{describe}: a refused import changed the database");
                }
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(dir, recursive: true);
            }
        });
}

/// <summary>The four files of a bundle, and the sample in <c>samples/bundle</c>.</summary>
internal static class BundleFiles
{
    public static readonly string[] Names = ["investigations.csv", "people.csv", "involvements.csv", "identifiers.csv"];

    public static string SampleDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "samples", "bundle");
                if (File.Exists(Path.Combine(candidate, "investigations.csv"))) return candidate;
            }
            throw new DirectoryNotFoundException("samples/bundle not found above " + AppContext.BaseDirectory);
        }
    }
}

/// <summary>One random change to a bundle. <see cref="Seed"/> drives the positions, so a failing case replays exactly.</summary>
internal sealed record Mutation(MutationKind Kind, int File, int Seed)
{
    public override string ToString() => $"{Kind}({BundleFiles.Names[File]}, seed {Seed})";

    public void Apply(Dictionary<string, byte[]?> files)
    {
        var name = BundleFiles.Names[File];
        var bytes = files[name];
        if (bytes is null) return;
        var random = new Random(Seed);
        files[name] = Kind switch
        {
            MutationKind.Truncate => bytes[..random.Next(bytes.Length + 1)],
            MutationKind.FlipBytes => Flip(bytes, random),
            MutationKind.InsertQuote => Insert(bytes, random, "\""),
            MutationKind.InsertNewline => Insert(bytes, random, random.Next(2) == 0 ? "\n" : "\r\n"),
            MutationKind.InsertComma => Insert(bytes, random, ","),
            MutationKind.InvalidUtf8 => Insert(bytes, random, [0xC3, 0x28, 0xFF, 0x00]),
            MutationKind.DuplicateColumn => Columns(bytes, random, duplicate: true),
            MutationKind.RemoveColumn => Columns(bytes, random, duplicate: false),
            MutationKind.HugeField => HugeField(bytes, random),
            MutationKind.DuplicateRow => Rows(bytes, random, duplicate: true),
            MutationKind.RemoveRow => Rows(bytes, random, duplicate: false),
            MutationKind.RemoveFile => null,
            MutationKind.Empty => [],
            _ => bytes,
        };
    }

    private static byte[] Flip(byte[] bytes, Random random)
    {
        if (bytes.Length == 0) return bytes;
        var copy = (byte[])bytes.Clone();
        for (var i = random.Next(1, 5); i > 0; i--) copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        return copy;
    }

    private static byte[] Insert(byte[] bytes, Random random, string text) => Insert(bytes, random, Encoding.UTF8.GetBytes(text));

    private static byte[] Insert(byte[] bytes, Random random, byte[] inserted)
    {
        var at = random.Next(bytes.Length + 1);
        return [.. bytes[..at], .. inserted, .. bytes[at..]];
    }

    private static byte[] Columns(byte[] bytes, Random random, bool duplicate)
    {
        var table = Csv.Parse(Encoding.UTF8.GetString(bytes));
        if (table.Count == 0 || table[0].Count == 0) return bytes;
        var column = random.Next(table[0].Count);
        foreach (var row in table.Where(r => r.Count > column))
        {
            if (duplicate) row.Insert(column, row[column]);
            else row.RemoveAt(column);
        }
        return Encoding.UTF8.GetBytes(Csv.Write(table));
    }

    private static byte[] Rows(byte[] bytes, Random random, bool duplicate)
    {
        var table = Csv.Parse(Encoding.UTF8.GetString(bytes));
        if (table.Count < 2) return bytes;
        var row = random.Next(1, table.Count);
        if (duplicate) table.Insert(row, [.. table[row]]);
        else table.RemoveAt(row);
        return Encoding.UTF8.GetBytes(Csv.Write(table));
    }

    private static byte[] HugeField(byte[] bytes, Random random)
    {
        var table = Csv.Parse(Encoding.UTF8.GetString(bytes));
        if (table.Count < 2) return bytes;
        var row = table[random.Next(1, table.Count)];
        if (row.Count == 0) return bytes;
        // Up to 2 MB in one cell: a summary pasted from a whole case file, or an attack on the parser's buffers.
        var size = random.Next(2) == 0 ? 70_000 : 2_000_000;
        row[random.Next(row.Count)] = new string((char)('a' + random.Next(26)), size);
        return Encoding.UTF8.GetBytes(Csv.Write(table));
    }
}

internal enum MutationKind
{
    Truncate, FlipBytes, InsertQuote, InsertNewline, InsertComma, InvalidUtf8, DuplicateColumn, RemoveColumn, HugeField,
    DuplicateRow, RemoveRow, RemoveFile, Empty,
}

internal static class Mutations
{
    public static Gen<Mutation[]> Plans()
    {
        var one =
            from kind in Gen.Elements(Enum.GetValues<MutationKind>())
            from file in Gen.Choose(0, BundleFiles.Names.Length - 1)
            from seed in Gen.Choose(0, int.MaxValue - 1)
            select new Mutation(kind, file, seed);
        return from count in Gen.Choose(1, 3)
               from plan in Gen.ArrayOf(one, count)
               select plan;
    }
}

/// <summary>A minimal RFC 4180 reader and writer for building mutations (not the code under test).</summary>
internal static class Csv
{
    public static List<List<string>> Parse(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\n')
            {
                row.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                rows.Add(row);
                row = [];
            }
            else field.Append(c);
        }
        if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); rows.Add(row); }
        return rows;
    }

    public static string Write(List<List<string>> rows)
    {
        var sb = new StringBuilder();
        foreach (var row in rows)
        {
            sb.AppendJoin(',', row.Select(f => f.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : f));
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
