using System.Text;
using Microsoft.VisualBasic.FileIO;

namespace Reassess.Tests.Linkage;

/// <summary>
/// Splits a synthetic bundle into what a force sent first and its later extract (bench/linkage-incremental.py does the
/// same for the benchmark): the later extract holds the force's most recently recorded investigations (a share of all
/// investigations), their involvements and identifiers, the nominals only they name (new nominals, many of them people
/// already known from other investigations, as the generator reuses offenders), the known nominals they also name
/// (relisted unchanged), and some of the force's known nominals with a changed occupation. The first bundle holds the rest.
/// </summary>
internal static class LaterExtract
{
    public sealed record Split(string First, string Later, string Force, int Investigations, int NewNominals, int ChangedNominals);

    public static Split Make(string bundle, string root, double share, int changed)
    {
        var (invHeader, investigations) = Read(Path.Combine(bundle, "investigations.csv"));
        var (peopleHeader, people) = Read(Path.Combine(bundle, "people.csv"));
        var (involvementHeader, involvements) = Read(Path.Combine(bundle, "involvements.csv"));
        var (identifierHeader, identifiers) = Read(Path.Combine(bundle, "identifiers.csv"));
        int Col(string[] header, string name) => Array.IndexOf(header, name);
        var force = investigations.GroupBy(r => r[Col(invHeader, "force")]).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        var take = Math.Max(1, (int)Math.Round(share * investigations.Count));
        var later = investigations.Where(r => r[Col(invHeader, "force")] == force)
            .OrderByDescending(r => r[Col(invHeader, "recorded_date")], StringComparer.Ordinal).ThenBy(r => r[Col(invHeader, "investigation_id")], StringComparer.Ordinal)
            .Take(take).Select(r => r[Col(invHeader, "investigation_id")]).ToHashSet(StringComparer.Ordinal);
        bool Later(string[] row, string[] header) => row[Col(header, "force")] == force && later.Contains(row[Col(header, "investigation_id")]);

        var firstNamed = involvements.Where(r => !Later(r, involvementHeader)).Select(r => r[Col(involvementHeader, "force")] + ":" + r[Col(involvementHeader, "person_id")]).ToHashSet(StringComparer.Ordinal);
        var laterNamed = involvements.Where(r => Later(r, involvementHeader)).Select(r => r[Col(involvementHeader, "force")] + ":" + r[Col(involvementHeader, "person_id")]).ToHashSet(StringComparer.Ordinal);
        string Key(string[] row) => row[Col(peopleHeader, "force")] + ":" + row[Col(peopleHeader, "person_id")];
        var newOnes = people.Where(r => laterNamed.Contains(Key(r)) && !firstNamed.Contains(Key(r))).Select(Key).ToHashSet(StringComparer.Ordinal);
        // Known nominals of the force, every k-th by reference, get a new occupation.
        var known = people.Where(r => r[Col(peopleHeader, "force")] == force && !newOnes.Contains(Key(r))).OrderBy(Key, StringComparer.Ordinal).ToList();
        var step = Math.Max(1, known.Count / Math.Max(1, changed));
        var changedRows = known.Where((_, i) => i % step == step / 2).Take(changed).Select(r =>
        {
            var copy = (string[])r.Clone();
            var o = Col(peopleHeader, "occupation");
            copy[o] = copy[o] == "retired" ? "unemployed" : "retired";
            return copy;
        }).ToList();
        var changedKeys = changedRows.Select(Key).ToHashSet(StringComparer.Ordinal);

        var first = Path.Combine(root, "first");
        var next = Path.Combine(root, "later");
        Directory.CreateDirectory(first);
        Directory.CreateDirectory(next);
        Write(Path.Combine(first, "investigations.csv"), invHeader, investigations.Where(r => !Later(r, invHeader)));
        Write(Path.Combine(next, "investigations.csv"), invHeader, investigations.Where(r => Later(r, invHeader)));
        Write(Path.Combine(first, "involvements.csv"), involvementHeader, involvements.Where(r => !Later(r, involvementHeader)));
        Write(Path.Combine(next, "involvements.csv"), involvementHeader, involvements.Where(r => Later(r, involvementHeader)));
        Write(Path.Combine(first, "people.csv"), peopleHeader, people.Where(r => !newOnes.Contains(Key(r))));
        Write(Path.Combine(next, "people.csv"), peopleHeader,
            people.Where(r => laterNamed.Contains(Key(r)) && !changedKeys.Contains(Key(r))).Concat(changedRows));
        bool LaterIdentifier(string[] r)
        {
            var inv = r[Col(identifierHeader, "investigation_id")];
            var owner = r[Col(identifierHeader, "force")] + ":" + r[Col(identifierHeader, "person_id")];
            return inv.Length > 0 ? r[Col(identifierHeader, "force")] == force && later.Contains(inv) : newOnes.Contains(owner);
        }
        Write(Path.Combine(first, "identifiers.csv"), identifierHeader, identifiers.Where(r => !LaterIdentifier(r)));
        Write(Path.Combine(next, "identifiers.csv"), identifierHeader, identifiers.Where(LaterIdentifier));
        return new Split(first, next, force, later.Count, newOnes.Count, changedRows.Count);
    }

    private static (string[] Header, List<string[]> Rows) Read(string path)
    {
        using var parser = new TextFieldParser(path, Encoding.UTF8) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        var header = parser.ReadFields() ?? [];
        var rows = new List<string[]>();
        while (!parser.EndOfData)
            if (parser.ReadFields() is { } fields) rows.Add(fields);
        return (header, rows);
    }

    private static void Write(string path, string[] header, IEnumerable<string[]> rows)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.WriteLine(string.Join(',', header.Select(Quote)));
        foreach (var row in rows) writer.WriteLine(string.Join(',', row.Select(Quote)));
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
