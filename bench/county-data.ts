// County-scale delivery data for the benchmarks: many projects per district, each with the
// indicators, budget, returns, figures, spend, reach, ledger, visits and unit-cost links a
// live programme accumulates over two financial years.
//
// Deterministic: every figure comes from a seeded PRNG keyed by district, so a run is
// repeatable and adding more districts never changes an existing district's rows (the
// "bigger county" measurement then differs from the base only in the other districts).
// Rows go in as multi-row inserts inside one transaction per call, to stay well under the
// 30-second budget for generating ~2,000 projects.
import type { Insertable, Transaction } from "kysely";
import type { Db } from "../db/client";
import { AGE_BANDS, type Database, type ReturnStatus } from "../db/schema";
import { unitCostIdFor } from "../demo/unit-costs";
import { parseQuarterLabel, quarterDates, quarterLabel, type FinancialQuarter } from "../app/lib/financial-year";

type Trx = Transaction<Database>;
type Row<T extends keyof Database> = Insertable<Database[T]>;

/** mulberry32: tiny, fast and good enough to spread figures; seeded, so runs repeat exactly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable 32-bit seed from a string (FNV-1a), so each district has its own stream. */
function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The two financial years the data covers; the benchmarks ask for 2026-27 Q2. */
export const BENCH_YEARS = [2025, 2026] as const;
export const BENCH_QUARTER = "2026-27 Q2";
/** Quarters filed so far (2025-26 Q1 to 2026-27 Q2); the rest of 2026-27 is still to come. */
const FILED = ["2025-26 Q1", "2025-26 Q2", "2025-26 Q3", "2025-26 Q4", "2026-27 Q1", "2026-27 Q2"];
const ALL_QUARTERS = BENCH_YEARS.flatMap((year) => [1, 2, 3, 4].map((n) => quarterLabel({ year, quarter: n as FinancialQuarter["quarter"] })));
/** The eight quarters a 2026-27 Q2 profile charts for context. */
const CONTEXT_QUARTERS = ["2024-25 Q3", "2024-25 Q4", "2025-26 Q1", "2025-26 Q2", "2025-26 Q3", "2025-26 Q4", "2026-27 Q1", "2026-27 Q2"];
const CONTEXT_INDICATORS = [
  "context-referrals", "context-cp-plans", "context-looked-after", "context-eha-started", "context-step-ups", "context-step-downs",
];
const PROVIDERS = ["org-red-rose", "org-pennine-youth", "org-fylde-parenting"];
const THEMES = ["theme-school-ready", "theme-work-ready", "theme-family-ready", "theme-domestic-abuse", "theme-mental-health", "theme-parenting"];
const UNIT_COSTS = ["SS5.0", "CR4.0", "E&S2.0", "HO107", "HE12.3", "HE2.2", "E&E10.0"].map(unitCostIdFor);
const STREAM = "stream-schools-forum";
const OFFICER = "user-officer";
const RETURN_DUE_DAYS = 21;

function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface CountyDataOptions {
  /** Districts that already exist (the demo's twelve, or ones from addBenchDistricts). */
  districtIds: readonly string[];
  projectsPerDistrict: number;
}

export interface RowCounts {
  [table: string]: number;
}

/** Districts beyond the demo's twelve, so the county can grow without touching them. */
export async function addBenchDistricts(db: Db, from: number, count: number): Promise<string[]> {
  const at = "2026-04-01T09:00:00.000Z";
  const rows: Row<"districts">[] = [];
  const allocations: Row<"allocations">[] = [];
  for (let n = from; n < from + count; n += 1) {
    const id = `bench-district-${n}`;
    rows.push({ id, name: `Bench District ${n}`, ons_code: `B${String(n).padStart(8, "0")}`, partnership_name: `Bench District ${n} Partnership`, created_at: at, updated_at: at, version: 1 });
    for (const year of BENCH_YEARS) {
      allocations.push({ id: `alloc-bench-${n}-${year}`, funding_stream_id: STREAM, district_id: id, financial_year: year, amount_pence: 8_000_000, created_at: at, updated_at: at });
    }
  }
  await db.transaction().execute(async (trx) => {
    await insertAll(trx, "districts", rows);
    await insertAll(trx, "allocations", allocations);
  });
  return rows.map((r) => r.id);
}

/** Projects and everything hanging off them, for each of the given districts. */
export async function generateCountyData(db: Db, options: CountyDataOptions): Promise<RowCounts> {
  const b = emptyBatch();
  for (const districtId of options.districtIds) buildDistrict(b, districtId, options.projectsPerDistrict);
  await db.transaction().execute(async (trx) => {
    // Parents before children, for the foreign keys.
    await insertAll(trx, "projects", b.projects);
    await insertAll(trx, "project_themes", b.projectThemes);
    await insertAll(trx, "project_indicators", b.indicators);
    await insertAll(trx, "project_budget_lines", b.budget);
    await insertAll(trx, "returns", b.returns);
    await insertAll(trx, "return_indicator_values", b.values);
    await insertAll(trx, "return_spend", b.spend);
    await insertAll(trx, "return_beneficiaries", b.beneficiaries);
    await insertAll(trx, "case_studies", b.caseStudies);
    await insertAll(trx, "case_study_themes", b.caseStudyThemes);
    await insertAll(trx, "case_study_indicators", b.caseStudyIndicators);
    await insertAll(trx, "profile_case_studies", b.profileCaseStudies);
    await insertAll(trx, "profile_actions", b.actions);
    await insertAll(trx, "ledger_entries", b.ledger);
    await insertAll(trx, "monitoring_visits", b.visits);
    // The demo's own context figures (seeded with its tenders) stay as they are.
    await insertAll(trx, "context_values", b.context, { keepExisting: true });
    await insertAll(trx, "indicator_unit_costs", b.links);
  });
  return Object.fromEntries(Object.entries(b).map(([table, rows]) => [table, rows.length]));
}

function emptyBatch() {
  return {
    projects: [] as Row<"projects">[],
    projectThemes: [] as Row<"project_themes">[],
    indicators: [] as Row<"project_indicators">[],
    budget: [] as Row<"project_budget_lines">[],
    returns: [] as Row<"returns">[],
    values: [] as Row<"return_indicator_values">[],
    spend: [] as Row<"return_spend">[],
    beneficiaries: [] as Row<"return_beneficiaries">[],
    caseStudies: [] as Row<"case_studies">[],
    caseStudyThemes: [] as Row<"case_study_themes">[],
    caseStudyIndicators: [] as Row<"case_study_indicators">[],
    profileCaseStudies: [] as Row<"profile_case_studies">[],
    actions: [] as Row<"profile_actions">[],
    ledger: [] as Row<"ledger_entries">[],
    visits: [] as Row<"monitoring_visits">[],
    context: [] as Row<"context_values">[],
    links: [] as Row<"indicator_unit_costs">[],
  };
}
type Batch = ReturnType<typeof emptyBatch>;

/** The status of one filed return: older quarters are nearly all approved, the latest mostly. */
function statusFor(rand: () => number, quarter: string): ReturnStatus {
  const x = rand();
  if (quarter !== BENCH_QUARTER) return x < 0.97 ? "approved" : x < 0.99 ? "submitted" : "queried";
  if (x < 0.75) return "approved";
  if (x < 0.85) return "submitted";
  if (x < 0.9) return "resubmitted";
  if (x < 0.95) return "queried";
  return x < 0.98 ? "draft" : "not_started";
}

function buildDistrict(b: Batch, districtId: string, projectCount: number): void {
  const rand = prng(seedOf(districtId));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const between = (lo: number, hi: number) => lo + rand() * (hi - lo);
  const slug = districtId.replace(/^district-/, "");
  const caseStudyCandidates: { returnId: string; indicatorId: string }[] = [];

  for (const [i, indicatorId] of CONTEXT_INDICATORS.entries()) {
    for (const quarter of CONTEXT_QUARTERS) {
      b.context.push({
        district_id: districtId, indicator_id: indicatorId, quarter, value: Math.round(between(20, 300) * (1 + i / 10)),
        updated_by: null, updated_at: "2026-10-20T09:00:00.000Z",
      });
    }
  }

  for (let p = 1; p <= projectCount; p += 1) {
    const projectId = `bench-${slug}-p${p}`;
    // Most run across both years; some start late, a few finished at the end of 2025-26.
    const shape = rand();
    const start = shape < 0.8 ? "2025-04-01" : shape < 0.9 ? "2025-10-01" : "2025-04-01";
    const end = shape < 0.9 ? "2027-03-31" : "2026-03-31";
    const quarters = ALL_QUARTERS.filter((q) => {
      const { start: qs, end: qe } = quarterDates(parseQuarterLabel(q)!);
      return qe >= start && qs <= end;
    });
    const quarterPence = Math.round(between(5_000, 20_000)) * 100;
    const createdAt = `${start}T09:00:00.000Z`;
    b.projects.push({
      id: projectId, reference: `BENCH-${slug}-${p}`.toUpperCase(), title: `${slug} early help project ${p}`, organisation_id: pick(PROVIDERS),
      district_id: districtId, funding_stream_id: STREAM, tender_id: null, bid_id: null, amount_pence: quarterPence * quarters.length,
      start_date: start, end_date: end, status: end < "2026-04-01" ? "completed" : rand() < 0.95 ? "active" : "suspended",
      visit_required: rand() < 0.3 ? 1 : 0, created_by: OFFICER, created_at: createdAt, updated_at: createdAt, version: 1,
    });
    const themes = new Set([pick(THEMES), pick(THEMES)]);
    for (const theme of themes) b.projectThemes.push({ project_id: projectId, theme_id: theme });

    for (const q of quarters) {
      b.budget.push({ project_id: projectId, quarter: q, category: "staff", amount_pence: Math.round(quarterPence * 0.7) });
      b.budget.push({ project_id: projectId, quarter: q, category: "delivery", amount_pence: quarterPence - Math.round(quarterPence * 0.7) });
    }
    for (const year of BENCH_YEARS) {
      const committed = quarters.filter((q) => parseQuarterLabel(q)!.year === year).length * quarterPence;
      if (committed === 0) continue;
      b.ledger.push({
        id: `ledger-${projectId}-commitment-${year}`, district_id: districtId, funding_stream_id: STREAM, financial_year: year, kind: "commitment",
        amount_pence: committed, project_id: projectId, source_type: "direct", source_id: projectId, created_at: createdAt,
      });
    }

    // Three indicators: two outputs and an outcome, some cumulative, the outcome sometimes
    // "lower is better"; targets for every quarter the project runs in.
    const indicators = [0, 1, 2].map((i) => {
      const kind = i < 2 ? ("output" as const) : ("outcome" as const);
      const measure = rand() < 0.25 ? ("cumulative" as const) : ("per_quarter" as const);
      const direction = kind === "outcome" && rand() < 0.2 ? ("lower" as const) : ("higher" as const);
      const perQuarter = Math.round(between(8, 60));
      const targets: Record<string, number> = {};
      for (const q of quarters) {
        const fq = parseQuarterLabel(q)!;
        targets[q] = measure === "cumulative" ? perQuarter * fq.quarter : perQuarter;
      }
      const id = `${projectId}-i${i + 1}`;
      b.indicators.push({
        id, project_id: projectId, position: i + 1, kind, name: `${kind === "output" ? "Output" : "Outcome"} ${i + 1}`,
        definition: "Benchmark indicator", unit: "families", targets_json: JSON.stringify(targets), measure, direction, baseline: null,
      });
      if (kind === "outcome" && direction === "higher" && rand() < 0.4) {
        b.links.push({
          indicator_id: id, unit_cost_id: pick(UNIT_COSTS), deadweight_percent: 20, attribution_percent: 50, optimism_bias_percent: 10,
          created_by: OFFICER, created_at: createdAt, updated_at: createdAt, version: 1,
        });
      }
      return { id, targets, measure };
    });

    for (const q of quarters) {
      const fq = parseQuarterLabel(q)!;
      const { start: periodStart, end: periodEnd } = quarterDates(fq);
      const dueDate = addDays(periodEnd, RETURN_DUE_DAYS);
      const returnId = `${projectId}-r-${q.replace(/[^0-9Q]/g, "")}`;
      const filed = FILED.includes(q);
      const status: ReturnStatus = filed ? statusFor(rand, q) : "not_started";
      const submitted = status !== "not_started" && status !== "draft";
      const late = submitted && rand() < 0.15;
      const submittedAt = submitted ? `${addDays(dueDate, late ? 5 : -2)}T10:00:00.000Z` : null;
      const approvedAt = status === "approved" ? `${addDays(dueDate, 14)}T10:00:00.000Z` : null;
      const complete = submitted ? 1 : 0;
      b.returns.push({
        id: returnId, project_id: projectId, quarter: q, financial_year: fq.year, quarter_number: fq.quarter,
        period_start: periodStart, period_end: periodEnd, due_date: dueDate, status, late: late ? 1 : 0,
        outputs_complete: complete, outcomes_complete: complete, spend_complete: complete, beneficiaries_complete: complete,
        narrative_complete: complete, case_studies_complete: complete, evidence_complete: complete,
        highlights: submitted ? "Delivery went to plan." : null, challenges: null, risks: null, next_steps: null,
        first_submitted_at: submittedAt, submitted_at: submittedAt, submitted_by: null,
        approved_at: approvedAt, approved_by: approvedAt ? OFFICER : null,
        created_at: createdAt, updated_at: approvedAt ?? submittedAt ?? createdAt, version: submitted ? 2 : 1,
      });
      if (!submitted) continue;

      for (const ind of indicators) {
        const target = ind.targets[q];
        b.values.push({
          return_id: returnId, indicator_id: ind.id, actual: Math.max(0, Math.round(target * between(0.6, 1.3))),
          comment: rand() < 0.2 ? "Fewer referrals than expected this quarter." : null,
        });
      }
      let spent = 0;
      for (const [category, share] of [["staff", 0.7], ["delivery", 0.3]] as const) {
        const amount = Math.round(quarterPence * share * between(0.8, 1.15));
        spent += amount;
        b.spend.push({ return_id: returnId, category, amount_pence: amount, variance_reason: null });
      }
      for (const band of [pick(AGE_BANDS), pick(AGE_BANDS), pick(AGE_BANDS)].filter((x, i, all) => all.indexOf(x) === i)) {
        b.beneficiaries.push({ return_id: returnId, age_band: band, new_count: Math.round(between(2, 30)), continuing_count: Math.round(between(0, 40)) });
      }
      if (status === "approved") {
        b.ledger.push({
          id: `ledger-${returnId}-spend`, district_id: districtId, funding_stream_id: STREAM, financial_year: fq.year, kind: "spend",
          amount_pence: spent, project_id: projectId, source_type: "return", source_id: returnId, created_at: approvedAt!,
        });
        if (q === BENCH_QUARTER && caseStudyCandidates.length < 3) caseStudyCandidates.push({ returnId, indicatorId: indicators[2].id });
      }
    }

    if (rand() < 0.35) {
      for (const [v, date] of ["2025-11-12", "2026-09-15"].entries()) {
        if (date < start || date > end) continue;
        b.visits.push({
          id: `${projectId}-visit-${v + 1}`, project_id: projectId, visit_date: date, officer_id: OFFICER, areas_seen: "Sessions; records",
          findings: "Well run.", overall_grade: 1 + Math.floor(rand() * 4), created_by: OFFICER, created_at: `${date}T16:00:00.000Z`,
          updated_at: `${date}T16:00:00.000Z`, version: 1,
        });
      }
    }

    if (p % 10 === 0) {
      b.actions.push({
        id: `${projectId}-action`, indicator_id: indicators[0].id, quarter: BENCH_QUARTER, action: "Agree a recovery plan with the provider",
        owner: "Commissioning officer", due_date: "2026-12-31", created_by: OFFICER, created_at: "2026-11-01T10:00:00.000Z",
        updated_at: "2026-11-01T10:00:00.000Z", version: 1,
      });
    }
  }

  // Three case studies on the latest approved returns; the officer chose two for the profile.
  caseStudyCandidates.forEach((c, i) => {
    const id = `${c.returnId}-case-study`;
    b.caseStudies.push({
      id, return_id: c.returnId, title: `A family's story ${i + 1}`, story: "The family was helped early and did not need social care.",
      consent_confirmed: 1, personal_data_override: null, created_at: "2026-10-15T10:00:00.000Z", updated_at: "2026-10-15T10:00:00.000Z",
    });
    b.caseStudyThemes.push({ case_study_id: id, theme_id: pick(THEMES) });
    b.caseStudyIndicators.push({ case_study_id: id, indicator_id: c.indicatorId });
    if (i < 2) {
      b.profileCaseStudies.push({ district_id: districtId, quarter: BENCH_QUARTER, case_study_id: id, position: i + 1, chosen_by: OFFICER, chosen_at: "2026-11-02T10:00:00.000Z" });
    }
  });
}

/**
 * Multi-row inserts sized to stay under SQLite's 32,766 bound parameters per statement
 * (PostgreSQL allows 65,535).
 */
async function insertAll<T extends keyof Database & string>(
  trx: Trx, table: T, rows: readonly Row<T>[], { keepExisting = false }: { keepExisting?: boolean } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0] as object).length;
  const size = Math.max(1, Math.min(1000, Math.floor(30_000 / columns)));
  for (let i = 0; i < rows.length; i += size) {
    // Kysely's insert typing cannot follow a generic table name; the rows are typed above.
    const insert = trx.insertInto(table).values(rows.slice(i, i + size) as never);
    await (keepExisting ? insert.onConflict((oc) => oc.doNothing()) : insert).execute();
  }
}
