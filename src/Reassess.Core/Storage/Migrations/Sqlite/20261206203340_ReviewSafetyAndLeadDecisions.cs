using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Reassess.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReviewSafetyAndLeadDecisions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "high_risk_acknowledged_at",
                table: "review_versions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "high_risk_acknowledged_by",
                table: "review_versions",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "review_lead_decisions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    review_version_id = table.Column<long>(type: "INTEGER", nullable: false),
                    review_id = table.Column<long>(type: "INTEGER", nullable: false),
                    candidate_id = table.Column<long>(type: "INTEGER", nullable: false),
                    force = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    lead_key = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    decision = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    reason = table.Column<string>(type: "TEXT", nullable: true),
                    decided_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    decided_at = table.Column<long>(type: "INTEGER", nullable: false)
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
