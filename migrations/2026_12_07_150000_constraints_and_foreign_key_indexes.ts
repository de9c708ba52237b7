// The rules the database can hold, held by the database: CHECK constraints for money that
// cannot be negative, grades and scores on their scales, percentages, 0/1 flags, versions
// and every status, kind and role from its closed set; and an index for every foreign key
// that had none starting with it, so deleting or re-keying a parent (a user, a project, a
// criterion) does not scan the whole child table, and joins from the child are indexed.
//
// Frozen in time: the foreign keys without an index were found by introspecting a database
// migrated to just before this migration (pragma foreign_key_list / index_list / index_info
// on SQLite, pg_constraint / pg_index on PostgreSQL: the same 45 on both), and the sets are
// copied from db/schema.ts and the models as they were. Both lists are written out below;
// nothing here reads the schema to decide what to do.
//
// Rows that a constraint would refuse stop the migration with a message naming each table,
// column and count, and nothing is changed: whether such a row is corrected or deleted is
// for a person to decide.
//
// PostgreSQL: ALTER TABLE … ADD CONSTRAINT <table>_<column>_check, and CREATE INDEX, in the
// migrator's transaction. SQLite cannot add a constraint to a table, so each table that gets
// one is rebuilt from its own DDL with the constraints written at its end (db/sqlite-rebuild.ts,
// as in 2026_12_07_090000_primary_keys_not_null), and the indexes are made in the same
// transaction. down takes exactly that text off again.
import { PostgresAdapter, SqliteAdapter, sql, type Kysely } from "kysely";
import { addTableConstraints, rebuildWithoutForeignKeys, removeTableConstraints, userTables, type TableRebuild } from "../db/sqlite-rebuild";

const MIGRATION = "constraints_and_foreign_key_indexes";

interface Check {
  column: string;
  /** The CHECK's condition, the same SQL on both engines. */
  rule: string;
}

const oneOf = (column: string, values: readonly string[]): Check => ({
  column,
  rule: `"${column}" in (${values.map((v) => `'${v}'`).join(", ")})`,
});
const flag = (column: string): Check => ({ column, rule: `"${column}" in (0, 1)` });
const atLeast = (column: string, min: number): Check => ({ column, rule: `"${column}" >= ${min}` });
const between = (column: string, min: number, max: number): Check => ({ column, rule: `"${column}" between ${min} and ${max}` });
const version = atLeast("version", 1);
/** Whole pence. Ledger entries are not here: a commitment is moved with negative entries. */
const pence = (column: string) => atLeast(column, 0);

const BUDGET_CATEGORIES = ["staff", "delivery", "overheads", "other"];
const INDICATOR_KINDS = ["output", "outcome"];

/** Each table's new constraints, in the order they are written into its DDL. */
const CHECKS: Record<string, Check[]> = {
  organisations: [oneOf("type", ["council", "provider"]), oneOf("status", ["pending", "approved", "rejected"]), version],
  districts: [version],
  users: [flag("county_wide"), flag("is_active"), atLeast("failed_sign_ins", 0), version],
  user_roles: [oneOf("role", ["provider", "panel", "officer", "viewer", "admin"])],
  funding_streams: [flag("is_active"), version],
  allocations: [pence("amount_pence")],
  themes: [flag("is_active"), version],
  account_tokens: [oneOf("purpose", ["invitation", "password_reset"])],
  sign_in_attempts: [flag("succeeded")],

  tenders: [pence("max_budget_pence"), oneOf("status", ["draft", "published", "evaluation", "awarded", "cancelled"]), version],
  // The tender form takes weights 1–100 and maximum scores 1–10 (5 unless given).
  tender_criteria: [between("weight_percent", 1, 100), between("max_score", 1, 10)],
  tender_questions: [atLeast("word_limit", 1)],
  tender_amendments: [flag("material")],
  clarifications: [oneOf("status", ["asked", "published"]), version],
  files: [oneOf("owner_type", ["tender", "bid", "return", "project"]), atLeast("size_bytes", 0)],
  bids: [
    oneOf("status", ["draft", "submitted", "withdrawn", "successful", "unsuccessful"]),
    pence("amount_pence"),
    flag("needs_confirmation"),
    version,
  ],
  bid_budget_lines: [oneOf("category", BUDGET_CATEGORIES), pence("amount_pence")],
  bid_indicators: [oneOf("kind", INDICATOR_KINDS)],
  panel_declarations: [flag("conflict")],
  // A score runs from 0 to its criterion's maximum, which is at most 10. The maximum itself
  // is in tender_criteria, where a CHECK cannot look.
  panel_scores: [between("score", 0, 10)],
  consensus_scores: [between("score", 0, 10)],
  projects: [
    pence("amount_pence"),
    oneOf("status", ["active", "suspended", "completed", "terminated"]),
    flag("visit_required"),
    version,
  ],
  project_budget_lines: [oneOf("category", BUDGET_CATEGORIES), pence("amount_pence")],
  project_indicators: [
    oneOf("kind", INDICATOR_KINDS),
    oneOf("measure", ["per_quarter", "cumulative"]),
    oneOf("direction", ["higher", "lower"]),
    atLeast("baseline", 0),
  ],
  ledger_entries: [oneOf("kind", ["commitment", "spend"])],

  returns: [
    oneOf("status", ["not_started", "draft", "submitted", "queried", "resubmitted", "approved"]),
    between("quarter_number", 1, 4),
    flag("late"),
    flag("outputs_complete"),
    flag("outcomes_complete"),
    flag("spend_complete"),
    flag("beneficiaries_complete"),
    flag("narrative_complete"),
    flag("case_studies_complete"),
    flag("evidence_complete"),
    version,
  ],
  return_indicator_values: [atLeast("actual", 0)],
  return_spend: [oneOf("category", BUDGET_CATEGORIES), pence("amount_pence")],
  return_beneficiaries: [
    oneOf("age_band", ["0-4", "5-10", "11-15", "16-19", "20-25", "adults"]),
    atLeast("new_count", 0),
    atLeast("continuing_count", 0),
  ],
  case_studies: [flag("consent_confirmed")],
  return_versions: [atLeast("number", 1)],
  return_queries: [atLeast("version_number", 1)],
  reminders_sent: [oneOf("kind", ["due_soon", "overdue", "digest"])],
  // 1 Outstanding, 2 Good, 3 Adequate, 4 Inadequate.
  monitoring_visits: [between("overall_grade", 1, 4), version],
  visit_grades: [between("grade", 1, 4)],
  visit_actions: [oneOf("status", ["open", "closed"]), version],

  context_indicators: [flag("is_active"), version],
  context_values: [atLeast("value", 0)],
  unit_costs: [pence("value_pence"), oneOf("bearer", ["council", "partners"]), flag("is_active"), version],
  // The admin form takes rates from -10% to 25%.
  uprating_rates: [between("rate_percent", -10, 25)],
  indicator_unit_costs: [
    between("deadweight_percent", 0, 100),
    between("attribution_percent", 0, 100),
    between("optimism_bias_percent", 0, 100),
    version,
  ],
  profile_actions: [version],
  published_profiles: [atLeast("edition", 1), atLeast("pdf_size_bytes", 0)],
  county_packs: [
    oneOf("status", ["queued", "building", "done", "failed"]),
    atLeast("districts_done", 0),
    atLeast("districts_total", 0),
  ],
};

/** [index, table, column]: the foreign keys that had no index starting with their column. */
const FOREIGN_KEY_INDEXES: readonly (readonly [string, string, string])[] = [
  ["bid_answers_question_idx", "bid_answers", "question_id"],
  ["bids_created_by_idx", "bids", "created_by"],
  ["bids_district_idx", "bids", "district_id"],
  ["bids_submitted_by_idx", "bids", "submitted_by"],
  ["case_study_indicators_indicator_idx", "case_study_indicators", "indicator_id"],
  ["case_study_themes_theme_idx", "case_study_themes", "theme_id"],
  ["clarifications_answered_by_idx", "clarifications", "answered_by"],
  ["clarifications_asked_by_idx", "clarifications", "asked_by"],
  ["clarifications_organisation_idx", "clarifications", "organisation_id"],
  ["consensus_scores_criterion_idx", "consensus_scores", "criterion_id"],
  ["consensus_scores_recorded_by_idx", "consensus_scores", "recorded_by"],
  ["context_values_indicator_idx", "context_values", "indicator_id"],
  ["context_values_updated_by_idx", "context_values", "updated_by"],
  ["county_packs_requested_by_idx", "county_packs", "requested_by"],
  ["files_uploaded_by_idx", "files", "uploaded_by"],
  ["indicator_unit_costs_created_by_idx", "indicator_unit_costs", "created_by"],
  ["ledger_entries_funding_stream_idx", "ledger_entries", "funding_stream_id"],
  ["ledger_entries_project_idx", "ledger_entries", "project_id"],
  ["monitoring_visits_created_by_idx", "monitoring_visits", "created_by"],
  ["monitoring_visits_officer_idx", "monitoring_visits", "officer_id"],
  ["panel_declarations_user_idx", "panel_declarations", "user_id"],
  ["panel_scores_criterion_idx", "panel_scores", "criterion_id"],
  ["panel_scores_user_idx", "panel_scores", "user_id"],
  ["profile_actions_created_by_idx", "profile_actions", "created_by"],
  ["profile_case_studies_case_study_idx", "profile_case_studies", "case_study_id"],
  ["profile_case_studies_chosen_by_idx", "profile_case_studies", "chosen_by"],
  ["project_themes_theme_idx", "project_themes", "theme_id"],
  ["project_variations_created_by_idx", "project_variations", "created_by"],
  ["projects_bid_idx", "projects", "bid_id"],
  ["projects_created_by_idx", "projects", "created_by"],
  ["projects_funding_stream_idx", "projects", "funding_stream_id"],
  ["projects_tender_idx", "projects", "tender_id"],
  ["published_profiles_published_by_idx", "published_profiles", "published_by"],
  ["return_indicator_values_indicator_idx", "return_indicator_values", "indicator_id"],
  ["return_queries_created_by_idx", "return_queries", "created_by"],
  ["return_queries_indicator_idx", "return_queries", "indicator_id"],
  ["return_versions_submitted_by_idx", "return_versions", "submitted_by"],
  ["returns_approved_by_idx", "returns", "approved_by"],
  ["returns_submitted_by_idx", "returns", "submitted_by"],
  ["tender_amendments_created_by_idx", "tender_amendments", "created_by"],
  ["tender_questions_criterion_idx", "tender_questions", "criterion_id"],
  ["tenders_created_by_idx", "tenders", "created_by"],
  ["tenders_funding_stream_idx", "tenders", "funding_stream_id"],
  ["visit_actions_closed_by_idx", "visit_actions", "closed_by"],
  ["visit_actions_visit_idx", "visit_actions", "visit_id"],
];

const constraintName = (table: string, check: Check) => `${table}_${check.column}_check`;

/** A table constraint as SQLite's DDL and PostgreSQL's ADD CONSTRAINT both write it. */
const constraintSql = (table: string, check: Check) => `constraint "${constraintName(table, check)}" check (${check.rule})`;

/** It rebuilds SQLite tables with foreign keys off, which only works outside a transaction (db/migrator.ts). */
export const outsideTransaction = true;

export async function up(db: Kysely<any>): Promise<void> {
  const adapter = db.getExecutor().adapter;
  if (!(adapter instanceof PostgresAdapter) && !(adapter instanceof SqliteAdapter)) {
    throw new Error(`${MIGRATION}: SQLite or PostgreSQL only`);
  }
  await assertNoRowBreaksAConstraint(db);

  if (adapter instanceof PostgresAdapter) {
    for (const [table, checks] of Object.entries(CHECKS)) {
      for (const check of checks) await sql.raw(`alter table "${table}" add ${constraintSql(table, check)}`).execute(db);
    }
    await createIndexes(db);
    return;
  }

  const plans = await rewrittenTables(db, addTableConstraints);
  await rebuildWithoutForeignKeys(db, plans, { migration: MIGRATION, temporarySuffix: "_check_rebuild", andThen: createIndexes });
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await dropIndexes(db);
    for (const [table, checks] of Object.entries(CHECKS).reverse()) {
      for (const check of [...checks].reverse()) {
        await sql`alter table ${sql.table(table)} drop constraint ${sql.ref(constraintName(table, check))}`.execute(db);
      }
    }
    return;
  }
  // Each table's DDL as it was: the constraints up wrote at its end taken off again. The
  // rebuild makes the indexes again with the tables; the new ones go after.
  const plans = await rewrittenTables(db, removeTableConstraints);
  await rebuildWithoutForeignKeys(db, plans, { migration: MIGRATION, temporarySuffix: "_check_rebuild", andThen: dropIndexes });
}

/** Each constrained table with its SQLite DDL rewritten: the constraints written in, or taken off. */
async function rewrittenTables(
  db: Kysely<any>,
  rewrite: (ddl: string, constraints: readonly string[]) => string,
): Promise<TableRebuild[]> {
  const ddlOf = new Map((await userTables(db)).map((t) => [t.name, t.sql]));
  return Object.entries(CHECKS).map(([table, checks]) => {
    const ddl = ddlOf.get(table);
    if (!ddl) throw new Error(`${MIGRATION}: no table ${table}`);
    return { table, ddl: rewrite(ddl, checks.map((check) => constraintSql(table, check))) };
  });
}

async function assertNoRowBreaksAConstraint(db: Kysely<any>): Promise<void> {
  const broken: string[] = [];
  for (const [table, checks] of Object.entries(CHECKS)) {
    for (const check of checks) {
      const { rows } = await sql<{ n: number | string }>`
        select count(*) as n from ${sql.table(table)} where not (${sql.raw(check.rule)})`.execute(db);
      const n = Number(rows[0].n);
      if (n > 0) broken.push(`${table}.${check.column}: ${n} ${n === 1 ? "row" : "rows"} outside ${check.rule}`);
    }
  }
  if (broken.length) {
    throw new Error(
      `Rows the new CHECK constraints would refuse: ${broken.join("; ")}. Nothing was changed. ` +
        `Correct or delete them (SELECT * FROM <table> WHERE NOT (<rule>)), then migrate again.`,
    );
  }
}

async function createIndexes(db: Kysely<any>): Promise<void> {
  for (const [name, table, column] of FOREIGN_KEY_INDEXES) await db.schema.createIndex(name).on(table).column(column).execute();
}

async function dropIndexes(db: Kysely<any>): Promise<void> {
  for (const [name] of [...FOREIGN_KEY_INDEXES].reverse()) await db.schema.dropIndex(name).execute();
}
