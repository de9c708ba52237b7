// The profile's trend over eight quarters and its comparison with the county, against the
// hand-computed Chorley of tests/helpers/profile-fixture.ts and a small Preston added here.
// Every expected figure below was worked out on paper from that data.
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { POPULATION_INDICATOR_ID } from "~/models/context/population";
import { computeCountySummary } from "~/models/profiles/county.server";
import { compareWithCounty } from "~/models/profiles/comparison";
import { publicProfileView } from "~/policies/profiles";
import { changeSeq, keepProfiles, readDigest, writeDigest } from "~/models/profiles/results.server";
import { computeProfile } from "~/models/profiles/compute.server";
import { publishProfile } from "~/models/profiles/publishing.server";
import { ukToday } from "~/lib/dates";
import { recordAudit } from "~/models/audit/record.server";
import { loader as profileLoader } from "~/routes/profiles.$districtId._index";
import { loader as csvLoader } from "~/routes/profiles.$districtId.profile[.]csv";
import { loader as xlsxLoader } from "~/routes/profiles.$districtId.profile[.]xlsx";
import { loader as pdfLoader } from "~/routes/profiles.$districtId.profile[.]pdf";
import { loader as countyLoader } from "~/routes/profiles._index";
import { loader as countyXlsxLoader } from "~/routes/profiles[.]xlsx";
import type { DistrictProfile, ProfileComparisonRow } from "~/profiles/types";
import { FIXTURE_DISTRICT, FIXTURE_QUARTER, seedProfileFixture } from "../helpers/profile-fixture";
import { readPdf } from "../helpers/pdf-text";
import { createTestUser, getRequest, jsonOf, run, type TestUser } from "../helpers/requests";

const Q = encodeURIComponent(FIXTURE_QUARTER);
// The live page's date: kept figures are for the day they are asked on.
const TODAY = ukToday();
const AT = "2025-04-01T09:00:00.000Z";
let chorleyOfficer: TestUser;
let viewer: TestUser;

/**
 * Preston: one project, "Preston Parents" (Red Rose), £10,000, profile £2,500 a quarter, both
 * quarters approved on time, £2,500 spent each. I6 output targets 10, 10, actuals 10, 10; I7
 * outcome targets 5, 5, actuals 5, 5, linked to TEST-CIN with no adjustments. Reached: Q1 20
 * new, Q2 10 new and 20 continuing, all aged 0 to 4. Population 0 to 19: 10,000. Every other
 * district's population figure is taken away, so only these two are compared for reach.
 */
async function seedPreston() {
  const db = getDb();
  await db.deleteFrom("context_values").where("indicator_id", "=", POPULATION_INDICATOR_ID).where("district_id", "!=", FIXTURE_DISTRICT).execute();
  await db.insertInto("context_values").values({
    district_id: "district-preston", indicator_id: POPULATION_INDICATOR_ID, quarter: "2025-26 Q2", value: 10_000, updated_by: null, updated_at: AT,
  }).execute();
  await db.insertInto("projects").values({
    id: "fx-preston", reference: "PRJ-FX-PR", title: "Preston Parents", organisation_id: "org-red-rose", district_id: "district-preston",
    funding_stream_id: "stream-schools-forum", tender_id: null, bid_id: null, amount_pence: 1_000_000, start_date: "2025-04-01",
    end_date: "2026-03-31", status: "active", visit_required: 0, created_by: null, created_at: AT, updated_at: AT, version: 1,
  }).execute();
  await db.insertInto("project_budget_lines").values(
    ["2025-26 Q1", "2025-26 Q2", "2025-26 Q3", "2025-26 Q4"].map((quarter) => ({ project_id: "fx-preston", quarter, category: "delivery" as const, amount_pence: 250_000 })),
  ).execute();
  await db.insertInto("project_indicators").values([
    { id: "fx-i6", project_id: "fx-preston", position: 1, kind: "output", name: "Parents attending", definition: "Parents attending", unit: "people",
      targets_json: JSON.stringify({ "2025-26 Q1": 10, "2025-26 Q2": 10 }), measure: "per_quarter", direction: "higher", baseline: null },
    { id: "fx-i7", project_id: "fx-preston", position: 2, kind: "outcome", name: "Families stepped down", definition: "Families stepped down", unit: "families",
      targets_json: JSON.stringify({ "2025-26 Q1": 5, "2025-26 Q2": 5 }), measure: "per_quarter", direction: "higher", baseline: null },
  ]).execute();
  await db.insertInto("ledger_entries").values({
    id: "fx-preston-commitment", district_id: "district-preston", funding_stream_id: "stream-schools-forum", financial_year: 2025, kind: "commitment",
    amount_pence: 1_000_000, project_id: "fx-preston", source_type: "direct", source_id: "fx-preston", created_at: AT,
  }).execute();
  for (const [n, quarter, start, end, due, reached] of [
    [1, "2025-26 Q1", "2025-04-01", "2025-06-30", "2025-07-21", [20, 0]],
    [2, "2025-26 Q2", "2025-07-01", "2025-09-30", "2025-10-21", [10, 20]],
  ] as const) {
    const id = `fx-preston-q${n}`;
    const submitted = `${due.slice(0, 8)}15T09:00:00.000Z`;
    await db.insertInto("returns").values({
      id, project_id: "fx-preston", quarter, financial_year: 2025, quarter_number: n, period_start: start, period_end: end, due_date: due,
      status: "approved", late: 0, outputs_complete: 1, outcomes_complete: 1, spend_complete: 1, beneficiaries_complete: 1, narrative_complete: 1,
      case_studies_complete: 1, evidence_complete: 1, highlights: null, challenges: null, risks: null, next_steps: null,
      first_submitted_at: submitted, submitted_at: submitted, submitted_by: null, approved_at: submitted, approved_by: null, created_at: AT, updated_at: AT, version: 2,
    }).execute();
    await db.insertInto("return_indicator_values").values([{ return_id: id, indicator_id: "fx-i6", actual: 10, comment: null }, { return_id: id, indicator_id: "fx-i7", actual: 5, comment: null }]).execute();
    await db.insertInto("return_spend").values({ return_id: id, category: "delivery", amount_pence: 250_000, variance_reason: null }).execute();
    await db.insertInto("return_beneficiaries").values({ return_id: id, age_band: "0-4", new_count: reached[0], continuing_count: reached[1] }).execute();
    await db.insertInto("ledger_entries").values({
      id: `${id}-spend`, district_id: "district-preston", funding_stream_id: "stream-schools-forum", financial_year: 2025, kind: "spend",
      amount_pence: 250_000, project_id: "fx-preston", source_type: "return", source_id: id, created_at: AT,
    }).execute();
  }
  await db.insertInto("indicator_unit_costs").values({
    indicator_id: "fx-i7", unit_cost_id: "unit-cost-test-cin", deadweight_percent: 0, attribution_percent: 0, optimism_bias_percent: 0,
    created_by: null, created_at: AT, updated_at: AT, version: 1,
  }).execute();
}

beforeAll(async () => {
  await seedDemoData(getDb());
  await seedProfileFixture();
  await seedPreston();
  chorleyOfficer = await createTestUser({ roles: ["officer"], districtIds: [FIXTURE_DISTRICT] });
  viewer = await createTestUser({ roles: ["viewer"] });
});

async function liveProfile(): Promise<DistrictProfile> {
  const response = await run(profileLoader, await getRequest(`/profiles/${FIXTURE_DISTRICT}?quarter=${Q}`, chorleyOfficer), { districtId: FIXTURE_DISTRICT });
  expect(response.status).toBe(200);
  return (await jsonOf<{ profile: DistrictProfile }>(response)).profile;
}

const EMPTY_QUARTER = {
  projectsLive: 0, spendProfilePence: 0, spendActualPence: 0, peopleReached: 0, outputsPercent: null, outcomesPercent: null,
  rag: { outputs: { green: 0, amber: 0, red: 0 }, outcomes: { green: 0, amber: 0, red: 0 }, spend: { green: 0, amber: 0, red: 0 } },
  costAvoidedPence: null,
};

// Chorley's 2025-26 Q1: profiles £5,000 + £3,000 + £2,000; approved spend £4,500 + £2,400 + £2,000;
// 30 + 12 + 9 reached. Outputs 19/20 = 95%, 12/10 = 120%, 10/10 = 100%: median 100%, all green.
// Outcomes 8/10 = 80% and 4/5 = 80% (exclusions, lower is better): median 80%, both amber.
// Spend −10% (green at the boundary), −20% (amber at the boundary), 0%. Costs avoided:
// 8 × £1,020 × 0.8 × 0.75 × 0.9 = £4,406.40.
const CHORLEY_Q1 = {
  quarter: "2025-26 Q1", projectsLive: 3, spendProfilePence: 1_000_000, spendActualPence: 890_000, peopleReached: 51,
  outputsPercent: 100, outcomesPercent: 80,
  rag: { outputs: { green: 3, amber: 0, red: 0 }, outcomes: { green: 0, amber: 2, red: 0 }, spend: { green: 2, amber: 1, red: 0 } },
  costAvoidedPence: 440_640,
};
// Q2: approved spend £6,000 + £3,000 (Dads Matter's £1,500 is pending); 35 + 19 reached. Outputs
// 16/20 = 80% and 19/20 = 95% (cumulative): median 87.5%. Outcomes 70% and 80%: median 75%. Costs
// avoided in the quarter: the year's £8,262.00 less Q1's £4,406.40 = £3,855.60 (7 × £550.80).
const CHORLEY_Q2 = {
  quarter: "2025-26 Q2", projectsLive: 3, spendProfilePence: 1_000_000, spendActualPence: 900_000, peopleReached: 54,
  outputsPercent: 87.5, outcomesPercent: 75,
  rag: { outputs: { green: 1, amber: 1, red: 0 }, outcomes: { green: 0, amber: 1, red: 1 }, spend: { green: 3, amber: 0, red: 0 } },
  costAvoidedPence: 385_560,
};

describe("the trend over eight quarters", () => {
  it("gives each quarter as its own profile does, the six before the projects began empty", async () => {
    const p = await liveProfile();
    expect(p.trend!.map((t) => t.quarter)).toEqual(["2023-24 Q3", "2023-24 Q4", "2024-25 Q1", "2024-25 Q2", "2024-25 Q3", "2024-25 Q4", "2025-26 Q1", "2025-26 Q2"]);
    for (const point of p.trend!.slice(0, 6)) expect(point).toEqual({ ...EMPTY_QUARTER, quarter: point.quarter });
    expect(p.trend![6]).toEqual(CHORLEY_Q1);
    expect(p.trend![7]).toEqual(CHORLEY_Q2);
  });

  it("gives the county's trend: Chorley and Preston together, the medians over both districts' indicators", async () => {
    const { summary } = await computeCountySummary(getDb(), { quarter: FIXTURE_QUARTER, asOf: "2026-12-06", now: "2026-12-06T10:00:00.000Z" });
    const [q1, q2] = summary.trend!.slice(6);
    // Q1: Chorley's and Preston's together. Outputs 95, 100, 100, 120 (Preston's 10/10): median 100.
    // Outcomes 80, 80, 100: median 80. Preston's 5 outcomes × £1,020 = £5,100 avoided.
    expect(q1).toEqual({
      ...CHORLEY_Q1, projectsLive: 4, spendProfilePence: 1_250_000, spendActualPence: 1_140_000, peopleReached: 71, outputsPercent: 100, outcomesPercent: 80,
      rag: { outputs: { green: 4, amber: 0, red: 0 }, outcomes: { green: 1, amber: 2, red: 0 }, spend: { green: 3, amber: 1, red: 0 } },
      costAvoidedPence: 440_640 + 510_000,
    });
    // Q2: outputs 80, 95, 100: median 95. Outcomes 70, 80, 100: median 80. Preston reached 30.
    expect(q2).toEqual({
      ...CHORLEY_Q2, projectsLive: 4, spendProfilePence: 1_250_000, spendActualPence: 1_150_000, peopleReached: 84, outputsPercent: 95, outcomesPercent: 80,
      rag: { outputs: { green: 2, amber: 1, red: 0 }, outcomes: { green: 1, amber: 1, red: 1 }, spend: { green: 4, amber: 0, red: 0 } },
      costAvoidedPence: 385_560 + 510_000,
    });
  });

  it("gives the county's trend on the county view and in its workbook, for a county-wide officer", async () => {
    const countyOfficer = await createTestUser({ roles: ["officer"], countyWide: true });
    const page = await jsonOf(await run(countyLoader, await getRequest(`/profiles?quarter=${Q}`, countyOfficer)));
    expect(page.county.trend.at(-1)).toMatchObject({ quarter: "2025-26 Q2", peopleReached: 84, outputsPercent: 95, costAvoidedPence: 385_560 + 510_000 });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (await run(countyXlsxLoader, await getRequest(`/profiles.xlsx?quarter=${Q}`, countyOfficer))).arrayBuffer());
    const rows = workbook.getWorksheet("County trend")!.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows.find((r) => r[1] === "2025-26 Q2")!.slice(1, 6)).toEqual(["2025-26 Q2", 4, 12_500, 11_500, 84]);
  });

  it("puts the trend in the CSV, the XLSX and the PDF", async () => {
    const csv = await (await run(csvLoader, await getRequest(`/profiles/${FIXTURE_DISTRICT}/profile.csv?quarter=${Q}`, chorleyOfficer), { districtId: FIXTURE_DISTRICT })).text();
    expect(csv).toContain("Trend,,,,,,People reached in the quarter,2025-26 Q2,54,people");
    expect(csv).toContain("Trend,,,,,,Estimated costs avoided in the quarter,2025-26 Q1,4406.40,GBP");
    expect(csv).toContain("Trend,,,,,,Outputs: median indicator's % of its target,2025-26 Q2,87.5,percent");
    expect(csv).toContain("Compared with the county,,,,,Chorley,Estimated costs avoided per £1 spent,2025-26 Q2,0.79,GBP per GBP");
    expect(csv).toContain("Compared with the county,,,,,Rank among districts,Estimated costs avoided per £1 spent,2025-26 Q2,2,of 2 districts");

    const xlsx = new ExcelJS.Workbook();
    await xlsx.xlsx.load(await (await run(xlsxLoader, await getRequest(`/profiles/${FIXTURE_DISTRICT}/profile.xlsx?quarter=${Q}`, chorleyOfficer), { districtId: FIXTURE_DISTRICT })).arrayBuffer());
    const sheet = xlsx.getWorksheet("Trend")!;
    const rows = sheet.getSheetValues().filter(Boolean) as unknown[][];
    const q2 = rows.find((r) => r[1] === "2025-26 Q2")!;
    expect(q2.slice(1, 7)).toEqual(["2025-26 Q2", 3, 10_000, 9_000, 54, 0.875]);
    const compared = xlsx.getWorksheet("Comparison")!.getRow(9).values as unknown[];
    expect(compared.slice(1, 7)).toEqual(["Estimated costs avoided per £1 spent", 0.79, 1.19, 1.415, 2, 2]);

    const pdf = await readPdf(new Uint8Array(await (await run(pdfLoader, await getRequest(`/profiles/${FIXTURE_DISTRICT}/profile.pdf?quarter=${Q}`, chorleyOfficer), { districtId: FIXTURE_DISTRICT })).arrayBuffer()));
    const text = pdf.text.replace(/\s+/g, " ");
    expect(text).toContain("Trend over eight quarters");
    expect(text).toContain("£3,856");
    expect(text).toContain("87.5%");
  });
});

describe("the comparison with the county", () => {
  const row = (p: DistrictProfile, key: ProfileComparisonRow["key"]) => p.comparison!.rows.find((r) => r.key === key)!;

  it("sets each headline figure beside the county's figure, the median district and a rank where one means something", async () => {
    const p = await liveProfile();
    expect(p.comparison!.districts).toBe(12);
    // People reached this year: Chorley 68, Preston 30, the other ten none: county 98, median 0. No rank (a size).
    expect(row(p, "people-reached")).toEqual({ key: "people-reached", district: 68, county: 98, median: 0, rank: null, of: 12 });
    // Children reached per 10,000 aged 0 to 19: Chorley 59 of 20,000 = 29.5, Preston 30 of 10,000 = 30; the county
    // 89 of 30,000 = 29.667; median 29.75. Chorley is second of the two with a population figure.
    const reach = row(p, "per-10000");
    expect(reach).toMatchObject({ district: 29.5, median: 29.75, rank: 2, of: 2 });
    expect(reach.county).toBeCloseTo(29.6667, 3);
    // Spend per person: Chorley £17,900 ÷ 68 = £263.24, Preston £5,000 ÷ 30 = £166.67; the county £22,900 ÷ 98
    // = £233.67; median (26,324 + 16,667) ÷ 2 = 21,495.5, to the penny £214.96. No rank (a price).
    expect(row(p, "cost-per-person")).toEqual({ key: "cost-per-person", district: 26_324, county: 23_367, median: 21_496, rank: null, of: 2 });
    // Returns on time: Chorley 5 of 6, Preston 2 of 2; the county 7 of 8 = 87.5%. Second of two.
    const onTime = row(p, "on-time");
    expect(onTime).toMatchObject({ county: 87.5, rank: 2, of: 2 });
    expect(onTime.district).toBeCloseTo(83.333, 2);
    expect(onTime.median).toBeCloseTo(91.667, 2);
    // Indicators green this quarter: outputs Chorley 1 of 2, Preston 1 of 1, the county 2 of 3; outcomes Chorley 0 of 2, Preston 1 of 1.
    expect(row(p, "outputs-green")).toMatchObject({ district: 50, median: 75, rank: 2, of: 2 });
    expect(row(p, "outputs-green").county).toBeCloseTo(66.667, 2);
    expect(row(p, "outcomes-green")).toMatchObject({ district: 0, median: 50, rank: 2, of: 2 });
    expect(row(p, "outcomes-green").county).toBeCloseTo(33.333, 2);
    // Costs avoided per £1: Chorley £8,262 ÷ £10,500 = 0.79; Preston 10 × £1,020 = £10,200 ÷ £5,000 = 2.04;
    // the county £18,462 ÷ £15,500 = 1.19 (only the linked projects' spend); median 1.415.
    expect(row(p, "per-pound")).toEqual({ key: "per-pound", district: 0.79, county: 1.19, median: 1.415, rank: 2, of: 2 });
    // Spent of committed: Chorley's own 44.75%; the demo's districts have money committed for 2025-26 and nothing spent yet.
    expect(row(p, "spent-of-committed")).toMatchObject({ district: 44.75, rank: null });
  });

  it("shows the comparison on the page and in the PDF, and keeps the live one from a viewer", async () => {
    const pdf = await readPdf(new Uint8Array(await (await run(pdfLoader, await getRequest(`/profiles/${FIXTURE_DISTRICT}/profile.pdf?quarter=${Q}`, chorleyOfficer), { districtId: FIXTURE_DISTRICT })).arrayBuffer()));
    const text = pdf.text.replace(/\s+/g, " ");
    expect(text).toContain("Chorley beside the county");
    expect(text).toContain("2nd of 2");
    const refused = await run(profileLoader, await getRequest(`/profiles/${FIXTURE_DISTRICT}?quarter=${Q}`, viewer), { districtId: FIXTURE_DISTRICT });
    expect(refused.status).toBe(403);
  });

  it("is kept off the public pages, which keep the district's own trend", async () => {
    const p = await liveProfile();
    const shown = publicProfileView(p);
    expect(shown.comparison).toBeUndefined();
    expect(shown.trend).toEqual(p.trend);
  });

  it("ranks districts that show the same figure alike", async () => {
    // Two districts at 66.66…% and 66.7%: both show "66.7%", so both are first.
    const at = async (id: string): Promise<DistrictProfile> => ({ ...(await liveProfile()), district: { id, name: id, partnershipName: "" } });
    const a = await at("a");
    const b = await at("b");
    a.headline = { ...a.headline, rag: { ...a.headline.rag, outputs: { green: 2, amber: 1, red: 0 } } };
    b.headline = { ...b.headline, rag: { ...b.headline.rag, outputs: { green: 667, amber: 333, red: 0 } } };
    const compared = compareWithCounty([a, b]);
    expect(compared.get("a")!.rows.find((r) => r.key === "outputs-green")!.rank).toBe(1);
    expect(compared.get("b")!.rows.find((r) => r.key === "outputs-green")!.rank).toBe(1);
  });
});

describe("computed profiles, kept", () => {
  it("are read back while nothing has changed, and computed again after any change of state", async () => {
    await liveProfile();
    const db = getDb();
    const kept = await db.selectFrom("profile_results").select(["quarter", "change_seq", "figures_json"]).where("district_id", "=", FIXTURE_DISTRICT).where("quarter", "=", FIXTURE_QUARTER).executeTakeFirstOrThrow();
    expect(kept.change_seq).toBe(await changeSeq(db));
    // Mark the kept figures: the next page shows the mark, so they were read, not recomputed.
    const marked = JSON.parse(kept.figures_json) as DistrictProfile;
    marked.headline.spentPence = 1;
    await db.updateTable("profile_results").set({ figures_json: JSON.stringify(marked) }).where("district_id", "=", FIXTURE_DISTRICT).where("quarter", "=", FIXTURE_QUARTER).execute();
    expect((await liveProfile()).headline.spentPence).toBe(1);
    // Any change of state is audited in its own transaction, which moves the chain: then the
    // figures are worked out again from the data.
    await db.transaction().execute((trx) =>
      recordAudit(trx, { actorUserId: chorleyOfficer.id, ip: null }, { action: "settings.updated", recordType: "settings", recordId: "settings", after: {} }));
    expect((await liveProfile()).headline.spentPence).toBe(1_790_000);
  });

  it("the county view reads kept digests alone, never a whole profile with every project's rows", async () => {
    const db = getDb();
    const options = { quarter: FIXTURE_QUARTER, asOf: TODAY, now: "2026-12-06T10:00:00.000Z" };
    const first = (await computeCountySummary(db, options)).summary;
    const row = await db.selectFrom("profile_results").select("digest_json").where("district_id", "=", FIXTURE_DISTRICT).where("quarter", "=", FIXTURE_QUARTER).executeTakeFirstOrThrow();
    const digest = readDigest(row.digest_json!);
    expect(digest.headline.spentPence).toBe(1_790_000);
    expect(digest).not.toHaveProperty("projects");
    // Whole profiles made unreadable and one digest marked: the county view shows the mark.
    await db.updateTable("profile_results").set({ figures_json: "not to be read" }).execute();
    await db.updateTable("profile_results").set({ digest_json: writeDigest({ ...digest, headline: { ...digest.headline, spentPence: 1 } }) })
      .where("district_id", "=", FIXTURE_DISTRICT).where("quarter", "=", FIXTURE_QUARTER).execute();
    const again = (await computeCountySummary(db, options)).summary;
    expect(again.rows.find((r) => r.districtId === FIXTURE_DISTRICT)!.spentPence).toBe(1);
    expect(again.rows.filter((r) => r.districtId !== FIXTURE_DISTRICT)).toEqual(first.rows.filter((r) => r.districtId !== FIXTURE_DISTRICT));
    expect(again.trend).toEqual(first.trend);
    // A whole profile is still what the district's own page reads: unreadable, it is worked out again.
    await db.transaction().execute((trx) =>
      recordAudit(trx, { actorUserId: chorleyOfficer.id, ip: null }, { action: "settings.updated", recordType: "settings", recordId: "settings", after: {} }));
    expect((await liveProfile()).headline.spentPence).toBe(1_790_000);
    expect((await computeCountySummary(db, options)).summary.rows.find((r) => r.districtId === FIXTURE_DISTRICT)!.spentPence).toBe(1_790_000);
  });

  it("say when they were read, never put back older figures, and are never what a publication freezes", async () => {
    const db = getDb();
    await liveProfile();
    const seq = await changeSeq(db);
    // Read back later, a kept profile carries the time it was asked for.
    const later = await computeProfile(db, FIXTURE_DISTRICT, { quarter: FIXTURE_QUARTER, asOf: TODAY, now: "2031-01-01T09:00:00.000Z" });
    expect(later!.generatedAt).toBe("2031-01-01T09:00:00.000Z");
    // A slower computation from before the last change does not replace the newer row.
    const marked = { ...later!, headline: { ...later!.headline, spentPence: 2 } };
    await keepProfiles(db, new Map([[FIXTURE_DISTRICT, marked]]), FIXTURE_QUARTER, TODAY, seq - 1);
    const row = await db.selectFrom("profile_results").select(["change_seq", "figures_json"]).where("district_id", "=", FIXTURE_DISTRICT).where("quarter", "=", FIXTURE_QUARTER).executeTakeFirstOrThrow();
    expect(row.change_seq).toBe(seq);
    expect((JSON.parse(row.figures_json) as DistrictProfile).headline.spentPence).toBe(1_790_000);
    // Marked kept figures are not what publishing freezes: it works them out afresh.
    await db.updateTable("profile_results").set({ figures_json: JSON.stringify(marked) }).where("district_id", "=", FIXTURE_DISTRICT).where("quarter", "=", FIXTURE_QUARTER).execute();
    const published = await publishProfile(db, { actorUserId: chorleyOfficer.id, ip: null }, {
      districtId: FIXTURE_DISTRICT, quarter: FIXTURE_QUARTER, expectedEdition: 0, asOf: TODAY, now: "2026-12-06T11:00:00.000Z",
    });
    const frozen = await db.selectFrom("published_profiles").select("figures_json").where("id", "=", published.id).executeTakeFirstOrThrow();
    expect((JSON.parse(frozen.figures_json) as DistrictProfile).headline.spentPence).toBe(1_790_000);
  });
});
