using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Reassess.Storage;

#nullable disable

namespace Reassess.Storage.Migrations.Sqlite;

/// <summary>
/// Written by hand (the model cannot express triggers): the audit trail is append-only, so the database itself refuses
/// UPDATE and DELETE on <c>audit_entries</c>. Its timestamp is later than the regenerated Initial migration, so it
/// survives <c>scripts/migrations.sh reset</c>.
/// </summary>
[DbContext(typeof(SqliteReassessDbContext))]
[Migration("20261126000100_AuditTriggers")]
public partial class AuditTriggers : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
            BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only: UPDATE refused'); END;
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
            BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only: DELETE refused'); END;
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_entries_no_update;");
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_entries_no_delete;");
    }
}
