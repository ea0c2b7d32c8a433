using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Reassess.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WorkbenchSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "saved_views",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    query = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_saved_views", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "workbench_notices",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    force = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    candidate_id = table.Column<long>(type: "INTEGER", nullable: false),
                    investigation_ref = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    text = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_workbench_notices", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_people_force_surname",
                table: "people",
                columns: new[] { "force", "surname" });

            migrationBuilder.CreateIndex(
                name: "ix_saved_views_user_name_name",
                table: "saved_views",
                columns: new[] { "user_name", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_workbench_notices_user_name_id",
                table: "workbench_notices",
                columns: new[] { "user_name", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "saved_views");

            migrationBuilder.DropTable(
                name: "workbench_notices");

            migrationBuilder.DropIndex(
                name: "ix_people_force_surname",
                table: "people");
        }
    }
}
