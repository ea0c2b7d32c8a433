using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Reassess.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InvolvementKeyOnIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_involvements_force_investigation_ref_person_ref_role",
                table: "involvements");

            migrationBuilder.DropIndex(
                name: "ix_involvements_investigation_id",
                table: "involvements");

            migrationBuilder.CreateIndex(
                name: "ix_involvements_investigation_id_person_id_role",
                table: "involvements",
                columns: new[] { "investigation_id", "person_id", "role" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_involvements_investigation_id_person_id_role",
                table: "involvements");

            migrationBuilder.CreateIndex(
                name: "ix_involvements_force_investigation_ref_person_ref_role",
                table: "involvements",
                columns: new[] { "force", "investigation_ref", "person_ref", "role" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_involvements_investigation_id",
                table: "involvements",
                column: "investigation_id");
        }
    }
}
