// Tenders, bids, the panel's work, awarded projects and the district ledger.
// Files are stored in the database (bytea/blob) so every app instance sees the same
// uploads on either engine; that is the one column type that differs by dialect.
import { PostgresAdapter, sql, type Kysely } from "kysely";

function binaryType(db: Kysely<any>): "bytea" | "blob" {
  return db.getExecutor().adapter instanceof PostgresAdapter ? "bytea" : "blob";
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("tenders")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("reference", "text", (c) => c.notNull().unique())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("specification", "text", (c) => c.notNull())
    .addColumn("funding_stream_id", "text", (c) => c.notNull().references("funding_streams.id"))
    .addColumn("max_budget_pence", "integer", (c) => c.notNull())
    .addColumn("contract_start", "text", (c) => c.notNull())
    .addColumn("contract_end", "text", (c) => c.notNull())
    .addColumn("opens_at", "text", (c) => c.notNull())
    .addColumn("closes_at", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("published_at", "text")
    .addColumn("cancelled_at", "text")
    .addColumn("cancel_reason", "text")
    .addColumn("awarded_at", "text")
    .addColumn("created_by", "text", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex("tenders_status_closes_idx").on("tenders").columns(["status", "closes_at"]).execute();

  await db.schema
    .createTable("tender_districts")
    .addColumn("tender_id", "text", (c) => c.notNull().references("tenders.id").onDelete("cascade"))
    .addColumn("district_id", "text", (c) => c.notNull().references("districts.id"))
    .addPrimaryKeyConstraint("tender_districts_pk", ["tender_id", "district_id"])
    .execute();
  await db.schema.createIndex("tender_districts_district_idx").on("tender_districts").column("district_id").execute();

  await db.schema
    .createTable("tender_themes")
    .addColumn("tender_id", "text", (c) => c.notNull().references("tenders.id").onDelete("cascade"))
    .addColumn("theme_id", "text", (c) => c.notNull().references("themes.id"))
    .addPrimaryKeyConstraint("tender_themes_pk", ["tender_id", "theme_id"])
    .execute();
  await db.schema.createIndex("tender_themes_theme_idx").on("tender_themes").column("theme_id").execute();

  await db.schema
    .createTable("tender_criteria")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("tender_id", "text", (c) => c.notNull().references("tenders.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("weight_percent", "integer", (c) => c.notNull())
    .addColumn("guidance", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("max_score", "integer", (c) => c.notNull().defaultTo(5))
    .execute();
  await db.schema.createIndex("tender_criteria_tender_idx").on("tender_criteria").columns(["tender_id", "position"]).execute();

  await db.schema
    .createTable("tender_questions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("tender_id", "text", (c) => c.notNull().references("tenders.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("word_limit", "integer", (c) => c.notNull())
    .addColumn("criterion_id", "text", (c) => c.references("tender_criteria.id"))
    .execute();
  await db.schema.createIndex("tender_questions_tender_idx").on("tender_questions").columns(["tender_id", "position"]).execute();

  await db.schema
    .createTable("tender_amendments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("tender_id", "text", (c) => c.notNull().references("tenders.id").onDelete("cascade"))
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("material", "integer", (c) => c.notNull())
    .addColumn("changes_json", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("tender_amendments_tender_idx").on("tender_amendments").columns(["tender_id", "created_at"]).execute();

  await db.schema
    .createTable("clarifications")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("tender_id", "text", (c) => c.notNull().references("tenders.id").onDelete("cascade"))
    .addColumn("organisation_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("asked_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("question", "text", (c) => c.notNull())
    .addColumn("answer", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("asked_at", "text", (c) => c.notNull())
    .addColumn("answered_at", "text")
    .addColumn("answered_by", "text", (c) => c.references("users.id"))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex("clarifications_tender_idx").on("clarifications").columns(["tender_id", "status"]).execute();

  await db.schema
    .createTable("files")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("owner_type", "text", (c) => c.notNull())
    .addColumn("owner_id", "text", (c) => c.notNull())
    .addColumn("filename", "text", (c) => c.notNull())
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("size_bytes", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("content", binaryType(db), (c) => c.notNull())
    .addColumn("uploaded_by", "text", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("files_owner_idx").on("files").columns(["owner_type", "owner_id"]).execute();

  await db.schema
    .createTable("tender_panel_members")
    .addColumn("tender_id", "text", (c) => c.notNull().references("tenders.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("assigned_at", "text", (c) => c.notNull())
    .addColumn("scores_submitted_at", "text")
    .addPrimaryKeyConstraint("tender_panel_members_pk", ["tender_id", "user_id"])
    .execute();
  await db.schema.createIndex("tender_panel_members_user_idx").on("tender_panel_members").column("user_id").execute();

  await db.schema
    .createTable("bids")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("tender_id", "text", (c) => c.notNull().references("tenders.id"))
    .addColumn("organisation_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("district_id", "text", (c) => c.references("districts.id"))
    .addColumn("title", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("amount_pence", "integer")
    .addColumn("submitted_at", "text")
    .addColumn("submitted_by", "text", (c) => c.references("users.id"))
    .addColumn("fingerprint", "text")
    .addColumn("needs_confirmation", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("withdrawn_at", "text")
    .addColumn("decision_feedback", "text")
    .addColumn("decided_at", "text")
    .addColumn("created_by", "text", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  // One live bid per provider per tender: a withdrawn bid does not count.
  await db.schema
    .createIndex("bids_one_live_per_provider_uq")
    .on("bids")
    .columns(["tender_id", "organisation_id"])
    .unique()
    .where(sql.ref("status"), "<>", "withdrawn")
    .execute();
  await db.schema.createIndex("bids_tender_status_idx").on("bids").columns(["tender_id", "status"]).execute();
  await db.schema.createIndex("bids_organisation_idx").on("bids").column("organisation_id").execute();

  await db.schema
    .createTable("bid_answers")
    .addColumn("bid_id", "text", (c) => c.notNull().references("bids.id").onDelete("cascade"))
    .addColumn("question_id", "text", (c) => c.notNull().references("tender_questions.id"))
    .addColumn("answer", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("bid_answers_pk", ["bid_id", "question_id"])
    .execute();

  await db.schema
    .createTable("bid_budget_lines")
    .addColumn("bid_id", "text", (c) => c.notNull().references("bids.id").onDelete("cascade"))
    .addColumn("quarter", "text", (c) => c.notNull()) // e.g. "2026-27 Q1"
    .addColumn("category", "text", (c) => c.notNull()) // staff | delivery | overheads | other
    .addColumn("amount_pence", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("bid_budget_lines_pk", ["bid_id", "quarter", "category"])
    .execute();

  await db.schema
    .createTable("bid_indicators")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("bid_id", "text", (c) => c.notNull().references("bids.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull()) // output | outcome
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("definition", "text", (c) => c.notNull())
    .addColumn("unit", "text", (c) => c.notNull())
    .addColumn("targets_json", "text", (c) => c.notNull()) // {"2026-27 Q1": 20, ...}
    .execute();
  await db.schema.createIndex("bid_indicators_bid_idx").on("bid_indicators").column("bid_id").execute();

  await db.schema
    .createTable("panel_declarations")
    .addColumn("bid_id", "text", (c) => c.notNull().references("bids.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("conflict", "integer", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("declared_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("panel_declarations_pk", ["bid_id", "user_id"])
    .execute();

  await db.schema
    .createTable("panel_scores")
    .addColumn("bid_id", "text", (c) => c.notNull().references("bids.id").onDelete("cascade"))
    .addColumn("criterion_id", "text", (c) => c.notNull().references("tender_criteria.id"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("score", "integer", (c) => c.notNull())
    .addColumn("comment", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("panel_scores_pk", ["bid_id", "criterion_id", "user_id"])
    .execute();

  await db.schema
    .createTable("consensus_scores")
    .addColumn("bid_id", "text", (c) => c.notNull().references("bids.id").onDelete("cascade"))
    .addColumn("criterion_id", "text", (c) => c.notNull().references("tender_criteria.id"))
    .addColumn("score", "integer", (c) => c.notNull())
    .addColumn("rationale", "text", (c) => c.notNull())
    .addColumn("recorded_by", "text", (c) => c.references("users.id"))
    .addColumn("recorded_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("consensus_scores_pk", ["bid_id", "criterion_id"])
    .execute();

  await db.schema
    .createTable("projects")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("reference", "text", (c) => c.notNull().unique())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("organisation_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("district_id", "text", (c) => c.notNull().references("districts.id"))
    .addColumn("funding_stream_id", "text", (c) => c.notNull().references("funding_streams.id"))
    .addColumn("tender_id", "text", (c) => c.references("tenders.id"))
    .addColumn("bid_id", "text", (c) => c.references("bids.id"))
    .addColumn("amount_pence", "integer", (c) => c.notNull())
    .addColumn("start_date", "text", (c) => c.notNull())
    .addColumn("end_date", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("visit_required", "integer", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex("projects_district_status_idx").on("projects").columns(["district_id", "status"]).execute();
  await db.schema.createIndex("projects_organisation_idx").on("projects").column("organisation_id").execute();

  await db.schema
    .createTable("project_budget_lines")
    .addColumn("project_id", "text", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("quarter", "text", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("amount_pence", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("project_budget_lines_pk", ["project_id", "quarter", "category"])
    .execute();

  await db.schema
    .createTable("project_indicators")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("project_id", "text", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("definition", "text", (c) => c.notNull())
    .addColumn("unit", "text", (c) => c.notNull())
    .addColumn("targets_json", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("project_indicators_project_idx").on("project_indicators").column("project_id").execute();

  // The district ledger: commitments (awards) and spend (approved returns) per district,
  // stream and financial year. Allocated comes from allocations; remaining is derived.
  await db.schema
    .createTable("ledger_entries")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("district_id", "text", (c) => c.notNull().references("districts.id"))
    .addColumn("funding_stream_id", "text", (c) => c.notNull().references("funding_streams.id"))
    .addColumn("financial_year", "integer", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull()) // commitment | spend
    .addColumn("amount_pence", "integer", (c) => c.notNull())
    .addColumn("project_id", "text", (c) => c.references("projects.id"))
    .addColumn("source_type", "text", (c) => c.notNull())
    .addColumn("source_id", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("ledger_district_year_idx").on("ledger_entries").columns(["district_id", "financial_year", "kind"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "ledger_entries", "project_indicators", "project_budget_lines", "projects", "consensus_scores", "panel_scores",
    "panel_declarations", "bid_indicators", "bid_budget_lines", "bid_answers", "bids", "tender_panel_members", "files",
    "clarifications", "tender_amendments", "tender_questions", "tender_criteria", "tender_themes", "tender_districts", "tenders",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
