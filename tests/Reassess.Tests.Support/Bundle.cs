using System.Text;

namespace Reassess.Tests.Support;

/// <summary>
/// A bundle folder for a test: starts as a copy of samples/bundle (or empty) and is edited file by file.
/// Lines are numbered as the importer reports them: the header is line 1.
/// </summary>
public sealed class Bundle : IDisposable
{
    private Bundle(string directory) => Directory = directory;

    public string Directory { get; }

    public static string SampleDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !System.IO.Directory.Exists(Path.Combine(dir.FullName, "samples", "bundle"))) dir = dir.Parent;
            return dir is null ? throw new DirectoryNotFoundException("samples/bundle not found above the test folder")
                : Path.Combine(dir.FullName, "samples", "bundle");
        }
    }

    public static Bundle FromSample()
    {
        var b = Empty();
        foreach (var file in System.IO.Directory.GetFiles(SampleDirectory, "*.csv"))
            File.Copy(file, Path.Combine(b.Directory, Path.GetFileName(file)));
        return b;
    }

    public static Bundle Empty() => new(System.IO.Directory.CreateTempSubdirectory("reassess-bundle-").FullName);

    public string PathOf(string file) => Path.Combine(Directory, file);

    public string[] Lines(string file) => File.ReadAllText(PathOf(file)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public void Write(string file, string text) => File.WriteAllText(PathOf(file), text, new UTF8Encoding(false));

    public void Delete(string file) => File.Delete(PathOf(file));

    public void Append(string file, string line) => File.AppendAllText(PathOf(file), line + "\n");

    /// <summary>Replaces the cell <paramref name="column"/> of data line <paramref name="line"/> (header = 1) with a value.</summary>
    public void SetCell(string file, int line, string column, string value)
    {
        var lines = Lines(file);
        var header = lines[0].Split(',');
        var at = Array.IndexOf(header, column);
        if (at < 0) throw new ArgumentException($"{file} has no column {column}");
        var cells = SplitSimple(lines[line - 1]);
        cells[at] = value.Contains(',', StringComparison.Ordinal) ? "\"" + value + "\"" : value;
        lines[line - 1] = string.Join(',', cells);
        Write(file, string.Join('\n', lines) + "\n");
    }

    /// <summary>Splits a line on commas outside quotes (enough for the sample's lines).</summary>
    private static List<string> SplitSimple(string line)
    {
        var cells = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"') quoted = !quoted;
            if (c == ',' && !quoted) { cells.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(c);
        }
        cells.Add(sb.ToString());
        return cells;
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }
}
