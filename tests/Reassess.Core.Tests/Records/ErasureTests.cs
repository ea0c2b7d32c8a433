using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Reassess.Audit;
using Reassess.Import;
using Reassess.Records;
using Reassess.Storage;
using Reassess.Tests.Support;

namespace Reassess.Tests.Records;

[Trait("Category", "Database")]
public sealed class ErasureTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private readonly DirectoryInfo _keys = Directory.CreateTempSubdirectory("reassess-erasure-");
    private readonly FakeTimeProvider _time = new(Now);

    public void Dispose() => _keys.Delete(recursive: true);

    private AuditTrail Trail(TestDatabase db) => new(db.Target, AuditKeyStore.AtFile(Path.Combine(_keys.FullName, "audit-key")), _time);

    private async Task<ImportOutcome> Import(TestDatabase db, Bundle bundle) =>
        await new BundleImporter(_time, Trail(db)).ImportAsync(db.Target, bundle.Directory, new ImportOptions { ImportedBy = "tester" });

    [Fact]
    public async Task Erasing_a_person_removes_their_personal_data_identifiers_and_history_values_and_is_audited()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var bundle = Bundle.FromSample();
        Assert.True((await Import(db, bundle)).Succeeded);
        // A later extract changes P1002's forenames, so the history holds an old and a new value of them.
        var line = Array.FindIndex(bundle.Lines("people.csv"), l => l.StartsWith("MPS,P1002,", StringComparison.Ordinal));
        bundle.SetCell("people.csv", line + 1, "forenames", "Darren James");
        _time.Advance(TimeSpan.FromDays(1));
        Assert.True((await Import(db, bundle)).Succeeded);

        _time.Advance(TimeSpan.FromHours(1));
        var result = await new PersonErasure(_time, Trail(db)).EraseAsync(db.Target, "mps", "P1002", "analyst1", "retention review: no longer held at source");
        Assert.Equal(3, result.IdentifiersDeleted); // the phone, the vehicle and the address recorded against him
        Assert.True(result.HistoryValuesErased >= 1);

        await using (var ctx = ReassessDatabase.CreateContext(db.Target))
        {
            var p = await ctx.People.AsNoTracking().SingleAsync(x => x.Force == "MPS" && x.PersonRef == "P1002");
            Assert.Equal(PersonErasure.Erased, p.Surname);
            Assert.Null(p.Forenames);
            Assert.Null(p.DateOfBirth);
            Assert.Null(p.PncId);
            Assert.Null(p.Occupation);
            Assert.Null(p.Postcode);
            Assert.Null(p.SelfDefinedEthnicity);
            Assert.Equal(Now.AddDays(1).AddHours(1), p.ErasedAt);
            Assert.Empty(await ctx.Identifiers.Where(i => i.PersonId == p.Id).ToListAsync());
            Assert.DoesNotContain(await ctx.RecordChanges.Where(c => c.Entity == "person" && c.RecordId == p.Id).ToListAsync(),
                c => c.OldValue is not null || c.NewValue is not null);
            // Involvements stay, so the investigation still counts its suspect.
            Assert.NotEmpty(await ctx.Involvements.Where(i => i.PersonId == p.Id).ToListAsync());

            var entry = Assert.Single(await AuditQueries.FindAsync(ctx, new AuditQuery()), e => e.Category == AuditCategory.Erasure);
            Assert.Equal("analyst1", entry.Actor);
            Assert.Equal(p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), entry.SubjectIds);
            Assert.Equal("retention review: no longer held at source", entry.Justification);
        }
        Assert.True((await Trail(db).VerifyAsync()).Intact);

        // The same extract again does not bring him back, and says so.
        var again = await Import(db, bundle);
        Assert.True(again.Succeeded);
        Assert.Contains(again.Warnings, w => w.Contains("erased", StringComparison.Ordinal));
        await using (var ctx = ReassessDatabase.CreateContext(db.Target))
        {
            var p = await ctx.People.AsNoTracking().SingleAsync(x => x.Force == "MPS" && x.PersonRef == "P1002");
            Assert.Equal(PersonErasure.Erased, p.Surname);
            Assert.Null(p.Forenames);
            Assert.Empty(await ctx.Identifiers.Where(i => i.PersonId == p.Id).ToListAsync());
        }
    }

    [Theory]
    [InlineData("MPS", "NOBODY", "because", "No person NOBODY of force MPS")]
    [InlineData("MPS", "P1002", " ", "needs its reason")]
    public async Task An_erasure_of_nobody_or_without_a_reason_is_refused_and_changes_nothing(string force, string person, string reason, string message)
    {
        await using var db = await TestDatabase.CreateAsync();
        using var bundle = Bundle.FromSample();
        Assert.True((await Import(db, bundle)).Succeeded);
        var ex = await Assert.ThrowsAsync<ErasureException>(() => new PersonErasure(_time, Trail(db)).EraseAsync(db.Target, force, person, "analyst1", reason));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        await using var ctx = ReassessDatabase.CreateContext(db.Target);
        Assert.Equal("TESTWELL", (await ctx.People.AsNoTracking().SingleAsync(x => x.PersonRef == "P1002")).Surname);
        Assert.DoesNotContain(await AuditQueries.FindAsync(ctx, new AuditQuery()), e => e.Category == AuditCategory.Erasure);
    }

    [Fact]
    public async Task A_second_erasure_of_the_same_person_is_refused()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var bundle = Bundle.FromSample();
        Assert.True((await Import(db, bundle)).Succeeded);
        var erasure = new PersonErasure(_time, Trail(db));
        await erasure.EraseAsync(db.Target, "MPS", "P1002", "analyst1", "retention review");
        var ex = await Assert.ThrowsAsync<ErasureException>(() => erasure.EraseAsync(db.Target, "MPS", "P1002", "analyst1", "again"));
        Assert.Contains("already erased", ex.Message, StringComparison.Ordinal);
    }
}
