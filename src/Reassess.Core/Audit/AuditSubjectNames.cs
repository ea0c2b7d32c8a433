using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Reassess.Storage;

namespace Reassess.Audit;

/// <summary>
/// The audit trail names investigations by their numbers (ids) only, so that it holds no case data. An auditor thinks
/// in crime references: this turns one into the other, both ways, for the audit page.
/// </summary>
public sealed class AuditSubjectNames(ReassessDbContext db)
{
    /// <summary>The investigation an auditor means: a number as it is, a crime reference looked up to its number.</summary>
    public async Task<(string? Investigation, string? Problem)> InvestigationAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return (id.ToString(CultureInfo.InvariantCulture), null);
        var found = await db.Investigations.AsNoTracking().Where(i => i.InvestigationRef == trimmed).Select(i => i.Id).Take(2).ToListAsync(cancellationToken);
        return found.Count switch
        {
            1 => (found[0].ToString(CultureInfo.InvariantCulture), null),
            0 => (null, "No investigation has that number or crime reference."),
            _ => (null, "More than one force uses that crime reference: give the investigation's number."),
        };
    }

    /// <summary>"REF (FORCE)" for each of these investigation numbers that exists, keyed by the number as the trail writes it.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ReferencesAsync(IEnumerable<string> investigationIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(investigationIds);
        var ids = investigationIds
            .Select(s => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1)
            .Where(id => id > 0).Distinct().ToList();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        // A page of a hundred entries naming (a queue page's) fifty ids each: chunks keep each IN list short on both engines.
        foreach (var chunk in ids.Chunk(500))
        {
            var found = await db.Investigations.AsNoTracking().Where(i => chunk.Contains(i.Id))
                .Select(i => new { i.Id, i.Force, i.InvestigationRef }).ToListAsync(cancellationToken);
            foreach (var i in found) names[i.Id.ToString(CultureInfo.InvariantCulture)] = $"{i.InvestigationRef} ({i.Force})";
        }
        return names;
    }
}
