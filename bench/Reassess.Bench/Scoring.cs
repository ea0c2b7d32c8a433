using nietras.SeparatedValues;

namespace Reassess.Bench;

/// <summary>Pairwise precision, recall and F1: a true pair is two records with the same ground-truth id.</summary>
internal static class PairwiseScore
{
    public static (double Precision, double Recall, double F1) Of(int[] clusterOf, string[] truth)
    {
        static double Pairs(long n) => n * (n - 1) / 2.0;
        var both = new Dictionary<(int, string), long>();
        var predicted = new Dictionary<int, long>();
        var actual = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < clusterOf.Length; i++)
        {
            both[(clusterOf[i], truth[i])] = both.GetValueOrDefault((clusterOf[i], truth[i])) + 1;
            predicted[clusterOf[i]] = predicted.GetValueOrDefault(clusterOf[i]) + 1;
            actual[truth[i]] = actual.GetValueOrDefault(truth[i]) + 1;
        }
        var tp = both.Values.Sum(Pairs);
        var pp = predicted.Values.Sum(Pairs);
        var ap = actual.Values.Sum(Pairs);
        var precision = pp == 0 ? 1 : tp / pp;
        var recall = ap == 0 ? 1 : tp / ap;
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return (precision, recall, f1);
    }
}

internal static class TruthFile
{
    /// <summary>Rows by their first column (the id), each as column → trimmed value.</summary>
    public static Dictionary<string, Dictionary<string, string>> Read(string path)
    {
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true, Trim = SepTrim.All }).FromFile(path);
        var names = reader.Header.ColNames.Select(c => c.Trim()).ToArray();
        var rows = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var row in reader)
        {
            var d = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < names.Length; i++) d[names[i]] = row[i].ToString().Trim();
            rows[d[names[0]]] = d;
        }
        return rows;
    }
}
