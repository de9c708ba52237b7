// Demo delivery: the awarded Chorley project with one approved return, one waiting for the
// officer and the rest to come; a small Preston grant whose return is overdue; a monitoring
// visit with an open action. Fixed dates in the 2026-27 financial year.
import type { Transaction } from "kysely";
import type { Database } from "../db/schema";
import { addLedgerEntry } from "../app/models/funding/ledger.server";
import { createReturnSchedule } from "../app/models/projects/projects.server";
import { getReturnDetail } from "../app/models/returns/detail.server";
import { buildReturnSnapshot, snapshotJson } from "../app/models/returns/snapshot.server";

type Trx = Transaction<Database>;
const AT = "2026-06-20T10:00:00.000Z";

interface FiledReturn {
  quarter: string;
  status: "submitted" | "approved";
  actuals: [number, string | null][]; // per indicator, in position order
  spend: { staff: number; delivery: number; reason?: string };
  beneficiaries: Record<string, [number, number]>;
  narrative: [string, string, string, string];
  caseStudy?: { title: string; story: string };
  submittedAt: string;
  approvedAt?: string;
}

const CHORLEY_RETURNS: FiledReturn[] = [
  {
    quarter: "2026-27 Q1", status: "approved", actuals: [[11, null], [72, null]],
    spend: { staff: 310_000, delivery: 140_000 },
    beneficiaries: { "0-4": [6, 0], "5-10": [9, 0], "11-15": [3, 0], adults: [14, 0] },
    narrative: [
      "Drop-ins started at three primary schools; 11 families have support plans.",
      "Recruiting a second family worker took longer than planned.",
      "Referrals from health visitors are slower than expected.",
      "Start the first parenting group in September.",
    ],
    caseStudy: {
      title: "A family finds its feet",
      story: "A mother of two came to a school drop-in worried about her son's attendance. With a support plan agreed with the school, his attendance rose from 78% to 96% over the term, and she now helps at the parents' coffee morning.",
    },
    submittedAt: "2026-07-15T14:20:00.000Z", approvedAt: "2026-07-28T09:45:00.000Z",
  },
  {
    quarter: "2026-27 Q2", status: "submitted", actuals: [[7, "Summer holidays: schools were closed for six weeks, so fewer new families were referred."], [74, null]],
    spend: { staff: 300_000, delivery: 90_000, reason: "Parenting group materials were bought in Q1; fewer sessions ran over the summer." },
    beneficiaries: { "0-4": [3, 5], "5-10": [4, 8], "11-15": [1, 3], adults: [7, 13] },
    narrative: [
      "The first parenting group finished with 8 of 9 parents completing it.",
      "Fewer referrals over the summer holidays.",
      "The family worker post is funded only to March.",
      "Run two parenting groups and a holiday drop-in at half term.",
    ],
    submittedAt: "2026-10-20T16:05:00.000Z",
  },
];

export async function seedDemoReturns(trx: Trx): Promise<void> {
  const project = await trx.selectFrom("projects").select(["id", "district_id", "funding_stream_id"]).where("reference", "=", "PRJ-2026-001").executeTakeFirstOrThrow();
  const indicators = await trx.selectFrom("project_indicators").select(["id"]).where("project_id", "=", project.id).orderBy("position").execute();
  const returns = new Map(
    (await trx.selectFrom("returns").select(["id", "quarter"]).where("project_id", "=", project.id).execute()).map((r) => [r.quarter, r.id]),
  );

  for (const filed of CHORLEY_RETURNS) {
    const returnId = returns.get(filed.quarter)!;
    await trx.insertInto("return_indicator_values").values(
      filed.actuals.map(([actual, comment], i) => ({ return_id: returnId, indicator_id: indicators[i].id, actual, comment })),
    ).execute();
    await trx.insertInto("return_spend").values([
      { return_id: returnId, category: "staff", amount_pence: filed.spend.staff, variance_reason: null },
      { return_id: returnId, category: "delivery", amount_pence: filed.spend.delivery, variance_reason: filed.spend.reason ?? null },
    ]).execute();
    await trx.insertInto("return_beneficiaries").values(
      Object.entries(filed.beneficiaries).map(([band, [fresh, continuing]]) => ({
        return_id: returnId, age_band: band as "0-4", new_count: fresh, continuing_count: continuing,
      })),
    ).execute();
    if (filed.caseStudy) {
      await trx.insertInto("case_studies").values({
        id: `${returnId}-case-study`, return_id: returnId, title: filed.caseStudy.title, story: filed.caseStudy.story,
        consent_confirmed: 1, personal_data_override: null, created_at: filed.submittedAt, updated_at: filed.submittedAt,
      }).execute();
      await trx.insertInto("case_study_themes").values({ case_study_id: `${returnId}-case-study`, theme_id: "theme-school-attendance" }).execute();
      await trx.insertInto("case_study_indicators").values({ case_study_id: `${returnId}-case-study`, indicator_id: indicators[1].id }).execute();
    }
    await trx.updateTable("returns").set({
      status: filed.status, late: 0,
      outputs_complete: 1, outcomes_complete: 1, spend_complete: 1, beneficiaries_complete: 1, narrative_complete: 1,
      case_studies_complete: 1, evidence_complete: 1,
      highlights: filed.narrative[0], challenges: filed.narrative[1], risks: filed.narrative[2], next_steps: filed.narrative[3],
      first_submitted_at: filed.submittedAt, submitted_at: filed.submittedAt, submitted_by: "user-provider",
      approved_at: filed.approvedAt ?? null, approved_by: filed.approvedAt ? "user-chorley-officer" : null,
      updated_at: filed.approvedAt ?? filed.submittedAt, version: 3,
    }).where("id", "=", returnId).execute();
    const detail = await getReturnDetail(trx, returnId);
    await trx.insertInto("return_versions").values({
      id: `${returnId}-v1`, return_id: returnId, number: 1, content_json: snapshotJson(buildReturnSnapshot(detail!)),
      submitted_at: filed.submittedAt, submitted_by: "user-provider",
    }).execute();
    if (filed.status === "approved") {
      await addLedgerEntry(trx, { actorUserId: "user-chorley-officer", ip: null }, {
        districtId: project.district_id, fundingStreamId: project.funding_stream_id, financialYear: 2026, kind: "spend",
        amountPence: filed.spend.staff + filed.spend.delivery, projectId: project.id, sourceType: "return", sourceId: returnId,
      });
    }
  }

  // A quality monitoring visit, with one action still open.
  await trx.insertInto("monitoring_visits").values({
    id: "visit-chorley-family-links", project_id: project.id, visit_date: "2026-09-17", officer_id: "user-chorley-officer",
    areas_seen: "A school drop-in at St Mary's, case files, the safeguarding log and the budget monitoring sheet.",
    findings: "Families spoke warmly of the workers. Case files were up to date; consent for case studies was recorded inconsistently.",
    overall_grade: 2, created_by: "user-chorley-officer", created_at: "2026-09-18T10:00:00.000Z", updated_at: "2026-09-18T10:00:00.000Z", version: 1,
  }).execute();
  await trx.insertInto("visit_grades").values([
    ["leadership_management", 2], ["safeguarding", 1], ["quality_of_delivery", 2], ["outcomes_impact", 2], ["financial_management", 2],
  ].map(([area, grade]) => ({ visit_id: "visit-chorley-family-links", area: area as string, grade: grade as number }))).execute();
  await trx.insertInto("visit_actions").values([
    { id: "visit-action-consent", visit_id: "visit-chorley-family-links", action: "Record case study consent on the new form for every family",
      owner: "Pat Provider", due_date: "2026-12-31", status: "open", closed_at: null, closed_by: null, closing_note: null, version: 1 },
    { id: "visit-action-budget", visit_id: "visit-chorley-family-links", action: "Send the revised budget profile for Q3 and Q4",
      owner: "Pat Provider", due_date: "2026-10-15", status: "closed", closed_at: "2026-10-10T09:00:00.000Z", closed_by: "user-chorley-officer",
      closing_note: "Received and agreed.", version: 2 },
  ]).execute();

  // A small grant made without a tender, whose first return is overdue.
  const grantId = "project-preston-dads";
  await trx.insertInto("projects").values({
    id: grantId, reference: "PRJ-2026-002", title: "Preston Dads Matter", organisation_id: "org-fylde-parenting", district_id: "district-preston",
    funding_stream_id: "stream-schools-forum", tender_id: null, bid_id: null, amount_pence: 600_000, start_date: "2026-07-01", end_date: "2027-03-31",
    status: "active", visit_required: 0, created_by: "user-officer", created_at: AT, updated_at: AT, version: 1,
  }).execute();
  const quarters = ["2026-27 Q2", "2026-27 Q3", "2026-27 Q4"];
  await trx.insertInto("project_budget_lines").values(quarters.map((quarter) => ({ project_id: grantId, quarter, category: "delivery" as const, amount_pence: 200_000 }))).execute();
  await trx.insertInto("project_indicators").values({
    id: `${grantId}-indicator-1`, project_id: grantId, position: 1, kind: "output", name: "Dads attending sessions", definition: "Fathers attending at least one session in the quarter",
    unit: "count", targets_json: JSON.stringify(Object.fromEntries(quarters.map((q) => [q, 12]))), measure: "per_quarter", direction: "higher", baseline: null,
  }).execute();
  await createReturnSchedule(trx, grantId, 21);
  await addLedgerEntry(trx, { actorUserId: "user-officer", ip: null }, {
    districtId: "district-preston", fundingStreamId: "stream-schools-forum", financialYear: 2026, kind: "commitment",
    amountPence: 600_000, projectId: grantId, sourceType: "direct", sourceId: grantId,
  });
}
