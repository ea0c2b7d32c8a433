using System.Text;

namespace Reassess.Tests.Import.Mapping;

/// <summary>A force's extract for a test, in a temporary folder: empty, or a copy of one of samples/layouts; edited file by file.</summary>
internal sealed class Extract : IDisposable
{
    private Extract(string directory) => Directory = directory;

    public string Directory { get; }

    public string MappingPath => PathOf("mapping.json");

    public static string LayoutsDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !System.IO.Directory.Exists(Path.Combine(dir.FullName, "samples", "layouts"))) dir = dir.Parent;
            return dir is null ? throw new DirectoryNotFoundException("samples/layouts not found above the test folder")
                : Path.Combine(dir.FullName, "samples", "layouts");
        }
    }

    public static Extract Empty() => new(System.IO.Directory.CreateTempSubdirectory("reassess-extract-").FullName);

    /// <summary>A copy of samples/layouts/<paramref name="layout"/> (its files and its mapping.json).</summary>
    public static Extract FromLayout(string layout)
    {
        var e = Empty();
        foreach (var file in System.IO.Directory.GetFiles(Path.Combine(LayoutsDirectory, layout)))
            File.Copy(file, e.PathOf(Path.GetFileName(file)));
        return e;
    }

    public string PathOf(string file) => Path.Combine(Directory, file);

    public Extract Write(string file, string text)
    {
        File.WriteAllText(PathOf(file), text, new UTF8Encoding(false));
        return this;
    }

    public string Read(string file) => File.ReadAllText(PathOf(file));

    /// <summary>Replaces the first occurrence of <paramref name="from"/> in a file (which must hold it).</summary>
    public void Replace(string file, string from, string to)
    {
        var text = Read(file);
        var at = text.IndexOf(from, StringComparison.Ordinal);
        if (at < 0) throw new ArgumentException($"{file} does not hold '{from}'");
        Write(file, text[..at] + to + text[(at + from.Length)..]);
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }
}
