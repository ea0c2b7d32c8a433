using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Reassess.Storage.Migrations.Postgres
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
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    user_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    query = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_saved_views", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "workbench_notices",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    user_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    force = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    candidate_id = table.Column<long>(type: "bigint", nullable: false),
                    investigation_ref = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    text = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    actor = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
