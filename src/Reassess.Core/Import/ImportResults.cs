namespace Reassess.Import;

/// <summary>One reason a bundle (or one of its rows) was refused, reported as <c>file:line: column: reason</c>.</summary>
public sealed record ImportError(string File, int Line, string Column, string Reason)
{
    public override string ToString() => $"{File}:{Line}: {Column}: {Reason}";
}

/// <summary>How an import is run.</summary>
public sealed record ImportOptions
{
    /// <summary>
    /// When set, valid rows are imported and each rejected row is written to this file with its reasons
    /// (<c>file,line,errors,row</c>). When null, any invalid row fails the whole import and nothing is written.
    /// </summary>
    public string? RejectsPath { get; init; }

    /// <summary>Who is importing (a user name, or a named system actor).</summary>
    public string ImportedBy { get; init; } = "cli";
}

/// <summary>Where an import has got to, for progress bars.</summary>
public sealed record ImportProgress(string Stage, long Done, long Total);

/// <summary>Rows added, updated and unchanged for one kind of record.</summary>
public sealed record TableChanges(string Table, int Added, int Updated, int Unchanged);

/// <summary>What an import did, or why it did nothing.</summary>
public sealed record ImportOutcome(
    bool Succeeded,
    IReadOnlyList<ImportError> Errors,
    IReadOnlyList<string> Warnings,
    ImportBatch? Batch,
    IReadOnlyList<TableChanges> Changes,
    int RejectedRows)
{
    public static ImportOutcome Failed(IReadOnlyList<ImportError> errors, IReadOnlyList<string> warnings) =>
        new(false, errors, warnings, null, [], 0);
}
