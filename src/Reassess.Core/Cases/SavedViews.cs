using Microsoft.EntityFrameworkCore;
using Reassess.Prioritisation;
using Reassess.Storage;

namespace Reassess.Cases;

/// <summary>
/// A user's named views of the queue (filters, search and sort as the queue page's query string). Each user sees only
/// their own; saving under an existing name replaces that view's query.
/// </summary>
public sealed class SavedViews(ReassessDbContext db, TimeProvider clock)
{
    /// <summary>The longest name a view may have.</summary>
    public const int MaxNameLength = 100;

    /// <summary>The longest query a view may keep.</summary>
    public const int MaxQueryLength = 1000;

    /// <summary>The user's views, by name.</summary>
    public async Task<IReadOnlyList<SavedView>> OfAsync(string userName, CancellationToken cancellationToken = default)
    {
        var views = new List<SavedView>();
        await foreach (var view in ViewsOf(db, Owner(userName)).WithCancellation(cancellationToken)) views.Add(view);
        return views;
    }

    // Compiled once: every queue page lists the user's views, and EF Core's translation of the query each time was most of
    // the cost of this small, indexed read.
    private static readonly Func<ReassessDbContext, string, IAsyncEnumerable<SavedView>> ViewsOf = EF.CompileAsyncQuery<ReassessDbContext, string, SavedView>(
        (ReassessDbContext db, string owner) => db.Set<SavedView>().AsNoTracking().Where(v => v.UserName == owner).OrderBy(v => v.Name));

    /// <summary>
    /// Saves <paramref name="query"/> as the user's view <paramref name="name"/>; null when saved, otherwise why not, in
    /// words for the user.
    /// </summary>
    public async Task<string?> SaveAsync(string userName, string? name, string query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxNameLength) return $"Give the view a name of up to {MaxNameLength} characters.";
        if (query.Length > MaxQueryLength) return "That view has too many filters to keep; remove some and save it again.";
        var owner = Owner(userName);
        var existing = await db.Set<SavedView>().FirstOrDefaultAsync(v => v.UserName == owner && v.Name == trimmed, cancellationToken);
        if (existing is null) db.Add(new SavedView { UserName = owner, Name = trimmed, Query = query, CreatedAt = clock.GetUtcNow() });
        else existing.Query = query;
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    // As Identity normalises user names, so that a view follows its owner whatever case they sign in with.
    private static string Owner(string userName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        return userName.ToUpperInvariant();
    }
}
