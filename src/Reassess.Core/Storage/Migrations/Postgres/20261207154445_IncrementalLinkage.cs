using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Reassess.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class IncrementalLinkage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "base_run_id",
                table: "linkage_runs",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "batch_high",
                table: "linkage_runs",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<double>(
                name: "graph_weight",
                table: "linkage_runs",
                type: "double precision",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<string>(
                name: "mode",
                table: "linkage_runs",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "full"); // runs before this migration were all full links

            migrationBuilder.AddColumn<string>(
                name: "model",
                table: "linkage_runs",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "base_run_id",
                table: "linkage_runs");

            migrationBuilder.DropColumn(
                name: "batch_high",
                table: "linkage_runs");

            migrationBuilder.DropColumn(
                name: "graph_weight",
                table: "linkage_runs");

            migrationBuilder.DropColumn(
                name: "mode",
                table: "linkage_runs");

            migrationBuilder.DropColumn(
                name: "model",
                table: "linkage_runs");
        }
    }
}
