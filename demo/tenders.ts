// Demo tenders in every state, so a newcomer sees the whole journey at once: one awarded
// (with its project and ledger commitment), one in evaluation, one closed and waiting for
// the panel, one open with a draft bid and clarifications, one opening soon, one draft and
// one cancelled. Finished tenders have fixed dates; the live ones are set around the time
// of seeding, because a tender's status follows the clock.
import type { Transaction } from "kysely";
import type { Database } from "../db/schema";
import { DEFAULT_CRITERIA } from "../app/models/tenders/choices.server";
import { getBidDetail } from "../app/models/bids/read.server";
import { bidFingerprint } from "../app/models/bids/fingerprint.server";
import { recordDecisions } from "../app/models/awards/intention.server";
import { recordSummariesSent } from "../app/models/awards/notice.server";
import { enterContract } from "../app/models/awards/contract.server";
import { sha256Hex, simplePdf } from "./documents";

type Trx = Transaction<Database>;
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const SEEDED_AT = "2026-04-01T09:00:00.000Z";

interface DemoTender {
  key: string;
  reference: string;
  title: string;
  district: string;
  themes: string[];
  maxBudgetPence: number;
  contract: [string, string];
  opensAt: string;
  closesAt: string;
  status: "draft" | "published" | "evaluation" | "cancelled";
  cancelReason?: string;
  panel?: boolean;
  /** How it is run (app/models/tenders/procedures.ts); a grant competition unless said. */
  procedure?: "below_threshold" | "grant_competition";
  /** The last time for clarification questions, and the day the panel's scores are due. */
  clarificationsCloseAt?: string;
  scoringDueOn?: string;
}

const SPEC = (what: string) =>
  [
    `## What we want`,
    ``,
    `${what} The service should reach families who would otherwise need a referral to children's social care, and work alongside schools, health visitors and the district's early help team.`,
    ``,
    `## What we expect`,
    ``,
    `- Quarterly returns on outputs, outcomes, spend and a case study`,
    `- A quality monitoring visit each year for awards over £10,000`,
    `- **Safeguarding** policies in line with the Lancashire Children's Safeguarding Assurance Partnership`,
  ].join("\n");

function tenders(now: number): DemoTender[] {
  const at = (days: number) => new Date(now + days * DAY).toISOString();
  return [
    { key: "awarded", reference: "ESI-2026-001", title: "Family support in Chorley", district: "chorley", themes: ["parenting", "school-ready"],
      maxBudgetPence: 2_500_000, contract: ["2026-04-01", "2027-03-31"], opensAt: "2026-01-05T09:00:00.000Z", closesAt: "2026-02-13T12:00:00.000Z", status: "evaluation", panel: true },
    { key: "evaluation", reference: "ESI-2026-002", title: "Youth work in Burnley", district: "burnley", themes: ["work-ready", "offending"],
      maxBudgetPence: 3_000_000, contract: ["2027-04-01", "2028-03-31"], opensAt: at(-40), closesAt: at(-5), status: "evaluation", panel: true },
    { key: "closed", reference: "ESI-2026-003", title: "School readiness in Chorley", district: "chorley", themes: ["school-ready"],
      maxBudgetPence: 1_500_000, contract: ["2027-04-01", "2028-03-31"], opensAt: at(-30), closesAt: at(-1), status: "published", panel: true,
      scoringDueOn: at(13).slice(0, 10) },
    { key: "open", reference: "ESI-2026-004", title: "Parenting support in Preston", district: "preston", themes: ["parenting", "mental-health"],
      maxBudgetPence: 2_000_000, contract: ["2027-04-01", "2028-03-31"], opensAt: at(-10), closesAt: at(21), status: "published", procedure: "below_threshold",
      clarificationsCloseAt: at(14) },
    { key: "upcoming", reference: "ESI-2026-005", title: "Domestic abuse prevention in Lancaster", district: "lancaster", themes: ["domestic-abuse"],
      maxBudgetPence: 4_000_000, contract: ["2027-04-01", "2029-03-31"], opensAt: at(7), closesAt: at(45), status: "published" },
    { key: "draft", reference: "ESI-2026-006", title: "Young carers in Ribble Valley", district: "ribble-valley", themes: ["family-ready"],
      maxBudgetPence: 1_200_000, contract: ["2027-04-01", "2028-03-31"], opensAt: at(14), closesAt: at(60), status: "draft" },
    { key: "cancelled", reference: "ESI-2026-007", title: "Mentoring in Wyre", district: "wyre", themes: ["exploitation"],
      maxBudgetPence: 1_000_000, contract: ["2026-10-01", "2027-09-30"], opensAt: "2026-05-01T09:00:00.000Z", closesAt: "2026-06-12T12:00:00.000Z", status: "cancelled",
      cancelReason: "The Wyre partnership is re-scoping mentoring with the youth justice service; a new tender will follow." },
  ];
}

const QUESTIONS = [
  { text: "Describe the service you will deliver and how families will reach it.", word_limit: 500, criterion: 0 },
  { text: "What will the project deliver each quarter, and for how many families?", word_limit: 300, criterion: 1 },
  { text: "What difference will it make for children and families, and how will you measure it?", word_limit: 400, criterion: 2 },
  { text: "Explain your budget and any match funding or added social value.", word_limit: 300, criterion: 3 },
];

interface DemoBid {
  tenderKey: string;
  organisation: string;
  title: string;
  amountPence: number;
  status: "draft" | "submitted";
  answers: string[];
}

const BIDS: DemoBid[] = [
  { tenderKey: "awarded", organisation: "org-red-rose", title: "Chorley Family Links", amountPence: 1_800_000, status: "submitted",
    answers: ["Family workers visit at home and run drop-ins at three primary schools, with referrals from schools and health visitors.", "Forty families a year with a support plan; twelve parenting groups.", "Better school attendance and fewer repeat referrals, measured by the Outcomes Star and school data.", "Staff costs are most of the budget; the church hall is given free."] },
  { tenderKey: "awarded", organisation: "org-pennine-youth", title: "Chorley Youth Steps", amountPence: 2_200_000, status: "submitted",
    answers: ["Detached youth work in the town centre on Friday nights.", "Sixty young people a year.", "Fewer first-time entrants to the youth justice system.", "Two part-time youth workers and a minibus."] },
  { tenderKey: "evaluation", organisation: "org-pennine-youth", title: "Burnley Street Spaces", amountPence: 2_600_000, status: "submitted",
    answers: ["Youth clubs in three wards with outreach to young people not in education.", "Eighty young people a year.", "Young people moving into education, employment or training.", "Staff, venue hire and activities."] },
  { tenderKey: "evaluation", organisation: "org-fylde-parenting", title: "Burnley Young Parents", amountPence: 2_100_000, status: "submitted",
    answers: ["Groups for young parents aged 16 to 24.", "Thirty young parents a year.", "Parenting confidence and fewer children on child protection plans.", "A family worker and crèche costs."] },
  { tenderKey: "closed", organisation: "org-red-rose", title: "Ready for Reception", amountPence: 1_200_000, status: "submitted",
    answers: ["Stay-and-play sessions for families with children starting school.", "Fifty children a year.", "Children ready for school at the reception baseline.", "A play worker and materials."] },
  { tenderKey: "open", organisation: "org-red-rose", title: "Preston Parents Together", amountPence: 1_500_000, status: "draft",
    answers: ["Peer-led parenting groups in two family hubs.", "", "", ""] },
];

/** Consensus (and the panel member's scores) for the awarded tender, criterion by criterion. */
const AWARDED_SCORES: Record<string, [number, string][]> = {
  "org-red-rose": [[4, "A clear model reaching families through schools."], [4, "Realistic targets."], [3, "Outcome measures named but the baseline is thin."], [4, "Good value; free venue."]],
  "org-pennine-youth": [[3, "Sound youth work, less focus on families."], [3, "Targets plausible."], [2, "Outcomes are not tied to the specification."], [3, "Higher cost per family."]],
};

export async function seedDemoTenders(trx: Trx, now = Date.now()): Promise<void> {
  const tenderIds = new Map<string, string>();
  const criteriaIds = new Map<string, string[]>();
  const questionIds = new Map<string, string[]>();

  for (const t of tenders(now)) {
    const id = `tender-${t.key}`;
    tenderIds.set(t.key, id);
    await trx.insertInto("tenders").values({
      id, reference: t.reference, title: t.title, specification: SPEC(`${t.title}.`), funding_stream_id: "stream-schools-forum",
      max_budget_pence: t.maxBudgetPence, procedure: t.procedure ?? "grant_competition", contract_start: t.contract[0], contract_end: t.contract[1], opens_at: t.opensAt, closes_at: t.closesAt,
      clarifications_close_at: t.clarificationsCloseAt ?? null, scoring_due_on: t.scoringDueOn ?? null,
      status: t.status, published_at: t.status === "draft" ? null : t.opensAt,
      cancelled_at: t.status === "cancelled" ? "2026-05-20T10:00:00.000Z" : null, cancel_reason: t.cancelReason ?? null, awarded_at: null,
      created_by: "user-officer", created_at: SEEDED_AT, updated_at: SEEDED_AT, version: 1,
    }).execute();
    await trx.insertInto("tender_districts").values({ tender_id: id, district_id: `district-${t.district}` }).execute();
    await trx.insertInto("tender_themes").values(t.themes.map((theme) => ({ tender_id: id, theme_id: `theme-${theme}` }))).execute();
    const criteria = DEFAULT_CRITERIA.map((c, i) => ({ id: `${id}-criterion-${i + 1}`, tender_id: id, position: i + 1, ...c }));
    await trx.insertInto("tender_criteria").values(criteria).execute();
    criteriaIds.set(t.key, criteria.map((c) => c.id));
    const questions = QUESTIONS.map((q, i) => ({
      id: `${id}-question-${i + 1}`, tender_id: id, position: i + 1, text: q.text, word_limit: q.word_limit, criterion_id: criteria[q.criterion].id,
    }));
    await trx.insertInto("tender_questions").values(questions).execute();
    questionIds.set(t.key, questions.map((q) => q.id));
    if (t.panel) {
      await trx.insertInto("tender_panel_members").values({ tender_id: id, user_id: "user-panel", assigned_at: t.opensAt, scores_submitted_at: null }).execute();
    }
  }

  // The open tender's specification, for anyone to read on its public page.
  const specification = simplePdf("ESI-2026-004 Parenting support in Preston: specification", [
    "Lancashire County Council invites bids from voluntary, community and faith sector organisations",
    "for parenting support in Preston: group and one-to-one programmes for parents of children aged 0 to 11.",
    "Outcomes sought: improved family relationships, school readiness, fewer referrals to social care.",
    "Bids are scored by a multi-agency panel against the published criteria and their weights.",
    "Questions about this opportunity go through the portal; answers are published for every bidder.",
  ]);
  await trx.insertInto("files").values({
    id: "file-tender-open-specification", owner_type: "tender", owner_id: "tender-open", filename: "Specification - Parenting support in Preston.pdf",
    content_type: "application/pdf", size_bytes: specification.byteLength, sha256: sha256Hex(specification), content: specification,
    uploaded_by: "user-officer", created_at: new Date(now - 10 * DAY).toISOString(),
  }).execute();

  // The open tender: one question answered for everyone, one waiting for the officer.
  await trx.insertInto("clarifications").values([
    { id: "clarification-open-1", tender_id: "tender-open", organisation_id: "org-fylde-parenting", asked_by: "user-provider",
      question: "Can the service cover families living just outside the Preston boundary?", answer: "Yes, where the children attend a Preston school.",
      status: "published", asked_at: new Date(now - 6 * DAY).toISOString(), answered_at: new Date(now - 5 * DAY).toISOString(), answered_by: "user-officer", version: 2 },
    { id: "clarification-open-2", tender_id: "tender-open", organisation_id: "org-red-rose", asked_by: "user-provider",
      question: "Is match funding expected?", answer: null, status: "asked", asked_at: new Date(now - DAY).toISOString(), answered_at: null, answered_by: null, version: 1 },
  ]).execute();

  // The tender being evaluated: its conflicts assessment, with the officer's and the panel
  // member's entries, the second revised once the panel had seen the bids.
  await trx.insertInto("conflict_assessment_entries").values([
    { id: "conflict-evaluation-officer", tender_id: "tender-evaluation", person_user_id: "user-officer", role: "officer", interest: "",
      mitigation: "Nothing to handle: no link with any bidder", revision: 1, recorded_by: "user-officer", recorded_at: new Date(now - 42 * DAY).toISOString() },
    { id: "conflict-evaluation-panel-1", tender_id: "tender-evaluation", person_user_id: "user-panel", role: "panel", interest: "",
      mitigation: "Nothing to handle", revision: 1, recorded_by: "user-officer", recorded_at: new Date(now - 42 * DAY).toISOString() },
    { id: "conflict-evaluation-panel-2", tender_id: "tender-evaluation", person_user_id: "user-panel", role: "panel",
      interest: "Sits on a health partnership board with a trustee of Fylde Parenting", mitigation: "Declared to the panel; scores every bid, and the consensus is moderated by the officer",
      revision: 2, recorded_by: "user-officer", recorded_at: new Date(now - 4 * DAY).toISOString() },
  ]).execute();

  const bidIds = new Map<string, string>();
  for (const [index, b] of BIDS.entries()) {
    const tenderId = tenderIds.get(b.tenderKey)!;
    const t = tenders(now).find((x) => x.key === b.tenderKey)!;
    const id = `bid-${b.tenderKey}-${b.organisation.replace("org-", "")}`;
    bidIds.set(`${b.tenderKey}:${b.organisation}`, id);
    // Before the closing time, and never after the demo's own "now": a draft on a tender still
    // open was last saved a day or so ago, not on a date still to come.
    const submittedAt = new Date(Math.min(new Date(t.closesAt).getTime() - (index + 2) * DAY, now - (index + 1) * HOUR)).toISOString();
    await trx.insertInto("bids").values({
      id, tender_id: tenderId, organisation_id: b.organisation, district_id: `district-${t.district}`, title: b.title, status: b.status,
      amount_pence: b.amountPence, submitted_at: b.status === "submitted" ? submittedAt : null,
      submitted_by: b.status === "submitted" ? (b.organisation === "org-red-rose" ? "user-provider" : null) : null,
      fingerprint: null, needs_confirmation: 0, withdrawn_at: null, decision_feedback: null, decided_at: null,
      created_by: b.organisation === "org-red-rose" ? "user-provider" : null, created_at: SEEDED_AT, updated_at: submittedAt, version: 1,
    }).execute();
    const questions = questionIds.get(b.tenderKey)!;
    const answers = b.answers.map((answer, i) => ({ bid_id: id, question_id: questions[i], answer })).filter((a) => a.answer);
    if (answers.length) await trx.insertInto("bid_answers").values(answers).execute();
    if (b.status === "submitted") {
      // The budget over the contract's four quarters of its first year, by category.
      const [start] = t.contract;
      const year = Number(start.slice(0, 4));
      const label = (q: number) => `${year}-${String((year + 1) % 100).padStart(2, "0")} Q${q}`;
      const quarter = Math.floor(b.amountPence / 4);
      const lines = [1, 2, 3, 4].flatMap((q) => {
        const total = q === 4 ? b.amountPence - quarter * 3 : quarter;
        const staff = Math.round(total * 0.7);
        return [
          { bid_id: id, quarter: label(q), category: "staff" as const, amount_pence: staff },
          { bid_id: id, quarter: label(q), category: "delivery" as const, amount_pence: total - staff },
        ];
      });
      await trx.insertInto("bid_budget_lines").values(lines).execute();
      await trx.insertInto("bid_indicators").values([
        { id: `${id}-indicator-1`, bid_id: id, position: 1, kind: "output", name: "Families supported", definition: "Families with an agreed support plan in the quarter",
          unit: "count", targets_json: JSON.stringify(Object.fromEntries([1, 2, 3, 4].map((q) => [label(q), 10]))) },
        { id: `${id}-indicator-2`, bid_id: id, position: 2, kind: "outcome", name: "Plans closed with needs met", definition: "Support plans closed because the family's goals were met",
          unit: "%", targets_json: JSON.stringify(Object.fromEntries([1, 2, 3, 4].map((q) => [label(q), 70]))) },
      ]).execute();
      const detail = await getBidDetail(trx, id, new Date(submittedAt));
      await trx.updateTable("bids").set({ fingerprint: bidFingerprint(detail!) }).where("id", "=", id).execute();
    }
  }

  // The awarded tender: declared, scored, moderated and decided.
  const awardedCriteria = criteriaIds.get("awarded")!;
  for (const org of ["org-red-rose", "org-pennine-youth"]) {
    const bidId = bidIds.get(`awarded:${org}`)!;
    await trx.insertInto("panel_declarations").values({ bid_id: bidId, user_id: "user-panel", conflict: 0, reason: null, declared_at: "2026-02-16T10:00:00.000Z" }).execute();
    await trx.insertInto("panel_scores").values(AWARDED_SCORES[org].map(([score, comment], i) => ({
      bid_id: bidId, criterion_id: awardedCriteria[i], user_id: "user-panel", score, comment, updated_at: "2026-02-18T15:00:00.000Z",
    }))).execute();
    await trx.insertInto("consensus_scores").values(AWARDED_SCORES[org].map(([score, rationale], i) => ({
      bid_id: bidId, criterion_id: awardedCriteria[i], score, rationale, recorded_by: "user-officer", recorded_at: "2026-02-20T11:00:00.000Z",
    }))).execute();
  }
  await trx.updateTable("tender_panel_members").set({ scores_submitted_at: "2026-02-18T15:30:00.000Z" }).where("tender_id", "=", "tender-awarded").execute();
  // Awarded in its steps: the decisions, the summaries e-mailed, then (a grant competition
  // has no notice or standstill) the grant agreements entered a week later.
  const demoOfficer = { actorUserId: "user-officer", ip: null };
  await recordDecisions(trx, demoOfficer, {
    tenderId: "tender-awarded",
    now: new Date("2026-02-23T10:00:00.000Z"),
    input: {
      overrideReason: null,
      decisions: [
        { bidId: bidIds.get("awarded:org-red-rose")!, decision: "successful", feedback: "A strong, well-evidenced model that reaches families through schools and offers good value." },
        { bidId: bidIds.get("awarded:org-pennine-youth")!, decision: "unsuccessful",
          feedback: "Your bid scored lower on outcomes: the measures described were about young people's activity rather than the family outcomes the specification asked for." },
      ],
    },
  });
  await recordSummariesSent(trx, demoOfficer, { tenderId: "tender-awarded", how: "e-mail", now: new Date("2026-02-23T10:05:00.000Z") });
  await enterContract(trx, demoOfficer, {
    tenderId: "tender-awarded", overrideReason: null, visitThresholdPence: 1_000_000, returnDueDays: 21, now: new Date("2026-03-02T10:00:00.000Z"),
  });

  // The tender in evaluation: the panel member has declared and started scoring.
  const evaluationCriteria = criteriaIds.get("evaluation")!;
  const streetSpaces = bidIds.get("evaluation:org-pennine-youth")!;
  for (const org of ["org-pennine-youth", "org-fylde-parenting"]) {
    await trx.insertInto("panel_declarations").values({
      bid_id: bidIds.get(`evaluation:${org}`)!, user_id: "user-panel", conflict: 0, reason: null, declared_at: new Date(now - 3 * DAY).toISOString(),
    }).execute();
  }
  await trx.insertInto("panel_scores").values([
    { bid_id: streetSpaces, criterion_id: evaluationCriteria[0], user_id: "user-panel", score: 4, comment: "Good reach into three wards.", updated_at: new Date(now - 2 * DAY).toISOString() },
    { bid_id: streetSpaces, criterion_id: evaluationCriteria[1], user_id: "user-panel", score: 3, comment: "Targets a little high for year one.", updated_at: new Date(now - 2 * DAY).toISOString() },
  ]).execute();
}
