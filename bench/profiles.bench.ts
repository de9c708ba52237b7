// The district performance profile's speed targets. One district's profile and its trend must
// cost what one district's data costs: it is timed on a county-scale data set, then again after
// the rest of the county has grown fourfold, and its SQL is counted (a fixed number of queries
// for each of its nine quarters, never one per project, return or district) and explained
// (indexed, not full scans). The page's comparison with the county reads every district's
// figures for the quarter, so the whole page is timed on its own, against the county's target.
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, type CompiledQuery, type LogEvent } from "kysely";
import pg from "pg";
import { isPostgresUrl, sqlitePathFromUrl, type Db } from "../db/client";
import type { Database } from "../db/schema";
import { computeProfile, type ProfileOptions } from "../app/models/profiles/compute.server";
import { computeCountySummary } from "../app/models/profiles/county.server";
import { BENCH_QUARTER } from "./county-data";

export const DISTRICT = "district-chorley";
/** Computed afresh every time: the cost of the figures, not of reading them back (see `kept` below). */
export const OPTIONS: ProfileOptions = { quarter: BENCH_QUARTER, asOf: "2026-12-06", now: "2026-12-06T10:00:00.000Z", fresh: true };

/** A profile is its quarter's figures and its trend's: 8 quarters and the one before the oldest. */
const QUARTERS_COMPUTED = 9;
const QUERIES_PER_QUARTER = 25;

export const TARGETS = {
  districtMedianMs: 150,
  /** The bigger county may cost the district at most this factor, plus noise. */
  growthFactor: 1.5,
  growthNoiseMs: 20,
  districtMaxQueries: QUARTERS_COMPUTED * QUERIES_PER_QUARTER,
  /** The page's comparison with the county costs the county's figures for the quarter. */
  pageMedianMs: 1500,
  countyMedianMs: 1500,
  /** The county view reading kept figures, at 4× the county: no more than a tenth of computing them. */
  keptShareOfCounty: 0.1,
} as const;

/** Tables that grow with delivery: a full scan of one of these grows with the county. */
const GROWING_TABLES = new Set([
  "projects", "project_indicators", "project_budget_lines", "project_themes", "returns", "return_indicator_values", "return_spend",
  "return_beneficiaries", "ledger_entries", "monitoring_visits", "context_values", "case_studies", "case_study_themes",
  "case_study_indicators", "profile_case_studies", "profile_actions", "indicator_unit_costs", "published_profiles", "allocations",
  "organisations", "tender_themes",
]);

export interface Timing {
  runs: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
}

function summarise(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  return { runs: sorted.length, medianMs: median, p95Ms: at(0.95), minMs: sorted[0] };
}

export async function time(fn: () => Promise<unknown>, warmups: number, runs: number): Promise<Timing> {
  for (let i = 0; i < warmups; i += 1) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    // better-sqlite3 settles every query in microtasks, so without a turn of the event loop
    // between runs a Ctrl+C would wait for the whole measurement.
    await new Promise((resolve) => setImmediate(resolve));
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return summarise(samples);
}

/**
 * A second Kysely over the same database that records every query it runs. The app's
 * createDb takes no logger, so this mirrors its dialect settings; timings use the app's own
 * instance, so the recording never weighs on them.
 */
export class QueryRecorder {
  readonly db: Db;
  private recording: CompiledQuery[] | null = null;
  private readonly sqlite?: SQLite.Database;

  constructor(url: string) {
    const log = (event: LogEvent): void => {
      this.recording?.push(event.query);
    };
    if (isPostgresUrl(url)) {
      this.db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 10 }) }), log });
    } else {
      this.sqlite = new SQLite(sqlitePathFromUrl(url));
      this.sqlite.pragma("journal_mode = WAL");
      this.sqlite.pragma("foreign_keys = ON");
      this.sqlite.pragma("busy_timeout = 5000");
      this.db = new Kysely<Database>({ dialect: new SqliteDialect({ database: this.sqlite }), log });
    }
  }

  async record(fn: (db: Db) => Promise<unknown>): Promise<CompiledQuery[]> {
    this.recording = [];
    try {
      await fn(this.db);
      return this.recording;
    } finally {
      this.recording = null;
    }
  }

  /** SQLite's plan for each query, with the full scans of growing tables picked out. */
  explain(queries: readonly CompiledQuery[]): PlannedQuery[] {
    if (!this.sqlite) return [];
    return queries.map((q) => {
      const plan = this.sqlite!
        .prepare(`EXPLAIN QUERY PLAN ${q.sql}`)
        .all(...(q.parameters as unknown[])) as { detail: string }[];
      const details = plan.map((row) => row.detail);
      const scanned = details.map((d) => /^SCAN (\w+)/.exec(d)?.[1]).filter((table): table is string => !!table);
      return {
        table: /\bfrom "(\w+)"/i.exec(q.sql)?.[1] ?? "?",
        sql: q.sql,
        plan: details,
        scans: scanned.filter((t) => GROWING_TABLES.has(t)),
        referenceScans: scanned.filter((t) => !GROWING_TABLES.has(t)),
      };
    });
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

export interface PlannedQuery {
  /** The first table in the FROM clause, to name the query in the report. */
  table: string;
  sql: string;
  plan: string[];
  /** Growing tables the plan reads in full. */
  scans: string[];
  /** Small reference tables (settings, rates…) read in full: bounded by configuration, not delivery. */
  referenceScans: string[];
}

export interface DataSetResult {
  label: string;
  districts: number;
  projects: number;
  /** The district's own figures and trend: what must not grow with the county. */
  district: Timing;
  /** The county view once its figures are kept (app/models/profiles/results.server.ts), as every view after the first reads them. */
  kept: Timing;
  /** The profile page's whole computation: its own figures, its trend and the comparison with the county. */
  page: Timing;
  county: Timing;
  districtQueries: CompiledQuery[];
  countyQueries: CompiledQuery[];
  /** The profile, as JSON, so the two data sets can be compared. */
  profileJson: string;
  profileProjects: number;
  countyRows: number;
}

export async function measureDataSet(
  db: Db,
  recorder: QueryRecorder,
  label: string,
  runs: { district: number; county: number },
): Promise<DataSetResult> {
  const [{ n: districts }, { n: projects }] = await Promise.all([
    db.selectFrom("districts").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    db.selectFrom("projects").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  const own: ProfileOptions = { ...OPTIONS, withComparison: false };
  const profile = await computeProfile(db, DISTRICT, own);
  if (!profile) throw new Error(`No profile for ${DISTRICT}: is the data set there?`);
  if (profile.projects.length === 0) throw new Error(`${DISTRICT}'s profile has no projects: the generator and the profile disagree`);
  const { summary } = await computeCountySummary(db, OPTIONS);

  const district = await time(() => computeProfile(db, DISTRICT, own), 5, runs.district);
  const page = await time(() => computeProfile(db, DISTRICT, OPTIONS), 2, runs.county);
  const county = await time(() => computeCountySummary(db, OPTIONS), 2, runs.county);
  const kept = await time(() => computeCountySummary(db, { ...OPTIONS, fresh: false }), 2, runs.county);
  const districtQueries = await recorder.record((rdb) => computeProfile(rdb, DISTRICT, own));
  const countyQueries = await recorder.record((rdb) => computeCountySummary(rdb, OPTIONS));
  return {
    label,
    districts: Number(districts),
    projects: Number(projects),
    district,
    page,
    county,
    kept,
    districtQueries,
    countyQueries,
    profileJson: JSON.stringify(profile),
    profileProjects: profile.projects.length,
    countyRows: summary.rows.length,
  };
}

export interface Check {
  name: string;
  target: string;
  actual: string;
  ok: boolean;
}

export function checkTargets(base: DataSetResult, large: DataSetResult, plans: readonly PlannedQuery[]): Check[] {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const allowed = base.district.medianMs * TARGETS.growthFactor + TARGETS.growthNoiseMs;
  const scans = plans.filter((p) => p.scans.length > 0);
  const checks: Check[] = [
    {
      name: "Profile page with the county comparison, median (4× county)",
      target: `< ${TARGETS.pageMedianMs.toLocaleString("en-GB")} ms`,
      actual: `${ms(large.page.medianMs)} (base ${ms(base.page.medianMs)})`,
      ok: large.page.medianMs < TARGETS.pageMedianMs,
    },
    {
      name: "County view from kept figures, median (4× county)",
      target: `≤ ${TARGETS.keptShareOfCounty * 100}% of computing them (${ms(large.county.medianMs)})`,
      actual: `${ms(large.kept.medianMs)} (base ${ms(base.kept.medianMs)})`,
      ok: large.kept.medianMs <= large.county.medianMs * TARGETS.keptShareOfCounty,
    },
    {
      name: "District profile and trend, own figures, median (base)",
      target: `< ${TARGETS.districtMedianMs} ms`,
      actual: ms(base.district.medianMs),
      ok: base.district.medianMs < TARGETS.districtMedianMs,
    },
    {
      name: "District profile and trend, own figures, median (4× county)",
      target: `≤ ${TARGETS.growthFactor}× base + ${TARGETS.growthNoiseMs} ms = ${ms(allowed)}`,
      actual: `${ms(large.district.medianMs)} (${(large.district.medianMs / base.district.medianMs).toFixed(2)}×)`,
      ok: large.district.medianMs <= allowed,
    },
    {
      name: "District profile and trend, queries (9 quarters)",
      target: `same on both, ≤ ${TARGETS.districtMaxQueries}`,
      actual: `${base.districtQueries.length} / ${large.districtQueries.length}`,
      ok: base.districtQueries.length === large.districtQueries.length && base.districtQueries.length <= TARGETS.districtMaxQueries,
    },
    {
      // Twelve districts or forty-eight, the county runs the district's queries once each,
      // plus its own list of districts and of published editions.
      name: "County summary, queries",
      target: `same on both (${base.districts} and ${large.districts} districts)`,
      actual: `${base.countyQueries.length} / ${large.countyQueries.length} (district: ${base.districtQueries.length})`,
      ok: base.countyQueries.length === large.countyQueries.length && base.countyQueries.length <= base.districtQueries.length + 3,
    },
    {
      name: "County summary, median (base)",
      target: `< ${TARGETS.countyMedianMs.toLocaleString("en-GB")} ms`,
      actual: ms(base.county.medianMs),
      ok: base.county.medianMs < TARGETS.countyMedianMs,
    },
    {
      // Generated deterministically per district, so more districts must leave this one's
      // figures untouched; a difference means a query is not scoped to the district.
      name: "District profile unchanged by other districts",
      target: "identical figures",
      actual: base.profileJson === large.profileJson ? "identical" : "DIFFERENT",
      ok: base.profileJson === large.profileJson,
    },
  ];
  if (plans.length > 0) {
    checks.push({
      name: "No full scan of a growing table (SQLite plan)",
      target: "none",
      actual: scans.length ? scans.map((p) => `${p.scans.join(", ")} (query on ${p.table})`).join("; ") : "none",
      ok: scans.length === 0,
    });
  }
  return checks;
}
