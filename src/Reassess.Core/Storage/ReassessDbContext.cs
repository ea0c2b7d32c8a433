using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Reassess.Access;
using Reassess.Import;
using Reassess.Records;

namespace Reassess.Storage;

/// <summary>
/// The Reassess database. One model for both engines; each engine has its own migrations
/// (<see cref="SqliteReassessDbContext"/>, <see cref="PostgresReassessDbContext"/>).
/// Each capability configures its own tables with an <see cref="IEntityTypeConfiguration{TEntity}"/> next to its code;
/// they are all applied from this assembly.
/// </summary>
public abstract class ReassessDbContext(DbContextOptions options) : IdentityDbContext<ReassessUser>(options)
{
    public DbSet<Investigation> Investigations => Set<Investigation>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<Involvement> Involvements => Set<Involvement>();
    public DbSet<Identifier> Identifiers => Set<Identifier>();
    public DbSet<ImportBatch> ImportBatches => Set<ImportBatch>();
    public DbSet<RecordChange> RecordChanges => Set<RecordChange>();

    /// <summary>Which engine this context talks to.</summary>
    public abstract DatabaseEngine Engine { get; }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ReassessDbContext).Assembly);
        SnakeCaseNames.Apply(builder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // Enums are stored as the spec's tokens so that the tables read like the export.
        configurationBuilder.Properties<InvolvementRole>().HaveConversion<TokenConverter<InvolvementRole>>().HaveMaxLength(16);
        configurationBuilder.Properties<SuspectRelationship>().HaveConversion<TokenConverter<SuspectRelationship>>().HaveMaxLength(24);
        configurationBuilder.Properties<SuspectDisposal>().HaveConversion<TokenConverter<SuspectDisposal>>().HaveMaxLength(32);
        configurationBuilder.Properties<CpsDecision>().HaveConversion<TokenConverter<CpsDecision>>().HaveMaxLength(24);
        configurationBuilder.Properties<Sex>().HaveConversion<TokenConverter<Sex>>().HaveMaxLength(1);
        configurationBuilder.Properties<IdentifierKind>().HaveConversion<TokenConverter<IdentifierKind>>().HaveMaxLength(16);
    }
}

/// <summary>The SQLite flavour of the model, with its own migrations.</summary>
public sealed class SqliteReassessDbContext(DbContextOptions<SqliteReassessDbContext> options) : ReassessDbContext(options)
{
    public override DatabaseEngine Engine => DatabaseEngine.Sqlite;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        SqliteConventions.Apply(configurationBuilder);
    }
}

/// <summary>The PostgreSQL flavour of the model, with its own migrations.</summary>
public sealed class PostgresReassessDbContext(DbContextOptions<PostgresReassessDbContext> options) : ReassessDbContext(options)
{
    public override DatabaseEngine Engine => DatabaseEngine.Postgres;
}

/// <summary>The two database engines Reassess runs on.</summary>
public enum DatabaseEngine { Sqlite, Postgres }
