using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Reassess.Storage;

#nullable disable

namespace Reassess.Storage.Migrations.Postgres;

/// <summary>
/// Written by hand (the model cannot express triggers): the audit trail is append-only, so the database itself refuses
/// UPDATE, DELETE and TRUNCATE on <c>audit_entries</c>. Its timestamp is later than the regenerated Initial migration,
/// so it survives <c>scripts/migrations.sh reset</c>.
/// </summary>
[DbContext(typeof(PostgresReassessDbContext))]
[Migration("20261126000100_AuditTriggers")]
public partial class AuditTriggers : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit_entries is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
            END
            $$;
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER audit_entries_no_update_delete BEFORE UPDATE OR DELETE ON audit_entries
            FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
            FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_entries_no_truncate ON audit_entries;");
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_entries_no_update_delete ON audit_entries;");
        migrationBuilder.Sql("DROP FUNCTION IF EXISTS audit_entries_append_only();");
    }
}
