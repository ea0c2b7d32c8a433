using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Reassess.Web.Tests.Support;

namespace Reassess.Web.Tests.Browser;

/// <summary>
/// The review page in headless Chromium against a real Kestrel server (<see cref="WorkbenchBrowserTests"/>'s server, a fresh one for this class):
/// an autosaved draft surviving a reload, a line added without reloading the page, a save after the session ended keeping
/// its input through signing in again, and no sideways scroll at 390 px.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ReviewBrowserTests(WorkbenchBrowserTests.Server server) : IClassFixture<WorkbenchBrowserTests.Server>
{
    private ChromeDriver B => server.Driver;

    private void Go(string path) => B.Navigate().GoToUrl(server.BaseUrl + path);

    private IWebElement Find(string css) => B.FindElement(By.CssSelector(css));

    private void Fill(string css, string text)
    {
        var e = Find(css);
        e.Clear();
        e.SendKeys(text);
    }

    private void Button(string text) => B.FindElement(By.XPath($"//button[normalize-space()='{text}']")).Click();

    /// <summary>Waits (up to <paramref name="seconds"/>) for <paramref name="condition"/>, then asserts it with <paramref name="what"/>.</summary>
    private static void Eventually(Func<bool> condition, string what, int seconds = 15)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            try { if (condition()) return; }
            catch (StaleElementReferenceException) { /* the page moved on: ask again */ }
            catch (NoSuchElementException) { /* not there yet */ }
            Thread.Sleep(100);
        }
        Assert.True(condition(), what);
    }

    private string Text(string css)
    {
        try { return Find(css).Text; }
        catch (StaleElementReferenceException) { return ""; }
    }

    private bool SignedIn()
    {
        B.Manage().Timeouts().ImplicitWait = TimeSpan.Zero;
        try { return B.FindElements(By.XPath("//button[normalize-space()='Sign out']")).Count > 0; }
        catch (StaleElementReferenceException) { return true; }
        finally { B.Manage().Timeouts().ImplicitWait = TimeSpan.FromSeconds(5); }
    }

    /// <summary>Fills the sign-in page the browser is on (password, then the authenticator code).</summary>
    private void SignInHere(TestUser user)
    {
        Fill("#UserName", user.Name);
        Fill("#Password", Workbench.Password);
        Button("Continue");
        Workbench.ForgetUsedCodesAsync(server.Services, user.Name).GetAwaiter().GetResult();
        Fill("#Code", Totp.Code(server.Secrets[user.Name]));
        Button("Sign in");
    }

    private void SignIn(TestUser user)
    {
        Go("/sign-in");
        if (SignedIn())
        {
            Button("Sign out");
            Eventually(() => !SignedIn(), "signed out");
            Go("/sign-in");
        }
        SignInHere(user);
        Eventually(() => Text("main").Contains($"Signed in as {user.Name}", StringComparison.Ordinal), "signed in");
    }

    /// <summary>Signs ReviewerA in, takes <paramref name="caseRef"/> from its review page and returns the page's path.</summary>
    private string Take(string caseRef)
    {
        SignIn(Workbench.ReviewerA);
        var url = $"/cases/{server.Cases[caseRef]}/review";
        Go(url);
        Button("Assign to me");
        Eventually(() => B.FindElements(By.CssSelector("#rationale")).Count > 0, "the form after taking the case");
        return url;
    }

    private string Value(string css) => Find(css).GetDomProperty("value") ?? "";

    [Fact]
    public void An_autosaved_draft_survives_a_reload_and_a_line_is_added_without_reloading_the_page()
    {
        var url = Take("FA-0001");
        Fill("#rationale", "The victim now lives out of the area; her school was told in 2017.");
        Eventually(() => Text("#autosave-status").StartsWith("Saved ", StringComparison.Ordinal), "the status says the draft was saved");
        Assert.Matches("^Saved \\d\\d:\\d\\d$", Text("#autosave-status"));

        // The page is not reloaded to add a line: a mark left on this document is still there after it.
        B.ExecuteScript("document.documentElement.setAttribute('data-test-mark', 'same page');");
        Button("Add a line of enquiry");
        Eventually(() => B.FindElements(By.CssSelector("#loe-0-category")).Count > 0, "the new line");
        Assert.Equal("same page", B.ExecuteScript("return document.documentElement.getAttribute('data-test-mark');"));
        Assert.Equal("loe-0-category", B.ExecuteScript("return document.activeElement.id;"));
        Fill("#loe-0-description", "Trace the taxi's ANPR hits for March 2016.");
        Eventually(() => Text("#autosave-status").StartsWith("Saved ", StringComparison.Ordinal)
            && Value("input[name='Form.LinesOfEnquiry[0].Number']") != "0", "the line saved and numbered");

        Go(url);
        Assert.Equal("The victim now lives out of the area; her school was told in 2017.", Value("#rationale"));
        Assert.Equal("Trace the taxi's ANPR hits for March 2016.", Value("#loe-0-description"));

        // Saving by hand after the autosaves is based on their version: no conflict.
        Fill("#rationale", "Saved by hand after the autosaves.");
        Button("Save draft");
        Eventually(() => Text("main").Contains("Draft saved.", StringComparison.Ordinal), "the manual save succeeded");
        Assert.DoesNotContain("was not saved", Text("main"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_save_after_the_session_ended_keeps_the_typed_input_through_signing_in_again()
    {
        var url = Take("FA-0002");
        Fill("#rationale", "Typed before lunch: the mother called the OIC in 2019.");
        Eventually(() => Text("#autosave-status").StartsWith("Saved ", StringComparison.Ordinal), "the first words autosaved");
        Fill("#rationale", "Typed after lunch: the mother called the OIC in 2019 and again in 2020.");

        // The session lapses as the idle timeout makes it: the cookie's ticket is past its expiry.
        ExpireSession();
        Button("Save draft");
        Eventually(() => B.Url.Contains("/sign-in", StringComparison.Ordinal), "sent to sign in");
        SignInHere(Workbench.ReviewerA);
        Eventually(() => B.Url.EndsWith(url, StringComparison.Ordinal), "back on the review after signing in");
        Assert.Equal("Typed after lunch: the mother called the OIC in 2019 and again in 2020.", Value("#rationale"));
        Assert.Contains("You were signed out before your last change was saved", Text("main"), StringComparison.Ordinal);
        // Given back into the form, it is saved again at once.
        Eventually(() => Text("#autosave-status").StartsWith("Saved ", StringComparison.Ordinal), "the restored input autosaved");
        Go(url);
        Assert.Equal("Typed after lunch: the mother called the OIC in 2019 and again in 2020.", Value("#rationale"));
    }

    [Fact]
    public void The_review_page_has_no_sideways_scroll_at_390_pixels()
    {
        var url = Take("FA-0003");
        B.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", new Dictionary<string, object?>
        {
            ["width"] = 390,
            ["height"] = 844,
            ["deviceScaleFactor"] = 1,
            ["mobile"] = true,
        });
        try
        {
            Go(url);
            Assert.Equal(390L, B.ExecuteScript("return window.innerWidth;"));
            var widths = (IReadOnlyCollection<object>)B.ExecuteScript("return [document.documentElement.scrollWidth, document.documentElement.clientWidth];")!;
            var (scroll, client) = (Convert.ToInt64(widths.First(), System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt64(widths.Last(), System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(scroll <= client, $"the review page is {scroll} px wide in a {client} px window");
            // The case's facts are below the form, not beside it.
            var formBottom = Convert.ToDouble(B.ExecuteScript("return document.getElementById('review-form').getBoundingClientRect().bottom;"), System.Globalization.CultureInfo.InvariantCulture);
            var asideTop = Convert.ToDouble(B.ExecuteScript("return document.querySelector('.review-aside').getBoundingClientRect().top;"), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(asideTop >= formBottom, "the facts stack below the form on a narrow screen");
        }
        finally
        {
            B.ExecuteCdpCommand("Emulation.clearDeviceMetricsOverride", []);
        }
        // On a wide screen they sit beside it.
        Go(url);
        var formLeft = Convert.ToDouble(B.ExecuteScript("return document.getElementById('review-form').getBoundingClientRect().right;"), System.Globalization.CultureInfo.InvariantCulture);
        var asideLeft = Convert.ToDouble(B.ExecuteScript("return document.querySelector('.review-aside').getBoundingClientRect().left;"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(asideLeft >= formLeft, "the facts sit beside the form on a wide screen");
    }

    /// <summary>Rewrites the browser's session cookie with its ticket expired a minute ago: the server sees an idle timeout.</summary>
    private void ExpireSession()
    {
        var options = server.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var cookie = B.Manage().Cookies.GetCookieNamed(options.Cookie.Name!);
        Assert.NotNull(cookie);
        var ticket = options.TicketDataFormat.Unprotect(cookie.Value)!;
        ticket.Properties.ExpiresUtc = DateTimeOffset.UtcNow.AddMinutes(-1);
        B.Manage().Cookies.DeleteCookieNamed(cookie.Name);
        B.Manage().Cookies.AddCookie(new OpenQA.Selenium.Cookie(cookie.Name, options.TicketDataFormat.Protect(ticket), cookie.Domain, cookie.Path, null, cookie.Secure, cookie.IsHttpOnly, cookie.SameSite));
    }
}
