using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Reassess.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReferralsToNationalOperation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "referral_exports",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    review_id = table.Column<long>(type: "INTEGER", nullable: false),
                    review_version_number = table.Column<int>(type: "INTEGER", nullable: false),
                    force = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    investigation_id = table.Column<long>(type: "INTEGER", nullable: false),
                    investigation_ref = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    pack_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    pack_version = table.Column<int>(type: "INTEGER", nullable: false),
                    hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    approved_at = table.Column<long>(type: "INTEGER", nullable: false),
                    exported_at = table.Column<long>(type: "INTEGER", nullable: false),
                    exported_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referral_exports", x => x.id);
                    table.ForeignKey(
                        name: "fk_referral_exports_reviews_review_id",
                        column: x => x.review_id,
                        principalTable: "reviews",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "referral_forces",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    force = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    public_key_pem = table.Column<string>(type: "TEXT", nullable: false),
                    key_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    registered_at = table.Column<long>(type: "INTEGER", nullable: false),
                    registered_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referral_forces", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "referral_notices",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    notice_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    force = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    investigation_ref = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    suspect_ref = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    other_forces = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    message = table.Column<string>(type: "TEXT", nullable: false),
                    generated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    imported_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referral_notices", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "referrals_received",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    pack_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    force = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    investigation_ref = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    body_json = table.Column<string>(type: "TEXT", nullable: false),
                    current = table.Column<bool>(type: "INTEGER", nullable: false),
                    meets_national_criteria = table.Column<bool>(type: "INTEGER", nullable: false),
                    typologies = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    priority = table.Column<double>(type: "REAL", nullable: false),
                    approved_at = table.Column<long>(type: "INTEGER", nullable: false),
                    referred_at = table.Column<long>(type: "INTEGER", nullable: false),
                    received_at = table.Column<long>(type: "INTEGER", nullable: false),
                    received_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    source_file = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referrals_received", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_referral_exports_force_investigation_id",
                table: "referral_exports",
                columns: new[] { "force", "investigation_id" });

            migrationBuilder.CreateIndex(
                name: "ix_referral_exports_pack_id",
                table: "referral_exports",
                column: "pack_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_referral_exports_review_id_review_version_number",
                table: "referral_exports",
                columns: new[] { "review_id", "review_version_number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_referral_forces_force",
                table: "referral_forces",
                column: "force",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_referral_notices_force_investigation_ref",
                table: "referral_notices",
                columns: new[] { "force", "investigation_ref" });

            migrationBuilder.CreateIndex(
                name: "ix_referral_notices_notice_id",
                table: "referral_notices",
                column: "notice_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_referrals_received_current_priority",
                table: "referrals_received",
                columns: new[] { "current", "priority" });

            migrationBuilder.CreateIndex(
                name: "ix_referrals_received_force_investigation_ref_version",
                table: "referrals_received",
                columns: new[] { "force", "investigation_ref", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_referrals_received_hash",
                table: "referrals_received",
                column: "hash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "referral_exports");

            migrationBuilder.DropTable(
                name: "referral_forces");

            migrationBuilder.DropTable(
                name: "referral_notices");

            migrationBuilder.DropTable(
                name: "referrals_received");
        }
    }
}
