// Projects in delivery: indicator details, variations, quarterly returns (with every
// submitted version kept), the officers' queries, reminders sent, and monitoring visits.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // Indicators: how figures add up over a project's life and which way is better.
  await db.schema.alterTable("project_indicators").addColumn("measure", "text", (c) => c.notNull().defaultTo("per_quarter")).execute();
  await db.schema.alterTable("project_indicators").addColumn("direction", "text", (c) => c.notNull().defaultTo("higher")).execute();
  await db.schema.alterTable("project_indicators").addColumn("baseline", "double precision").execute();

  await db.schema
    .createTable("project_variations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("project_id", "text", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("agreed_on", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("changes_json", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("project_variations_project_idx").on("project_variations").columns(["project_id", "agreed_on"]).execute();

  await db.schema
    .createTable("returns")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("project_id", "text", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("quarter", "text", (c) => c.notNull()) // "2026-27 Q1"
    .addColumn("financial_year", "integer", (c) => c.notNull())
    .addColumn("quarter_number", "integer", (c) => c.notNull())
    .addColumn("period_start", "text", (c) => c.notNull())
    .addColumn("period_end", "text", (c) => c.notNull())
    .addColumn("due_date", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull()) // not_started | draft | submitted | queried | resubmitted | approved
    .addColumn("late", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("outputs_complete", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("outcomes_complete", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("spend_complete", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("beneficiaries_complete", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("narrative_complete", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("case_studies_complete", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("evidence_complete", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("highlights", "text")
    .addColumn("challenges", "text")
    .addColumn("risks", "text")
    .addColumn("next_steps", "text")
    .addColumn("first_submitted_at", "text")
    .addColumn("submitted_at", "text")
    .addColumn("submitted_by", "text", (c) => c.references("users.id"))
    .addColumn("approved_at", "text")
    .addColumn("approved_by", "text", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint("returns_project_quarter_uq", ["project_id", "quarter"])
    .execute();
  await db.schema.createIndex("returns_status_due_idx").on("returns").columns(["status", "due_date"]).execute();
  await db.schema.createIndex("returns_period_idx").on("returns").columns(["financial_year", "quarter_number"]).execute();

  await db.schema
    .createTable("return_indicator_values")
    .addColumn("return_id", "text", (c) => c.notNull().references("returns.id").onDelete("cascade"))
    .addColumn("indicator_id", "text", (c) => c.notNull().references("project_indicators.id"))
    .addColumn("actual", "double precision", (c) => c.notNull())
    .addColumn("comment", "text")
    .addPrimaryKeyConstraint("return_indicator_values_pk", ["return_id", "indicator_id"])
    .execute();

  await db.schema
    .createTable("return_spend")
    .addColumn("return_id", "text", (c) => c.notNull().references("returns.id").onDelete("cascade"))
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("amount_pence", "integer", (c) => c.notNull())
    .addColumn("variance_reason", "text")
    .addPrimaryKeyConstraint("return_spend_pk", ["return_id", "category"])
    .execute();

  await db.schema
    .createTable("return_beneficiaries")
    .addColumn("return_id", "text", (c) => c.notNull().references("returns.id").onDelete("cascade"))
    .addColumn("age_band", "text", (c) => c.notNull()) // 0-4 | 5-10 | 11-15 | 16-19 | 20-25 | adults
    .addColumn("new_count", "integer", (c) => c.notNull())
    .addColumn("continuing_count", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("return_beneficiaries_pk", ["return_id", "age_band"])
    .execute();

  await db.schema
    .createTable("case_studies")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("return_id", "text", (c) => c.notNull().references("returns.id").onDelete("cascade"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("story", "text", (c) => c.notNull())
    .addColumn("consent_confirmed", "integer", (c) => c.notNull())
    .addColumn("personal_data_override", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("case_studies_return_idx").on("case_studies").column("return_id").execute();

  await db.schema
    .createTable("case_study_themes")
    .addColumn("case_study_id", "text", (c) => c.notNull().references("case_studies.id").onDelete("cascade"))
    .addColumn("theme_id", "text", (c) => c.notNull().references("themes.id"))
    .addPrimaryKeyConstraint("case_study_themes_pk", ["case_study_id", "theme_id"])
    .execute();

  await db.schema
    .createTable("case_study_indicators")
    .addColumn("case_study_id", "text", (c) => c.notNull().references("case_studies.id").onDelete("cascade"))
    .addColumn("indicator_id", "text", (c) => c.notNull().references("project_indicators.id"))
    .addPrimaryKeyConstraint("case_study_indicators_pk", ["case_study_id", "indicator_id"])
    .execute();

  await db.schema
    .createTable("return_versions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("return_id", "text", (c) => c.notNull().references("returns.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("content_json", "text", (c) => c.notNull())
    .addColumn("submitted_at", "text", (c) => c.notNull())
    .addColumn("submitted_by", "text", (c) => c.references("users.id"))
    .addUniqueConstraint("return_versions_number_uq", ["return_id", "number"])
    .execute();

  await db.schema
    .createTable("return_queries")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("return_id", "text", (c) => c.notNull().references("returns.id").onDelete("cascade"))
    .addColumn("version_number", "integer", (c) => c.notNull())
    .addColumn("section", "text", (c) => c.notNull())
    .addColumn("indicator_id", "text", (c) => c.references("project_indicators.id"))
    .addColumn("comment", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("return_queries_return_idx").on("return_queries").columns(["return_id", "version_number"]).execute();

  // One row per message that must go out at most once: a reminder for a return (subject =
  // the return), or an officer's weekly digest (subject = the officer). Claimed by insert
  // before sending, so two runs at once cannot both send it.
  await db.schema
    .createTable("reminders_sent")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull()) // due_soon | overdue | digest
    .addColumn("subject_id", "text", (c) => c.notNull())
    .addColumn("period_key", "text", (c) => c.notNull())
    .addColumn("sent_at", "text", (c) => c.notNull())
    .addUniqueConstraint("reminders_sent_once_uq", ["kind", "subject_id", "period_key"])
    .execute();

  await db.schema
    .createTable("monitoring_visits")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("project_id", "text", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("visit_date", "text", (c) => c.notNull())
    .addColumn("officer_id", "text", (c) => c.references("users.id"))
    .addColumn("areas_seen", "text", (c) => c.notNull())
    .addColumn("findings", "text", (c) => c.notNull())
    .addColumn("overall_grade", "integer", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex("monitoring_visits_project_idx").on("monitoring_visits").columns(["project_id", "visit_date"]).execute();

  await db.schema
    .createTable("visit_grades")
    .addColumn("visit_id", "text", (c) => c.notNull().references("monitoring_visits.id").onDelete("cascade"))
    .addColumn("area", "text", (c) => c.notNull())
    .addColumn("grade", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("visit_grades_pk", ["visit_id", "area"])
    .execute();

  await db.schema
    .createTable("visit_actions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("visit_id", "text", (c) => c.notNull().references("monitoring_visits.id").onDelete("cascade"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("owner", "text", (c) => c.notNull())
    .addColumn("due_date", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull()) // open | closed
    .addColumn("closed_at", "text")
    .addColumn("closed_by", "text", (c) => c.references("users.id"))
    .addColumn("closing_note", "text")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex("visit_actions_status_idx").on("visit_actions").columns(["status", "due_date"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "visit_actions", "visit_grades", "monitoring_visits", "reminders_sent", "return_queries", "return_versions",
    "case_study_indicators", "case_study_themes", "case_studies", "return_beneficiaries", "return_spend",
    "return_indicator_values", "returns", "project_variations",
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable("project_indicators").dropColumn("baseline").execute();
  await db.schema.alterTable("project_indicators").dropColumn("direction").execute();
  await db.schema.alterTable("project_indicators").dropColumn("measure").execute();
}
