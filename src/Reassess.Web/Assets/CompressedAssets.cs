using System.Collections.Concurrent;
using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Reassess.Web.Assets;

/// <summary>
/// The workbench's own static assets (embedded in the assembly, so the single-file CLI can serve them), sent compressed
/// with Brotli or gzip as the browser accepts, fingerprinted and cached for a year when asked for by fingerprint (issue
/// 21, item 10). Each file is read and hashed (SHA-256) once per process, on first use, and compressed once, in the
/// background, when it is first sent or when the server starts (<see cref="PrepareLinkedAsync"/>).
/// </summary>
/// <remarks>
/// Pages link to <see cref="Url"/>, which appends <c>?v=</c> and the file's fingerprint: such a request is
/// <c>immutable</c> for a year, since a changed file has a new fingerprint and so a new URL. A request without the
/// fingerprint (or with a stale one) is still served, cached for an hour as before. Every response carries an ETag
/// and <c>Vary: Accept-Encoding</c>; binary files are sent as they are.
/// </remarks>
public sealed class CompressedAssets
{
    private const string LongCache = "public, max-age=31536000, immutable";
    private const string ShortCache = "public, max-age=3600";
    private static readonly HashSet<string> Compressible = new(StringComparer.OrdinalIgnoreCase) { ".js", ".css", ".txt", ".svg", ".json", ".map", ".html" };

    private readonly IFileProvider _files = new EmbeddedFileProvider(typeof(CompressedAssets).Assembly, "Reassess.Web.wwwroot");
    private readonly FileExtensionContentTypeProvider _types = new();
    private readonly ConcurrentDictionary<string, Lazy<Asset?>> _assets = new(StringComparer.Ordinal);

    /// <summary>
    /// The files the pages link to (<see cref="Url"/>), made ready by <see cref="PrepareLinkedAsync"/> when the server starts;
    /// <c>LinkedAssetTests</c> holds every <c>Assets.Url</c> of the pages to this list.
    /// </summary>
    public static readonly IReadOnlyList<string> Linked =
        ["/lib/cytoscape.min.js", "/lib/htmx.min.js", "/css/site.css", "/css/review.css", "/js/site.js", "/js/review.js"];

    /// <summary>
    /// One file as sent: its bytes, its fingerprint and, for text, its Brotli and gzip forms, made once on first need.
    /// The fingerprint is all a page needs to link to the file, so rendering a page never waits for compression (on a
    /// just-started server, Brotli at its smallest size took 1.5 s of the first case page for the network chart's
    /// library).
    /// </summary>
    public sealed class Asset(string contentType, string fingerprint, byte[] plain, bool compressible)
    {
        private readonly Lazy<Task<(byte[] Brotli, byte[] Gzip)>>? _compressed = compressible
            ? new(() => Task.Run(() => (Compress(plain, s => new BrotliStream(s, CompressionLevel.SmallestSize, leaveOpen: true)),
                Compress(plain, s => new GZipStream(s, CompressionLevel.SmallestSize, leaveOpen: true)))))
            : null;

        public string ContentType => contentType;

        public string Fingerprint => fingerprint;

        public byte[] Plain => plain;

        /// <summary>The Brotli and gzip forms (made on the thread pool the first time they are asked for); null for a binary file.</summary>
        public async Task<(byte[] Brotli, byte[] Gzip)?> CompressedAsync() => _compressed is null ? null : await _compressed.Value;
    }

    /// <summary>The fingerprinted URL of an asset (<c>/js/site.js?v=…</c>), or the path unchanged if there is no such file.</summary>
    public string Url(string path) => Find(path) is { } asset ? $"{path}?v={asset.Fingerprint}" : path;

    /// <summary>The asset at a request path, or null.</summary>
    public Asset? Find(string path) => _assets.GetOrAdd(path, p => new Lazy<Asset?>(() => Load(p))).Value;

    /// <summary>Reads, fingerprints and compresses every file the pages link to, so that no request waits for it.</summary>
    public async Task PrepareLinkedAsync(CancellationToken cancellationToken)
    {
        foreach (var path in Linked)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Find(path) is { } asset) await asset.CompressedAsync();
        }
    }

    private Asset? Load(string path)
    {
        var file = _files.GetFileInfo(path);
        if (!file.Exists || file.IsDirectory) return null;
        byte[] plain;
        using (var stream = file.CreateReadStream())
        using (var buffer = new MemoryStream())
        {
            stream.CopyTo(buffer);
            plain = buffer.ToArray();
        }
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(plain))[..16];
        var type = _types.TryGetContentType(path, out var t) ? t : "application/octet-stream";
        return new Asset(type, fingerprint, plain, Compressible.Contains(Path.GetExtension(path)));
    }

    private static byte[] Compress(byte[] plain, Func<Stream, Stream> wrap)
    {
        using var output = new MemoryStream();
        using (var compressor = wrap(output)) compressor.Write(plain);
        return output.ToArray();
    }

    /// <summary>Middleware: answers a GET or HEAD for an embedded asset, and passes every other request on.</summary>
    public async Task ServeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) || !request.Path.HasValue
            || !Path.HasExtension(request.Path.Value) || Find(request.Path.Value) is not { } asset)
        {
            await next(context);
            return;
        }
        var response = context.Response;
        var etag = $"\"{asset.Fingerprint}\"";
        response.Headers.ETag = etag;
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        response.Headers.CacheControl = request.Query["v"] == asset.Fingerprint ? LongCache : ShortCache;
        if (request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(tag => tag.Trim() == etag || tag.Trim() == "*")))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        var accepted = Accepted(request.Headers.AcceptEncoding.ToString());
        var compressed = accepted.Contains("br") || accepted.Contains("gzip") ? await asset.CompressedAsync() : null;
        var (body, encoding) = compressed is { Brotli: var br } && accepted.Contains("br") ? (br, "br")
            : compressed is { Gzip: var gz } && accepted.Contains("gzip") ? (gz, "gzip")
            : (asset.Plain, (string?)null);
        if (encoding is not null) response.Headers.ContentEncoding = encoding;
        response.ContentType = asset.ContentType;
        response.ContentLength = body.Length;
        if (HttpMethods.IsHead(request.Method)) return;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>The codings an Accept-Encoding header allows (those not weighted q=0).</summary>
    private static HashSet<string> Accepted(string header)
    {
        var accepted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split(';', StringSplitOptions.TrimEntries);
            var refused = pieces.Skip(1).Any(p => p.Replace(" ", "", StringComparison.Ordinal) is "q=0" or "q=0.0" or "q=0.00" or "q=0.000");
            if (!refused) accepted.Add(pieces[0]);
        }
        return accepted;
    }
}
