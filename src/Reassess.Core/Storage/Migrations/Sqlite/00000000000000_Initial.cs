using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Reassess.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    category = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    operation = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    subject_type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    subject_ids = table.Column<string>(type: "TEXT", nullable: false),
                    justification = table.Column<string>(type: "TEXT", nullable: true),
                    recipient = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    previous_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_entries", x => x.sequence);
                });

            migrationBuilder.CreateTable(
                name: "case_access_justification",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    investigation_id = table.Column<long>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    recorded_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_case_access_justification", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "import_batches",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    forces = table.Column<string>(type: "TEXT", nullable: false),
                    source = table.Column<string>(type: "TEXT", nullable: false),
                    bundle_hash = table.Column<string>(type: "TEXT", nullable: false),
                    imported_by = table.Column<string>(type: "TEXT", nullable: false),
                    started_at = table.Column<long>(type: "INTEGER", nullable: false),
                    completed_at = table.Column<long>(type: "INTEGER", nullable: false),
                    added = table.Column<int>(type: "INTEGER", nullable: false),
                    updated = table.Column<int>(type: "INTEGER", nullable: false),
                    unchanged = table.Column<int>(type: "INTEGER", nullable: false),
                    rejected = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_import_batches", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "investigations",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    force = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    investigation_ref = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    recorded_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    offence_from = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    offence_to = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    offence_codes = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    outcome_code = table.Column<string>(type: "TEXT", maxLength: 4, nullable: true),
                    outcome_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    cps_decision = table.Column<string>(type: "TEXT", maxLength: 24, nullable: true),
                    cse_flag = table.Column<bool>(type: "INTEGER", nullable: false),
                    independently_reviewed = table.Column<bool>(type: "INTEGER", nullable: false),
                    postcode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    summary = table.Column<string>(type: "TEXT", nullable: true),
                    first_batch_id = table.Column<long>(type: "INTEGER", nullable: false),
                    last_batch_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_investigations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "linkage_runs",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    started_at = table.Column<long>(type: "INTEGER", nullable: false),
                    completed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    completed_stage = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    input_fingerprint = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    seed = table.Column<int>(type: "INTEGER", nullable: false),
                    nominals = table.Column<long>(type: "INTEGER", nullable: false),
                    deterministic_links = table.Column<long>(type: "INTEGER", nullable: false),
                    comparisons = table.Column<long>(type: "INTEGER", nullable: false),
                    probabilistic_seconds = table.Column<double>(type: "REAL", nullable: false),
                    probabilistic_matches = table.Column<long>(type: "INTEGER", nullable: false),
                    resolved_people = table.Column<long>(type: "INTEGER", nullable: false),
                    networks = table.Column<long>(type: "INTEGER", nullable: false),
                    missed_group_investigations = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_linkage_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "match_decisions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    left_force = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    left_person_ref = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    right_force = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    right_person_ref = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    same_person = table.Column<bool>(type: "INTEGER", nullable: false),
                    decided_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    decided_at = table.Column<long>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_match_decisions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "missed_group_links",
                columns: table => new
                {
                    investigation_id = table.Column<long>(type: "INTEGER", nullable: false),
                    network_id = table.Column<long>(type: "INTEGER", nullable: false),
                    evidence = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_missed_group_links", x => x.investigation_id);
                });

            migrationBuilder.CreateTable(
                name: "network_links",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    network_id = table.Column<long>(type: "INTEGER", nullable: false),
                    from_resolved_id = table.Column<long>(type: "INTEGER", nullable: false),
                    to_resolved_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kinds = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    weight = table.Column<double>(type: "REAL", nullable: false),
                    evidence = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_network_links", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "network_members",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    network_id = table.Column<long>(type: "INTEGER", nullable: false),
                    person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    resolved_id = table.Column<long>(type: "INTEGER", nullable: false),
                    force = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    person_ref = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    role = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    investigation_refs = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_network_members", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "offender_networks",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    label = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    linkage_run_id = table.Column<long>(type: "INTEGER", nullable: false),
                    suspects = table.Column<int>(type: "INTEGER", nullable: false),
                    victims = table.Column<int>(type: "INTEGER", nullable: false),
                    people = table.Column<int>(type: "INTEGER", nullable: false),
                    nominals = table.Column<int>(type: "INTEGER", nullable: false),
                    forces = table.Column<string>(type: "TEXT", nullable: false),
                    investigations = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_offender_networks", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "people",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    force = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    person_ref = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    surname = table.Column<string>(type: "TEXT", nullable: false),
                    forenames = table.Column<string>(type: "TEXT", nullable: true),
                    date_of_birth = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    sex = table.Column<string>(type: "TEXT", maxLength: 1, nullable: true),
                    self_defined_ethnicity = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    officer_observed_ethnicity = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    nationality = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    date_of_death = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    pnc_id = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    occupation = table.Column<string>(type: "TEXT", nullable: true),
                    postcode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    erased_at = table.Column<long>(type: "INTEGER", nullable: true),
                    first_batch_id = table.Column<long>(type: "INTEGER", nullable: false),
                    last_batch_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_people", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "person_matches",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    linkage_run_id = table.Column<long>(type: "INTEGER", nullable: false),
                    left_person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    left_force = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    left_person_ref = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    right_person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    right_force = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    right_person_ref = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    weight = table.Column<double>(type: "REAL", nullable: false),
                    probability = table.Column<double>(type: "REAL", nullable: false),
                    contributions = table.Column<string>(type: "TEXT", nullable: false),
                    method = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    evidence = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_person_matches", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "record_changes",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    entity = table.Column<string>(type: "TEXT", nullable: false),
                    record_id = table.Column<long>(type: "INTEGER", nullable: false),
                    field = table.Column<string>(type: "TEXT", nullable: false),
                    old_value = table.Column<string>(type: "TEXT", nullable: true),
                    new_value = table.Column<string>(type: "TEXT", nullable: true),
                    changed_at = table.Column<long>(type: "INTEGER", nullable: false),
                    batch_id = table.Column<long>(type: "INTEGER", nullable: true),
                    changed_by = table.Column<string>(type: "TEXT", nullable: false),
                    reason = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_record_changes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "resolved_people",
                columns: table => new
                {
                    person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    resolved_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_resolved_people", x => x.person_id);
                });

            migrationBuilder.CreateTable(
                name: "roles",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    normalized_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    concurrency_stamp = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_roles", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "screening_runs",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    profile_name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    profile_version = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    as_of = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    started_at = table.Column<long>(type: "INTEGER", nullable: false),
                    completed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    run_by = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    considered = table.Column<int>(type: "INTEGER", nullable: false),
                    criteria_candidates = table.Column<int>(type: "INTEGER", nullable: false),
                    linked_candidates = table.Column<int>(type: "INTEGER", nullable: false),
                    new_candidates = table.Column<int>(type: "INTEGER", nullable: false),
                    no_longer_qualifying = table.Column<int>(type: "INTEGER", nullable: false),
                    summary = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_screening_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    force = table.Column<string>(type: "TEXT", nullable: true),
                    role = table.Column<string>(type: "TEXT", nullable: false),
                    disabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    user_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    normalized_user_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    normalized_email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    email_confirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    password_hash = table.Column<string>(type: "TEXT", nullable: true),
                    security_stamp = table.Column<string>(type: "TEXT", nullable: true),
                    concurrency_stamp = table.Column<string>(type: "TEXT", nullable: true),
                    phone_number = table.Column<string>(type: "TEXT", nullable: true),
                    phone_number_confirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    two_factor_enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    lockout_end = table.Column<long>(type: "INTEGER", nullable: true),
                    lockout_enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    access_failed_count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "identifiers",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    force = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    raw_value = table.Column<string>(type: "TEXT", nullable: false),
                    value = table.Column<string>(type: "TEXT", nullable: false),
                    person_ref = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    investigation_ref = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    person_id = table.Column<long>(type: "INTEGER", nullable: true),
                    investigation_id = table.Column<long>(type: "INTEGER", nullable: true),
                    context = table.Column<string>(type: "TEXT", nullable: true),
                    first_batch_id = table.Column<long>(type: "INTEGER", nullable: false),
                    last_batch_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_identifiers", x => x.id);
                    table.ForeignKey(
                        name: "fk_identifiers_investigations_investigation_id",
                        column: x => x.investigation_id,
                        principalTable: "investigations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_identifiers_people_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "involvements",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    force = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    investigation_id = table.Column<long>(type: "INTEGER", nullable: false),
                    person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    investigation_ref = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    person_ref = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    relationship = table.Column<string>(type: "TEXT", maxLength: 24, nullable: true),
                    suspect_disposal = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    arrested = table.Column<bool>(type: "INTEGER", nullable: true),
                    interviewed = table.Column<bool>(type: "INTEGER", nullable: true),
                    first_batch_id = table.Column<long>(type: "INTEGER", nullable: false),
                    last_batch_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_involvements", x => x.id);
                    table.ForeignKey(
                        name: "fk_involvements_investigations_investigation_id",
                        column: x => x.investigation_id,
                        principalTable: "investigations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_involvements_people_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "role_claims",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    role_id = table.Column<string>(type: "TEXT", nullable: false),
                    claim_type = table.Column<string>(type: "TEXT", nullable: true),
                    claim_value = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_role_claims", x => x.id);
                    table.ForeignKey(
                        name: "fk_role_claims_roles_role_id",
                        column: x => x.role_id,
                        principalTable: "roles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "candidates",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    force = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    investigation_ref = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    investigation_id = table.Column<long>(type: "INTEGER", nullable: false),
                    basis = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    typologies = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    priority = table.Column<double>(type: "REAL", nullable: false),
                    priority_factors = table.Column<string>(type: "TEXT", nullable: false),
                    profile_name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    first_run_id = table.Column<long>(type: "INTEGER", nullable: false),
                    latest_run_id = table.Column<long>(type: "INTEGER", nullable: false),
                    still_qualifies = table.Column<bool>(type: "INTEGER", nullable: false),
                    recorded_year = table.Column<int>(type: "INTEGER", nullable: false),
                    linked_evidence = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_candidates", x => x.id);
                    table.ForeignKey(
                        name: "fk_candidates_investigations_investigation_id",
                        column: x => x.investigation_id,
                        principalTable: "investigations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_candidates_screening_runs_first_run_id",
                        column: x => x.first_run_id,
                        principalTable: "screening_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_candidates_screening_runs_latest_run_id",
                        column: x => x.latest_run_id,
                        principalTable: "screening_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "user_claims",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_id = table.Column<string>(type: "TEXT", nullable: false),
                    claim_type = table.Column<string>(type: "TEXT", nullable: true),
                    claim_value = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_claims", x => x.id);
                    table.ForeignKey(
                        name: "fk_user_claims_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_logins",
                columns: table => new
                {
                    login_provider = table.Column<string>(type: "TEXT", nullable: false),
                    provider_key = table.Column<string>(type: "TEXT", nullable: false),
                    provider_display_name = table.Column<string>(type: "TEXT", nullable: true),
                    user_id = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_logins", x => new { x.login_provider, x.provider_key });
                    table.ForeignKey(
                        name: "fk_user_logins_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_roles",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "TEXT", nullable: false),
                    role_id = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_roles", x => new { x.user_id, x.role_id });
                    table.ForeignKey(
                        name: "fk_user_roles_roles_role_id",
                        column: x => x.role_id,
                        principalTable: "roles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_user_roles_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_tokens",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "TEXT", nullable: false),
                    login_provider = table.Column<string>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    value = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_tokens", x => new { x.user_id, x.login_provider, x.name });
                    table.ForeignKey(
                        name: "fk_user_tokens_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "reviews",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    candidate_id = table.Column<long>(type: "INTEGER", nullable: false),
                    force = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    investigation_id = table.Column<long>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    reviewer_user_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    assigned_at = table.Column<long>(type: "INTEGER", nullable: true),
                    submitted_at = table.Column<long>(type: "INTEGER", nullable: true),
                    decided_at = table.Column<long>(type: "INTEGER", nullable: true),
                    supervisor_user_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    recommendation = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    referral_count = table.Column<int>(type: "INTEGER", nullable: false),
                    form_json = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reviews", x => x.id);
                    table.ForeignKey(
                        name: "fk_reviews_candidates_candidate_id",
                        column: x => x.candidate_id,
                        principalTable: "candidates",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_reviews_investigations_investigation_id",
                        column: x => x.investigation_id,
                        principalTable: "investigations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "review_transitions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    candidate_id = table.Column<long>(type: "INTEGER", nullable: false),
                    review_id = table.Column<long>(type: "INTEGER", nullable: false),
                    from = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    to = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    actor_role = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false),
                    comment = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_review_transitions", x => x.id);
                    table.ForeignKey(
                        name: "fk_review_transitions_reviews_review_id",
                        column: x => x.review_id,
                        principalTable: "reviews",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "review_versions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    review_id = table.Column<long>(type: "INTEGER", nullable: false),
                    candidate_id = table.Column<long>(type: "INTEGER", nullable: false),
                    number = table.Column<int>(type: "INTEGER", nullable: false),
                    form_json = table.Column<string>(type: "TEXT", nullable: false),
                    recommendation = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    reviewer_user_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    submitted_at = table.Column<long>(type: "INTEGER", nullable: false),
                    decision = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    decided_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    decided_at = table.Column<long>(type: "INTEGER", nullable: true),
                    decision_comment = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_review_versions", x => x.id);
                    table.ForeignKey(
                        name: "fk_review_versions_reviews_review_id",
                        column: x => x.review_id,
                        principalTable: "reviews",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_actor",
                table: "audit_entries",
                column: "actor");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_at",
                table: "audit_entries",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_candidates_first_run_id",
                table: "candidates",
                column: "first_run_id");

            migrationBuilder.CreateIndex(
                name: "ix_candidates_force_investigation_ref",
                table: "candidates",
                columns: new[] { "force", "investigation_ref" });

            migrationBuilder.CreateIndex(
                name: "ix_candidates_investigation_id",
                table: "candidates",
                column: "investigation_id");

            migrationBuilder.CreateIndex(
                name: "ix_candidates_latest_run_id",
                table: "candidates",
                column: "latest_run_id");

            migrationBuilder.CreateIndex(
                name: "ix_candidates_profile_name_investigation_id",
                table: "candidates",
                columns: new[] { "profile_name", "investigation_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_candidates_review_queue",
                table: "candidates",
                columns: new[] { "force", "latest_run_id", "priority", "investigation_ref", "id", "still_qualifies" },
                descending: new[] { false, false, true, false, false, false });

            migrationBuilder.CreateIndex(
                name: "ix_case_access_justification_user_name_investigation_id_recorded_at",
                table: "case_access_justification",
                columns: new[] { "user_name", "investigation_id", "recorded_at" });

            migrationBuilder.CreateIndex(
                name: "ix_identifiers_investigation_id",
                table: "identifiers",
                column: "investigation_id");

            migrationBuilder.CreateIndex(
                name: "ix_identifiers_kind_value",
                table: "identifiers",
                columns: new[] { "kind", "value" });

            migrationBuilder.CreateIndex(
                name: "ix_identifiers_person_id",
                table: "identifiers",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_investigations_force_investigation_ref",
                table: "investigations",
                columns: new[] { "force", "investigation_ref" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_investigations_recorded_date",
                table: "investigations",
                column: "recorded_date");

            migrationBuilder.CreateIndex(
                name: "ix_involvements_force_investigation_ref_person_ref_role",
                table: "involvements",
                columns: new[] { "force", "investigation_ref", "person_ref", "role" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_involvements_investigation_id",
                table: "involvements",
                column: "investigation_id");

            migrationBuilder.CreateIndex(
                name: "ix_involvements_person_id",
                table: "involvements",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_match_decisions_left_force_left_person_ref_right_force_right_person_ref",
                table: "match_decisions",
                columns: new[] { "left_force", "left_person_ref", "right_force", "right_person_ref" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_missed_group_links_network_id",
                table: "missed_group_links",
                column: "network_id");

            migrationBuilder.CreateIndex(
                name: "ix_network_links_network_id",
                table: "network_links",
                column: "network_id");

            migrationBuilder.CreateIndex(
                name: "ix_network_members_network_id",
                table: "network_members",
                column: "network_id");

            migrationBuilder.CreateIndex(
                name: "ix_network_members_person_id",
                table: "network_members",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_offender_networks_label",
                table: "offender_networks",
                column: "label",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_people_force_person_ref",
                table: "people",
                columns: new[] { "force", "person_ref" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_person_matches_left_person_id_right_person_id",
                table: "person_matches",
                columns: new[] { "left_person_id", "right_person_id" });

            migrationBuilder.CreateIndex(
                name: "ix_person_matches_status",
                table: "person_matches",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_record_changes_entity_record_id",
                table: "record_changes",
                columns: new[] { "entity", "record_id" });

            migrationBuilder.CreateIndex(
                name: "ix_resolved_people_resolved_id",
                table: "resolved_people",
                column: "resolved_id");

            migrationBuilder.CreateIndex(
                name: "ix_review_transitions_candidate_id_id",
                table: "review_transitions",
                columns: new[] { "candidate_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_review_transitions_review_id",
                table: "review_transitions",
                column: "review_id");

            migrationBuilder.CreateIndex(
                name: "ix_review_versions_review_id_number",
                table: "review_versions",
                columns: new[] { "review_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_reviews_candidate_id",
                table: "reviews",
                column: "candidate_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_reviews_force_reviewer_user_name",
                table: "reviews",
                columns: new[] { "force", "reviewer_user_name" });

            migrationBuilder.CreateIndex(
                name: "ix_reviews_force_status",
                table: "reviews",
                columns: new[] { "force", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_reviews_investigation_id",
                table: "reviews",
                column: "investigation_id");

            migrationBuilder.CreateIndex(
                name: "ix_role_claims_role_id",
                table: "role_claims",
                column: "role_id");

            migrationBuilder.CreateIndex(
                name: "role_name_index",
                table: "roles",
                column: "normalized_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_screening_runs_profile_name",
                table: "screening_runs",
                column: "profile_name");

            migrationBuilder.CreateIndex(
                name: "ix_user_claims_user_id",
                table: "user_claims",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_user_logins_user_id",
                table: "user_logins",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_user_roles_role_id",
                table: "user_roles",
                column: "role_id");

            migrationBuilder.CreateIndex(
                name: "email_index",
                table: "users",
                column: "normalized_email");

            migrationBuilder.CreateIndex(
                name: "user_name_index",
                table: "users",
                column: "normalized_user_name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "case_access_justification");

            migrationBuilder.DropTable(
                name: "identifiers");

            migrationBuilder.DropTable(
                name: "import_batches");

            migrationBuilder.DropTable(
                name: "involvements");

            migrationBuilder.DropTable(
                name: "linkage_runs");

            migrationBuilder.DropTable(
                name: "match_decisions");

            migrationBuilder.DropTable(
                name: "missed_group_links");

            migrationBuilder.DropTable(
                name: "network_links");

            migrationBuilder.DropTable(
                name: "network_members");

            migrationBuilder.DropTable(
                name: "offender_networks");

            migrationBuilder.DropTable(
                name: "person_matches");

            migrationBuilder.DropTable(
                name: "record_changes");

            migrationBuilder.DropTable(
                name: "resolved_people");

            migrationBuilder.DropTable(
                name: "review_transitions");

            migrationBuilder.DropTable(
                name: "review_versions");

            migrationBuilder.DropTable(
                name: "role_claims");

            migrationBuilder.DropTable(
                name: "user_claims");

            migrationBuilder.DropTable(
                name: "user_logins");

            migrationBuilder.DropTable(
                name: "user_roles");

            migrationBuilder.DropTable(
                name: "user_tokens");

            migrationBuilder.DropTable(
                name: "people");

            migrationBuilder.DropTable(
                name: "reviews");

            migrationBuilder.DropTable(
                name: "roles");

            migrationBuilder.DropTable(
                name: "users");

            migrationBuilder.DropTable(
                name: "candidates");

            migrationBuilder.DropTable(
                name: "investigations");

            migrationBuilder.DropTable(
                name: "screening_runs");
        }
    }
}
