// The demo's delivery data (demo/profiles.ts): every district has projects with figures
// to profile, the money adds up, the RAG spread has indicators at risk, every submitted
// return has its snapshot, and two seedings give the same rows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, getDb, type Db } from "../../db/client";
import { migrateToLatest } from "../../db/migrator";
import { seedDemoData } from "../../demo/seed";
import { DEMO_FILED_QUARTERS, seedDemoProfiles } from "../../demo/profiles";
import { seedUnitCosts } from "../../demo/unit-costs";
import { indicatorRag, ragThresholds } from "~/models/projects/rag.server";
import { DEFAULT_SETTINGS } from "~/models/admin/settings.server";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { getReturnDetail } from "~/models/returns/detail.server";
import { buildReturnSnapshot, parseReturnSnapshot, snapshotJson } from "~/models/returns/snapshot.server";
import { verifyAuditChain } from "~/models/audit/chain.server";
import { DEMO_DISTRICTS } from "../../demo/constants";

const THRESHOLDS = ragThresholds(DEFAULT_SETTINGS);
const MINE = "project-%"; // every project id the demo seeds, and the prefix of its returns' ids

/**
 * The demo data with the profiles, whether or not demo/seed.ts already seeds them (and the
 * unit costs they link to).
 */
async function seedAll(db: Db): Promise<void> {
  await seedDemoData(db, { withTenders: true });
  const seeded = await db.selectFrom("projects").select("id").where("id", "=", "project-burnley-street-mentors").executeTakeFirst();
  if (seeded) return;
  await db.transaction().execute(async (trx) => {
    const costs = await trx.selectFrom("unit_costs").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    if (Number(costs.n) === 0) await seedUnitCosts(trx);
    await seedDemoProfiles(trx);
  });
}

beforeAll(async () => {
  await seedAll(getDb());
});

const num = (v: unknown): number => Number(v);

describe("demo profiles: projects", () => {
  it("leaves an audit trail that verifies: every event in the chain", async () => {
    expect(await verifyAuditChain(getDb())).toEqual({ intact: true, events: expect.any(Number) });
  });

  it("gives every one of the 12 districts two or three projects, 29 in all", async () => {
    const rows = await getDb().selectFrom("projects").select(["district_id", (eb) => eb.fn.countAll<number>().as("n")]).groupBy("district_id").execute();
    const byDistrict = Object.fromEntries(rows.map((r) => [r.district_id, num(r.n)]));
    expect(Object.keys(byDistrict).sort()).toEqual(DEMO_DISTRICTS.map(([slug]) => `district-${slug}`).sort());
    for (const n of Object.values(byDistrict)) expect(n).toBeGreaterThanOrEqual(2);
    expect(Object.values(byDistrict).reduce((a, b) => a + b, 0)).toBe(29);
    expect(byDistrict["district-chorley"]).toBe(3);
    expect(byDistrict["district-burnley"]).toBe(3);
  });

  it("numbers projects on from PRJ-2026-002, by the financial year they started in", async () => {
    const refs = (await getDb().selectFrom("projects").select("reference").orderBy("reference").execute()).map((r) => r.reference);
    expect(refs).toEqual([
      ...Array.from({ length: 12 }, (_, i) => `PRJ-2025-${String(i + 1).padStart(3, "0")}`),
      ...Array.from({ length: 17 }, (_, i) => `PRJ-2026-${String(i + 1).padStart(3, "0")}`),
    ]);
  });

  it("spreads the work across six approved providers, with themes on every project", async () => {
    const db = getDb();
    const orgs = await db.selectFrom("projects").innerJoin("organisations", "organisations.id", "projects.organisation_id")
      .select(["organisations.id", "organisations.status"]).distinct().execute();
    expect(orgs.map((o) => o.id).sort()).toEqual([
      "org-bay-families", "org-east-lancs-mentoring", "org-fylde-parenting", "org-pennine-youth", "org-red-rose", "org-safe-haven",
    ]);
    expect(new Set(orgs.map((o) => o.status))).toEqual(new Set(["approved"]));
    const themed = await db.selectFrom("project_themes").select("project_id").distinct().where("project_id", "like", MINE).execute();
    expect(themed).toHaveLength(28); // every seeded project, and Preston Dads Matter
  });

  it("gives each project a budget that adds up to its amount, and an output and an outcome", async () => {
    const db = getDb();
    const projects = await db.selectFrom("projects").select(["id", "amount_pence"]).where("id", "like", MINE).execute();
    const budgets = await db.selectFrom("project_budget_lines").select(["project_id", (eb) => eb.fn.sum<number>("amount_pence").as("t")]).groupBy("project_id").execute();
    const kinds = await db.selectFrom("project_indicators").select(["project_id", "kind"]).execute();
    for (const p of projects.filter((x) => x.id !== "project-preston-dads")) {
      expect(num(budgets.find((b) => b.project_id === p.id)?.t), p.id).toBe(num(p.amount_pence));
      expect(new Set(kinds.filter((k) => k.project_id === p.id).map((k) => k.kind)), p.id).toEqual(new Set(["output", "outcome"]));
      expect(num(p.amount_pence)).toBeGreaterThanOrEqual(800_000);
      expect(num(p.amount_pence)).toBeLessThanOrEqual(4_000_000);
    }
  });

  it("holds exactly what the spec says for Burnley School Inclusion Project", async () => {
    const db = getDb();
    const id = "project-burnley-school-inclusion";
    const project = await db.selectFrom("projects").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(project).toMatchObject({
      reference: "PRJ-2026-003", organisation_id: "org-pennine-youth", district_id: "district-burnley", funding_stream_id: "stream-schools-forum",
      amount_pence: 2_800_000, start_date: "2026-04-01", end_date: "2027-03-31", status: "active", visit_required: 1,
    });
    const lines = await db.selectFrom("project_budget_lines").select(["quarter", "category", "amount_pence"]).where("project_id", "=", id)
      .where("quarter", "=", "2026-27 Q1").orderBy("category").execute();
    expect(lines.map((l) => [l.category, num(l.amount_pence)])).toEqual([["delivery", 140_000], ["overheads", 70_000], ["staff", 490_000]]);
    const excluded = await db.selectFrom("project_indicators").selectAll().where("id", "=", `${id}-indicator-3`).executeTakeFirstOrThrow();
    expect(excluded).toMatchObject({ kind: "outcome", name: "Children excluded from school", measure: "per_quarter", direction: "lower" });
    expect(JSON.parse(excluded.targets_json)).toEqual({ "2026-27 Q1": 4, "2026-27 Q2": 4, "2026-27 Q3": 4, "2026-27 Q4": 4 });
    const plans = await db.selectFrom("project_indicators").select("targets_json").where("id", "=", `${id}-indicator-1`).executeTakeFirstOrThrow();
    expect(JSON.parse(plans.targets_json)).toEqual({ "2026-27 Q1": 12, "2026-27 Q2": 24, "2026-27 Q3": 36, "2026-27 Q4": 48 });
    const values = await db.selectFrom("return_indicator_values").select(["return_id", "actual", "comment"]).where("indicator_id", "=", excluded.id).orderBy("return_id").execute();
    expect(values.map((v) => [v.return_id, num(v.actual)])).toEqual([[`${id}-return-2026-27-q1`, 5], [`${id}-return-2026-27-q2`, 6]]);
    expect(values[1].comment).toBe("Six suspensions in the first weeks of term, most in one school that changed its behaviour policy in September.");
    const returns = await db.selectFrom("returns").select(["quarter", "status", "due_date", "late"]).where("project_id", "=", id).orderBy("quarter").execute();
    expect(returns).toEqual([
      { quarter: "2026-27 Q1", status: "approved", due_date: "2026-07-21", late: 0 },
      { quarter: "2026-27 Q2", status: "approved", due_date: "2026-10-21", late: 0 },
      { quarter: "2026-27 Q3", status: "not_started", due_date: "2027-01-21", late: 0 },
      { quarter: "2026-27 Q4", status: "not_started", due_date: "2027-04-21", late: 0 },
    ]);
  });
});

describe("demo profiles: returns", () => {
  it("files the quarters to 2026-27 Q2: mostly approved, some waiting, one queried, two overdue", async () => {
    const rows = await getDb().selectFrom("returns").select(["quarter", "status", (eb) => eb.fn.countAll<number>().as("n")])
      .where("quarter", "in", [...DEMO_FILED_QUARTERS]).groupBy(["quarter", "status"]).execute();
    const counts = Object.fromEntries(rows.map((r) => [`${r.quarter} ${r.status}`, num(r.n)]));
    expect(counts).toEqual({
      "2025-26 Q3 approved": 12,
      "2025-26 Q4 approved": 12,
      "2026-27 Q1 approved": 28,
      "2026-27 Q2 approved": 21,
      "2026-27 Q2 submitted": 4, // three seeded here, and Chorley Family Links'
      "2026-27 Q2 queried": 1,
      "2026-27 Q2 draft": 1,
      "2026-27 Q2 not_started": 2, // one seeded here, and Preston Dads Matter's
    });
  });

  it("marks as late exactly the returns first submitted after their due date", async () => {
    const rows = await getDb().selectFrom("returns").select(["id", "late", "first_submitted_at", "due_date"]).where("id", "like", MINE).execute();
    for (const r of rows) {
      const late = r.first_submitted_at !== null && r.first_submitted_at.slice(0, 10) > r.due_date;
      expect(r.late, r.id).toBe(late ? 1 : 0);
    }
    expect(rows.filter((r) => r.late === 1).map((r) => r.id).sort()).toEqual([
      "project-hyndburn-family-nest-return-2026-27-q1",
      "project-pendle-youth-outreach-return-2026-27-q2",
      "project-preston-pathways-to-work-return-2026-27-q2",
      "project-rossendale-safe-at-home-return-2026-27-q1",
      "project-wyre-safer-streets-return-2025-26-q4",
    ]);
  });

  it("keeps a version of every submitted return identical to the snapshot the portal would take", async () => {
    const db = getDb();
    const filed = await db.selectFrom("returns").select(["id", "status"]).where("id", "like", MINE).where("first_submitted_at", "is not", null).execute();
    const versions = await db.selectFrom("return_versions").select(["return_id", "number", "content_json"]).where("return_id", "like", MINE).execute();
    expect(versions).toHaveLength(filed.length);
    for (const r of filed) {
      const stored = versions.find((v) => v.return_id === r.id);
      expect(stored?.number, r.id).toBe(1);
      expect(parseReturnSnapshot(stored!.content_json), r.id).not.toBeNull();
      const detail = await getReturnDetail(db, r.id);
      expect(stored!.content_json, r.id).toBe(snapshotJson(buildReturnSnapshot(detail!)));
    }
  });

  it("records spend, people reached and the narrative on every approved return", async () => {
    const db = getDb();
    const approved = await db.selectFrom("returns").select(["id", "highlights"]).where("id", "like", MINE).where("status", "=", "approved").execute();
    expect(approved).toHaveLength(72);
    const spend = await db.selectFrom("return_spend").select("return_id").distinct().where("return_id", "like", MINE).execute();
    const reach = await db.selectFrom("return_beneficiaries").select(["return_id", (eb) => eb.fn.sum<number>("new_count").as("n")]).groupBy("return_id").execute();
    for (const r of approved) {
      expect(spend.some((s) => s.return_id === r.id), r.id).toBe(true);
      expect(num(reach.find((b) => b.return_id === r.id)?.n ?? 0), r.id).toBeGreaterThan(0);
      expect(r.highlights, r.id).toBeTruthy();
    }
  });

  it("queries one return on the figure in doubt", async () => {
    const queries = await getDb().selectFrom("return_queries").selectAll().where("return_id", "like", MINE).execute();
    expect(queries).toEqual([{
      id: "project-pendle-parenting-together-return-2026-27-q2-query-1", return_id: "project-pendle-parenting-together-return-2026-27-q2",
      version_number: 1, section: "outcomes", indicator_id: "project-pendle-parenting-together-indicator-2",
      comment: "You report 14 parents with improved confidence, but only 9 completed the programme this quarter. Please check the figure against the end-of-course questionnaires.",
      created_by: "user-officer", created_at: "2026-10-24T11:45:00.000Z",
    }]);
  });
});

describe("demo profiles: RAG", () => {
  async function ragsByIndicator() {
    const rows = await getDb().selectFrom("return_indicator_values")
      .innerJoin("returns", "returns.id", "return_indicator_values.return_id")
      .innerJoin("project_indicators", "project_indicators.id", "return_indicator_values.indicator_id")
      .select(["project_indicators.id", "project_indicators.targets_json", "project_indicators.direction", "returns.quarter", "return_indicator_values.actual"])
      .where("returns.status", "=", "approved")
      .execute();
    const out = new Map<string, Record<string, string>>();
    for (const r of rows) {
      const target = JSON.parse(r.targets_json)[r.quarter] as number;
      const rag = indicatorRag({ actual: num(r.actual), target, direction: r.direction }, THRESHOLDS).rag;
      out.set(r.id, { ...out.get(r.id), [r.quarter]: rag });
    }
    return out;
  }

  it("is mostly green, with some amber and a few red in each quarter of 2026-27", async () => {
    const rags = await ragsByIndicator();
    for (const quarter of ["2026-27 Q1", "2026-27 Q2"]) {
      const counts = { green: 0, amber: 0, red: 0 } as Record<string, number>;
      for (const q of rags.values()) if (q[quarter]) counts[q[quarter]] += 1;
      expect(counts.green, quarter).toBeGreaterThan(4 * (counts.amber + counts.red));
      expect(counts.amber, quarter).toBeGreaterThanOrEqual(3);
      expect(counts.red, quarter).toBeGreaterThanOrEqual(2);
    }
  });

  it("has four indicators at risk (red or amber in both 2026-27 Q1 and Q2), two with agreed actions, one in Chorley", async () => {
    const db = getDb();
    const rags = await ragsByIndicator();
    const atRisk = [...rags.entries()]
      .filter(([, q]) => q["2026-27 Q1"] && q["2026-27 Q1"] !== "green" && q["2026-27 Q2"] && q["2026-27 Q2"] !== "green")
      .map(([id]) => id)
      .sort();
    expect(atRisk).toEqual([
      "project-burnley-school-inclusion-indicator-3",
      "project-chorley-youth-wellbeing-indicator-2",
      "project-hyndburn-family-nest-indicator-3",
      "project-lancaster-healthy-relationships-indicator-2",
    ]);
    // The provider explained every figure at risk.
    const comments = await db.selectFrom("return_indicator_values").innerJoin("returns", "returns.id", "return_indicator_values.return_id")
      .select(["return_indicator_values.indicator_id", "return_indicator_values.comment"])
      .where("return_indicator_values.indicator_id", "in", atRisk).where("returns.quarter", "in", ["2026-27 Q1", "2026-27 Q2"]).execute();
    expect(comments).toHaveLength(8);
    for (const c of comments) expect(c.comment, c.indicator_id).toBeTruthy();

    const actions = await db.selectFrom("profile_actions").innerJoin("project_indicators", "project_indicators.id", "profile_actions.indicator_id")
      .innerJoin("projects", "projects.id", "project_indicators.project_id")
      .select(["profile_actions.indicator_id", "profile_actions.quarter", "profile_actions.owner", "profile_actions.due_date", "profile_actions.created_by", "projects.district_id"])
      .orderBy("profile_actions.id").execute();
    expect(actions).toEqual([
      { indicator_id: "project-chorley-youth-wellbeing-indicator-2", quarter: "2026-27 Q2", owner: "Chris Chorley, with Pennine Youth Partnership",
        due_date: "2027-01-29", created_by: "user-chorley-officer", district_id: "district-chorley" },
      { indicator_id: "project-burnley-school-inclusion-indicator-3", quarter: "2026-27 Q2", owner: "Sam Okafor, Pennine Youth Partnership",
        due_date: "2027-02-26", created_by: "user-officer", district_id: "district-burnley" },
    ]);
    for (const a of actions) expect(atRisk).toContain(a.indicator_id);
  });
});

describe("demo profiles: money", () => {
  it("keeps each district's 2026-27 commitments within its £80,000 allocation, and its 2025-26 ones too", async () => {
    const db = getDb();
    const allocations = await db.selectFrom("allocations").select(["district_id", "financial_year", "amount_pence"])
      .where("funding_stream_id", "=", "stream-schools-forum").execute();
    const committed = await db.selectFrom("ledger_entries").select(["district_id", "financial_year", (eb) => eb.fn.sum<number>("amount_pence").as("t")])
      .where("funding_stream_id", "=", "stream-schools-forum").where("kind", "=", "commitment").groupBy(["district_id", "financial_year"]).execute();
    const c2026 = committed.filter((c) => num(c.financial_year) === 2026);
    expect(c2026).toHaveLength(12);
    for (const c of committed) {
      const allocation = allocations.find((a) => a.district_id === c.district_id && num(a.financial_year) === num(c.financial_year));
      expect(num(c.t), `${c.district_id} ${c.financial_year}`).toBeLessThanOrEqual(num(allocation?.amount_pence ?? 0));
    }
    expect(num(c2026.find((c) => c.district_id === "district-chorley")?.t)).toBe(6_400_000); // £18,000 + £30,000 + £16,000
  });

  it("commits each project's amount, split by financial year as its budget falls", async () => {
    const db = getDb();
    const projects = await db.selectFrom("projects").select(["id", "amount_pence"]).where("id", "like", MINE).execute();
    const entries = await db.selectFrom("ledger_entries").select(["project_id", "financial_year", "amount_pence", "source_type", "source_id"])
      .where("kind", "=", "commitment").execute();
    for (const p of projects) {
      const mine = entries.filter((e) => e.project_id === p.id);
      expect(mine.reduce((sum, e) => sum + num(e.amount_pence), 0), p.id).toBe(num(p.amount_pence));
      for (const e of mine) expect([e.source_type, e.source_id]).toEqual(["direct", p.id]);
    }
    // Started in October 2025: two of its six quarters fall in 2025-26.
    const mentors = entries.filter((e) => e.project_id === "project-burnley-street-mentors").map((e) => [num(e.financial_year), num(e.amount_pence)]);
    expect(mentors.sort()).toEqual([[2025, 1_200_000], [2026, 2_400_000]]);
  });

  it("records one spend entry per approved return, for its total spend in its financial year", async () => {
    const db = getDb();
    const approved = await db.selectFrom("returns").select(["id", "financial_year", "project_id"]).where("status", "=", "approved").execute();
    const spend = await db.selectFrom("return_spend").select(["return_id", (eb) => eb.fn.sum<number>("amount_pence").as("t")]).groupBy("return_id").execute();
    const entries = await db.selectFrom("ledger_entries").select(["source_id", "financial_year", "amount_pence", "project_id"]).where("kind", "=", "spend").execute();
    expect(entries).toHaveLength(approved.length);
    for (const r of approved) {
      const entry = entries.filter((e) => e.source_id === r.id);
      expect(entry, r.id).toHaveLength(1);
      expect(num(entry[0].amount_pence), r.id).toBe(num(spend.find((s) => s.return_id === r.id)?.t));
      expect(num(entry[0].financial_year), r.id).toBe(num(r.financial_year));
      expect(entry[0].project_id).toBe(r.project_id);
    }
    const q2 = entries.find((e) => e.source_id === "project-burnley-school-inclusion-return-2026-27-q2");
    expect(num(q2?.amount_pence)).toBe(721_000); // 103% of the £7,000 profile: £5,047 staff, £1,442 delivery, £721 overheads
  });

  it("audits every ledger entry it makes", async () => {
    const db = getDb();
    const entries = await db.selectFrom("ledger_entries").select("id").where("id", "like", "ledger-%").execute();
    const audits = await db.selectFrom("audit_events").select(["record_id", "action"]).where("record_type", "=", "ledger_entry").execute();
    for (const e of entries) expect(audits.some((a) => a.record_id === e.id), e.id).toBe(true);
  });
});

describe("demo profiles: value, stories and visits", () => {
  it("links only outcomes where higher is better to unit costs, with Chorley Safe Steps at the Home Office cost", async () => {
    const db = getDb();
    const links = await db.selectFrom("indicator_unit_costs").innerJoin("project_indicators", "project_indicators.id", "indicator_unit_costs.indicator_id")
      .select(["indicator_unit_costs.indicator_id", "indicator_unit_costs.unit_cost_id", "indicator_unit_costs.deadweight_percent",
        "indicator_unit_costs.attribution_percent", "indicator_unit_costs.optimism_bias_percent", "project_indicators.kind", "project_indicators.direction"])
      .execute();
    expect(links).toHaveLength(17);
    for (const l of links) {
      expect([l.kind, l.direction], l.indicator_id).toEqual(["outcome", "higher"]);
      expect(num(l.deadweight_percent)).toBeGreaterThanOrEqual(20);
      expect(num(l.deadweight_percent)).toBeLessThanOrEqual(40);
      expect(num(l.attribution_percent)).toBeGreaterThanOrEqual(20);
      expect(num(l.attribution_percent)).toBeLessThanOrEqual(50);
      expect(num(l.optimism_bias_percent)).toBeGreaterThanOrEqual(10);
      expect(num(l.optimism_bias_percent)).toBeLessThanOrEqual(30);
    }
    const da = links.find((l) => l.indicator_id === "project-chorley-safe-steps-indicator-2");
    expect(da && [da.unit_cost_id, num(da.deadweight_percent), num(da.attribution_percent), num(da.optimism_bias_percent)]).toEqual(["unit-cost-ho107", 35, 50, 30]);
  });

  it("has a consented case study on an approved 2026-27 return in every district, and Chorley's officer has chosen two", async () => {
    const db = getDb();
    const stories = await db.selectFrom("case_studies").innerJoin("returns", "returns.id", "case_studies.return_id")
      .innerJoin("projects", "projects.id", "returns.project_id")
      .select(["case_studies.id", "case_studies.consent_confirmed", "case_studies.story", "returns.status", "returns.quarter", "projects.district_id"])
      .execute();
    const districts = new Set(stories.filter((s) => s.consent_confirmed === 1 && s.status === "approved" && s.quarter.startsWith("2026-27")).map((s) => s.district_id));
    expect(districts.size).toBe(12);
    const mine = stories.filter((s) => s.id.startsWith("project-"));
    expect(mine).toHaveLength(12);
    const themed = await db.selectFrom("case_study_themes").select("case_study_id").distinct().where("case_study_id", "like", MINE).execute();
    expect(themed).toHaveLength(12);

    const chosen = await db.selectFrom("profile_case_studies").selectAll().orderBy("position").execute();
    expect(chosen.map((c) => [c.district_id, c.quarter, c.position])).toEqual([["district-chorley", "2026-27 Q2", 1], ["district-chorley", "2026-27 Q2", 2]]);
    expect(chosen[0].case_study_id).toBe("project-chorley-safe-steps-return-2026-27-q2-case-study");
    const familyLinks = await db.selectFrom("case_studies").innerJoin("returns", "returns.id", "case_studies.return_id")
      .innerJoin("projects", "projects.id", "returns.project_id").select("case_studies.id").where("projects.reference", "=", "PRJ-2026-001").executeTakeFirstOrThrow();
    expect(chosen[1].case_study_id).toBe(familyLinks.id);
  });

  it("has graded monitoring visits on the larger projects, one with an open action", async () => {
    const db = getDb();
    const visits = await db.selectFrom("monitoring_visits").innerJoin("projects", "projects.id", "monitoring_visits.project_id")
      .select(["monitoring_visits.id", "monitoring_visits.overall_grade", "projects.amount_pence"]).where("monitoring_visits.id", "like", "visit-%").execute();
    const seeded = visits.filter((v) => v.id !== "visit-chorley-family-links");
    expect(seeded).toHaveLength(8);
    for (const v of seeded) expect(num(v.amount_pence), v.id).toBeGreaterThanOrEqual(3_000_000);
    expect(seeded.find((v) => v.id === "visit-hyndburn-family-nest")?.overall_grade).toBe(3);
    const grades = await db.selectFrom("visit_grades").select(["visit_id"]).where("visit_id", "in", seeded.map((v) => v.id)).execute();
    expect(grades).toHaveLength(40);
    const actions = await db.selectFrom("visit_actions").select(["visit_id", "status"]).where("visit_id", "in", seeded.map((v) => v.id)).execute();
    expect(actions).toEqual([{ visit_id: "visit-hyndburn-family-nest", status: "open" }]);
  });
});

describe("demo profiles: determinism and order", () => {
  let second: TestDatabase;
  let db2: Db;

  beforeAll(async () => {
    second = await createTestDatabase();
    db2 = createDb(second.url);
    await migrateToLatest(db2);
  });

  afterAll(async () => {
    await db2?.destroy();
    await second?.drop();
  });

  /** Every row the demo profiles seed (rows from other seeds with generated ids are left out). */
  async function seededRows(db: Db) {
    const sorted = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();
    const returnIds = (await db.selectFrom("returns").select("id").where("id", "like", MINE).execute()).map((r) => r.id);
    return {
      organisations: sorted(await db.selectFrom("organisations").selectAll().execute()),
      projects: sorted(await db.selectFrom("projects").selectAll().where("id", "like", MINE).execute()),
      themes: sorted(await db.selectFrom("project_themes").selectAll().where("project_id", "like", MINE).execute()),
      budget: sorted(await db.selectFrom("project_budget_lines").selectAll().where("project_id", "like", MINE).execute()),
      indicators: sorted(await db.selectFrom("project_indicators").selectAll().where("project_id", "like", MINE).execute()),
      returns: sorted(await db.selectFrom("returns").selectAll().where("id", "in", returnIds).execute()),
      values: sorted(await db.selectFrom("return_indicator_values").selectAll().where("return_id", "in", returnIds).execute()),
      spend: sorted(await db.selectFrom("return_spend").selectAll().where("return_id", "in", returnIds).execute()),
      reach: sorted(await db.selectFrom("return_beneficiaries").selectAll().where("return_id", "in", returnIds).execute()),
      versions: sorted(await db.selectFrom("return_versions").selectAll().where("return_id", "in", returnIds).execute()),
      queries: sorted(await db.selectFrom("return_queries").selectAll().where("return_id", "in", returnIds).execute()),
      caseStudies: sorted(await db.selectFrom("case_studies").selectAll().where("return_id", "in", returnIds).execute()),
      visits: sorted(await db.selectFrom("monitoring_visits").selectAll().where("project_id", "like", MINE).execute()),
      links: sorted(await db.selectFrom("indicator_unit_costs").selectAll().execute()),
      ledger: sorted(await db.selectFrom("ledger_entries").selectAll().where("id", "like", "ledger-%").execute()),
      actions: sorted(await db.selectFrom("profile_actions").selectAll().execute()),
      chosen: sorted(await db.selectFrom("profile_case_studies").selectAll().where("case_study_id", "like", MINE).execute()),
    };
  }

  it("refuses to run before the unit costs it links to are seeded, and writes nothing", async () => {
    // A fresh database: nothing seeded at all, so no unit costs either.
    await expect(db2.transaction().execute((trx) => seedDemoProfiles(trx))).rejects.toThrow(
      "Seed the unit costs before the demo profiles: unit-cost-cr4-0, unit-cost-e-s2-0",
    );
    const projects = await db2.selectFrom("projects").select("id").execute();
    expect(projects).toEqual([]);
  });

  it("gives identical rows in a second fresh database", async () => {
    await seedAll(db2);
    const first = await seededRows(getDb());
    const again = await seededRows(db2);
    expect(first.projects).toHaveLength(28);
    expect(first.returns.length).toBeGreaterThan(100);
    expect(again).toEqual(first);
  });
});
