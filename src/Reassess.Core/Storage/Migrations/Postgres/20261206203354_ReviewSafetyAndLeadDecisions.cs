using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Reassess.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ReviewSafetyAndLeadDecisions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "high_risk_acknowledged_at",
                table: "review_versions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "high_risk_acknowledged_by",
                table: "review_versions",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "review_lead_decisions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    review_version_id = table.Column<long>(type: "bigint", nullable: false),
                    review_id = table.Column<long>(type: "bigint", nullable: false),
                    candidate_id = table.Column<long>(type: "bigint", nullable: false),
                    force = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    lead_key = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    decision = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    reason = table.Column<string>(type: "text", nullable: true),
                    decided_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_review_lead_decisions", x => x.id);
                    table.ForeignKey(
                        name: "fk_review_lead_decisions_review_versions_review_version_id",
                        column: x => x.review_version_id,
                        principalTable: "review_versions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_review_lead_decisions_force_kind",
                table: "review_lead_decisions",
                columns: new[] { "force", "kind" });

            migrationBuilder.CreateIndex(
                name: "ix_review_lead_decisions_review_version_id_lead_key",
                table: "review_lead_decisions",
                columns: new[] { "review_version_id", "lead_key" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "review_lead_decisions");

            migrationBuilder.DropColumn(
                name: "high_risk_acknowledged_at",
                table: "review_versions");

            migrationBuilder.DropColumn(
                name: "high_risk_acknowledged_by",
                table: "review_versions");
        }
    }
}
