using System.Globalization;
using System.Net;
using System.Text;

namespace Reassess.Reporting;

/// <summary>
/// Draws <see cref="ReportChart"/>s as self-contained SVG, on the server, with no script: the HTML report opens offline
/// and prints to PDF as it looks. Colours are the Okabe–Ito palette (distinguishable with colour-vision deficiency),
/// every chart carries a title and a text alternative, and numbers are written in invariant culture so the output is
/// byte-for-byte the same for the same data.
/// </summary>
public static class SvgCharts
{
    private static readonly string[] Palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];
    private const int Width = 720;
    private const int Height = 300;
    private const int Left = 56;
    private const int Right = 48;
    private const int Top = 36;
    private const int Bottom = 64;

    public static string Render(ReportChart chart) => chart switch
    {
        BarChart bar => RenderBars(bar),
        LineChart line => RenderLines(line),
        _ => throw new ArgumentException($"No renderer for {chart.GetType().Name}.", nameof(chart)),
    };

    /// <summary>The colour of the n-th series (shared by the legend and the bars or lines).</summary>
    public static string Colour(int series) => Palette[series % Palette.Length];

    private static string RenderBars(BarChart chart)
    {
        var sb = Open(chart.Title, Describe(chart));
        var categories = chart.Categories.Count;
        var max = 0.0;
        for (var c = 0; c < categories; c++)
        {
            var values = chart.Series.Select(s => c < s.Values.Count ? s.Values[c] : 0).ToList();
            max = Math.Max(max, chart.Stacked ? values.Sum() : values.DefaultIfEmpty(0).Max());
        }
        var (top, step) = NiceScale(max);
        Axes(sb, top, step, chart.ValueAxis);

        var plotWidth = Width - Left - Right;
        var band = categories == 0 ? plotWidth : plotWidth / (double)categories;
        var groupWidth = Math.Min(band * 0.8, 120); // a few categories: keep bars bar-shaped
        var barWidth = chart.Stacked || chart.Series.Count == 0 ? groupWidth : groupWidth / chart.Series.Count;
        for (var c = 0; c < categories; c++)
        {
            var x0 = Left + (band * c) + ((band - groupWidth) / 2);
            var stackBase = 0.0;
            for (var s = 0; s < chart.Series.Count; s++)
            {
                var value = c < chart.Series[s].Values.Count ? chart.Series[s].Values[c] : 0;
                var x = chart.Stacked ? x0 : x0 + (barWidth * s);
                var yTop = Y(stackBase + value, top);
                var yBottom = Y(stackBase, top);
                sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x)}\" y=\"{F(yTop)}\" width=\"{F(Math.Max(barWidth - 1, 1))}\" height=\"{F(yBottom - yTop)}\" fill=\"{Colour(s)}\">")
                  .Append(CultureInfo.InvariantCulture, $"<title>{E(chart.Categories[c])}, {E(chart.Series[s].Name)}: {N(value)}</title></rect>\n");
                if (chart.Stacked) stackBase += value;
            }
            CategoryLabel(sb, Left + (band * c) + (band / 2), chart.Categories[c], categories);
        }
        Legend(sb, chart.Series.Select(s => s.Name).ToList(), dashed: null);
        return Close(sb);
    }

    private static string RenderLines(LineChart chart)
    {
        var sb = Open(chart.Title, Describe(chart));
        var max = chart.Series.SelectMany(s => s.Values).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        var (top, step) = NiceScale(max);
        Axes(sb, top, step, chart.ValueAxis);
        var points = chart.Points.Count;
        var plotWidth = Width - Left - Right;
        double X(int i) => points <= 1 ? Left + (plotWidth / 2.0) : Left + (plotWidth * i / (double)(points - 1));

        for (var s = 0; s < chart.Series.Count; s++)
        {
            var series = chart.Series[s];
            var path = new StringBuilder();
            for (var i = 0; i < Math.Min(points, series.Values.Count); i++)
            {
                if (!double.IsFinite(series.Values[i])) continue; // a gap: the series has no value there
                path.Append(path.Length == 0 ? 'M' : 'L').Append(F(X(i))).Append(',').Append(F(Y(series.Values[i], top))).Append(' ');
            }
            if (path.Length == 0) continue;
            var dash = chart.Dashed.Contains(series.Name) ? " stroke-dasharray=\"6 4\"" : "";
            sb.Append(CultureInfo.InvariantCulture, $"<path d=\"{path.ToString().TrimEnd()}\" fill=\"none\" stroke=\"{Colour(s)}\" stroke-width=\"2\"{dash}><title>{E(series.Name)}</title></path>\n");
        }
        // Label at most ~12 points so month names stay legible.
        var every = Math.Max(1, (int)Math.Ceiling(points / 12.0));
        for (var i = 0; i < points; i += every) CategoryLabel(sb, X(i), chart.Points[i], Math.Min(points, 12));
        Legend(sb, chart.Series.Select(s => s.Name).ToList(), chart.Dashed);
        return Close(sb);
    }

    private static StringBuilder Open(string title, string description)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{E(title)}\" class=\"chart\">\n");
        sb.Append(CultureInfo.InvariantCulture, $"<title>{E(title)}</title><desc>{E(description)}</desc>\n");
        sb.Append("<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"20\" font-size=\"16\" font-weight=\"bold\" fill=\"#111\">{E(title)}</text>\n");
        return sb;
    }

    private static string Close(StringBuilder sb) => sb.Append("</svg>\n").ToString();

    private static void Axes(StringBuilder sb, double top, double step, string? valueAxis)
    {
        for (var v = 0.0; v <= top + (step / 2); v += step)
        {
            var y = Y(v, top);
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{F(y)}\" x2=\"{Width - Right}\" y2=\"{F(y)}\" stroke=\"#dddddd\"/>")
              .Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{F(y + 4)}\" font-size=\"12.5\" text-anchor=\"end\" fill=\"#333\">{N(v)}</text>\n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"#333\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"#333\"/>\n");
        if (valueAxis is not null)
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"14\" y=\"{(Top + Height - Bottom) / 2}\" font-size=\"12.5\" fill=\"#333\" text-anchor=\"middle\" transform=\"rotate(-90 14 {(Top + Height - Bottom) / 2})\">{E(valueAxis)}</text>\n");
    }

    private static void CategoryLabel(StringBuilder sb, double x, string label, int count)
    {
        var y = Height - Bottom + 14;
        // Many categories: slant the labels so they do not overlap.
        var rotate = count > 8 ? $" transform=\"rotate(-35 {F(x)} {y})\" text-anchor=\"end\"" : " text-anchor=\"middle\"";
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x)}\" y=\"{y}\" font-size=\"12.5\" fill=\"#333\"{rotate}>{E(label)}</text>\n");
    }

    private static void Legend(StringBuilder sb, IReadOnlyList<string> names, IReadOnlySet<string>? dashed)
    {
        if (names.Count <= 1 && dashed is null) return;
        var x = (double)Left;
        var y = Height - 12;
        for (var s = 0; s < names.Count; s++)
        {
            if (dashed is not null)
            {
                var dash = dashed.Contains(names[s]) ? " stroke-dasharray=\"6 4\"" : "";
                sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x)}\" y1=\"{y - 4}\" x2=\"{F(x + 18)}\" y2=\"{y - 4}\" stroke=\"{Colour(s)}\" stroke-width=\"2\"{dash}/>");
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x)}\" y=\"{y - 10}\" width=\"12\" height=\"12\" fill=\"{Colour(s)}\"/>");
            }
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x + 22)}\" y=\"{y}\" font-size=\"12.5\" fill=\"#333\">{E(names[s])}</text>\n");
            x += 34 + (names[s].Length * 6.5);
        }
    }

    private static double Y(double value, double top) =>
        Height - Bottom - ((Height - Top - Bottom) * (top <= 0 ? 0 : value / top));

    /// <summary>A round axis maximum and step (1, 2 or 5 × 10ⁿ) covering <paramref name="max"/> in about five steps.</summary>
    internal static (double Top, double Step) NiceScale(double max)
    {
        if (!(max > 0)) return (1, 1);
        var rough = max / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var residual = rough / magnitude;
        var step = (residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10) * magnitude;
        if (step < 1) step = 1; // counts: no fractional gridlines
        return (Math.Ceiling(max / step) * step, step);
    }

    private static string Describe(BarChart chart) =>
        $"{(chart.Stacked ? "Stacked bar" : "Bar")} chart of {string.Join(", ", chart.Series.Select(s => s.Name))} by {chart.Categories.Count} categories.";

    private static string Describe(LineChart chart) =>
        $"Line chart of {string.Join(", ", chart.Series.Select(s => s.Name))} over {chart.Points.Count} points.";

    private static string F(double v) => Math.Round(v, 1).ToString("0.#", CultureInfo.InvariantCulture);

    private static string N(double v) => v.ToString(v == Math.Floor(v) ? "0" : "0.#", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
