using Reassess.Audit;
using Reassess.Cli.Tests.Support;
using Reassess.Storage;
using Reassess.Tests.Support;
using Spectre.Console;

namespace Reassess.Cli.Tests.Commands;

[Trait("Category", "Database")]
public sealed class AuditCommandsTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("reassess-cli-audit-").FullName;
    private TestDatabase _db = null!;
    private string KeyFile => Path.Combine(_dir, "trail.audit-key");

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>In process (fast): exit code and stdout.</summary>
    private async Task<CliProcess.Result> Reassess(params string[] args)
    {
        using var stdout = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        var code = await CliApp.RunAsync([.. args, "--db", _db.Target.ConnectionString, "--audit-key", KeyFile], console);
        return new CliProcess.Result(code, stdout.ToString(), "");
    }

    /// <summary>As a child process, as an operator runs it: stderr is part of the contract.</summary>
    private Task<CliProcess.Result> ReassessProcess(params string[] args) =>
        CliProcess.RunAsync([.. args, "--db", _db.Target.ConnectionString, "--audit-key", KeyFile]);

    private async Task<AuditTrail> TrailWithEntriesAsync()
    {
        var trail = new AuditTrail(_db.Target, AuditKeyStore.AtFile(KeyFile), TimeProvider.System);
        await trail.RecordAsync(new AuditEvent("alice", AuditCategory.Consultation, "case.view", AuditSubjects.Investigation, ["41"]) { Justification = "sign-off check" });
        await trail.RecordAsync(new AuditEvent("bob", AuditCategory.Consultation, "case.view", AuditSubjects.Investigation, ["42"]) { Justification = "triage" });
        await trail.RecordAsync(new AuditEvent("carol", AuditCategory.Disclosure, "referral.send", AuditSubjects.Investigation, ["41"]) { Justification = "new line of enquiry", Recipient = "CPS Wessex" });
        return trail;
    }

    [Fact]
    public async Task Verify_exits_0_on_an_intact_trail_and_1_naming_the_first_altered_entry()
    {
        await TrailWithEntriesAsync();
        var ok = await Reassess("audit", "verify");
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        Assert.Contains("intact: 3 entries", ok.Stdout, StringComparison.Ordinal);

        if (_db.Target.Engine == DatabaseEngine.Sqlite)
        {
            await Exec("DROP TRIGGER audit_entries_no_update");
        }
        else
        {
            await Exec("DROP TRIGGER audit_entries_no_update_delete ON audit_entries");
        }
        await Exec("UPDATE audit_entries SET actor = 'mallory' WHERE sequence = 2");

        var broken = await ReassessProcess("audit", "verify");
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("entry 2", broken.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_exits_1_when_the_key_is_missing()
    {
        await TrailWithEntriesAsync();
        File.Delete(KeyFile);
        var result = await Reassess("audit", "verify");
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public async Task Show_answers_who_looked_at_a_case_and_why()
    {
        await TrailWithEntriesAsync();
        var result = await Reassess("audit", "show", "--case", "41");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains("\talice\tconsultation\tcase.view\tinvestigation\t41\tsign-off check\t", lines[1], StringComparison.Ordinal);
        Assert.Contains("\tcarol\tdisclosure\treferral.send\tinvestigation\t41\tnew line of enquiry\tCPS Wessex\tsuccess", lines[2], StringComparison.Ordinal);

        var byUser = await Reassess("audit", "show", "--user", "bob", "--since", "2000-01-01");
        Assert.Equal(2, byUser.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Show_with_a_bad_date_is_a_usage_error()
    {
        var result = await Reassess("audit", "show", "--since", "last tuesday");
        Assert.Equal(2, result.ExitCode);
    }

    private async Task Exec(string sql)
    {
        await using var connection = await ReassessDatabase.OpenConnectionAsync(_db.Target);
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // test-only SQL
        command.CommandText = sql;
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync();
    }
}
