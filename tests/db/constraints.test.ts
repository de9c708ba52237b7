// The constraints-and-foreign-key-indexes migration, on whichever engine this run uses: the
// database itself refuses what the rules forbid, every foreign key has an index starting
// with it, the demo data still seeds, rows that break a rule stop the migration with
// nothing changed, and down gives back exactly the schema before it.
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { dialectName, getDb } from "../../db/client";
import { createMigrator, migrateToLatest } from "../../db/migrator";
import { seedDemoData } from "../../demo/seed";

// Test files are collected before setup-db.ts points DATABASE_URL at their database.
const ENGINE = dialectName(process.env.TEST_DATABASE_URL);

const MIGRATION = "2026_12_07_150000_constraints_and_foreign_key_indexes";
const AT = "2026-12-07T15:00:00.000Z";

/** What a migrateTo did, as the migrator reports it; throws on failure. */
async function migrateTo(target: string): Promise<string[]> {
  const set = await createMigrator(getDb()).migrateTo(target);
  if (set.error) throw set.error;
  return (set.results ?? []).map((r) => `${r.direction === "Up" ? "applied" : "rolled back"} ${r.migrationName}`);
}

/** Back to just before this migration (undoing any written after it too). */
async function rollBack(): Promise<string[]> {
  const names = (await createMigrator(getDb()).getMigrations()).map((m) => m.name);
  return migrateTo(names[names.indexOf(MIGRATION) - 1]);
}

const applyThis = () => migrateTo(MIGRATION);

async function count(table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(getDb());
  return Number(rows[0].n);
}

/** Every user table's row count, to show a rebuild kept them all. */
async function rowCounts(): Promise<Record<string, number>> {
  const tables = (await getDb().introspection.getTables()).map((t) => t.name).filter((n) => !n.startsWith("kysely_")).sort();
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = await count(table);
  return counts;
}

/**
 * The schema as text, to compare before and after: on SQLite every object's DDL; on
 * PostgreSQL every column, constraint and index of the current schema.
 */
async function schemaText(): Promise<string[]> {
  const db = getDb();
  if (ENGINE === "sqlite") {
    const { rows } = await sql<{ line: string }>`
      select type || ' ' || name || ': ' || coalesce(sql, '') as line from sqlite_master order by type, name`.execute(db);
    return rows.map((r) => r.line);
  }
  const { rows } = await sql<{ line: string }>`
    select table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') as line
    from information_schema.columns where table_schema = current_schema()
    union all
    select conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
    from pg_constraint where connamespace = current_schema()::regnamespace
    union all
    select indexname || ' ' || indexdef from pg_indexes where schemaname = current_schema()
    order by 1`.execute(db);
  return rows.map((r) => r.line);
}

/** The names of the CHECK constraints in the database. */
async function checkConstraints(): Promise<string[]> {
  const db = getDb();
  if (ENGINE === "postgres") {
    const { rows } = await sql<{ name: string }>`
      select conname as name from pg_constraint where contype = 'c' and connamespace = current_schema()::regnamespace order by 1`.execute(db);
    return rows.map((r) => r.name);
  }
  const { rows } = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table'`.execute(db);
  return rows.flatMap((r) => [...r.sql.matchAll(/constraint "([a-z_]+)" check/gi)].map((m) => m[1])).sort();
}

/**
 * Foreign keys (as table.columns) with no index whose leading columns are the key's
 * columns. A primary key or unique constraint counts: both are indexes. A partial index
 * does not, as it holds only some of the rows.
 */
async function foreignKeysWithoutIndex(): Promise<string[]> {
  const db = getDb();
  if (ENGINE === "postgres") {
    const { rows } = await sql<{ table: string; columns: string[] }>`
      select c.conrelid::regclass::text as "table",
        array(
          select a.attname from unnest(c.conkey) with ordinality as k(attnum, n)
          join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
          order by k.n
        )::text[] as columns
      from pg_constraint c
      where c.contype = 'f' and c.connamespace = current_schema()::regnamespace
        and not exists (
          select 1 from pg_index i
          where i.indrelid = c.conrelid and i.indpred is null and i.indnkeyatts >= cardinality(c.conkey)
            and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey
        )
      order by 1, 2`.execute(db);
    return rows.map((r) => `${r.table}.${r.columns.join(",")}`);
  }
  const { rows: keys } = await sql<{ table: string; id: number; column: string }>`
    select m.name as "table", f.id, f."from" as "column"
    from sqlite_master m, pragma_foreign_key_list(m.name) f
    where m.type = 'table' order by m.name, f.id, f.seq`.execute(db);
  const { rows: indexed } = await sql<{ table: string; index: string; column: string }>`
    select m.name as "table", l.name as "index", i.name as "column"
    from sqlite_master m, pragma_index_list(m.name) l, pragma_index_info(l.name) i
    where m.type = 'table' and l.partial = 0 order by m.name, l.name, i.seqno`.execute(db);
  const leading = new Map<string, string[][]>();
  const byIndex = new Map<string, string[]>();
  for (const r of indexed) byIndex.set(`${r.table}\u0000${r.index}`, [...(byIndex.get(`${r.table}\u0000${r.index}`) ?? []), r.column]);
  for (const [key, columns] of byIndex) {
    const table = key.split("\u0000")[0];
    leading.set(table, [...(leading.get(table) ?? []), columns]);
  }
  const foreignKeys = new Map<string, string[]>();
  for (const k of keys) foreignKeys.set(`${k.table}\u0000${k.id}`, [...(foreignKeys.get(`${k.table}\u0000${k.id}`) ?? []), k.column]);
  const missing: string[] = [];
  for (const [key, columns] of foreignKeys) {
    const table = key.split("\u0000")[0];
    const covered = (leading.get(table) ?? []).some((index) => {
      const first = index.slice(0, columns.length);
      return first.length === columns.length && columns.every((c) => first.includes(c));
    });
    if (!covered) missing.push(`${table}.${columns.join(",")}`);
  }
  return missing.sort();
}

/** A statement the database must refuse under the named CHECK constraint. */
async function expectRefused(statement: Promise<unknown>, constraint: string): Promise<void> {
  const error = await statement.then(() => null, (e: unknown) => e);
  expect(error, `${constraint} let the row in`).toBeInstanceOf(Error);
  expect((error as Error).message).toMatch(/check constraint/i);
  expect((error as Error).message).toContain(constraint);
}

beforeAll(async () => {
  await seedDemoData(getDb(), { withTenders: true });
});

describe(`the constraints migration on ${ENGINE}`, () => {
  it("leaves the demo data seeded, every row of it within the rules", async () => {
    const counts = await rowCounts();
    for (const table of ["allocations", "bids", "panel_scores", "projects", "returns", "return_spend", "visit_grades", "indicator_unit_costs"]) {
      expect(counts[table], table).toBeGreaterThan(0);
    }
  });

  it("has the database refuse what the rules forbid", async () => {
    const db = getDb();
    const one = async (table: string, key = "id") => {
      const { rows } = await sql<{ picked: string }>`select ${sql.ref(key)} as picked from ${sql.table(table)} order by 1 limit 1`.execute(db);
      return rows[0].picked;
    };
    await expectRefused(db.updateTable("allocations").set({ amount_pence: -1 }).where("id", "=", await one("allocations")).execute(), "allocations_amount_pence_check");
    await expectRefused(db.updateTable("bids").set({ amount_pence: -500 }).where("id", "=", await one("bids")).execute(), "bids_amount_pence_check");
    await expectRefused(
      db.updateTable("return_spend").set({ amount_pence: -1 }).where("return_id", "=", await one("return_spend", "return_id")).execute(),
      "return_spend_amount_pence_check",
    );
    await expectRefused(
      db.updateTable("monitoring_visits").set({ overall_grade: 5 }).where("id", "=", await one("monitoring_visits")).execute(),
      "monitoring_visits_overall_grade_check",
    );
    await expectRefused(db.updateTable("visit_grades").set({ grade: 0 }).where("visit_id", "=", await one("visit_grades", "visit_id")).execute(), "visit_grades_grade_check");
    await expectRefused(
      db.updateTable("returns").set({ status: "archived" as never }).where("id", "=", await one("returns")).execute(),
      "returns_status_check",
    );
    await expectRefused(db.updateTable("panel_scores").set({ score: 11 }).where("bid_id", "=", await one("panel_scores", "bid_id")).execute(), "panel_scores_score_check");
    await expectRefused(db.updateTable("consensus_scores").set({ score: -1 }).where("bid_id", "=", await one("consensus_scores", "bid_id")).execute(), "consensus_scores_score_check");
    await expectRefused(db.updateTable("user_roles").set({ role: "superuser" as never }).where("user_id", "=", await one("user_roles", "user_id")).execute(), "user_roles_role_check");
    await expectRefused(db.updateTable("users").set({ is_active: 2 }).where("id", "=", await one("users")).execute(), "users_is_active_check");
    await expectRefused(db.updateTable("tenders").set({ version: 0 }).where("id", "=", await one("tenders")).execute(), "tenders_version_check");
    await expectRefused(
      db.updateTable("project_budget_lines").set({ category: "travel" as never }).where("project_id", "=", await one("project_budget_lines", "project_id")).execute(),
      "project_budget_lines_category_check",
    );
    await expectRefused(
      db.updateTable("indicator_unit_costs").set({ deadweight_percent: 100.5 }).where("indicator_id", "=", await one("indicator_unit_costs", "indicator_id")).execute(),
      "indicator_unit_costs_deadweight_percent_check",
    );
    await expectRefused(db.insertInto("uprating_rates").values({ financial_year: 2030, rate_percent: 30, updated_at: AT }).execute(), "uprating_rates_rate_percent_check");
    await expectRefused(
      db.insertInto("county_packs").values({
        id: "pack-1", quarter: "2026-27 Q1", status: "lost" as never, districts_done: 0, districts_total: 12, pdf: null, pdf_sha256: null,
        error: null, requested_by: null, created_at: AT, finished_at: null,
      }).execute(),
      "county_packs_status_check",
    );

    // What the rules allow still goes in: the edges of each range, and NULL where a column takes it.
    await db.insertInto("uprating_rates").values([
      { financial_year: 2030, rate_percent: -10, updated_at: AT },
      { financial_year: 2031, rate_percent: 25, updated_at: AT },
    ]).execute();
    await db.updateTable("bids").set({ amount_pence: null }).where("id", "=", await one("bids")).execute();
    await db.updateTable("visit_grades").set({ grade: 4 }).where("visit_id", "=", await one("visit_grades", "visit_id")).execute();
    await db.deleteFrom("uprating_rates").execute();
  });

  it("gives every foreign key an index that starts with it", async () => {
    expect(await foreignKeysWithoutIndex()).toEqual([]);
  });

  it("rolls back to the exact schema before it, and applies again", async () => {
    const db = getDb();
    const latest = await schemaText();
    const latestCounts = await rowCounts();

    // Later migrations are undone with it: compare what this one adds on its own.
    await rollBack();
    const before = await schemaText();
    const counts = await rowCounts();
    expect(await checkConstraints()).toEqual([]);
    expect((await foreignKeysWithoutIndex()).length).toBe(45);

    expect(await applyThis()).toEqual([`applied ${MIGRATION}`]);
    const checks = await checkConstraints();
    expect(checks).toHaveLength(92);
    expect(checks).toEqual(expect.arrayContaining(["returns_status_check", "visit_grades_grade_check", "allocations_amount_pence_check"]));
    expect(await foreignKeysWithoutIndex()).toEqual([]);
    expect(await rowCounts()).toEqual(counts);

    await rollBack();
    expect(await schemaText()).toEqual(before);
    expect(await rowCounts()).toEqual(counts);

    await migrateToLatest(db);
    expect(await schemaText()).toEqual(latest);
    // Lock and counter rows are made again when first needed: rolling back the migration
    // that holds them (2026_12_07_190000_counters_and_locks) drops them with their tables.
    // So does rolling back the conflicts assessments (2026_12_07_210000) and the performance
    // assessments (2026_12_08_100000), with the demo's entries; and the population indicator
    // (2026_12_08_130000) takes the demo's 96 population figures (12 districts × 8 quarters) with it,
    // and the recommendations and commentary (2026_12_08_140000) go with their tables.
    const {
      locks: _locks, counters: _counters, conflict_assessment_entries: _entries, performance_assessments: _assessed,
      profile_recommendations: _recommended, profile_commentaries: _commented, ...kept
    } = latestCounts;
    expect(await rowCounts()).toEqual({
      ...kept, locks: 0, counters: 0, conflict_assessment_entries: 0, performance_assessments: 0, context_values: kept.context_values - 96,
      profile_recommendations: 0, profile_commentaries: 0,
    });
  });

  it("stops on rows that break a rule, naming them, and changes nothing", async () => {
    const db = getDb();
    await rollBack();
    const allocation = (await db.selectFrom("allocations").select(["id", "amount_pence"]).orderBy("id").executeTakeFirstOrThrow());
    const returned = (await db.selectFrom("returns").select(["id", "status"]).orderBy("id").executeTakeFirstOrThrow());
    const grades = await db.selectFrom("visit_grades").select(["visit_id", "area", "grade"]).orderBy("visit_id").orderBy("area").limit(2).execute();
    await db.updateTable("allocations").set({ amount_pence: -100 }).where("id", "=", allocation.id).execute();
    await db.updateTable("returns").set({ status: "lost" as never }).where("id", "=", returned.id).execute();
    for (const g of grades) await db.updateTable("visit_grades").set({ grade: 7 }).where("visit_id", "=", g.visit_id).where("area", "=", g.area).execute();
    const before = await schemaText();

    await expect(applyThis()).rejects.toThrow(
      'Rows the new CHECK constraints would refuse: allocations.amount_pence: 1 row outside "amount_pence" >= 0; ' +
        `returns.status: 1 row outside "status" in ('not_started', 'draft', 'submitted', 'queried', 'resubmitted', 'approved'); ` +
        'visit_grades.grade: 2 rows outside "grade" between 1 and 4. Nothing was changed.',
    );
    expect(await schemaText()).toEqual(before);
    expect(await count("returns")).toBeGreaterThan(0);
    const still = await db.selectFrom("returns").select("status").where("id", "=", returned.id).executeTakeFirstOrThrow();
    expect(still.status).toBe("lost");

    await db.updateTable("allocations").set({ amount_pence: allocation.amount_pence }).where("id", "=", allocation.id).execute();
    await db.updateTable("returns").set({ status: returned.status }).where("id", "=", returned.id).execute();
    for (const g of grades) await db.updateTable("visit_grades").set({ grade: g.grade }).where("visit_id", "=", g.visit_id).where("area", "=", g.area).execute();
    expect(await applyThis()).toEqual([`applied ${MIGRATION}`]);
    await migrateToLatest(db);
    expect(await foreignKeysWithoutIndex()).toEqual([]);
  });
});

describe.skipIf(ENGINE !== "sqlite")("the constraints migration on SQLite", () => {
  it("keeps foreign keys on and acting after rebuilding the tables", async () => {
    const db = getDb();
    const { rows } = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db);
    expect(rows[0].foreign_keys).toBe(1);
    const { rows: problems } = await sql`pragma foreign_key_check`.execute(db);
    expect(problems).toEqual([]);
    await expect(db.insertInto("user_roles").values({ user_id: "nobody", role: "admin" }).execute()).rejects.toThrow(/FOREIGN KEY/);
  });
});
