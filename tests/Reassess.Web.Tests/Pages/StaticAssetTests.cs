using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;
using Reassess.Web.Tests.Support;

namespace Reassess.Web.Tests.Pages;

/// <summary>
/// Static assets (issue 21, item 10): sent with Brotli or gzip as the browser accepts, fingerprinted in the pages'
/// links, and cached for a year when asked for by fingerprint.
/// </summary>
public sealed partial class StaticAssetTests(SharedWorkbench shared) : IClassFixture<SharedWorkbench>
{
    private readonly Workbench app = shared.App;

    private async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string? acceptEncoding, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (acceptEncoding is not null) request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return await client.SendAsync(request);
    }

    private static async Task<byte[]> DecodedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        var encoding = response.Content.Headers.ContentEncoding.SingleOrDefault();
        if (encoding is null) return body;
        await using Stream decoder = encoding == "br"
            ? new BrotliStream(new MemoryStream(body), CompressionMode.Decompress)
            : new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        await decoder.CopyToAsync(plain);
        return plain.ToArray();
    }

    [Fact]
    public async Task The_chart_library_is_sent_with_brotli_or_gzip_as_accepted_and_decodes_to_the_same_file()
    {
        var client = app.NewClient();
        var plain = await GetAsync(client, "/lib/cytoscape.min.js", null);
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        var original = await plain.Content.ReadAsByteArrayAsync();
        Assert.True(original.Length > 400_000, $"cytoscape.min.js is {original.Length} bytes");

        var br = await GetAsync(client, "/lib/cytoscape.min.js", "gzip, deflate, br");
        Assert.Equal("br", Assert.Single(br.Content.Headers.ContentEncoding));
        Assert.Contains("Accept-Encoding", br.Headers.Vary);
        var brLength = (await br.Content.ReadAsByteArrayAsync()).Length;
        Assert.True(brLength < original.Length / 3, $"Brotli: {brLength} of {original.Length} bytes");
        Assert.Equal(original, await DecodedAsync(br));

        var gzip = await GetAsync(client, "/lib/cytoscape.min.js", "gzip, br;q=0");
        Assert.Equal("gzip", Assert.Single(gzip.Content.Headers.ContentEncoding));
        Assert.Equal(original, await DecodedAsync(gzip));
        Assert.Contains("javascript", gzip.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_layout_links_fingerprinted_assets_which_are_immutable_for_a_year_and_revalidate_by_etag()
    {
        var reviewer = await app.SignInAsync(Workbench.ReviewerA);
        var page = await reviewer.GetStringAsync("/queue");
        var links = FingerprintedLink().Matches(page).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(links, l => l.StartsWith("/js/site.js?v=", StringComparison.Ordinal));
        Assert.Contains(links, l => l.StartsWith("/css/site.css?v=", StringComparison.Ordinal));
        Assert.Contains(links, l => l.StartsWith("/lib/htmx.min.js?v=", StringComparison.Ordinal));

        var client = app.NewClient();
        var site = links.First(l => l.StartsWith("/js/site.js", StringComparison.Ordinal));
        var versioned = await GetAsync(client, site, "br");
        Assert.Equal(HttpStatusCode.OK, versioned.StatusCode);
        var cache = versioned.Headers.CacheControl!;
        Assert.True(cache.Public);
        Assert.Equal(TimeSpan.FromDays(365), cache.MaxAge);
        Assert.Contains(cache.Extensions, e => e.Name == "immutable");

        // Without the fingerprint (or with an old one) the file is still served, for an hour only.
        var unversioned = await GetAsync(client, "/js/site.js?v=0000", "br");
        Assert.Equal(TimeSpan.FromHours(1), unversioned.Headers.CacheControl?.MaxAge);
        Assert.False(unversioned.Headers.CacheControl?.Extensions.Any(e => e.Name == "immutable"));

        var etag = versioned.Headers.ETag?.Tag;
        Assert.Equal($"\"{site[(site.IndexOf("?v=", StringComparison.Ordinal) + 3)..]}\"", etag);
        var again = await GetAsync(client, "/js/site.js", "br", etag);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
    }

    [GeneratedRegex("(?:src|href)=\"(/(?:js|css|lib)/[^\"]+)\"")]
    private static partial Regex FingerprintedLink();
}
