using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Reassess.Audit;
using Reassess.Import;
using Reassess.Storage;
using SharpFuzz;

namespace Reassess.Fuzz;

/// <summary>
/// Coverage-guided fuzzing of the bundle importer (issue 7), run by bench/fuzz/fuzz.sh under AFL++ with SharpFuzz's
/// instrumentation of Reassess.Core and Sep. One input is a whole bundle: its files in the order investigations,
/// people, involvements, identifiers, separated by the byte 0x1E (a missing part is a missing file).
/// A finding is any exception out of the importer, an error not shaped <c>file:line: column: reason</c>, or a refused
/// import that wrote anything.
/// </summary>
public static partial class Program
{
    private static readonly string[] Files = ["investigations.csv", "people.csv", "involvements.csv", "identifiers.csv"];

    [GeneratedRegex(@"^[a-z_]+\.csv:\d+: [^\r\n]+: [^\r\n]+$")]
    private static partial Regex ErrorFormat();

    public static void Main(string[] args)
    {
        var work = Directory.CreateTempSubdirectory("reassess-fuzz-").FullName;
        var template = Path.Combine(work, "template.db");
        var ready = false;
        void Prepare()
        {
            // Instrumented code may run only once SharpFuzz has set up the coverage map, that is inside Fuzzer.Run.
            if (ready) return;
            ReassessDatabase.MigrateAsync(DatabaseTarget.Parse(template)).GetAwaiter().GetResult();
            Checkpoint(template);
            ready = true;
        }

        if (args.Length > 0)
        {
            // Replay (uninstrumented build): dotnet Reassess.Fuzz.dll FILE… runs each input once, to reproduce a finding.
            Prepare();
            foreach (var file in args)
            {
                Console.WriteLine(file);
                Once(File.ReadAllBytes(file), work, template);
            }
            return;
        }
        // Persistent mode: one process runs input after input (a .NET start-up per input would be far too slow).
        Fuzzer.Run(stream =>
        {
            Prepare();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            Once(buffer.ToArray(), work, template);
        });
    }

    private static void Once(byte[] input, string work, string template)
    {
        var dir = Path.Combine(work, "case");
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        var bundle = Path.Combine(dir, "bundle");
        Directory.CreateDirectory(bundle);
        var start = 0;
        for (var part = 0; part < Files.Length && start <= input.Length; part++)
        {
            var end = Array.IndexOf(input, (byte)0x1E, start);
            if (end < 0) end = input.Length;
            File.WriteAllBytes(Path.Combine(bundle, Files[part]), input[start..end]);
            start = end + 1;
        }
        var db = Path.Combine(dir, "case.db");
        File.Copy(template, db);
        var target = DatabaseTarget.Parse(db);
        var trail = new AuditTrail(target, AuditKeyStore.AtFile(Path.Combine(work, "fuzz.audit-key")), TimeProvider.System);
        var outcome = new BundleImporter(TimeProvider.System, trail).ImportAsync(target, bundle, new ImportOptions()).GetAwaiter().GetResult();
        if (!outcome.Succeeded)
        {
            if (outcome.Errors.Count == 0) throw new InvalidOperationException("refused without an error");
            foreach (var error in outcome.Errors)
                if (!ErrorFormat().IsMatch(error.ToString())) throw new InvalidOperationException($"badly shaped error: {error}");
            if (Rows(target) != 0) throw new InvalidOperationException("a refused import wrote rows");
        }
        SqliteConnection.ClearAllPools();
    }

    private static long Rows(DatabaseTarget target)
    {
        using var connection = new SqliteConnection(target.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT COUNT(*) FROM investigations) + (SELECT COUNT(*) FROM people) + (SELECT COUNT(*) FROM involvements) + (SELECT COUNT(*) FROM identifiers) + (SELECT COUNT(*) FROM import_batches) + (SELECT COUNT(*) FROM record_changes)";
        return (long)command.ExecuteScalar()!;
    }

    private static void Checkpoint(string file)
    {
        using var connection = new SqliteConnection(DatabaseTarget.Parse(file).ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;";
        command.ExecuteNonQuery();
        SqliteConnection.ClearAllPools();
    }
}
