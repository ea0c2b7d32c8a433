namespace Reassess.Reporting;

/// <summary>
/// A report as data, before it is written as a console table, CSV or HTML: a title, the as-of date it was produced
/// for, sections of tables and charts, and the one table that is its machine-readable (CSV) form.
/// The same data and as-of date always give the same document, so every format is reproducible.
/// </summary>
public sealed record ReportDocument(
    string Title,
    DateOnly AsOf,
    string Scope,
    IReadOnlyList<ReportSection> Sections,
    ReportTable Csv)
{
    /// <summary>
    /// True when the report names individual investigations or people (a disclosure under DPA 2018 s.62, audited);
    /// false for aggregates.
    /// </summary>
    public bool ContainsCaseLevelData { get; init; }
}

/// <summary>A heading with optional explanatory text, a table and charts.</summary>
public sealed record ReportSection(string Heading, ReportTable? Table = null, IReadOnlyList<ReportChart>? Charts = null, string? Text = null)
{
    public IReadOnlyList<ReportChart> ChartList => Charts ?? [];
}

/// <summary>A column of a <see cref="ReportTable"/>; numeric columns are right-aligned and never neutralised in CSV.</summary>
public sealed record ReportColumn(string Name, bool Numeric = false);

/// <summary>A rectangular table of already-formatted cells (numbers in invariant culture).</summary>
public sealed record ReportTable(IReadOnlyList<ReportColumn> Columns, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>Rows that are totals (shown in bold), by index.</summary>
    public IReadOnlySet<int> TotalRows { get; init; } = new HashSet<int>();

    /// <summary>A note under the table (for example what <c>[c]</c> means).</summary>
    public string? Note { get; init; }

    public static ReportTable Empty(params ReportColumn[] columns) => new(columns, []);
}

/// <summary>A chart the HTML writer draws as inline SVG.</summary>
public abstract record ReportChart(string Title);

/// <summary>A named run of values, one per category or point.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double> Values);

/// <summary>Bars per category, one bar per series side by side, or stacked.</summary>
public sealed record BarChart(string Title, IReadOnlyList<string> Categories, IReadOnlyList<ChartSeries> Series, bool Stacked = false, string? ValueAxis = null)
    : ReportChart(Title);

/// <summary>Lines over labelled points in order (for example months): a burn-up is done and scope over time.</summary>
public sealed record LineChart(string Title, IReadOnlyList<string> Points, IReadOnlyList<ChartSeries> Series, string? ValueAxis = null)
    : ReportChart(Title)
{
    /// <summary>Series drawn dashed (a plan or a projection rather than what happened).</summary>
    public IReadOnlySet<string> Dashed { get; init; } = new HashSet<string>();
}
