namespace Reassess.Import;

/// <summary>One reason a bundle (or one of its rows) was refused, reported as <c>file:line: column: reason</c>.</summary>
public sealed record ImportError(string File, int Line, string Column, string Reason)
{
    /// <summary>Longest reason printed: a reason quotes the offending value, which a hostile bundle can make huge.</summary>
    public const int MaxPrintedReason = 300;

    /// <summary>One line, always: line breaks and tabs in a quoted value are shown escaped, and a huge value is cut.</summary>
    public override string ToString()
    {
        var reason = Reason.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
        if (reason.Length > MaxPrintedReason) reason = reason[..MaxPrintedReason] + "… (cut)";
        return $"{File}:{Line}: {Column}: {reason}";
    }
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

    /// <summary>Where phase timings go, one line each (the import benchmark's); null for none.</summary>
    public Action<string>? PhaseLog { get; init; }

    /// <summary>Investigations and people are written in parts of this many rows while their files are still being read (smaller in tests, to have several).</summary>
    internal int PartRows { get; init; } = 65_536;

    /// <summary>
    /// For a bundle made from a force's own layout by a mapping (<see cref="Mapping.MappedImporter"/>): the errors the
    /// mapping found on each row, and where each row and error came from in the force's files. Null for a plain bundle.
    /// </summary>
    internal IRowLocator? Locator { get; init; }

    /// <summary>
    /// Rows made by a mapping from a force's own files (<see cref="Mapping.MappedImporter"/>), instead of read from a
    /// bundle's files: run on a thread of its own once the schema's migration has started, it hands every row to the
    /// reading's sinks (<see cref="BundleReading.StartPushed"/>), completes each (errors that refuse the extract with the
    /// last), and returns a hash of the rows for the batch. The folder given to the importer is then the force's extract.
    /// </summary>
    internal Func<BundleReading, CancellationToken, string>? Rows { get; init; }

    /// <summary>What the batch records as its source; the bundle folder's full path when null.</summary>
    internal string? Source { get; init; }
}

/// <summary>
/// Where the rows of a bundle written by a mapping came from. Every method is called with the bundle's own file name and
/// line (<c>investigations.csv</c>, line 2 …), possibly from several threads at once.
/// </summary>
internal interface IRowLocator
{
    /// <summary>Errors the mapping found on the row starting at this line (column of the bundle, reason), or null.</summary>
    IReadOnlyList<(string Column, string Reason)>? MappingErrors(string file, int line);

    /// <summary>The error as the force's own file, line and column.</summary>
    ImportError Locate(ImportError error);

    /// <summary>The force's file, line and row text behind a bundle row.</summary>
    (string File, int Line, string Raw) LocateRow(string file, int line, string raw);
}

/// <summary>Where an import has got to, for progress bars.</summary>
public sealed record ImportProgress(string Stage, long Done, long Total);

/// <summary>The stages an import reports through <see cref="ImportProgress.Stage"/>, in the order they begin.</summary>
public static class ImportStages
{
    public const string Reading = "Reading the bundle";
    public const string WritingInvestigations = "Writing investigations";
    public const string WritingPeople = "Writing people";
    public const string WritingInvolvements = "Writing involvements";
    public const string WritingIdentifiers = "Writing identifiers";
    public const string Done = "Done";

    /// <summary>Every stage, in order.</summary>
    public static IReadOnlyList<string> All { get; } = [Reading, WritingInvestigations, WritingPeople, WritingInvolvements, WritingIdentifiers, Done];
}

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
