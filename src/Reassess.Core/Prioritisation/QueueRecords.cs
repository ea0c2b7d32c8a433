using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Reassess.Records;

namespace Reassess.Prioritisation;

/// <summary>
/// Something a user is told that the review history does not already say to them: a review taken off them and given to
/// someone else (the history is then the new reviewer's). Everything else in the event list is read from the reviews'
/// transitions.
/// </summary>
public sealed class WorkbenchNotice
{
    public long Id { get; set; }
    /// <summary>The user told, as Identity normalises user names (upper case).</summary>
    public required string UserName { get; set; }
    public required string Force { get; set; }
    public long CandidateId { get; set; }
    public required string InvestigationRef { get; set; }
    public required string Text { get; set; }
    /// <summary>Who did it.</summary>
    public required string Actor { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>A user's named queue view: the query string of the queue page (filters, search and sort).</summary>
public sealed class SavedView
{
    public long Id { get; set; }
    /// <summary>The owner, as Identity normalises user names (upper case).</summary>
    public required string UserName { get; set; }
    public required string Name { get; set; }
    /// <summary>The queue's query string without the page number, e.g. <c>?status=Queued&amp;sort=age</c>.</summary>
    public required string Query { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class WorkbenchNoticeConfiguration : IEntityTypeConfiguration<WorkbenchNotice>
{
    public void Configure(EntityTypeBuilder<WorkbenchNotice> b)
    {
        b.ToTable("workbench_notices");
        b.Property(x => x.UserName).HasMaxLength(256);
        b.Property(x => x.Force).HasMaxLength(8);
        b.Property(x => x.InvestigationRef).HasMaxLength(64);
        b.Property(x => x.Text).HasMaxLength(1000);
        b.Property(x => x.Actor).HasMaxLength(256);
        // A user's latest notices first.
        b.HasIndex(x => new { x.UserName, x.Id });
    }
}

internal sealed class SavedViewConfiguration : IEntityTypeConfiguration<SavedView>
{
    public void Configure(EntityTypeBuilder<SavedView> b)
    {
        b.ToTable("saved_views");
        b.Property(x => x.UserName).HasMaxLength(256);
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Query).HasMaxLength(1000);
        b.HasIndex(x => new { x.UserName, x.Name }).IsUnique();
    }
}

/// <summary>
/// The queue's search by name reads a force's nominals by surname (<see cref="QueueSearch"/>); without this index it
/// would read every nominal of the force.
/// </summary>
internal sealed class PersonSurnameIndexConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> b) => b.HasIndex(x => new { x.Force, x.Surname }, "ix_people_force_surname");
}
