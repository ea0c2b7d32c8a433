using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Reassess.Access;
using Reassess.Audit;
using Reassess.Reviews;
using Reassess.Storage;
using Reassess.Tests.Support;
using Reassess.Web.Tests.Support;

namespace Reassess.Web.Tests.Browser;

/// <summary>
/// The workbench in headless Chromium against a real Kestrel server on 127.0.0.1: sign-in with a TOTP code, the review
/// round trip, a stale save, and another force's case.
/// </summary>
[Trait("Category", "Browser")]
public sealed class WorkbenchBrowserTests(WorkbenchBrowserTests.Server server) : IClassFixture<WorkbenchBrowserTests.Server>
{
    public sealed class Server : IAsyncLifetime
    {
        private TestDatabase? _db;
        private WebApplication? _app;
        private string? _keys;
        private string? _profile;

        public Dictionary<string, string> Secrets { get; } = [];
        public Dictionary<string, long> Cases { get; private set; } = [];
        public string BaseUrl { get; private set; } = "";
        public ChromeDriver Driver { get; private set; } = null!;
        public DatabaseTarget Target => _db!.Target;
        public IAuditTrail Audit => _app!.Services.GetRequiredService<IAuditTrail>();
        public IServiceProvider Services => _app!.Services;

        public async Task InitializeAsync()
        {
            _db = await TestDatabase.CreateAsync();
            _keys = Directory.CreateTempSubdirectory("reassess-keys-").FullName;
            var port = FreePort();
            BaseUrl = $"http://127.0.0.1:{port}";
            // The tests sign in many times a minute from one address: lift the sign-in rate limit (tested elsewhere).
            _app = ReassessWebApp.Build(["--urls", BaseUrl, "--" + ReassessWebApp.KeysPathSetting, _keys, "--" + ReassessWebApp.SignInPermitsSetting, "1000"], _db.Target);
            await _app.StartAsync();
            await using (var scope = _app.Services.CreateAsyncScope())
            {
                var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
                foreach (var u in new[] { Workbench.ReviewerA, Workbench.SupervisorA, Workbench.SupervisorA2, Workbench.ReviewerB })
                    Secrets[u.Name] = (await admin.AddAsync(u.Name, u.Role, u.Force, Workbench.Password)).Secret;
            }
            Cases = await CaseData.SeedAsync(_db.Target);

            _profile = Directory.CreateTempSubdirectory("reassess-chromium-").FullName;
            var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
            options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1280,2000", $"--user-data-dir={_profile}");
            var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
            service.SuppressInitialDiagnosticInformation = true;
            Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
            Driver.Manage().Timeouts().ImplicitWait = TimeSpan.FromSeconds(5);
        }

        public async Task DisposeAsync()
        {
            Driver?.Quit();
            Driver?.Dispose();
            if (_app is not null)
            {
                await _app.StopAsync();
                await _app.DisposeAsync();
            }
            if (_db is not null) await _db.DisposeAsync();
            foreach (var dir in new[] { _keys, _profile })
            {
                try { if (dir is not null) Directory.Delete(dir, recursive: true); }
                catch (IOException) { /* Chromium may still hold a lock file; the temp folder is harmless. */ }
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }

    private ChromeDriver B => server.Driver;

    private void Go(string path) => B.Navigate().GoToUrl(server.BaseUrl + path);

    private IWebElement Find(string css) => B.FindElement(By.CssSelector(css));

    private void Fill(string css, string text)
    {
        var e = Find(css);
        e.Clear();
        e.SendKeys(text);
    }

    private void Choose(string selectCss, string value) => Find($"{selectCss} option[value='{value}']").Click();

    private void Click(string xpathText) => B.FindElement(By.XPath(xpathText)).Click();

    private void Button(string text) => Click($"//button[normalize-space()='{text}']");

    private string Main => TextOf("main");

    /// <summary>Waits (up to 10 s) for a click's navigation to reach a URL ending in <paramref name="suffix"/>, then asserts it.</summary>
    private void WaitForUrl(string suffix)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < until && !B.Url.EndsWith(suffix, StringComparison.Ordinal)) Thread.Sleep(100);
        Assert.EndsWith(suffix, B.Url, StringComparison.Ordinal);
    }

    /// <summary>The element's text once the page has it, retrying while a navigation replaces the page.</summary>
    private string TextOf(string css)
    {
        for (var attempt = 0; ; attempt++)
        {
            try { return Find(css).Text; }
            catch (StaleElementReferenceException) when (attempt < 20) { Thread.Sleep(100); }
            // Chromium's own words for the same race: the node was read as the new page replaced the document.
            catch (UnknownErrorException ex) when (attempt < 20 && ex.Message.Contains("does not belong to the document", StringComparison.Ordinal)) { Thread.Sleep(100); }
        }
    }

    /// <summary>Waits (up to 10 s) for the page to say <paramref name="text"/> in <paramref name="css"/>, then asserts it.</summary>
    private void Shows(string text, string css = "main")
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < until && !TextOf(css).Contains(text, StringComparison.Ordinal)) Thread.Sleep(100);
        Assert.Contains(text, TextOf(css), StringComparison.Ordinal);
    }

    private bool SignedIn()
    {
        B.Manage().Timeouts().ImplicitWait = TimeSpan.Zero;
        try { return B.FindElements(By.XPath("//button[normalize-space()='Sign out']")).Count > 0; }
        catch (StaleElementReferenceException) { return true; }
        finally { B.Manage().Timeouts().ImplicitWait = TimeSpan.FromSeconds(5); }
    }

    private void SignIn(TestUser user)
    {
        Go("/sign-in");
        if (SignedIn())
        {
            Button("Sign out");
            // Wait for the sign-out to complete before asking for the sign-in page again.
            var until = DateTime.UtcNow.AddSeconds(10);
            while (DateTime.UtcNow < until && SignedIn()) Thread.Sleep(100);
            Go("/sign-in");
        }
        Fill("#UserName", user.Name);
        Fill("#Password", Workbench.Password);
        Button("Continue");
        // A code is accepted once; these tests sign the same user in again within one 30-second step.
        Workbench.ForgetUsedCodesAsync(server.Services, user.Name).GetAwaiter().GetResult();
        Fill("#Code", Totp.Code(server.Secrets[user.Name]));
        Button("Sign in");
        Shows($"Signed in as {user.Name}");
    }

    /// <summary>Clicks <paramref name="element"/> and waits (up to 10 s) for the page it was on to be replaced.</summary>
    private static void ClickAndWait(IWebElement element)
    {
        element.Click();
        var until = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < until)
        {
            try { _ = element.Enabled; }
            catch (StaleElementReferenceException) { return; }
            // Chrome sometimes reports the same thing (the node left with its page) as an inspector error instead.
            catch (UnknownErrorException ex) when (ex.Message.Contains("does not belong to the document", StringComparison.Ordinal)) { return; }
            Thread.Sleep(100);
        }
        Assert.Fail("The page was not replaced after the click.");
    }

    /// <summary>Dismisses every undecided lead of the review, one round trip each, with <paramref name="reason"/>.</summary>
    private void DismissEveryLead(string reason)
    {
        while (true)
        {
            B.Manage().Timeouts().ImplicitWait = TimeSpan.Zero;
            var buttons = B.FindElements(By.CssSelector("button[id$='-dismiss']"));
            B.Manage().Timeouts().ImplicitWait = TimeSpan.FromSeconds(5);
            if (buttons.Count == 0) return;
            var n = buttons[0].GetAttribute("id")!.Split('-')[1];
            Fill($"#lead-{n}-reason", reason);
            ClickAndWait(buttons[0]);
            Shows("Lead dismissed.");
        }
    }

    /// <summary>Fills every required part of the review form for the seeded cases (two suspects, no referral).</summary>
    private void FillCompleteForm(string rationale)
    {
        DismissEveryLead("Already known to the investigating officer; nothing new for this review.");
        Button("Add a line of enquiry");
        Choose("#loe-0-category", "Digital");
        Fill("#loe-0-description", "Download the suspect's phone seized at arrest.");
        for (var i = 0; i < 4; i++)
        {
            Choose($"#risk-{i}-level", i == 0 ? "Low" : "None");
            if (i == 0) Fill("#risk-0-narrative", "The victim now lives out of the area.");
        }
        for (var i = 0; i < 2; i++)
        {
            Choose($"#opp-{i}-kind", i == 0 ? "NewEvidence" : "None");
            Fill($"#opp-{i}-narrative", i == 0 ? "Phone download may corroborate the account." : "Nothing links him beyond the account.");
        }
        Choose("#consent", "Consents");
        Choose("#gap-0-eth", "W2");
        Choose("#recommendation", "ReinvestigateLocally");
        Fill("#rationale", rationale);
    }

    [Fact]
    public void Queue_assign_review_submit_and_a_different_supervisor_approves()
    {
        SignIn(Workbench.ReviewerA);
        Go("/queue");
        Click("//button[@aria-label='Assign to me: case FA-0001']");
        WaitForUrl($"/cases/{server.Cases["FA-0001"]}/review");

        // Submitting an empty form is refused with the list of what is missing.
        Button("Submit for sign-off");
        Shows("not submitted", "#problems");
        Shows("the risk to the victim", "#problems");
        Shows("give the rationale", "#problems");

        FillCompleteForm("A new digital line of enquiry with a supporting victim.");
        Button("Submit for sign-off");
        Shows("Submitted for sign-off.");

        // The reviewer's own supervisor colleague signs off; the reviewer cannot.
        SignIn(Workbench.SupervisorA);
        Go("/supervision");
        Click("//a[normalize-space()='FA-0001']");
        Button("Approve");
        Shows("Approve this review?", "#confirm-approval");
        Button("Confirm approval");
        Shows("Review approved.");
        Go($"/cases/{server.Cases["FA-0001"]}");
        // The history is the last table directly in main (the chart's hidden equivalent table sits in its own region).
        Shows("approved", "main > table:last-of-type");
    }

    [Fact]
    public void Accepting_a_lead_puts_it_prefilled_into_the_form_and_it_survives_saving()
    {
        SignIn(Workbench.ReviewerB);
        Go("/queue");
        Click("//button[@aria-label='Assign to me: case FB-0001']");
        var url = $"/cases/{server.Cases["FB-0001"]}/review";
        WaitForUrl(url);

        // FB-0001's first suspect is FA-0001's (resolved by linkage): a linked suspect, proposed as an intelligence line.
        var lead = Find("li[data-lead-kind='linked_suspect']");
        Assert.Contains("an investigation (FA)", lead.Text, StringComparison.Ordinal);
        ClickAndWait(lead.FindElement(By.CssSelector("button[id$='-accept']")));
        Shows("Lead accepted");
        Assert.Equal("Intelligence", Find("#loe-0-category").GetAttribute("value"));
        var description = Find("#loe-0-description").GetAttribute("value")!;
        Assert.Contains("an investigation (FA)", description, StringComparison.Ordinal);
        Assert.StartsWith("Accepted", Find("li[data-lead-kind='linked_suspect'] .lead-status").Text, StringComparison.Ordinal);

        // The reviewer edits the prefilled item, saves the draft, and finds both again on a fresh load.
        Fill("#loe-0-description", description + " Ask FA's intelligence unit for the other case.");
        Button("Save draft");
        Shows("Draft saved.");
        Go(url);
        Assert.Equal("Intelligence", Find("#loe-0-category").GetAttribute("value"));
        Assert.Equal(description + " Ask FA's intelligence unit for the other case.", Find("#loe-0-description").GetAttribute("value"));
        Assert.StartsWith("Accepted", Find("li[data-lead-kind='linked_suspect'] .lead-status").Text, StringComparison.Ordinal);
        Assert.DoesNotContain("FA-0001", B.PageSource, StringComparison.Ordinal);
    }

    [Fact]
    public void Returned_with_a_comment_then_resubmitted()
    {
        SignIn(Workbench.ReviewerA);
        Go("/queue");
        Click("//button[@aria-label='Assign to me: case FA-0002']");
        WaitForUrl($"/cases/{server.Cases["FA-0002"]}/review");
        FillCompleteForm("Reinvestigate: the phone links two investigations.");
        Button("Submit for sign-off");
        Shows("Submitted for sign-off.");

        SignIn(Workbench.SupervisorA2);
        Go($"/cases/{server.Cases["FA-0002"]}/review");
        Button("Return to the reviewer");
        Shows("comment is required");
        Fill("#comment", "Say which phone and who holds it now.");
        Button("Return to the reviewer");
        Shows("Review returned");

        SignIn(Workbench.ReviewerA);
        Go("/work");
        Click("//a[normalize-space()='FA-0002']");
        Fill("#rationale", "Reinvestigate: phone 07700 900123 links FA-0001 and FA-0002; held by the first suspect.");
        Button("Submit for sign-off");
        Shows("Submitted for sign-off.");
        Shows("Version 2");
    }

    [Fact]
    public async Task A_stale_save_is_refused_and_the_input_kept()
    {
        SignIn(Workbench.ReviewerA);
        Go("/queue");
        Click("//button[@aria-label='Assign to me: case FA-0003']");
        var candidateId = server.Cases["FA-0003"];
        WaitForUrl($"/cases/{candidateId}/review");

        // The same review is saved elsewhere (another tab) after this page was opened.
        await using (var db = ReassessDatabase.CreateContext(server.Target))
        {
            var review = db.Set<Review>().Single(r => r.CandidateId == candidateId);
            var saved = await new ReviewService(db, TimeProvider.System, server.Audit, server.Services.GetRequiredService<Reassess.Cases.CaseLeadFinder>()).SaveDraftAsync(
                new Actor(Workbench.ReviewerA.Name, Roles.Reviewer, "FA"), review.Id, review.Version, new ReviewForm { Rationale = "Saved in another tab." });
            Assert.True(saved.Succeeded);
        }

        const string typed = "My careful rationale, typed on the stale page.";
        Fill("#rationale", typed);
        Button("Save draft");
        Shows("was not saved", "#stale");
        Assert.Equal(typed, Find("#rationale").GetAttribute("value"));
    }

    [Fact]
    public void A_reviewer_of_force_A_gets_not_found_for_force_B_case()
    {
        SignIn(Workbench.ReviewerA);
        Go($"/cases/{server.Cases["FB-0001"]}");
        Shows("Page not found", "h1");
        Go($"/cases/{server.Cases["FB-0001"]}/review");
        Shows("Page not found", "h1");
        Go($"/cases/{server.Cases["FA-0001"]}");
        Shows("Case FA-0001", "h1");
    }

    [Fact]
    public void The_network_chart_is_drawn_and_selecting_a_linked_case_opens_it_but_not_another_forces()
    {
        SignIn(Workbench.ReviewerA);
        Go($"/cases/{server.Cases["FA-0001"]}");
        Assert.NotEmpty(B.FindElements(By.CssSelector("#network canvas")));
        // FB-0001 (investigation 4) is another force's: selecting it goes nowhere.
        B.ExecuteScript("document.getElementById('network').reassessChart.$id('i4').emit('tap');");
        Thread.Sleep(300);
        Assert.EndsWith($"/cases/{server.Cases["FA-0001"]}", B.Url, StringComparison.Ordinal);
        // FA-0002 (investigation 2) shares a phone: selecting it opens its case.
        B.ExecuteScript("document.getElementById('network').reassessChart.$id('i2').emit('tap');");
        WaitForUrl($"/cases/{server.Cases["FA-0002"]}");
        Shows("Case FA-0002", "h1");
    }

    [Fact]
    public void The_idle_timeout_is_announced_before_it_lapses_and_staying_signed_in_renews_it()
    {
        SignIn(Workbench.ReviewerA);
        Go("/queue");
        var expires = Find("meta[name='session-expires']").GetAttribute("content");
        Assert.True(long.Parse(expires!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds());
        Assert.False(Find("#session-warning").Displayed);

        // Bring the expiry within the two minutes' warning.
        B.ExecuteScript("document.documentElement.reassessSession.schedule(Date.now() + 100000);");
        Shows("You will be signed out in about 2 minutes", "#session-warning");
        Assert.Equal("Stay signed in", B.SwitchTo().ActiveElement().Text);
        Button("Stay signed in");
        var until = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < until && Find("#session-warning").Displayed) Thread.Sleep(100);
        Assert.False(Find("#session-warning").Displayed);

        // Past the expiry the page says so and keeps what was typed.
        Fill("#q", "typed before the session ended");
        B.ExecuteScript("document.documentElement.reassessSession.schedule(Date.now() - 1);");
        Shows("Your session has ended", "#session-warning");
        Assert.Equal("typed before the session ended", Find("#q").GetAttribute("value"));
    }
}
