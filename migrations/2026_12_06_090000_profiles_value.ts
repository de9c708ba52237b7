// District performance profiles and the value of early help: context (statutory-demand)
// indicators per district and quarter, unit costs with their uprating index, links from
// outcome indicators to unit costs, the officer's agreed actions and chosen case studies,
// published (frozen) profiles, and county packs built in the background.
import { PostgresAdapter, type Kysely } from "kysely";

function binaryType(db: Kysely<any>): "bytea" | "blob" {
  return db.getExecutor().adapter instanceof PostgresAdapter ? "bytea" : "blob";
}

/** The indicators every council reports; admins add their own beside them. */
const STANDARD_CONTEXT_INDICATORS = [
  ["referrals", "Referrals to children's social care", "Referrals received by children's social care in the quarter"],
  ["cp-plans", "Children on child protection plans", "Children on a child protection plan at the end of the quarter"],
  ["looked-after", "Looked-after children", "Children looked after by the local authority at the end of the quarter"],
  ["eha-started", "Early help assessments started", "Early help assessments started in the quarter"],
  ["step-ups", "Step-ups to social care", "Cases stepped up from early help to children's social care in the quarter"],
  ["step-downs", "Step-downs from social care", "Cases stepped down from children's social care to early help in the quarter"],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  const at = "2026-12-06T09:00:00.000Z";

  await db.schema
    .createTable("context_indicators")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("is_active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.insertInto("context_indicators").values(
    STANDARD_CONTEXT_INDICATORS.map(([code, name, description], i) => ({
      id: `context-${code}`, code, name, description, position: i + 1, is_active: 1, created_at: at, updated_at: at, version: 1,
    })),
  ).execute();

  // A project's themes, for the profile's spend and reach by theme. A project awarded from a
  // tender also counts under the tender's themes.
  await db.schema
    .createTable("project_themes")
    .addColumn("project_id", "text", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("theme_id", "text", (c) => c.notNull().references("themes.id"))
    .addPrimaryKeyConstraint("project_themes_pk", ["project_id", "theme_id"])
    .execute();

  await db.schema
    .createTable("context_values")
    .addColumn("district_id", "text", (c) => c.notNull().references("districts.id").onDelete("cascade"))
    .addColumn("indicator_id", "text", (c) => c.notNull().references("context_indicators.id").onDelete("cascade"))
    .addColumn("quarter", "text", (c) => c.notNull()) // "2026-27 Q1"
    .addColumn("value", "double precision", (c) => c.notNull())
    .addColumn("updated_by", "text", (c) => c.references("users.id"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("context_values_pk", ["district_id", "indicator_id", "quarter"])
    .execute();
  await db.schema.createIndex("context_values_district_quarter_idx").on("context_values").columns(["district_id", "quarter"]).execute();

  await db.schema
    .createTable("unit_costs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("item", "text", (c) => c.notNull())
    .addColumn("value_pence", "integer", (c) => c.notNull())
    .addColumn("per", "text", (c) => c.notNull())
    .addColumn("price_year", "integer", (c) => c.notNull()) // the financial year the value was priced in: 2013 is 2013-14
    .addColumn("cost_type", "text", (c) => c.notNull()) // fiscal | economic | social
    .addColumn("agency", "text", (c) => c.notNull())
    .addColumn("bearer", "text", (c) => c.notNull()) // council | partners
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("is_active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();

  // The uprating index: the annual rate applied going into each financial year. A year with
  // no row uses the default rate from the settings.
  await db.schema
    .createTable("uprating_rates")
    .addColumn("financial_year", "integer", (c) => c.primaryKey())
    .addColumn("rate_percent", "double precision", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("indicator_unit_costs")
    .addColumn("indicator_id", "text", (c) => c.primaryKey().references("project_indicators.id").onDelete("cascade"))
    .addColumn("unit_cost_id", "text", (c) => c.notNull().references("unit_costs.id"))
    .addColumn("deadweight_percent", "double precision", (c) => c.notNull())
    .addColumn("attribution_percent", "double precision", (c) => c.notNull())
    .addColumn("optimism_bias_percent", "double precision", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex("indicator_unit_costs_unit_cost_idx").on("indicator_unit_costs").column("unit_cost_id").execute();

  // The officer's agreed action on an indicator at risk in a quarter.
  await db.schema
    .createTable("profile_actions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("indicator_id", "text", (c) => c.notNull().references("project_indicators.id").onDelete("cascade"))
    .addColumn("quarter", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("owner", "text", (c) => c.notNull())
    .addColumn("due_date", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint("profile_actions_indicator_quarter_uq", ["indicator_id", "quarter"])
    .execute();

  await db.schema
    .createTable("profile_case_studies")
    .addColumn("district_id", "text", (c) => c.notNull().references("districts.id").onDelete("cascade"))
    .addColumn("quarter", "text", (c) => c.notNull())
    .addColumn("case_study_id", "text", (c) => c.notNull().references("case_studies.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("chosen_by", "text", (c) => c.references("users.id"))
    .addColumn("chosen_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("profile_case_studies_pk", ["district_id", "quarter", "case_study_id"])
    .execute();

  // A published profile is frozen: its figures and its PDF, each with a SHA-256. Publishing
  // again makes a new edition; earlier editions stay downloadable.
  await db.schema
    .createTable("published_profiles")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("district_id", "text", (c) => c.notNull().references("districts.id"))
    .addColumn("quarter", "text", (c) => c.notNull())
    .addColumn("edition", "integer", (c) => c.notNull())
    .addColumn("published_at", "text", (c) => c.notNull())
    .addColumn("published_by", "text", (c) => c.references("users.id"))
    .addColumn("figures_json", "text", (c) => c.notNull())
    .addColumn("figures_sha256", "text", (c) => c.notNull())
    .addColumn("pdf", binaryType(db), (c) => c.notNull())
    .addColumn("pdf_sha256", "text", (c) => c.notNull())
    .addColumn("pdf_size_bytes", "integer", (c) => c.notNull())
    .addUniqueConstraint("published_profiles_edition_uq", ["district_id", "quarter", "edition"])
    .execute();
  await db.schema.createIndex("published_profiles_quarter_idx").on("published_profiles").columns(["quarter", "district_id"]).execute();

  await db.schema
    .createTable("county_packs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("quarter", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull()) // queued | building | done | failed
    .addColumn("districts_done", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("districts_total", "integer", (c) => c.notNull())
    .addColumn("pdf", binaryType(db))
    .addColumn("pdf_sha256", "text")
    .addColumn("error", "text")
    .addColumn("requested_by", "text", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("finished_at", "text")
    .execute();
  await db.schema.createIndex("county_packs_created_idx").on("county_packs").column("created_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "county_packs", "published_profiles", "profile_case_studies", "profile_actions", "indicator_unit_costs",
    "uprating_rates", "unit_costs", "context_values", "project_themes", "context_indicators",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
