using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Reassess.Audit;
using Reassess.Storage;
using Reassess.Tests.Support;

namespace Reassess.Tests.Audit;

[Trait("Category", "Database")]
public sealed class AuditTrailTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 9, 30, 0, 123, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly string _keyDir = Directory.CreateTempSubdirectory("reassess-audit-key-").FullName;
    private TestDatabase _db = null!;
    private AuditTrail _trail = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _trail = new AuditTrail(_db.Target, AuditKeyStore.AtFile(Path.Combine(_keyDir, "test.audit-key")), _clock);
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        Directory.Delete(_keyDir, recursive: true);
    }

    private static AuditEvent View(string caseId, string user = "reviewer1") =>
        new(user, AuditCategory.Consultation, "case.view", AuditSubjects.Investigation, [caseId]) { Justification = "review of closed case" };

    private async Task RecordFiveAsync()
    {
        for (var i = 1; i <= 5; i++)
        {
            await _trail.RecordAsync(View(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            _clock.Advance(TimeSpan.FromSeconds(1));
        }
    }

    [Fact]
    public async Task Entries_form_a_chain_with_utc_times_from_the_injected_clock()
    {
        var first = await _trail.RecordAsync(View("7"));
        _clock.Advance(TimeSpan.FromMinutes(5));
        var second = await _trail.RecordAsync(new AuditEvent(AuditActor.System("import"), AuditCategory.Collection, "import.bundle", AuditSubjects.ImportBatch, ["1"]));

        Assert.Equal(1, first.Sequence);
        Assert.Equal(AuditChain.Genesis, first.PreviousHash);
        Assert.Equal(2, second.Sequence);
        Assert.Equal(first.Hash, second.PreviousHash);
        Assert.Equal(Start, first.At);
        Assert.Equal(TimeSpan.Zero, second.At.Offset);

        await using var db = ReassessDatabase.CreateContext(_db.Target);
        var stored = await db.Set<AuditEntry>().AsNoTracking().OrderBy(x => x.Sequence).ToListAsync();
        Assert.Equal(Start, stored[0].At);
        Assert.Equal("review of closed case", stored[0].Justification);
        Assert.Equal(AuditCategory.Collection, stored[1].Category);
        Assert.True((await _trail.VerifyAsync()).Intact);
    }

    [Fact]
    public async Task An_intact_trail_verifies_and_an_empty_one_too()
    {
        Assert.True((await _trail.VerifyAsync()).Intact);
        await RecordFiveAsync();
        var result = await _trail.VerifyAsync();
        Assert.True(result.Intact, result.Problem);
        Assert.Equal(5, result.Entries);
    }

    [Fact]
    public async Task The_database_refuses_update_and_delete_of_audit_entries()
    {
        await RecordFiveAsync();
        await Assert.ThrowsAnyAsync<DbException>(() => AuditTamper.ExecuteAsync(_db.Target, "UPDATE audit_entries SET justification = 'curiosity' WHERE sequence = 2"));
        await Assert.ThrowsAnyAsync<DbException>(() => AuditTamper.ExecuteAsync(_db.Target, "DELETE FROM audit_entries WHERE sequence = 5"));
        if (_db.Target.Engine == DatabaseEngine.Postgres)
            await Assert.ThrowsAnyAsync<DbException>(() => AuditTamper.ExecuteAsync(_db.Target, "TRUNCATE audit_entries"));
        Assert.True((await _trail.VerifyAsync()).Intact);
    }

    [Fact]
    public async Task Verify_names_an_entry_whose_field_was_altered()
    {
        await RecordFiveAsync();
        await AuditTamper.DropTriggersAsync(_db.Target);
        await AuditTamper.ExecuteAsync(_db.Target, "UPDATE audit_entries SET justification = 'curiosity' WHERE sequence = 3");

        var result = await _trail.VerifyAsync();
        Assert.Equal(3, result.BrokenAt);
    }

    [Fact]
    public async Task Verify_names_the_gap_where_a_row_was_deleted()
    {
        await RecordFiveAsync();
        await AuditTamper.DropTriggersAsync(_db.Target);
        await AuditTamper.ExecuteAsync(_db.Target, "DELETE FROM audit_entries WHERE sequence = 2");

        var result = await _trail.VerifyAsync();
        Assert.Equal(2, result.BrokenAt);
    }

    [Fact]
    public async Task Verify_notices_that_the_last_rows_were_cut_off()
    {
        await RecordFiveAsync();
        await AuditTamper.DropTriggersAsync(_db.Target);
        await AuditTamper.ExecuteAsync(_db.Target, "DELETE FROM audit_entries WHERE sequence >= 4");

        var result = await _trail.VerifyAsync();
        Assert.Equal(4, result.BrokenAt);
    }

    [Fact]
    public async Task Verify_names_a_row_moved_out_of_order()
    {
        await RecordFiveAsync();
        await AuditTamper.DropTriggersAsync(_db.Target);
        // Swap entries 2 and 3 by their sequence numbers: the contents stay, the order changes.
        await AuditTamper.ExecuteAsync(_db.Target, "UPDATE audit_entries SET sequence = -2 WHERE sequence = 2");
        await AuditTamper.ExecuteAsync(_db.Target, "UPDATE audit_entries SET sequence = 2 WHERE sequence = 3");
        await AuditTamper.ExecuteAsync(_db.Target, "UPDATE audit_entries SET sequence = 3 WHERE sequence = -2");

        var result = await _trail.VerifyAsync();
        Assert.Equal(2, result.BrokenAt);
    }

    [Fact]
    public async Task Verify_names_a_forged_row_appended_after_dropping_the_trigger()
    {
        await RecordFiveAsync();
        await using (var db = ReassessDatabase.CreateContext(_db.Target))
        {
            // The forger copies the last row and recomputes a SHA-256 chain hash correctly, but has no key.
            var last = await db.Set<AuditEntry>().AsNoTracking().OrderByDescending(x => x.Sequence).FirstAsync();
            var forged = new AuditEntry
            {
                Sequence = 6,
                At = last.At.AddSeconds(1),
                Actor = "reviewer1",
                Category = AuditCategory.Consultation,
                Operation = "case.view",
                SubjectType = AuditSubjects.Investigation,
                SubjectIds = "99",
                Justification = "routine",
                Outcome = AuditOutcome.Success,
                PreviousHash = last.Hash,
                Hash = "",
            };
            forged.Hash = Convert.ToHexStringLower(SHA256.HashData(AuditChain.Encode(forged)));
            await AuditTamper.DropTriggersAsync(_db.Target);
            db.Add(forged);
            await db.SaveChangesAsync();
        }

        var result = await _trail.VerifyAsync();
        Assert.Equal(6, result.BrokenAt);
        Assert.Contains("hash", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_entry_written_in_the_callers_transaction_rolls_back_with_it()
    {
        await _trail.RecordAsync(View("1"));
        await using (var db = ReassessDatabase.CreateContext(_db.Target))
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await _trail.RecordAsync(db, View("2"));
            await _trail.RecordAsync(db, View("3"));
            Assert.Equal(3, await db.Set<AuditEntry>().CountAsync());
            await tx.RollbackAsync();
        }
        await using (var db = ReassessDatabase.CreateContext(_db.Target))
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await _trail.RecordAsync(db, View("4"));
            await tx.CommitAsync();
        }
        await using var check = ReassessDatabase.CreateContext(_db.Target);
        Assert.Equal(["1", "4"], await check.Set<AuditEntry>().OrderBy(x => x.Sequence).Select(x => x.SubjectIds).ToListAsync());
        Assert.True((await _trail.VerifyAsync()).Intact);
    }

    [Fact]
    public async Task Concurrent_appends_keep_one_gapless_chain()
    {
        await Task.WhenAll(Enumerable.Range(1, 12).Select(i => Task.Run(() => _trail.RecordAsync(View(i.ToString(System.Globalization.CultureInfo.InvariantCulture))))));
        var result = await _trail.VerifyAsync();
        Assert.True(result.Intact, result.Problem);
        Assert.Equal(12, result.Entries);
    }

    [Fact]
    public async Task Many_concurrent_appends_are_group_committed_into_one_chain_without_gaps_or_duplicates()
    {
        const int callers = 200;
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        // The three overloads that own their transaction, from many tasks at once.
        var appends = Enumerable.Range(1, callers).Select(i => Task.Run(async () =>
        {
            var e = View(i.ToString(ci), "reviewer" + (i % 7).ToString(ci));
            switch (i % 3)
            {
                case 0:
                    return await _trail.RecordAsync(e);
                case 1:
                    await using (var db = ReassessDatabase.CreateContext(_db.Target))
                        return await _trail.RecordAsync(db, e);
                default:
                    await using (var connection = await ReassessDatabase.OpenConnectionAsync(_db.Target))
                        return await _trail.RecordAsync(connection, null, e);
            }
        })).ToList();
        var returned = await Task.WhenAll(appends);

        var result = await _trail.VerifyAsync();
        Assert.True(result.Intact, result.Problem);
        Assert.Equal(callers, result.Entries);
        Assert.Equal(Enumerable.Range(1, callers).Select(i => (long)i), returned.Select(x => x.Sequence).Order());
        // Each caller got the entry that was committed for it.
        await using var check = ReassessDatabase.CreateContext(_db.Target);
        var stored = await check.Set<AuditEntry>().AsNoTracking().OrderBy(x => x.Sequence).ToListAsync();
        Assert.Equal(Enumerable.Range(1, callers).Select(i => i.ToString(ci)).Order(StringComparer.Ordinal), stored.Select(x => x.SubjectIds).Order(StringComparer.Ordinal));
        foreach (var entry in returned)
        {
            var row = stored[(int)entry.Sequence - 1];
            Assert.Equal((entry.Hash, entry.SubjectIds), (row.Hash, row.SubjectIds));
        }
        Assert.Equal(new AuditHead(callers, stored[^1].Hash), _trail.Keys.ReadHead());
    }

    [Fact]
    public async Task A_failing_batch_fails_every_caller_in_it_and_writes_nothing()
    {
        await RecordFiveAsync();
        await using var blocker = await ReassessDatabase.OpenConnectionAsync(_db.Target);
        await AuditTamper.ExecuteAsync(blocker, null, TestDatabase.Engine == DatabaseEngine.Postgres
            ? "CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'boom'; END $$ LANGUAGE plpgsql; " +
              "CREATE TRIGGER audit_boom BEFORE INSERT ON audit_entries FOR EACH ROW WHEN (NEW.subject_ids = 'boom') EXECUTE FUNCTION boom();"
            : "CREATE TRIGGER audit_boom BEFORE INSERT ON audit_entries WHEN NEW.subject_ids = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); END;");

        // Hold the write lock so that the appends below queue up behind the first and go into one batch.
        var hold = await blocker.BeginTransactionAsync(System.Data.IsolationLevel.Serializable);
        if (TestDatabase.Engine == DatabaseEngine.Postgres) await AuditTamper.ExecuteAsync(blocker, hold, "LOCK TABLE audit_entries IN EXCLUSIVE MODE");
        var first = _trail.RecordAsync(View("first"));
        await Task.Delay(300); // usually enough for the writer to take the first append alone and wait for the lock
        var batch = new[] { _trail.RecordAsync(View("a")), _trail.RecordAsync(View("boom")), _trail.RecordAsync(View("b")), _trail.RecordAsync(View("c")) };
        await hold.RollbackAsync();
        await hold.DisposeAsync();

        foreach (var t in batch) await Assert.ThrowsAnyAsync<DbException>(() => t);
        var firstWritten = await first.ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default);
        await using var check = ReassessDatabase.CreateContext(_db.Target);
        var ids = await check.Set<AuditEntry>().OrderBy(x => x.Sequence).Select(x => x.SubjectIds).ToListAsync();
        Assert.Equal(firstWritten ? ["1", "2", "3", "4", "5", "first"] : ["1", "2", "3", "4", "5"], ids);
        var result = await _trail.VerifyAsync();
        Assert.True(result.Intact, result.Problem);

        // The queue keeps working after a failed batch.
        var next = await _trail.RecordAsync(View("6"));
        Assert.Equal(ids.Count + 1, next.Sequence);
        Assert.True((await _trail.VerifyAsync()).Intact);
    }

    [Fact]
    public async Task A_lost_key_is_reported_and_never_silently_replaced()
    {
        await RecordFiveAsync();
        File.Delete(_trail.Keys.KeyFile);
        await Assert.ThrowsAsync<AuditKeyException>(() => _trail.RecordAsync(View("6")));
        Assert.False((await _trail.VerifyAsync()).Intact);
    }

    [Fact]
    public async Task The_key_file_is_created_on_first_use_readable_by_its_owner_only()
    {
        Assert.False(File.Exists(_trail.Keys.KeyFile));
        await _trail.RecordAsync(View("1"));
        Assert.True(File.Exists(_trail.Keys.KeyFile));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_trail.Keys.KeyFile));
        Assert.Equal(64, Encoding.ASCII.GetString(await File.ReadAllBytesAsync(_trail.Keys.KeyFile)).Trim().Length);
    }

    [Fact]
    public async Task Show_finds_who_looked_at_a_case_and_why()
    {
        await _trail.RecordAsync(View("12", "alice"));
        _clock.Advance(TimeSpan.FromDays(2));
        await _trail.RecordAsync(View("123", "bob"));
        await _trail.RecordAsync(new AuditEvent("carol", AuditCategory.Disclosure, "report.export", AuditSubjects.Investigation, ["5", "12", "40"])
        { Justification = "referral", Recipient = "CPS North West" });

        var forCase = await _trail.FindAsync(new AuditQuery { Case = "12" });
        Assert.Equal(["alice", "carol"], forCase.Select(x => x.Actor));
        Assert.Equal("CPS North West", forCase[1].Recipient);
        Assert.Equal(["bob"], (await _trail.FindAsync(new AuditQuery { Actor = "bob" })).Select(x => x.Actor));
        Assert.Equal(["bob", "carol"], (await _trail.FindAsync(new AuditQuery { Since = Start.AddDays(1) })).Select(x => x.Actor));
    }
}

public sealed class AuditEventTests
{
    [Fact]
    public void A_consultation_without_a_justification_is_refused()
    {
        var e = new AuditEvent("alice", AuditCategory.Consultation, "case.view", AuditSubjects.Investigation, ["1"]);
        Assert.Throws<ArgumentException>(e.Validate);
    }

    [Fact]
    public void A_disclosure_without_a_recipient_is_refused()
    {
        var e = new AuditEvent("alice", AuditCategory.Disclosure, "report.export", AuditSubjects.Report, ["abc"]) { Justification = "referral" };
        Assert.Throws<ArgumentException>(e.Validate);
        (e with { Recipient = "CPS" }).Validate();
    }

    [Fact]
    public void Subject_ids_may_not_hold_the_separator()
    {
        var e = new AuditEvent("alice", AuditCategory.Alteration, "review.decide", AuditSubjects.Review, ["1;2"]);
        Assert.Throws<ArgumentException>(e.Validate);
    }

    [Fact]
    public void The_encoding_tells_a_null_field_from_an_empty_one()
    {
        var a = new AuditEntry { Actor = "a", Operation = "o", SubjectType = "s", SubjectIds = "", PreviousHash = AuditChain.Genesis, Hash = "", Justification = null };
        var b = new AuditEntry { Actor = "a", Operation = "o", SubjectType = "s", SubjectIds = "", PreviousHash = AuditChain.Genesis, Hash = "", Justification = "" };
        Assert.NotEqual(AuditChain.Encode(a), AuditChain.Encode(b));
    }
}
