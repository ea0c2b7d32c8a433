using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Reassess.Storage;

namespace Reassess.Cases;

/// <summary>
/// Stored text written for the whole database (linkage's chains of evidence) as a viewer of some forces may read it:
/// another force's nominal id (<c>GMP:N00001850</c>) becomes "a person (GMP)" and its crime reference
/// (<c>GMP/0000004/25</c>) "an investigation (GMP)", as the chart and the list of linked investigations name them.
/// A reference is the force's own id, up to 64 characters and possibly with spaces, so where one ends is read from the
/// database: the longest stored reference of that force the text continues with. A reference the database no longer
/// holds is taken up to the next space, <c>;</c>, <c>,</c> or bracket, which is where linkage's text puts one.
/// </summary>
public static partial class CrossForceText
{
    /// <summary>The longest reference the import accepts (docs/import-format.md, "reference").</summary>
    private const int MaxReference = 64;

    /// <summary>
    /// <paramref name="text"/> with every nominal id and crime reference of a force <paramref name="maySee"/> refuses
    /// replaced by its force alone; null stays null.
    /// </summary>
    public static async Task<string?> ForViewerAsync(ReassessDbContext db, string? text, Func<string, bool> maySee, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(maySee);
        if (string.IsNullOrEmpty(text)) return text;
        var anchors = Anchors(text, maySee);
        if (anchors.Count == 0) return text;

        // Every extent a reference could have (ending where linkage's text can end one), looked up at once.
        var forces = anchors.Select(a => a.Force).Distinct(StringComparer.Ordinal).ToList();
        var extents = anchors.SelectMany(a => Extents(text, a.RefStart)).Distinct(StringComparer.Ordinal).ToList();
        var people = await db.People.AsNoTracking().Where(p => forces.Contains(p.Force) && extents.Contains(p.PersonRef))
            .Select(p => new { p.Force, Ref = p.PersonRef }).ToListAsync(cancellationToken);
        var investigations = await db.Investigations.AsNoTracking().Where(i => forces.Contains(i.Force) && extents.Contains(i.InvestigationRef))
            .Select(i => new { i.Force, Ref = i.InvestigationRef }).ToListAsync(cancellationToken);
        var knownPeople = people.Select(p => (p.Force, p.Ref)).ToHashSet();
        var knownInvestigations = investigations.Select(i => (i.Force, i.Ref)).ToHashSet();
        return Replace(text, anchors, (force, person, extent) => (person ? knownPeople : knownInvestigations).Contains((force, extent)));
    }

    /// <summary>
    /// The same without a database: every reference is taken up to the next space, <c>;</c>, <c>,</c> or bracket.
    /// </summary>
    public static string? ForViewer(string? text, Func<string, bool> maySee)
    {
        ArgumentNullException.ThrowIfNull(maySee);
        if (string.IsNullOrEmpty(text)) return text;
        var anchors = Anchors(text, maySee);
        return anchors.Count == 0 ? text : Replace(text, anchors, (_, _, _) => false);
    }

    private readonly record struct Anchor(int Start, string Force, bool Person, int RefStart);

    private static List<Anchor> Anchors(string text, Func<string, bool> maySee) =>
        [.. ForceAnchor().Matches(text)
            .Where(m => !maySee(m.Groups[1].Value))
            .Select(m => new Anchor(m.Index, m.Groups[1].Value, m.Groups[2].Value == ":", m.Index + m.Length))];

    /// <summary>The candidate references starting at <paramref name="start"/>: each prefix ending before a delimiter or at the end.</summary>
    private static IEnumerable<string> Extents(string text, int start)
    {
        var end = Math.Min(text.Length, start + MaxReference);
        for (var i = start + 1; i <= end; i++)
        {
            if (i == text.Length || IsDelimiter(text[i])) yield return text[start..i];
        }
    }

    private static string Replace(string text, List<Anchor> anchors, Func<string, bool, string, bool> known)
    {
        var result = new StringBuilder(text.Length);
        var at = 0;
        foreach (var a in anchors)
        {
            if (a.Start < at) continue; // inside a reference already replaced (a reference may hold "AB/")
            var extents = Extents(text, a.RefStart).ToList();
            var extent = extents.LastOrDefault(e => known(a.Force, a.Person, e)) ?? extents.FirstOrDefault() ?? "";
            result.Append(text, at, a.Start - at);
            result.Append(a.Person ? "a person (" : "an investigation (").Append(a.Force).Append(')');
            at = a.RefStart + extent.Length;
        }
        result.Append(text, at, text.Length - at);
        return result.ToString();
    }

    private static bool IsDelimiter(char c) => char.IsWhiteSpace(c) || c is ';' or ',' or '(' or ')';

    /// <summary>A force code (2 to 8 capital letters, docs/import-format.md) then <c>:</c> (a nominal) or <c>/</c> (an investigation) and a reference.</summary>
    [GeneratedRegex(@"(?<![A-Za-z0-9_\-])([A-Z]{2,8})([:/])(?=[^\s;,()])", RegexOptions.CultureInvariant)]
    private static partial Regex ForceAnchor();
}
