// Projects made directly in the database, with their budget profile, indicators and the
// schedule of returns, so a test of returns or visits does not depend on the award screens.
import { getDb } from "../../db/client";
import type { BudgetCategory, IndicatorDirection, IndicatorMeasure } from "../../db/schema";
import { createReturnSchedule, returnSchedule } from "~/models/projects/projects.server";
import { newId, nowIso } from "~/lib/ids.server";

let sequence = 900;

export interface TestIndicator {
  id: string;
  kind: "output" | "outcome";
  name: string;
  unit: string;
  measure: IndicatorMeasure;
  direction: IndicatorDirection;
  targets: Record<string, number>;
}

export interface TestProject {
  id: string;
  reference: string;
  indicators: TestIndicator[];
  /** Returns by quarter label, e.g. returns["2026-27 Q1"]. */
  returns: Record<string, string>;
  quarters: string[];
}

/**
 * A project from start to end (defaults: Chorley, Red Rose, 2026-04-01 to 2027-03-31,
 * £20,000 spread evenly by quarter as staff 75% / delivery 25%) with one output (families
 * supported, 10 a quarter) and one outcome (% of plans closed with needs met, 70%).
 */
export async function createTestProject(options: {
  organisationId?: string;
  districtId?: string;
  startDate?: string;
  endDate?: string;
  amountPence?: number;
  dueDays?: number;
  indicators?: Omit<TestIndicator, "id">[];
} = {}): Promise<TestProject> {
  const db = getDb();
  const id = newId();
  sequence += 1;
  const reference = `TEST-PRJ-${sequence}`;
  const startDate = options.startDate ?? "2026-04-01";
  const endDate = options.endDate ?? "2027-03-31";
  const amount = options.amountPence ?? 2_000_000;
  const now = nowIso();
  await db.insertInto("projects").values({
    id, reference, title: `Test project ${sequence}`, organisation_id: options.organisationId ?? "org-red-rose",
    district_id: options.districtId ?? "district-chorley", funding_stream_id: "stream-schools-forum", tender_id: null, bid_id: null,
    amount_pence: amount, start_date: startDate, end_date: endDate, status: "active", visit_required: amount > 1_000_000 ? 1 : 0,
    created_by: "user-officer", created_at: now, updated_at: now, version: 1,
  }).execute();
  const quarters = returnSchedule(startDate, endDate, options.dueDays ?? 21).map((r) => r.quarter);
  const perQuarter = Math.floor(amount / quarters.length);
  const lines = quarters.flatMap((quarter, i) => {
    const total = i === quarters.length - 1 ? amount - perQuarter * (quarters.length - 1) : perQuarter;
    const staff = Math.round(total * 0.75);
    return [
      { project_id: id, quarter, category: "staff" as BudgetCategory, amount_pence: staff },
      { project_id: id, quarter, category: "delivery" as BudgetCategory, amount_pence: total - staff },
    ];
  });
  await db.insertInto("project_budget_lines").values(lines).execute();
  const indicatorSpecs = options.indicators ?? [
    { kind: "output" as const, name: "Families supported", unit: "count", measure: "per_quarter" as const, direction: "higher" as const,
      targets: Object.fromEntries(quarters.map((q) => [q, 10])) },
    { kind: "outcome" as const, name: "Plans closed with needs met", unit: "%", measure: "per_quarter" as const, direction: "higher" as const,
      targets: Object.fromEntries(quarters.map((q) => [q, 70])) },
  ];
  const indicators = indicatorSpecs.map((spec) => ({ ...spec, id: newId() }));
  await db.insertInto("project_indicators").values(indicators.map((ind, position) => ({
    id: ind.id, project_id: id, position: position + 1, kind: ind.kind, name: ind.name, definition: `${ind.name} in the quarter`,
    unit: ind.unit, targets_json: JSON.stringify(ind.targets), measure: ind.measure, direction: ind.direction, baseline: null,
  }))).execute();
  await createReturnSchedule(db, id, options.dueDays ?? 21);
  const returns = Object.fromEntries(
    (await db.selectFrom("returns").select(["id", "quarter"]).where("project_id", "=", id).execute()).map((r) => [r.quarter, r.id]),
  );
  return { id, reference, indicators, returns, quarters };
}
