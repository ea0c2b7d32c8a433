using Reassess.Storage;

namespace Reassess.Web;

/// <summary>
/// Holds the request's database connection open from before the session check until the response is done
/// (<see cref="HeldConnection"/>), so that the dozen queries of a page share it. Health checks do not touch the database
/// and are left alone.
/// </summary>
internal static class RequestConnection
{
    public static Task OpenAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.Request.Path.StartsWithSegments("/healthz", StringComparison.OrdinalIgnoreCase)) return next(context);
        return HeldConnection.RunAsync(context.RequestServices.GetRequiredService<ReassessDbContext>(), () => next(context), context.RequestAborted);
    }
}
