// A small district whose every profile figure is worked out by hand in
// tests/routes/profiles.test.ts: Chorley, 2025-26 Q1 and Q2, three projects.
//
//   P1 Family Links (Red Rose), £20,000, theme Parenting. Profile £5,000 a quarter.
//      I1 output "Families supported", per quarter, higher: targets 20, 20; actuals 19, 16.
//      I2 outcome "Families stepped down", per quarter, higher: targets 10, 10; actuals 8, 7;
//         linked to TEST-CIN (£1,000, 2024-25 prices, council) with deadweight 20%,
//         attribution 25%, optimism bias 10%.
//      Q1 and Q2 approved, on time. Spend £4,500 then £6,000. Reached: Q1 30 new; Q2 10 new, 25 continuing.
//   P2 Youth Voice (Pennine Youth), £12,000, theme Offending. Profile £3,000 a quarter.
//      I3 output "Young people enrolled", cumulative, higher: targets 10, 20; actuals 12, 19.
//      I4 outcome "Exclusions", per quarter, lower: targets 4, 4; actuals 5, 5.
//      Q1 approved on time; Q2 approved but submitted late. Spend £2,400 then £3,000.
//      Reached: Q1 12 new; Q2 7 new, 12 continuing.
//   P3 Dads Matter (Fylde Coast Parenting), £8,000, no theme. Profile £2,000 a quarter.
//      I5 output "Dads attending", per quarter, higher: targets 10, 10; actuals 10, (4 pending).
//      Q1 approved; Q2 submitted on time, not yet approved. Spend £2,000, (£1,500 pending).
//      Reached: Q1 9 new; (Q2 5 new pending).
import { POPULATION_INDICATOR_ID } from "~/models/context/population";
import { getDb, type Executor } from "../../db/client";
import type { ReturnStatus } from "../../db/schema";

export const FIXTURE_DISTRICT = "district-chorley";
export const FIXTURE_QUARTER = "2025-26 Q2";
const AT = "2025-04-01T09:00:00.000Z";
const Q1 = "2025-26 Q1";
const Q2 = "2025-26 Q2";

interface FixtureReturn {
  quarter: string;
  status: ReturnStatus;
  late: boolean;
  actuals: Record<string, number>;
  spend: number;
  reached: [number, number];
}

interface FixtureProject {
  id: string;
  title: string;
  organisation: string;
  amount: number;
  theme: string | null;
  quarterProfile: number;
  indicators: { id: string; kind: "output" | "outcome"; name: string; measure: "per_quarter" | "cumulative"; direction: "higher" | "lower"; targets: [number, number] }[];
  returns: FixtureReturn[];
}

const PROJECTS: FixtureProject[] = [
  {
    id: "fx-p1", title: "Family Links", organisation: "org-red-rose", amount: 2_000_000, theme: "theme-parenting", quarterProfile: 500_000,
    indicators: [
      { id: "fx-i1", kind: "output", name: "Families supported", measure: "per_quarter", direction: "higher", targets: [20, 20] },
      { id: "fx-i2", kind: "outcome", name: "Families stepped down", measure: "per_quarter", direction: "higher", targets: [10, 10] },
    ],
    returns: [
      { quarter: Q1, status: "approved", late: false, actuals: { "fx-i1": 19, "fx-i2": 8 }, spend: 450_000, reached: [30, 0] },
      { quarter: Q2, status: "approved", late: false, actuals: { "fx-i1": 16, "fx-i2": 7 }, spend: 600_000, reached: [10, 25] },
    ],
  },
  {
    id: "fx-p2", title: "Youth Voice", organisation: "org-pennine-youth", amount: 1_200_000, theme: "theme-offending", quarterProfile: 300_000,
    indicators: [
      { id: "fx-i3", kind: "output", name: "Young people enrolled", measure: "cumulative", direction: "higher", targets: [10, 20] },
      { id: "fx-i4", kind: "outcome", name: "Exclusions", measure: "per_quarter", direction: "lower", targets: [4, 4] },
    ],
    returns: [
      { quarter: Q1, status: "approved", late: false, actuals: { "fx-i3": 12, "fx-i4": 5 }, spend: 240_000, reached: [12, 0] },
      { quarter: Q2, status: "approved", late: true, actuals: { "fx-i3": 19, "fx-i4": 5 }, spend: 300_000, reached: [7, 12] },
    ],
  },
  {
    id: "fx-p3", title: "Dads Matter", organisation: "org-fylde-parenting", amount: 800_000, theme: null, quarterProfile: 200_000,
    indicators: [{ id: "fx-i5", kind: "output", name: "Dads attending", measure: "per_quarter", direction: "higher", targets: [10, 10] }],
    returns: [
      { quarter: Q1, status: "approved", late: false, actuals: { "fx-i5": 10 }, spend: 200_000, reached: [9, 0] },
      { quarter: Q2, status: "submitted", late: false, actuals: { "fx-i5": 4 }, spend: 150_000, reached: [5, 0] },
    ],
  },
];

const DUE: Record<string, string> = { [Q1]: "2025-07-21", [Q2]: "2025-10-21" };
const PERIOD: Record<string, [string, string, number]> = { [Q1]: ["2025-04-01", "2025-06-30", 1], [Q2]: ["2025-07-01", "2025-09-30", 2] };

/** The pending Q2 return of P3, which a test approves late to change the live profile. */
export const PENDING_RETURN_ID = "fx-p3-2025-26-q2";

export async function seedProfileFixture(db: Executor = getDb()): Promise<void> {
  // Chorley's population aged 0 to 19: 20,000 entered for Q1, nothing yet for Q2, so the
  // profile uses the latest figure up to its quarter.
  await db.deleteFrom("context_values").where("district_id", "=", FIXTURE_DISTRICT).where("indicator_id", "=", POPULATION_INDICATOR_ID).execute();
  await db.insertInto("context_values").values({
    district_id: FIXTURE_DISTRICT, indicator_id: POPULATION_INDICATOR_ID, quarter: "2025-26 Q1", value: 20_000, updated_by: null, updated_at: AT,
  }).execute();
  await db.insertInto("unit_costs").values({
    id: "unit-cost-test-cin", code: "TEST-CIN", item: "Child in need case (test)", value_pence: 100_000, per: "case", price_year: 2024,
    cost_type: "fiscal", agency: "children's services", bearer: "council", source: "Test unit cost database, table 1", is_active: 1,
    created_at: AT, updated_at: AT, version: 1,
  }).execute();

  for (const p of PROJECTS) {
    await db.insertInto("projects").values({
      id: p.id, reference: `PRJ-FX-${p.id.slice(-1)}`, title: p.title, organisation_id: p.organisation, district_id: FIXTURE_DISTRICT,
      funding_stream_id: "stream-schools-forum", tender_id: null, bid_id: null, amount_pence: p.amount, start_date: "2025-04-01",
      end_date: "2026-03-31", status: "active", visit_required: 0, created_by: null, created_at: AT, updated_at: AT, version: 1,
    }).execute();
    if (p.theme) await db.insertInto("project_themes").values({ project_id: p.id, theme_id: p.theme }).execute();
    await db.insertInto("project_budget_lines").values(
      [Q1, Q2, "2025-26 Q3", "2025-26 Q4"].map((quarter, i) => ({ project_id: p.id, quarter, category: "delivery" as const, amount_pence: i < 2 ? p.quarterProfile : 0 })),
    ).execute();
    await db.insertInto("project_indicators").values(
      p.indicators.map((ind, i) => ({
        id: ind.id, project_id: p.id, position: i + 1, kind: ind.kind, name: ind.name, definition: ind.name, unit: "people",
        targets_json: JSON.stringify({ [Q1]: ind.targets[0], [Q2]: ind.targets[1] }), measure: ind.measure, direction: ind.direction, baseline: null,
      })),
    ).execute();
    await db.insertInto("ledger_entries").values({
      id: `${p.id}-commitment`, district_id: FIXTURE_DISTRICT, funding_stream_id: "stream-schools-forum", financial_year: 2025, kind: "commitment",
      amount_pence: p.amount, project_id: p.id, source_type: "direct", source_id: p.id, created_at: AT,
    }).execute();

    for (const r of p.returns) {
      const id = `${p.id}-${r.quarter.toLowerCase().replace(/ /g, "-")}`;
      const [start, end, n] = PERIOD[r.quarter];
      const submitted = r.late ? `${DUE[r.quarter]}T12:00:00.000Z`.replace(/-21T/, "-25T") : `${DUE[r.quarter]}T09:00:00.000Z`.replace(/-21T/, "-15T");
      const approved = r.status === "approved";
      await db.insertInto("returns").values({
        id, project_id: p.id, quarter: r.quarter, financial_year: 2025, quarter_number: n, period_start: start, period_end: end,
        due_date: DUE[r.quarter], status: r.status, late: r.late ? 1 : 0,
        outputs_complete: 1, outcomes_complete: 1, spend_complete: 1, beneficiaries_complete: 1, narrative_complete: 1, case_studies_complete: 1, evidence_complete: 1,
        highlights: null, challenges: null, risks: null, next_steps: null,
        first_submitted_at: submitted, submitted_at: submitted, submitted_by: null,
        approved_at: approved ? submitted : null, approved_by: null, created_at: AT, updated_at: AT, version: 2,
      }).execute();
      await db.insertInto("return_indicator_values").values(
        Object.entries(r.actuals).map(([indicatorId, actual]) => ({
          return_id: id, indicator_id: indicatorId, actual,
          comment: indicatorId === "fx-i2" && r.quarter === Q2 ? "Two families moved out of the area before their plans closed." : null,
        })),
      ).execute();
      await db.insertInto("return_spend").values({ return_id: id, category: "delivery", amount_pence: r.spend, variance_reason: null }).execute();
      // Each project's people in one age band, so the profile's split by age can be worked out by hand.
      const band = ({ "Family Links": "5-10", "Youth Voice": "11-15" } as const)[p.title as "Family Links" | "Youth Voice"] ?? "adults";
      await db.insertInto("return_beneficiaries").values({ return_id: id, age_band: band, new_count: r.reached[0], continuing_count: r.reached[1] }).execute();
      if (approved) {
        await db.insertInto("ledger_entries").values({
          id: `${id}-spend`, district_id: FIXTURE_DISTRICT, funding_stream_id: "stream-schools-forum", financial_year: 2025, kind: "spend",
          amount_pence: r.spend, project_id: p.id, source_type: "return", source_id: id, created_at: AT,
        }).execute();
      }
    }
  }

  await db.insertInto("indicator_unit_costs").values({
    indicator_id: "fx-i2", unit_cost_id: "unit-cost-test-cin", deadweight_percent: 20, attribution_percent: 25, optimism_bias_percent: 10,
    created_by: null, created_at: AT, updated_at: AT, version: 1,
  }).execute();
}

/** Approves the pending return the way an officer would, spend posted to the ledger. */
export async function approvePendingFixtureReturn(db: Executor = getDb()): Promise<void> {
  await db.updateTable("returns").set({ status: "approved", approved_at: "2026-01-10T10:00:00.000Z", version: 3 }).where("id", "=", PENDING_RETURN_ID).execute();
  await db.insertInto("ledger_entries").values({
    id: `${PENDING_RETURN_ID}-spend`, district_id: FIXTURE_DISTRICT, funding_stream_id: "stream-schools-forum", financial_year: 2025, kind: "spend",
    amount_pence: 150_000, project_id: "fx-p3", source_type: "return", source_id: PENDING_RETURN_ID, created_at: "2026-01-10T10:00:00.000Z",
  }).execute();
}
