namespace Reassess.Import;

/// <summary>One run of the importer over a bundle: what it brought, when, by whom.</summary>
public sealed class ImportBatch
{
    public long Id { get; set; }
    /// <summary>Forces in the bundle, upper-case, joined with <c>;</c>.</summary>
    public required string Forces { get; set; }
    public required string Source { get; set; }
    /// <summary>SHA-256 over the bundle's files, hex.</summary>
    public required string BundleHash { get; set; }
    public required string ImportedBy { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset CompletedAt { get; set; }
    public int Added { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int Rejected { get; set; }
}

/// <summary>
/// One changed field of a stored record, kept so a later extract (or a review closing a data gap) never loses the earlier value.
/// </summary>
public sealed class RecordChange
{
    public long Id { get; set; }
    /// <summary><c>investigation</c>, <c>person</c>, <c>involvement</c> or <c>identifier</c>.</summary>
    public required string Entity { get; set; }
    public long RecordId { get; set; }
    public required string Field { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
    /// <summary>The import batch that made the change, when an import did.</summary>
    public long? BatchId { get; set; }
    /// <summary>Who or what made it: <c>import</c>, or a user name for a review.</summary>
    public required string ChangedBy { get; set; }
    /// <summary>Why, in a few words: <c>later extract</c>, <c>review 12: data gap closed</c>.</summary>
    public string? Reason { get; set; }
}
