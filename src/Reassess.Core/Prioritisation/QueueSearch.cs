using Microsoft.EntityFrameworkCore;
using Reassess.Access;
using Reassess.Import;
using Reassess.Records;
using Reassess.Reviews;
using Reassess.Screening;
using Reassess.Storage;

namespace Reassess.Prioritisation;

/// <summary>The queue's sortable columns.</summary>
public enum QueueSort { Priority, Reference, Year, Status, Reviewer, Age }

/// <summary>
/// What the triage page asks of the queue: the filters of <see cref="QueueFilter"/>, a search text and a sort. The search
/// finds a crime reference, a nominal of the force by name, or an identifier (phone, vehicle, email) normalised as the
/// import normalises it.
/// </summary>
public sealed record QueueQuery
{
    public QueueFilter Filter { get; init; } = new();
    public string? Search { get; init; }
    public QueueSort Sort { get; init; } = QueueSort.Priority;
    /// <summary>Descending; the default for priority and age (most urgent, oldest first).</summary>
    public bool Descending { get; init; } = true;
}

/// <summary>What the queue's filters can choose from: the typologies and years among its candidates, and the reviewers named on its reviews.</summary>
public sealed record QueueFilterOptions(IReadOnlyList<string> Typologies, IReadOnlyList<int> Years, IReadOnlyList<string> Reviewers);

/// <summary>One row of the triage queue: the candidate, where its review stands, since when, and its leading factors.</summary>
public sealed record TriageRow(
    long CandidateId,
    string InvestigationRef,
    long InvestigationId,
    double Priority,
    string Typologies,
    CandidateBasis Basis,
    int RecordedYear,
    ReviewStatus Status,
    string? ReviewerUserName,
    DateTimeOffset? Since,
    IReadOnlyList<string> TopFactors);

/// <summary>A page of the triage queue, with the counts by status under the same filters and search.</summary>
public sealed record TriagePage(
    IReadOnlyList<TriageRow> Rows,
    int Total,
    int Page,
    int PageSize,
    IReadOnlyDictionary<ReviewStatus, int> CountsByStatus,
    bool Searched);

/// <summary>
/// The triage queue of a force: the candidates of its latest screening run that still qualify (as
/// <see cref="ReviewQueries.QueueAsync"/> lists them), searched and sorted. The queue itself is read from
/// <see cref="QueueSnapshots"/> (held in memory, checked against the stored data on every request); a search starts from
/// an index: candidates by (force, crime reference), people by (force, surname), identifiers by (kind, value),
/// involvements by person.
/// </summary>
public sealed class QueueSearch(ReassessDbContext db, QueueSnapshots? snapshots = null)
{
    /// <summary>At most this many investigations are taken from one search (a common surname in a national force).</summary>
    public const int SearchLimit = 500;

    // Without the process's snapshots (a test, a one-off command), this search reads its own.
    private readonly QueueSnapshots _snapshots = snapshots ?? new QueueSnapshots();

    // The queue this search last read (one search per request), so that a page's filter options come from the same reading
    // as its rows.
    private (string Force, QueueView View)? _lastView;

    /// <summary>
    /// What the queue's filters of <paramref name="force"/> can choose from: the typologies and years of its queue and the
    /// reviewers named on its reviews. After <see cref="QueryAsync"/> for the same force, from the queue it read.
    /// </summary>
    public async Task<QueueFilterOptions> FilterOptionsAsync(string force, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(force);
        var code = force.ToUpperInvariant();
        var view = _lastView is { } last && last.Force == code ? last.View : await _snapshots.ReadAsync(db, code, cancellationToken);
        return new QueueFilterOptions(view.Candidates.Typologies, view.Candidates.Years, view.Reviews.Reviewers);
    }

    public async Task<TriagePage> QueryAsync(Actor actor, QueueQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(query);
        var filter = query.Filter;
        var page = Math.Max(1, filter.Page);
        var size = Math.Clamp(filter.PageSize, 1, 500);
        var searched = !string.IsNullOrWhiteSpace(query.Search);
        var empty = new TriagePage([], 0, page, size, Enum.GetValues<ReviewStatus>().ToDictionary(s => s, _ => 0), searched);
        if (!Roles.IsForceScoped(actor.Role) || actor.Force is null) return empty;
        var force = actor.Force.ToUpperInvariant();
        var view = await _snapshots.ReadAsync(db, force, cancellationToken);
        _lastView = (force, view);
        if (view.Candidates.RunId is null) return empty;

        var key = new QueueOrderKey(
            string.IsNullOrWhiteSpace(filter.Typology) ? null : filter.Typology.Trim().ToLowerInvariant(),
            filter.Year,
            filter.Basis,
            string.IsNullOrWhiteSpace(filter.Reviewer) ? null : filter.Reviewer.Trim().ToUpperInvariant(),
            filter.Status,
            query.Sort,
            query.Descending);
        QueueSelection selection;
        if (searched)
        {
            var refs = await MatchingReferencesAsync(force, query.Search!, cancellationToken);
            if (refs.Count == 0) return empty;
            var found = refs.SelectMany(view.Candidates.OfReference).ToList();
            found.Sort(QueueOrder.ByPriority);
            selection = Select(found, view.Reviews, key);
        }
        else
        {
            selection = view.Kept(key, () => Select(view.Candidates.ByPriority, view.Reviews, key));
        }

        var total = filter.Status is { } s ? selection.CountsByStatus[s] : selection.All;
        var rows = selection.Rows.Skip((page - 1) * size).Take(size).Select(e => ToRow(e, view.Reviews.Of(e.CandidateId)));
        return new TriagePage([.. rows], total, page, size, selection.CountsByStatus, searched);
    }

    /// <summary>
    /// The entries of <paramref name="byPriority"/> that pass every filter of <paramref name="key"/>, in its order, with the counts
    /// by status under every filter but the status one (queued being whatever has no review, or a queued one).
    /// </summary>
    private static QueueSelection Select(IReadOnlyList<QueueEntry> byPriority, QueueReviews reviews, QueueOrderKey key)
    {
        var label = key.Typology is null ? null : ";" + key.Typology + ";";
        var counts = Enum.GetValues<ReviewStatus>().ToDictionary(s => s, _ => 0);
        var all = 0;
        var matching = new List<QueueEntry>();
        foreach (var entry in byPriority)
        {
            if (label is not null && !entry.BoundedTypologies.Contains(label, StringComparison.Ordinal)) continue;
            if (key.Year is { } year && entry.RecordedYear != year) continue;
            if (key.Basis is { } basis && entry.Basis != basis) continue;
            var review = reviews.Of(entry.CandidateId);
            if (key.Reviewer is not null && review?.ReviewerKey != key.Reviewer) continue;
            var status = review?.Status ?? ReviewStatus.Queued;
            all++;
            counts[status]++;
            if (key.Status is null || key.Status == status) matching.Add(entry);
        }
        return new QueueSelection(QueueOrder.Sort(matching, reviews, key.Sort, key.Descending), all, counts);
    }

    /// <summary>
    /// "Take next": the highest-priority queued candidate matching <paramref name="query"/> (its sort is ignored) that is
    /// not <paramref name="skip"/>ped, or null when none is left.
    /// </summary>
    public async Task<(long CandidateId, string InvestigationRef)?> NextQueuedAsync(Actor actor, QueueQuery query, IReadOnlyCollection<long> skip, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(skip);
        var page = await QueryAsync(actor, query with
        {
            Filter = query.Filter with { Status = ReviewStatus.Queued, Page = 1, PageSize = skip.Count + 1 },
            Sort = QueueSort.Priority,
            Descending = true,
        }, cancellationToken);
        var next = page.Rows.FirstOrDefault(r => !skip.Contains(r.CandidateId));
        return next is null ? null : (next.CandidateId, next.InvestigationRef);
    }

    /// <summary>
    /// The crime references of the force's investigations that <paramref name="search"/> finds: by reference, by a nominal's
    /// surname (optionally after forenames), or by a phone, vehicle or email as the import normalises it.
    /// </summary>
    public async Task<IReadOnlyList<string>> MatchingReferencesAsync(string force, string search, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(force);
        ArgumentNullException.ThrowIfNull(search);
        var text = search.Trim();
        if (text.Length == 0) return [];
        // A few small queries: on one connection rather than one opened and closed for each.
        var opened = db.Database.GetDbConnection().State != System.Data.ConnectionState.Open;
        if (opened) await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await FindReferencesAsync(force, text, cancellationToken);
        }
        finally
        {
            if (opened) await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<IReadOnlyList<string>> FindReferencesAsync(string force, string text, CancellationToken cancellationToken)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);

        // A crime reference, as typed or upper-cased (exports write them in capitals).
        var refs = new[] { text, text.ToUpperInvariant() }.Distinct().ToArray();
        found.UnionWith(await Compiled.References(db, force, refs).ToListAsync(cancellationToken));

        // An identifier: each kind the text can be read as, normalised exactly as the import stores it.
        var identifiers = new List<(IdentifierKind Kind, string Value)>();
        if (Normalise.Phone(text) is { } phone && text.Any(char.IsDigit)) identifiers.Add((IdentifierKind.Phone, phone));
        if (Normalise.Vehicle(text) is { } mark && mark.Any(char.IsDigit)) identifiers.Add((IdentifierKind.Vehicle, mark));
        if (Normalise.Email(text) is { } email) identifiers.Add((IdentifierKind.Email, email));
        foreach (var (kind, value) in identifiers)
        {
            var hits = await Compiled.IdentifierHits(db, kind, value, force).ToListAsync(cancellationToken);
            found.UnionWith(hits.Where(h => h.InvestigationRef != null).Select(h => h.InvestigationRef!));
            var people = hits.Where(h => h.PersonId != null).Select(h => h.PersonId!.Value).Distinct().ToArray();
            if (people.Length > 0) found.UnionWith(await InvolvedInAsync(people, cancellationToken));
        }

        // A nominal's name: the last word is the surname (as recorded, title case or capitals), any words before it
        // must begin the forenames.
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.All(w => w.All(ch => char.IsLetter(ch) || ch is '-' or '\'')))
        {
            var surname = words[^1];
            var spellings = new[] { surname, surname.ToUpperInvariant(), TitleCase(surname), surname.ToLowerInvariant() }.Distinct().ToArray();
            var people = await Compiled.BySurname(db, force, spellings).ToListAsync(cancellationToken);
            var forenames = string.Join(' ', words[..^1]);
            var ids = people.Where(p => forenames.Length == 0 || (p.Forenames ?? "").StartsWith(forenames, StringComparison.OrdinalIgnoreCase))
                .Select(p => p.Id).ToArray();
            if (ids.Length > 0) found.UnionWith(await InvolvedInAsync(ids, cancellationToken));
        }
        return [.. found.Order(StringComparer.Ordinal).Take(SearchLimit)];
    }

    private async Task<List<string>> InvolvedInAsync(long[] people, CancellationToken cancellationToken) =>
        await Compiled.InvolvedIn(db, people).ToListAsync(cancellationToken);

    /// <summary>The search's look-ups, compiled once: EF Core working each out again from its expression cost more than the index reads.</summary>
    private static class Compiled
    {
        public sealed record IdentifierHit(string? InvestigationRef, long? PersonId);

        public sealed record NamedPerson(long Id, string? Forenames);

        public static readonly Func<ReassessDbContext, string, string[], IAsyncEnumerable<string>> References =
            EF.CompileAsyncQuery<ReassessDbContext, string, string[], string>((db, force, refs) => db.Set<Candidate>().AsNoTracking()
                .Where(c => c.Force == force && refs.Contains(c.InvestigationRef)).Select(c => c.InvestigationRef).Distinct());

        public static readonly Func<ReassessDbContext, IdentifierKind, string, string, IAsyncEnumerable<IdentifierHit>> IdentifierHits =
            EF.CompileAsyncQuery<ReassessDbContext, IdentifierKind, string, string, IdentifierHit>((db, kind, value, force) => db.Identifiers.AsNoTracking()
                .Where(i => i.Kind == kind && i.Value == value && i.Force == force).Select(i => new IdentifierHit(i.InvestigationRef, i.PersonId)).Take(SearchLimit));

        public static readonly Func<ReassessDbContext, string, string[], IAsyncEnumerable<NamedPerson>> BySurname =
            EF.CompileAsyncQuery<ReassessDbContext, string, string[], NamedPerson>((db, force, spellings) => db.People.AsNoTracking()
                .Where(p => p.Force == force && spellings.Contains(p.Surname)).Select(p => new NamedPerson(p.Id, p.Forenames)).Take(SearchLimit));

        public static readonly Func<ReassessDbContext, long[], IAsyncEnumerable<string>> InvolvedIn =
            EF.CompileAsyncQuery<ReassessDbContext, long[], string>((db, people) => db.Involvements.AsNoTracking()
                .Where(i => people.Contains(i.PersonId)).Select(i => i.InvestigationRef).Distinct().Take(SearchLimit));
    }

    private static TriageRow ToRow(QueueEntry entry, QueueReview? review) => new(
        entry.CandidateId, entry.InvestigationRef, entry.InvestigationId, entry.Priority, entry.Typologies, entry.Basis, entry.RecordedYear,
        review?.Status ?? ReviewStatus.Queued, review?.ReviewerUserName, QueueOrder.Since(entry, review), entry.TopFactors);

    private static string TitleCase(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..].ToLowerInvariant();
}
