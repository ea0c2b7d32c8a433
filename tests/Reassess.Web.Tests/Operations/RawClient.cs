using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Reassess.Web.Tests.Support;

namespace Reassess.Web.Tests.Operations;

/// <summary>
/// An HTTP client for servers in other processes: it keeps cookies itself (by name, whatever the host or port, so a cookie
/// taken from one server can be shown to another), keeps every <c>Set-Cookie</c> line it was sent, connects from a chosen
/// loopback address (127.0.0.x: the address a server or nginx sees) and trusts exactly one certificate.
/// </summary>
public sealed class RawClient : IDisposable
{
    private readonly HttpClient _http;

    public RawClient(Uri baseAddress, IPAddress? from = null, X509Certificate2? trust = null)
    {
        var handler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.Zero };
        if (from is not null)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }
        if (trust is not null)
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && certificate.GetCertHashString() == trust.GetCertHashString();
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Dictionary<string, string> Cookies { get; } = new(StringComparer.Ordinal);

    /// <summary>Every <c>Set-Cookie</c> line received, as sent.</summary>
    public List<string> SetCookies { get; } = [];

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, HttpContent? content = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        if (Cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(name, value);
        var response = await _http.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var lines))
        {
            foreach (var line in lines)
            {
                SetCookies.Add(line);
                var pair = line.Split(';', 2)[0];
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var (name, value) = (pair[..eq].Trim(), pair[(eq + 1)..].Trim());
                if (value.Length == 0 || line.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)) Cookies.Remove(name);
                else Cookies[name] = value;
            }
        }
        return response;
    }

    public Task<HttpResponseMessage> GetAsync(string url) => SendAsync(HttpMethod.Get, url);

    /// <summary>GETs <paramref name="formPage"/>, takes its antiforgery token and posts <paramref name="fields"/> to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, Dictionary<string, string> fields)
    {
        using var page = await GetAsync(formPage);
        fields["__RequestVerificationToken"] = Workbench.AntiforgeryToken(await page.Content.ReadAsStringAsync());
        return await SendAsync(HttpMethod.Post, action, new FormUrlEncodedContent(fields));
    }

    /// <summary>Signs in through the pages (password, then a fresh TOTP code of <paramref name="app"/>'s account).</summary>
    public async Task SignInAsync(Workbench app, TestUser user)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(user);
        using var step1 = await PostFormAsync("/sign-in", "/sign-in", new() { ["UserName"] = user.Name, ["Password"] = Workbench.Password });
        Assert.True(step1.StatusCode == HttpStatusCode.Redirect, $"password step: {(int)step1.StatusCode}");
        using var step2 = await PostFormAsync("/sign-in/code", "/sign-in/code", new() { ["Code"] = await app.FreshCodeAsync(user) });
        Assert.True(step2.StatusCode == HttpStatusCode.Redirect && step2.Headers.Location?.OriginalString == "/",
            $"code step: {(int)step2.StatusCode} to {step2.Headers.Location}");
    }

    public void Dispose() => _http.Dispose();
}
