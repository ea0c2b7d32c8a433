using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Reassess.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class StableLinkageIdsAndUnsureDecisions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "change",
                table: "offender_networks",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "new");

            migrationBuilder.AddColumn<int>(
                name: "members_added",
                table: "offender_networks",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "members_removed",
                table: "offender_networks",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "merged_from",
                table: "offender_networks",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "split_from",
                table: "offender_networks",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "split_into",
                table: "offender_networks",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "unsure",
                table: "match_decisions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "network_label_high",
                table: "linkage_runs",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "change",
                table: "offender_networks");

            migrationBuilder.DropColumn(
                name: "members_added",
                table: "offender_networks");

            migrationBuilder.DropColumn(
                name: "members_removed",
                table: "offender_networks");

            migrationBuilder.DropColumn(
                name: "merged_from",
                table: "offender_networks");

            migrationBuilder.DropColumn(
                name: "split_from",
                table: "offender_networks");

            migrationBuilder.DropColumn(
                name: "split_into",
                table: "offender_networks");

            migrationBuilder.DropColumn(
                name: "unsure",
                table: "match_decisions");

            migrationBuilder.DropColumn(
                name: "network_label_high",
                table: "linkage_runs");
        }
    }
}
