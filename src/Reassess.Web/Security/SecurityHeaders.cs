using Microsoft.Extensions.Options;

namespace Reassess.Web.Security;

/// <summary>Options of <see cref="SecurityHeaders"/>.</summary>
public sealed class SecurityHeadersOptions
{
    /// <summary>
    /// Send <c>Strict-Transport-Security</c> (one year, subdomains) on HTTPS responses: turn on (<c>Reassess:Hsts</c>) for
    /// a deployment served over HTTPS only, directly or through a configured proxy. Off by default, since a browser that
    /// saw it refuses plain HTTP to that host for a year.
    /// </summary>
    public bool Hsts { get; set; }
}

/// <summary>
/// Security headers on every response (issue 7, OWASP ASVS 5.0 V3/V14): a Content-Security-Policy without
/// <c>unsafe-inline</c>, no framing, no MIME sniffing, no referrer, and <c>no-store</c> on everything except the
/// vendored static files (which hold no case data); HSTS on HTTPS when configured.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, IOptions<SecurityHeadersOptions> options)
{
    public const string StrictTransportSecurity = "max-age=31536000; includeSubDomains";

    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.OnStarting(() =>
        {
            var h = context.Response.Headers;
            h.ContentSecurityPolicy = ContentSecurityPolicy;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "no-referrer";
            h["Cross-Origin-Opener-Policy"] = "same-origin";
            h["Cross-Origin-Resource-Policy"] = "same-origin";
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            if (options.Value.Hsts && context.Request.IsHttps) h.StrictTransportSecurity = StrictTransportSecurity;
            // Static files mark themselves public; anything else may carry case data and must never be cached.
            var cache = h.CacheControl.ToString();
            if (!cache.StartsWith("public", StringComparison.Ordinal))
            {
                h.CacheControl = "no-store";
                h.Pragma = "no-cache";
            }
            return Task.CompletedTask;
        });
        return next(context);
    }
}

/// <summary>Which requests count against the sign-in rate limit: attempts (POSTs) to the sign-in pages.</summary>
public static class SignInRateLimit
{
    public static bool Applies(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments("/sign-in", StringComparison.OrdinalIgnoreCase);
    }
}
