using System.Globalization;
using System.Text.RegularExpressions;

namespace Reassess.Import.Mapping;

/// <summary>Where a mapped row came from: its line in its feed's source, the lines of its joined rows (-1: none), its text, its length in the file (0: not known).</summary>
internal readonly record struct RowOrigin(int Line, int[]? JoinLines, string? Raw, int Chars = 0);

/// <summary>Receives the rows of one force-export-v1 table as the mapping makes them (one receiver per table, one thread each).</summary>
internal interface IMappedRows
{
    /// <summary>
    /// A row: <paramref name="cells"/> in the schema's column order (the array is reused for the next row),
    /// <paramref name="errors"/> what the mapping could not make of it (bundle column, reason), or null.
    /// </summary>
    void Row(int feed, string?[] cells, in RowOrigin origin, List<(string Column, string Reason)>? errors);

    /// <summary>Every row of the table has been handed in (not called when making them failed).</summary>
    void Made();
}

/// <summary>A column of a force file that the mapping does not read (nor list under <c>ignore</c>).</summary>
public sealed record UnmappedColumn(string File, string Column);

/// <summary>
/// A force's extract read through a mapping: the mapping checked against the files' headers (every source column it
/// names must be there), then each force-export-v1 table made row by row from its feeds. The same rows feed an import
/// (<see cref="MappedImporter"/>, through a bundle folder) and a check (<see cref="MappingCheck"/>).
/// </summary>
public sealed partial class MappedExtract
{
    /// <summary>The force-export-v1 tables, in import order: name, bundle file, columns.</summary>
    internal static readonly (string Table, string File, IReadOnlyList<ColumnSpec> Columns)[] Tables =
    [
        ("investigations", BundleSchema.Investigations, BundleSchema.InvestigationColumns),
        ("people", BundleSchema.People, BundleSchema.PeopleColumns),
        ("involvements", BundleSchema.Involvements, BundleSchema.InvolvementColumns),
        ("identifiers", BundleSchema.Identifiers, BundleSchema.IdentifierColumns),
    ];

    /// <summary>The date columns of force-export-v1: those a mapping's date formats apply to.</summary>
    public static IReadOnlySet<string> DateColumns { get; } =
        new HashSet<string>(["recorded_date", "offence_from", "offence_to", "outcome_date", "date_of_birth", "date_of_death"], StringComparer.Ordinal);

    internal static IReadOnlyList<ColumnSpec>? ColumnsOf(string table) => Array.Find(Tables, t => t.Table == table).Columns;

    [GeneratedRegex("^[A-Za-z]{2,8}$", RegexOptions.CultureInvariant)]
    private static partial Regex ForceCode();

    internal static bool IsForceCode(string code) => ForceCode().IsMatch(code);

    /// <summary>Why a date format cannot be used, or null: it must name a day, a month and a year (<c>dd/MM/yyyy</c>, <c>d MMM yyyy HH:mm</c>).</summary>
    internal static string? DateFormatProblem(string format)
    {
        if (string.IsNullOrWhiteSpace(format)) return "is empty";
        if (!format.Contains('d', StringComparison.Ordinal) || !format.Contains('M', StringComparison.Ordinal) || !format.Contains('y', StringComparison.Ordinal))
            return "must name the day (d), month (M) and year (y)";
        try
        {
            _ = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Unspecified).ToString(format, CultureInfo.InvariantCulture);
            return null;
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }
    }

    private readonly string _extract;
    private readonly Dictionary<string, SourceTable> _sources;
    private readonly List<CompiledFeed>[] _feeds;

    private MappedExtract(string extract, MappingDefinition mapping, Dictionary<string, SourceTable> sources, List<CompiledFeed>[] feeds,
        List<ImportError> errors, List<UnmappedColumn> unmapped)
    {
        _extract = extract;
        Mapping = mapping;
        _sources = sources;
        _feeds = feeds;
        FileErrors = errors;
        Unmapped = unmapped;
    }

    public MappingDefinition Mapping { get; }

    /// <summary>What keeps the extract from being mapped at all: a source missing or unreadable, a column the mapping names missing from its file.</summary>
    public IReadOnlyList<ImportError> FileErrors { get; }

    /// <summary>Every column of the force's files that the mapping neither reads nor ignores, in file order.</summary>
    public IReadOnlyList<UnmappedColumn> Unmapped { get; }

    /// <summary>The sources the mapping reads, with how messages name them.</summary>
    public IReadOnlyList<string> SourceFiles => [.. _sources.Values.Select(s => s.Display)];

    /// <summary>Whether a table has any feed.</summary>
    internal bool Maps(int table) => _feeds[table].Count > 0;

    internal IReadOnlyList<CompiledFeed> FeedsOf(int table) => _feeds[table];

    /// <summary>The length of the files a table's feeds read (<see cref="SourceTable.Length"/>), to estimate its rows.</summary>
    internal long Length(int table) => _feeds[table].Sum(f => f.Source.Length());

    /// <summary>Reads the headers of the extract's files and checks the mapping against them.</summary>
    public static MappedExtract Open(string extract, MappingDefinition mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var errors = new List<ImportError>();
        if (!Directory.Exists(extract))
        {
            errors.Add(new(extract, 0, "(extract)", "is not a folder"));
            return new MappedExtract(extract, mapping, [], [.. Tables.Select(_ => new List<CompiledFeed>())], errors, []);
        }
        var used = mapping.Sources.Keys.Where(name => mapping.Tables.Values.Any(feeds => feeds.Any(f => f.From == name || f.Join.Any(j => j.Source == name))));
        var sources = new Dictionary<string, SourceTable>(StringComparer.Ordinal);
        foreach (var name in used)
            if (SourceTable.Open(extract, name, mapping.Sources[name], errors) is { } table) sources.Add(name, table);

        var read = sources.Values.ToDictionary(s => s, s => new bool[s.Header.Count]);
        var feeds = Tables.Select(_ => new List<CompiledFeed>()).ToArray();
        for (var t = 0; t < Tables.Length; t++)
        {
            if (!mapping.Tables.TryGetValue(Tables[t].Table, out var defined)) continue;
            for (var f = 0; f < defined.Count; f++)
            {
                var compiled = CompiledFeed.Compile(mapping, Tables[t].Table, f, defined[f], Tables[t].Columns, sources, read, errors);
                if (compiled is not null) feeds[t].Add(compiled);
            }
        }
        var unmapped = new List<UnmappedColumn>();
        foreach (var (name, table) in sources)
        {
            var ignore = mapping.Sources[name].Ignore;
            foreach (var column in ignore.Where(c => table.IndexOf(c) < 0))
                errors.Add(new(table.Display, 1, column, $"listed under sources.{name}.ignore but not in the header"));
            for (var i = 0; i < table.Header.Count; i++)
                if (!read[table][i] && !ignore.Contains(table.Header[i], StringComparer.Ordinal))
                    unmapped.Add(new(table.Display, table.Header[i].Length == 0 ? "(unnamed)" : table.Header[i]));
        }
        return new MappedExtract(extract, mapping, sources, feeds, errors, unmapped);
    }

    /// <summary>
    /// Makes every table's rows, handing each to <paramref name="receiver"/>'s receiver for that table (and telling it when
    /// the table is made); tables are made in parallel, each on one thread. Joined sources are read first. A joined source with a key twice is an error in
    /// <paramref name="errors"/> (and nothing is made).
    /// </summary>
    internal void Run(Func<int, IMappedRows> receiver, bool keepRaw, List<ImportError> errors, CancellationToken cancellationToken)
    {
        if (FileErrors.Count > 0) throw new InvalidOperationException("the extract cannot be mapped: see FileErrors");
        var joined = new Dictionary<(SourceTable, int), Dictionary<string, SourceRow>>();
        foreach (var join in _feeds.SelectMany(f => f).SelectMany(f => f.Joins))
        {
            if (joined.ContainsKey((join.Table, join.KeyColumn))) continue;
            var rows = new Dictionary<string, SourceRow>(StringComparer.Ordinal);
            foreach (var row in join.Table.Rows(join.Wanted, keepRaw: false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (row.ShapeError is not null) { errors.Add(new(join.Table.Display, row.Line, "(row)", row.ShapeError)); if (row.Fatal) break; continue; }
                if (row.Cells[join.KeyColumn] is not { } key) continue;
                if (!rows.TryAdd(key, row))
                    errors.Add(new(join.Table.Display, row.Line, join.Table.Header[join.KeyColumn],
                        $"'{key}' is also on line {rows[key].Line}: a joined source may hold one row for each key"));
            }
            joined.Add((join.Table, join.KeyColumn), rows);
        }
        if (errors.Count > 0) return;
        // As a bundle's files are read (BundleReading): on dedicated threads below the writer's priority
        // (ReadingPriority), as many as there are cores, taking the tables in import order, so investigations and people
        // are made first and side by side, and the schema's migration and the writer are not held up by the mapping.
        var tables = Enumerable.Range(0, Tables.Length).Where(Maps).ToArray();
        var unreadable = new System.Collections.Concurrent.ConcurrentBag<ImportError>();
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var next = -1;
        void Work()
        {
            ReadingPriority.Lower();
            try
            {
                for (var i = Interlocked.Increment(ref next); i < tables.Length; i = Interlocked.Increment(ref next))
                {
                    var rows = receiver(tables[i]);
                    MakeTable(tables[i], rows, joined, keepRaw, unreadable, failed.Token);
                    rows.Made();
                }
            }
            catch
            {
                failed.Cancel(); // the other tables stop too; the exception goes to whoever runs the mapping
                throw;
            }
        }
        var workers = Enumerable.Range(0, Math.Clamp(Environment.ProcessorCount, 1, Math.Max(1, tables.Length)))
            .Select(_ => Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();
        try
        {
            Task.WaitAll(workers);
        }
        catch (AggregateException ex)
        {
            // Cancelled, or the first thing that went wrong (not the other tables' stopping because of it).
            cancellationToken.ThrowIfCancellationRequested();
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(
                ex.InnerExceptions.FirstOrDefault(e => e is not OperationCanceledException) ?? ex.InnerExceptions[0]);
        }
        errors.AddRange(unreadable.OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line));
    }

    private void MakeTable(int t, IMappedRows receiver, Dictionary<(SourceTable, int), Dictionary<string, SourceRow>> joined, bool keepRaw,
        System.Collections.Concurrent.ConcurrentBag<ImportError> unreadable, CancellationToken cancellationToken)
    {
        var width = Tables[t].Columns.Count;
        var cells = new string?[width];
        var made = 0;
        for (var f = 0; f < _feeds[t].Count; f++)
        {
            var feed = _feeds[t][f];
            var rows = new string?[]?[1 + feed.Joins.Count];
            var lookups = feed.Joins.Select(j => joined[(j.Table, j.KeyColumn)]).ToArray();
            foreach (var row in feed.Source.Rows(feed.Wanted, keepRaw, feed.Pooled, reuseCells: true))
            {
                if ((made++ & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
                List<(string, string)>? errors = null;
                int[]? joinLines = null;
                if (row.Fatal)
                {
                    unreadable.Add(new(feed.Source.Display, row.Line, "(file)", row.ShapeError!));
                    break;
                }
                if (row.ShapeError is not null)
                {
                    Array.Clear(cells);
                    receiver.Row(f, cells, new RowOrigin(row.Line, null, row.Raw), [("(row)", row.ShapeError)]);
                    continue;
                }
                if (!HasAll(row.Cells, feed.Needed)) continue;
                rows[0] = row.Cells;
                if (feed.Joins.Count > 0)
                {
                    joinLines = new int[feed.Joins.Count];
                    for (var j = 0; j < feed.Joins.Count; j++)
                    {
                        var join = feed.Joins[j];
                        if (row.Cells[join.OnColumn] is { } key && lookups[j].TryGetValue(key, out var match))
                        {
                            rows[j + 1] = match.Cells;
                            joinLines[j] = match.Line;
                        }
                        else
                        {
                            rows[j + 1] = null;
                            joinLines[j] = -1;
                            if (join.Required)
                                (errors ??= []).Add(("(row)", $"no row of {join.Table.Display} has {join.Table.Header[join.KeyColumn]} '{row.Cells[join.OnColumn]}' (the join is required)"));
                        }
                    }
                }
                for (var c = 0; c < width; c++)
                {
                    if (feed.Rules[c] is not { } rule) { cells[c] = null; continue; }
                    cells[c] = rule.Evaluate(rows, out var error);
                    if (error is not null) (errors ??= []).Add((Tables[t].Columns[c].Name, error));
                }
                receiver.Row(f, cells, new RowOrigin(row.Line, joinLines, row.Raw, row.Chars), errors);
            }
        }
    }

    private static bool HasAll(string?[] cells, int[] needed)
    {
        foreach (var c in needed)
            if (cells[c] is null) return false;
        return true;
    }
}

/// <summary>A source joined to a feed: its table, the feed's key column, the joined table's key column, the columns read.</summary>
internal sealed record CompiledJoin(SourceTable Table, int OnColumn, int KeyColumn, bool[] Wanted, bool Required);

/// <summary>A feed checked against its files' headers: for each bundle column, the rule that fills it (null: left empty).</summary>
internal sealed class CompiledFeed
{
    public required SourceTable Source { get; init; }
    public required bool[] Wanted { get; init; }
    public required IReadOnlyList<CompiledJoin> Joins { get; init; }
    public required ColumnRule?[] Rules { get; init; }

    /// <summary>Columns of the source a row needs a value in to be taken (<see cref="FeedDefinition.Skip"/>).</summary>
    public required int[] Needed { get; init; }

    /// <summary>
    /// Columns of the source whose values recur (read into a force-export-v1 column that <see cref="ColumnSpec.Repeats"/>,
    /// or translated, or read as dates): their cells share one string per value, as a bundle's reader shares them.
    /// </summary>
    public required bool[] Pooled { get; init; }

    internal static CompiledFeed? Compile(MappingDefinition mapping, string table, int index, FeedDefinition feed, IReadOnlyList<ColumnSpec> columns,
        Dictionary<string, SourceTable> sources, Dictionary<SourceTable, bool[]> read, List<ImportError> errors)
    {
        if (!sources.TryGetValue(feed.From, out var source)) return null; // unreadable: said already
        var at = $"tables.{table}[{index}]";
        var ok = true;
        int Column(SourceTable file, string name, string where)
        {
            var i = file.IndexOf(name);
            if (i < 0)
            {
                errors.Add(new(file.Display, 1, name, $"named by the mapping ({where}) but not in the header (its columns: {string.Join(", ", file.Header)})"));
                ok = false;
            }
            else read[file][i] = true;
            return i;
        }
        var wanted = read[source];
        var joins = new List<CompiledJoin>();
        var slots = new List<SourceTable> { source };
        for (var j = 0; j < feed.Join.Count; j++)
        {
            var join = feed.Join[j];
            if (!sources.TryGetValue(join.Source, out var joinedTable)) { ok = false; continue; }
            var on = Column(source, join.On, $"{at}.join[{j}].on");
            var key = Column(joinedTable, join.To ?? join.On, $"{at}.join[{j}].to");
            joins.Add(new CompiledJoin(joinedTable, on, key, read[joinedTable], join.Required));
            slots.Add(joinedTable);
        }
        // A feed's date columns with the same formats share one reader, and so what it remembers: an investigation's
        // dates (recorded, offence from and to, outcome) are mostly the same few thousand days.
        var readers = new Dictionary<string, MappedDates>(StringComparer.Ordinal);
        MappedDates DatesFor(string[] formats) =>
            readers.TryGetValue(string.Join('\n', formats), out var shared) ? shared : readers[string.Join('\n', formats)] = new MappedDates(formats);
        var rules = new ColumnRule?[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            var target = columns[c].Name;
            var where = $"{at}.columns.{target}";
            if (!feed.Columns.TryGetValue(target, out var definition))
            {
                if (target == "force" && mapping.Force is { } force)
                    rules[c] = ColumnRule.Constant(force.ToUpperInvariant(), source.Display, $"(mapping: force '{force}')");
                continue;
            }
            var slot = definition.Source is null || definition.Source == feed.From ? 0 : 1 + feed.Join.ToList().FindIndex(j => j.Source == definition.Source);
            if (slot >= slots.Count) { ok = false; continue; }
            var file = slots[slot];
            Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>>? translation = definition.Translate is { } name ? ColumnRule.TranslationOf(mapping.Translations[name]) : null;
            string[]? formats = null;
            if (MappedExtract.DateColumns.Contains(target))
            {
                var own = definition.Format?.Split('|') ?? [];
                formats = [.. own, .. mapping.DateFormats];
                if (formats.Length == 0) formats = null;
            }
            if (definition.Value is { } value)
            {
                rules[c] = ColumnRule.Constant(value, source.Display, $"(mapping: {target} '{value}')");
                continue;
            }
            int[] indexes = definition.Join is { } joined
                ? [.. joined.Select(n => Column(file, n, where))]
                : [Column(file, definition.Column!, where)];
            if (indexes.Any(i => i < 0)) continue;
            var style = definition.NameStyle ?? mapping.NameStyle;
            var part = definition.Name switch { "surname" => 1, "forenames" => 2, _ => 0 };
            var describe = definition.Join is { } parts ? string.Join(" + ", parts)
                : part > 0 ? $"{definition.Column} ({definition.Name})" : definition.Column!;
            rules[c] = new ColumnRule
            {
                Slot = slot,
                Indexes = indexes,
                Join = definition.Join is not null,
                Separator = definition.Separator ?? (target == "offence_codes" ? ";" : " "),
                NamePart = part,
                ForenamesFirst = string.Equals(style, NameStyles.ForenamesFirst, StringComparison.OrdinalIgnoreCase),
                Translation = translation,
                TranslationName = definition.Translate,
                Dates = formats is null ? null : DatesFor(formats),
                File = file.Display,
                Describe = describe,
            };
        }
        int[] needed = [.. feed.Skip.Select(c => Column(source, c, $"{at}.skip"))];
        var pooled = new bool[source.Header.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            if (rules[c] is not { ConstantValue: null, Slot: 0 } rule || !(columns[c].Repeats || rule.Translation is not null || rule.Dates is not null)) continue;
            foreach (var i in rule.Indexes) pooled[i] = true;
        }
        return ok ? new CompiledFeed { Source = source, Wanted = wanted, Joins = joins, Rules = rules, Needed = needed, Pooled = pooled } : null;
    }
}

/// <summary>How one bundle column is made from a source row (and its joined rows); where its value came from, for messages.</summary>
internal sealed class ColumnRule
{
    public string? ConstantValue { get; init; }
    public int Slot { get; init; }
    public int[] Indexes { get; init; } = [];
    public bool Join { get; init; }
    public string Separator { get; init; } = " ";
    public int NamePart { get; init; }
    public bool ForenamesFirst { get; init; }
    public Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>>? Translation { get; init; }
    public string? TranslationName { get; init; }
    public MappedDates? Dates { get; init; }

    /// <summary>The force's file the value is read from (a joined source's, when it comes from one).</summary>
    public required string File { get; init; }

    /// <summary>The source column(s) as messages name them: <c>REC_DATE</c>, <c>NAME (surname)</c>, <c>FORENAME1 + FORENAME2</c>.</summary>
    public required string Describe { get; init; }

    public static ColumnRule Constant(string value, string file, string describe) =>
        new() { ConstantValue = value, File = file, Describe = describe };

    public static Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> TranslationOf(IReadOnlyDictionary<string, string> table)
    {
        var lookup = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (from, to) in table) lookup[from.Trim()] = to.Trim();
        return lookup.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The bundle cell for a row (rows[0] the feed's, rows[1…] its joined rows, null when none matched); an error when the value cannot be mapped.</summary>
    public string? Evaluate(string?[]?[] rows, out string? error)
    {
        error = null;
        if (ConstantValue is not null) return ConstantValue;
        var row = rows[Slot];
        if (row is null) return null;
        string? value;
        if (Join)
        {
            List<string>? parts = null;
            foreach (var i in Indexes)
            {
                if (row[i] is not { } part) continue;
                var translated = Translate(part, ref error);
                if (translated is not null) (parts ??= []).Add(translated);
            }
            value = parts is null ? null : string.Join(Separator, parts);
        }
        else
        {
            value = row[Indexes[0]];
            if (value is null) return null;
            if (NamePart > 0) value = NamePartOf(value);
            if (value is null) return null;
            value = Translate(value, ref error);
        }
        if (value is null || Dates is null || error is not null) return value;
        return Dates.Read(value, ref error);
    }

    private string? Translate(string value, ref string? error)
    {
        if (Translation is not { } lookup) return value;
        if (lookup.TryGetValue(value, out var to)) return to.Length == 0 ? null : to;
        error ??= $"'{value}' has no translation in '{TranslationName}'";
        return value;
    }

    private string? NamePartOf(string name)
    {
        string surname, forenames;
        if (ForenamesFirst)
        {
            var space = name.LastIndexOf(' ');
            (forenames, surname) = space < 0 ? ("", name) : (name[..space].Trim(), name[(space + 1)..].Trim());
        }
        else
        {
            var comma = name.IndexOf(',', StringComparison.Ordinal);
            (surname, forenames) = comma < 0 ? (name, "") : (name[..comma].Trim(), name[(comma + 1)..].Trim());
        }
        var part = NamePart == 1 ? surname : string.Join(' ', forenames.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return part.Length == 0 ? null : part;
    }
}
