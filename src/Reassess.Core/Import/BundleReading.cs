using System.Threading.Channels;
using Reassess.Records;

namespace Reassess.Import;

/// <summary>
/// The four files of a bundle being read and validated row by row, on as many workers as there are cores, taking the
/// files in order: investigations first and people second, so the import can start writing them while involvements
/// and identifiers are still being read. Each file keeps its own file-level errors and warnings; they are merged in
/// file order, so messages come out as if the files had been read one after another. Investigations and people are also
/// handed over in parts as they are read (<see cref="InvestigationParts"/>, <see cref="PeopleParts"/>), so they can be
/// checked and written while the rest of their file is still being read.
/// </summary>
internal sealed class BundleReading
{
    private static readonly (string Name, IReadOnlyList<ColumnSpec> Columns, bool Required)[] Files =
    [
        (BundleSchema.Investigations, BundleSchema.InvestigationColumns, true),
        (BundleSchema.People, BundleSchema.PeopleColumns, true),
        (BundleSchema.Involvements, BundleSchema.InvolvementColumns, true),
        (BundleSchema.Identifiers, BundleSchema.IdentifierColumns, false),
    ];

    private readonly string _directory;
    private readonly bool _keepRawText;
    private readonly IProgress<ImportProgress>? _progress;
    private readonly ImportTimings _timings;
    private readonly CancellationToken _cancellationToken;
    private readonly List<ImportError>[] _errors = [.. Files.Select(_ => new List<ImportError>())];
    private readonly List<string>[] _warnings = [.. Files.Select(_ => new List<string>())];
    private readonly HashSet<string>[] _forces = [.. Files.Select(_ => new HashSet<string>(StringComparer.Ordinal))];
    private readonly TaskCompletionSource<List<ParsedRow<Investigation>>> _investigations = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<List<ParsedRow<Person>>> _people = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<List<ParsedRow<Involvement>>> _involvements = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<List<ParsedRow<Identifier>>> _identifiers = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<RowPart<Investigation>> _investigationParts = Parts<Investigation>();
    private readonly Channel<RowPart<Person>> _peopleParts = Parts<Person>();
    private readonly int _partRows;
    private readonly IRowLocator? _locator;
    private int _next = -1;
    private int _read;

    private BundleReading(string directory, bool keepRawText, int partRows, IProgress<ImportProgress>? progress, ImportTimings timings, CancellationToken cancellationToken, IRowLocator? locator)
    {
        _locator = locator;
        _directory = directory;
        _partRows = partRows;
        _keepRawText = keepRawText;
        _progress = progress;
        _timings = timings;
        _cancellationToken = cancellationToken;
    }

    /// <summary>
    /// Starts reading <paramref name="directory"/>'s files in the background; <paramref name="keepRawText"/> keeps each
    /// row's text (for a rejects file); investigations and people are handed over in parts of <paramref name="partRows"/>.
    /// With a <paramref name="locator"/> (a bundle written by a mapping), each row also carries the errors the mapping found on it.
    /// </summary>
    public static BundleReading Start(string directory, bool keepRawText, int partRows, IProgress<ImportProgress>? progress, ImportTimings timings, CancellationToken cancellationToken,
        IRowLocator? locator = null)
    {
        var reading = new BundleReading(directory, keepRawText, partRows, progress, timings, cancellationToken, locator);
        progress?.Report(new(ImportStages.Reading, 0, Files.Length));
        // Dedicated threads, not the thread pool's: the pool has as many threads as cores to begin with, and work queued
        // behind two long reads (taking a file's keys, resolving references) would wait for it to grow.
        var workers = Math.Clamp(Environment.ProcessorCount, 1, Files.Length);
        for (var i = 0; i < workers; i++)
            _ = Task.Factory.StartNew(reading.Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return reading;
    }

    /// <summary>
    /// Starts a reading whose rows are handed in (<see cref="Sink"/>) instead of read from a folder: a mapping makes them
    /// from a force's own files (<see cref="Mapping.MappedImporter"/>), so they are not written as a bundle and read back.
    /// Each row goes through the same checks, parts and force noting as a row read from a file, on the thread that hands it
    /// in. Rows are numbered as lines of the file they stand for (line 2 the first), for <paramref name="locator"/>.
    /// </summary>
    public static BundleReading StartPushed(bool keepRawText, int partRows, IProgress<ImportProgress>? progress, ImportTimings timings, CancellationToken cancellationToken,
        IRowLocator locator)
    {
        var reading = new BundleReading("", keepRawText, partRows, progress, timings, cancellationToken, locator);
        progress?.Report(new(ImportStages.Reading, 0, Files.Length));
        reading._sinks = [
            reading.Pushed(0, RowParser.Investigation, x => x.Force, reading._investigations, reading._investigationParts),
            reading.Pushed(1, RowParser.Person, x => x.Force, reading._people, reading._peopleParts),
            reading.Pushed(2, RowParser.Involvement, x => x.Force, reading._involvements, null),
            reading.Pushed(3, RowParser.Identifier, x => x.Force, reading._identifiers, null),
        ];
        return reading;
    }

    private IRowSink[] _sinks = [];

    /// <summary>Where the rows of file <paramref name="file"/> (in the order of <see cref="BundleSchema"/>'s files) are handed in, once started with <see cref="StartPushed"/>.</summary>
    public IRowSink Sink(int file) => _sinks[file];

    public Task<List<ParsedRow<Investigation>>> Investigations => _investigations.Task;
    public Task<List<ParsedRow<Person>>> People => _people.Task;
    public Task<List<ParsedRow<Involvement>>> Involvements => _involvements.Task;
    public Task<List<ParsedRow<Identifier>>> Identifiers => _identifiers.Task;

    /// <summary>
    /// The investigations in parts, in file order, as they are read; complete when the file is read (failed if reading
    /// failed). Each row's own checks are done; checks across rows (a repeated key) are not. A file found malformed
    /// part-way hands over no more parts, and says so in its errors.
    /// </summary>
    public ChannelReader<RowPart<Investigation>> InvestigationParts => _investigationParts.Reader;

    /// <summary>The people in parts, as <see cref="InvestigationParts"/>.</summary>
    public ChannelReader<RowPart<Person>> PeopleParts => _peopleParts.Reader;

    private static Channel<RowPart<T>> Parts<T>() where T : class =>
        Channel.CreateUnbounded<RowPart<T>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    /// <summary>Every file read (whether or not it could be).</summary>
    public Task AllRead => Task.WhenAll(Investigations, People, Involvements, Identifiers);

    /// <summary>
    /// Whether a file read so far has a file-level error (missing, a required column missing, malformed CSV): such a
    /// bundle is refused with only those errors, since nothing is worth reporting row by row.
    /// </summary>
    public bool Unreadable(string file) => _errors[Array.FindIndex(Files, f => f.Name == file)].Count > 0;

    /// <summary>The file-level errors of all files, in file order (once <see cref="AllRead"/> is done).</summary>
    public List<ImportError> FileErrors() => [.. _errors.SelectMany(e => e)];

    /// <summary>
    /// The forces named by a file's rows, each once (complete once the file is read). Noted as each row is parsed, while it
    /// is in the cache: a pass over millions of rows afterwards is a cache miss or two for each.
    /// </summary>
    public IReadOnlyCollection<string> ForcesOf(string file) => _forces[Array.FindIndex(Files, f => f.Name == file)];

    /// <summary>The forces named anywhere in the bundle, in order (once <see cref="AllRead"/> is done).</summary>
    public IReadOnlyList<string> AllForces() => [.. _forces.SelectMany(f => f).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>The warnings of all files (unknown columns), in file order (once <see cref="AllRead"/> is done).</summary>
    public List<string> Warnings() => [.. _warnings.SelectMany(w => w)];

    /// <summary>A worker: takes the next file not yet taken until none is left, below the writer's priority
    /// (<see cref="ReadingPriority"/>).</summary>
    private void Work()
    {
        ReadingPriority.Lower();
        for (var i = Interlocked.Increment(ref _next); i < Files.Length; i = Interlocked.Increment(ref _next))
        {
            switch (i)
            {
                case 0: Read(i, RowParser.Investigation, x => x.Force, _investigations, _investigationParts); break;
                case 1: Read(i, RowParser.Person, x => x.Force, _people, _peopleParts); break;
                case 2: Read(i, RowParser.Involvement, x => x.Force, _involvements, null); break;
                default: Read(i, RowParser.Identifier, x => x.Force, _identifiers, null); break;
            }
        }
    }

    private void Read<TRecord>(int i, Func<CsvRow, ParsedRow<TRecord>> parse, Func<TRecord, string> forceOf,
        TaskCompletionSource<List<ParsedRow<TRecord>>> done, Channel<RowPart<TRecord>>? parts) where TRecord : class
    {
        try
        {
            var (name, columns, required) = Files[i];
            var parseNotingForce = NotingForces(i, parse, forceOf, pushed: false);
            var reader = new BundleFileReader(_directory, name, columns, _keepRawText);
            List<ParsedRow<TRecord>> rows = [];
            Action<List<ParsedRow<TRecord>>, int, int>? handOver = parts is null ? null : (part, first, expected) => parts.Writer.TryWrite(new(part, first, expected));
            if (reader.Exists) rows = reader.ReadAll(parseNotingForce, _errors[i], _warnings[i], _cancellationToken, handOver, _partRows);
            else if (required) _errors[i].Add(new(name, 0, "(file)", "required file is missing from the bundle"));
            _progress?.Report(new(ImportStages.Reading, Interlocked.Increment(ref _read), Files.Length));
            _timings.Mark($"read, parse {name}");
            parts?.Writer.TryComplete();
            done.SetResult(rows);
        }
        catch (Exception ex) // handed to whoever awaits the file (cancellation included), not lost on a worker thread
        {
            parts?.Writer.TryComplete(ex);
            done.SetException(ex);
        }
    }

    /// <summary>
    /// File <paramref name="i"/>'s row parser, which also attaches the mapping's errors for the row (a mapped import: those
    /// the row carries when <paramref name="pushed"/>, else the locator's) and notes each force met. Rows of one force share
    /// one string, so a run of them costs a reference comparison.
    /// </summary>
    private Func<CsvRow, ParsedRow<TRecord>> NotingForces<TRecord>(int i, Func<CsvRow, ParsedRow<TRecord>> parse, Func<TRecord, string> forceOf, bool pushed)
        where TRecord : class
    {
        var name = Files[i].Name;
        var forces = _forces[i];
        string? lastForce = null;
        return row =>
        {
            var parsed = parse(row);
            if ((pushed ? row.MappingErrors : _locator?.MappingErrors(name, row.Line)) is { } mapping) parsed.MappingErrors(mapping);
            var force = forceOf(parsed.Record);
            if (!ReferenceEquals(force, lastForce) && force.Length > 0)
            {
                forces.Add(force);
                lastForce = force;
            }
            return parsed;
        };
    }

    /// <summary>The sink of a file whose rows are handed in: each row parsed as <see cref="Read"/> parses a file's.</summary>
    private PushedFile<TRecord> Pushed<TRecord>(int i, Func<CsvRow, ParsedRow<TRecord>> parse, Func<TRecord, string> forceOf,
        TaskCompletionSource<List<ParsedRow<TRecord>>> done, Channel<RowPart<TRecord>>? parts) where TRecord : class
    {
        var name = Files[i].Name;
        var parseNotingForce = NotingForces(i, parse, forceOf, pushed: true);
        void Complete(List<ParsedRow<TRecord>> rows, IReadOnlyList<ImportError> refused, Exception? failed)
        {
            if (failed is not null)
            {
                parts?.Writer.TryComplete(failed);
                done.TrySetException(failed);
                return;
            }
            _errors[i].AddRange(refused);
            _progress?.Report(new(ImportStages.Reading, Interlocked.Increment(ref _read), Files.Length));
            _timings.Mark($"map, parse {name}");
            parts?.Writer.TryComplete();
            done.TrySetResult(rows);
        }
        return new PushedFile<TRecord>(parseNotingForce, parts is null ? null : (part, first, expected) => parts.Writer.TryWrite(new(part, first, expected)),
            _partRows, _keepRawText, Complete);
    }
}

/// <summary>
/// Rows of a file handed over while it is read: <see cref="Rows"/> are the file's rows from index <see cref="First"/> on;
/// the file is expected to hold about <see cref="ExpectedRows"/> (to size what is built from it once, not by doubling).
/// </summary>
internal readonly record struct RowPart<T>(List<ParsedRow<T>> Rows, int First, int ExpectedRows) where T : class;

/// <summary>Receives the rows of one bundle file as something else makes them (<see cref="BundleReading.StartPushed"/>); one thread per file.</summary>
internal interface IRowSink
{
    /// <summary>Whether the rows' text is kept (for a rejects file).</summary>
    bool KeepsRawText { get; }

    /// <summary>
    /// About how many rows will come, to size what holds them once instead of by doubling: <paramref name="capacity"/> at
    /// most, <paramref name="estimate"/> likely (said to the importer with each part, as a file's reader estimates them).
    /// </summary>
    void Expect(int capacity, int estimate);

    /// <summary>A row: its cells in the schema's column order (the array may be reused once this returns).</summary>
    void Row(CsvRow row);

    /// <summary>
    /// No more rows. <paramref name="refused"/> are errors that refuse the whole bundle (the file then counts as unreadable);
    /// <paramref name="failed"/> an exception that ended the making of the rows, handed to whoever awaits the file.
    /// </summary>
    void Complete(IReadOnlyList<ImportError> refused, Exception? failed = null);
}

/// <summary>
/// A file's rows handed in one by one: each parsed at once (so its cells are not kept), and handed over in parts of
/// <c>partRows</c> like the rows read from a file (<see cref="BundleFileReader.ReadAll{TOut}"/>); each part says how many
/// rows the file is expected to have: the maker's estimate (<see cref="Expect"/>), else the rows so far (exact when the
/// first part is the last).
/// </summary>
internal sealed class PushedFile<T>(Func<CsvRow, ParsedRow<T>> parse, Action<List<ParsedRow<T>>, int, int>? part, int partRows, bool keepRaw,
    Action<List<ParsedRow<T>>, IReadOnlyList<ImportError>, Exception?> complete) : IRowSink where T : class
{
    private readonly List<ParsedRow<T>> _rows = [];
    private int _handed;
    private int _estimate;
    private int _expected; // said with every part: fixed at the first, as a file's reader does
    private bool _completed;

    public bool KeepsRawText => keepRaw;

    public void Expect(int capacity, int estimate)
    {
        if (capacity > _rows.Capacity) _rows.Capacity = capacity;
        _estimate = estimate;
    }

    public void Row(CsvRow row)
    {
        _rows.Add(parse(row));
        if (part is not null && _rows.Count - _handed >= partRows) HandOver(last: false);
    }

    private void HandOver(bool last)
    {
        if (_expected == 0) _expected = last ? _rows.Count : Math.Max(_estimate, _rows.Count);
        part!(_rows.GetRange(_handed, _rows.Count - _handed), _handed, Math.Max(_expected, _rows.Count));
        _handed = _rows.Count;
    }

    public void Complete(IReadOnlyList<ImportError> refused, Exception? failed = null)
    {
        if (_completed) return;
        _completed = true;
        if (failed is null && part is not null && _rows.Count > _handed) HandOver(last: true);
        complete(_rows, refused, failed);
    }
}
