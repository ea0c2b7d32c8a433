using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Reassess.Access;
using Reassess.Web.Security;

namespace Reassess.Web.Pages;

[Authorize(Policy = Policies.SignedIn)]
public sealed class SignOutModel(SignInManager<ReassessUser> signIn) : PageModel
{
    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return Redirect("/sign-in");
    }
}
