using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Reassess.Web.Pages;

/// <summary>Plain-English status pages, shown in place of the original response (its status code is kept).</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string Heading { get; private set; } = "Something went wrong";
    public string Explanation { get; private set; } = "";

    public void OnGet(int code) => Describe(code);

    public void OnPost(int code) => Describe(code);

    private void Describe(int code)
    {
        (Heading, Explanation) = code switch
        {
            400 => ("The request could not be accepted", "The form may have expired. Go back, reload the page and try again."),
            403 => ("You do not have access to this page", "Your role does not include this page. If you need it, ask your force lead."),
            404 => ("Page not found", "There is nothing at this address, or you do not have access to it."),
            405 => ("That action is not available here", "Go back and use the page's buttons."),
            429 => ("Too many attempts", "Wait a minute before trying again."),
            _ => ("Something went wrong", "The problem has been recorded. Try again, and if it happens again tell your system administrator."),
        };
    }
}
