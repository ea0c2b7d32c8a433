using System.Text;
using Reassess.Records;

namespace Reassess.Leads;

/// <summary>How the leads found for a kind compare with the ground truth: found and true, found but not true, true but missed.</summary>
public sealed record LeadKindScore(string Kind, int TruePositives, int FalsePositives, int FalseNegatives)
{
    /// <summary>Share of the leads found that the truth holds (1 when none were found).</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

    /// <summary>Share of the truth's leads that were found (1 when the truth holds none).</summary>
    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);
}

/// <summary>
/// Compares leads found with the ground truth a synthetic bundle carries in <c>truth/leads.csv</c> (docs/outputs.md): a lead
/// is the same when its force, investigation, kind, subject and value are (the evidence is not compared).
/// </summary>
public static class LeadsTruthCheck
{
    /// <summary>The key of a lead: force, crime reference, kind, subject, value.</summary>
    public static string KeyOf(string force, string investigationRef, string kind, string? subject, string? value) =>
        string.Join('\u001f', force, investigationRef, kind, subject ?? "", value ?? "");

    /// <summary>The keys of the leads in a truth/leads.csv file.</summary>
    /// <exception cref="LeadsException">The file's header is not the one <c>truth/leads.csv</c> has.</exception>
    public static HashSet<string> ReadTruth(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var first = true;
        foreach (var row in ReadCsv(path))
        {
            if (first)
            {
                first = false;
                if (row.Count < 5 || row[0] != "force" || row[2] != "kind" || row[4] != "value")
                    throw new LeadsException($"{path}: not a truth/leads.csv file (header force,investigation_id,kind,subject,value,evidence expected)");
                continue;
            }
            if (row.Count >= 5) keys.Add(KeyOf(row[0], row[1], row[2], row[3], row[4]));
        }
        return keys;
    }

    /// <summary>Scores by kind (every kind present on either side, in the spec's order), and over all kinds last as <c>all</c>.</summary>
    public static IReadOnlyList<LeadKindScore> Score(IEnumerable<Lead> found, IReadOnlySet<string> truth)
    {
        ArgumentNullException.ThrowIfNull(found);
        ArgumentNullException.ThrowIfNull(truth);
        var foundKeys = found.Select(l => KeyOf(l.Force, l.InvestigationRef, l.KindToken, l.SubjectRef, l.Value)).ToHashSet(StringComparer.Ordinal);
        static string KindOf(string key) => key.Split('\u001f')[2];
        var scores = new List<LeadKindScore>();
        int tp = 0, fp = 0, fn = 0;
        foreach (var kind in Enum.GetValues<LeadKind>().Select(Token.Of))
        {
            var f = foundKeys.Where(k => KindOf(k) == kind).ToList();
            var t = truth.Count(k => KindOf(k) == kind);
            var hits = f.Count(truth.Contains);
            var score = new LeadKindScore(kind, hits, f.Count - hits, t - hits);
            tp += score.TruePositives;
            fp += score.FalsePositives;
            fn += score.FalseNegatives;
            scores.Add(score);
        }
        scores.Add(new LeadKindScore("all", tp, fp, fn));
        return scores;
    }

    private static IEnumerable<List<string>> ReadCsv(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            var ch = (char)c;
            if (quoted)
            {
                if (ch != '"') cell.Append(ch);
                else if (reader.Peek() == '"') { reader.Read(); cell.Append('"'); }
                else quoted = false;
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { row.Add(cell.ToString()); cell.Clear(); }
            else if (ch == '\n')
            {
                row.Add(cell.ToString());
                cell.Clear();
                yield return row;
                row = [];
            }
            else if (ch != '\r') cell.Append(ch);
        }
        if (cell.Length > 0 || row.Count > 0)
        {
            row.Add(cell.ToString());
            yield return row;
        }
    }
}
