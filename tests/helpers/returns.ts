// Returns put into a submitted (or resubmitted, or approved) state by writing the rows
// directly, as the provider's side would leave them: actuals, spend, beneficiaries,
// narrative, case studies, and a return_versions row holding a snapshot of it all. Tests of
// the officer's review and of reminders then do not depend on the provider's screens.
import { getDb } from "../../db/client";
import { AGE_BANDS, BUDGET_CATEGORIES, type AgeBand, type BudgetCategory, type ReturnStatus } from "../../db/schema";
import { newId, nowIso } from "~/lib/ids.server";
import { canonicalJson } from "~/lib/canonical-json";
import type { TestProject } from "./projects";
import { type ReturnSnapshot } from "~/models/returns/snapshot.server";

export interface TestReturnContent {
  /** Actual per indicator id. */
  actuals: Record<string, number>;
  /** Comment per indicator id. */
  comments?: Record<string, string>;
  spend: Partial<Record<BudgetCategory, number>>;
  varianceReasons?: Partial<Record<BudgetCategory, string>>;
  beneficiaries?: Partial<Record<AgeBand, { newCount: number; continuingCount: number }>>;
  narrative?: { highlights?: string; challenges?: string; risks?: string; nextSteps?: string };
  caseStudies?: { title: string; story: string }[];
  evidence?: { filename: string; content?: string }[];
}

export const DEFAULT_CONTENT = (project: TestProject): TestReturnContent => ({
  actuals: { [project.indicators[0].id]: 12, [project.indicators[1].id]: 60 },
  spend: { staff: 400_000, delivery: 100_000 },
  varianceReasons: { delivery: "A venue booking moved into next quarter" },
  beneficiaries: { "5-10": { newCount: 7, continuingCount: 2 }, adults: { newCount: 5, continuingCount: 4 } },
  narrative: {
    highlights: "Twelve families supported, more than planned.",
    challenges: "Referrals from two schools slowed in June.",
    risks: "One key worker leaves in September.",
    nextSteps: "Recruit a replacement key worker.",
  },
  caseStudies: [{ title: "Family A", story: "A mother of three, referred by her school, now attends every parenting session." }],
  evidence: [{ filename: "attendance-register.pdf" }],
});

/**
 * The snapshot kept with each version, in the shape the provider's side stores
 * (ReturnSnapshot in app/models/returns/snapshot.server.ts: snake_case, canonical JSON with sorted keys).
 */
async function snapshotOf(returnId: string): Promise<ReturnSnapshot> {
  const db = getDb();
  const r = await db.selectFrom("returns").innerJoin("projects", "projects.id", "returns.project_id")
    .select(["returns.quarter", "returns.project_id", "returns.period_start", "returns.period_end", "returns.due_date", "returns.highlights",
      "returns.challenges", "returns.risks", "returns.next_steps", "projects.reference"])
    .where("returns.id", "=", returnId).executeTakeFirstOrThrow();
  const [indicators, values, profile, spend, beneficiaries, caseStudies, files] = await Promise.all([
    db.selectFrom("project_indicators").select(["id", "kind", "name", "unit", "measure", "direction", "targets_json"]).where("project_id", "=", r.project_id).orderBy("position").execute(),
    db.selectFrom("return_indicator_values").select(["indicator_id", "actual", "comment"]).where("return_id", "=", returnId).execute(),
    db.selectFrom("project_budget_lines").select(["category", "amount_pence"]).where("project_id", "=", r.project_id).where("quarter", "=", r.quarter).execute(),
    db.selectFrom("return_spend").select(["category", "amount_pence", "variance_reason"]).where("return_id", "=", returnId).execute(),
    db.selectFrom("return_beneficiaries").select(["age_band", "new_count", "continuing_count"]).where("return_id", "=", returnId).execute(),
    db.selectFrom("case_studies").select(["id", "title", "story", "consent_confirmed", "personal_data_override"]).where("return_id", "=", returnId).orderBy("created_at").execute(),
    db.selectFrom("files").select(["id", "filename", "content_type", "size_bytes", "sha256"]).where("owner_type", "=", "return").where("owner_id", "=", returnId).orderBy("created_at").execute(),
  ]);
  const figure = (i: (typeof indicators)[number]) => {
    const v = values.find((x) => x.indicator_id === i.id);
    return {
      indicator_id: i.id, name: i.name, unit: i.unit, measure: i.measure, direction: i.direction,
      target: (JSON.parse(i.targets_json) as Record<string, number>)[r.quarter] ?? null, actual: v ? Number(v.actual) : null, comment: v?.comment ?? null,
    };
  };
  const bands = AGE_BANDS.map((age_band) => {
    const b = beneficiaries.find((x) => x.age_band === age_band);
    return { age_band, new_count: Number(b?.new_count ?? 0), continuing_count: Number(b?.continuing_count ?? 0) };
  });
  const totalNew = bands.reduce((t, b) => t + b.new_count, 0);
  const totalContinuing = bands.reduce((t, b) => t + b.continuing_count, 0);
  return {
    format: "return-snapshot-v1",
    return_id: returnId,
    project_id: r.project_id,
    project_reference: r.reference,
    quarter: r.quarter,
    period_start: r.period_start,
    period_end: r.period_end,
    due_date: r.due_date,
    outputs: indicators.filter((i) => i.kind === "output").map(figure),
    outcomes: indicators.filter((i) => i.kind === "outcome").map(figure),
    spend: BUDGET_CATEGORIES.map((category) => {
      const s = spend.find((x) => x.category === category);
      return {
        category,
        profile_pence: profile.filter((p) => p.category === category).reduce((t, p) => t + Number(p.amount_pence), 0),
        amount_pence: s ? Number(s.amount_pence) : null,
        variance_reason: s?.variance_reason ?? null,
      };
    }),
    beneficiaries: { bands, total_new: totalNew, total_continuing: totalContinuing, total: totalNew + totalContinuing },
    narrative: { highlights: r.highlights, challenges: r.challenges, risks: r.risks, next_steps: r.next_steps },
    case_studies: caseStudies.map((c) => ({
      id: c.id, title: c.title, story: c.story, consent_confirmed: c.consent_confirmed === 1, personal_data_override: c.personal_data_override,
      themes: [], indicators: [],
    })),
    evidence: files.map((f) => ({ id: f.id, filename: f.filename, content_type: f.content_type, size_bytes: Number(f.size_bytes), sha256: f.sha256 })),
  };
}

async function writeContent(returnId: string, content: TestReturnContent, uploadedBy: string | null): Promise<void> {
  const db = getDb();
  const now = nowIso();
  await db.deleteFrom("return_indicator_values").where("return_id", "=", returnId).execute();
  await db.deleteFrom("return_spend").where("return_id", "=", returnId).execute();
  await db.deleteFrom("return_beneficiaries").where("return_id", "=", returnId).execute();
  const actuals = Object.entries(content.actuals);
  if (actuals.length) {
    await db.insertInto("return_indicator_values").values(
      actuals.map(([indicator_id, actual]) => ({ return_id: returnId, indicator_id, actual, comment: content.comments?.[indicator_id] ?? null })),
    ).execute();
  }
  const spend = Object.entries(content.spend) as [BudgetCategory, number][];
  if (spend.length) {
    await db.insertInto("return_spend").values(
      spend.map(([category, amount_pence]) => ({ return_id: returnId, category, amount_pence, variance_reason: content.varianceReasons?.[category] ?? null })),
    ).execute();
  }
  const beneficiaries = Object.entries(content.beneficiaries ?? {}) as [AgeBand, { newCount: number; continuingCount: number }][];
  if (beneficiaries.length) {
    await db.insertInto("return_beneficiaries").values(
      beneficiaries.map(([age_band, b]) => ({ return_id: returnId, age_band, new_count: b.newCount, continuing_count: b.continuingCount })),
    ).execute();
  }
  // Case studies keep their ids across versions, as a provider editing one would.
  const studies = content.caseStudies ?? [];
  const existingStudies = await db.selectFrom("case_studies").select(["id", "title"]).where("return_id", "=", returnId).execute();
  for (const old of existingStudies.filter((e) => !studies.some((c) => c.title === e.title))) {
    await db.deleteFrom("case_studies").where("id", "=", old.id).execute();
  }
  for (const c of studies) {
    const kept = existingStudies.find((e) => e.title === c.title);
    if (kept) {
      await db.updateTable("case_studies").set({ story: c.story, updated_at: now }).where("id", "=", kept.id).execute();
    } else {
      await db.insertInto("case_studies").values({
        id: newId(), return_id: returnId, title: c.title, story: c.story, consent_confirmed: 1, personal_data_override: null, created_at: now, updated_at: now,
      }).execute();
    }
  }
  const existingFiles = await db.selectFrom("files").select("filename").where("owner_type", "=", "return").where("owner_id", "=", returnId).execute();
  for (const f of content.evidence ?? []) {
    if (existingFiles.some((e) => e.filename === f.filename)) continue;
    const bytes = new TextEncoder().encode(f.content ?? "%PDF-1.4 test evidence");
    await db.insertInto("files").values({
      id: newId(), owner_type: "return", owner_id: returnId, filename: f.filename, content_type: "application/pdf", size_bytes: bytes.length,
      sha256: "0".repeat(64), content: bytes, uploaded_by: uploadedBy, created_at: now,
    }).execute();
  }
  const n = content.narrative ?? {};
  await db.updateTable("returns").set({
    highlights: n.highlights ?? null, challenges: n.challenges ?? null, risks: n.risks ?? null, next_steps: n.nextSteps ?? null,
  }).where("id", "=", returnId).execute();
}

/**
 * Submits the return as the provider would: the content written, every section complete,
 * the status submitted (or resubmitted when a version exists already), the version bumped,
 * and the next return_versions row with the snapshot. Returns the new version's number.
 */
export async function submitTestReturn(args: {
  returnId: string;
  content: TestReturnContent;
  submittedBy?: string | null;
  at?: string;
}): Promise<number> {
  const db = getDb();
  const at = args.at ?? nowIso();
  const submittedBy = args.submittedBy === undefined ? "user-provider" : args.submittedBy;
  await writeContent(args.returnId, args.content, submittedBy);
  const current = await db.selectFrom("returns").select(["status", "version", "due_date", "first_submitted_at"]).where("id", "=", args.returnId).executeTakeFirstOrThrow();
  const previous = await db.selectFrom("return_versions").select("number").where("return_id", "=", args.returnId).orderBy("number", "desc").executeTakeFirst();
  const number = (previous ? Number(previous.number) : 0) + 1;
  const status: ReturnStatus = number > 1 ? "resubmitted" : "submitted";
  await db.updateTable("returns").set({
    status, submitted_at: at, submitted_by: submittedBy, first_submitted_at: current.first_submitted_at ?? at,
    late: at.slice(0, 10) > current.due_date ? 1 : 0,
    outputs_complete: 1, outcomes_complete: 1, spend_complete: 1, beneficiaries_complete: 1, narrative_complete: 1,
    case_studies_complete: 1, evidence_complete: 1, updated_at: at, version: Number(current.version) + 1,
  }).where("id", "=", args.returnId).execute();
  await db.insertInto("return_versions").values({
    id: newId(), return_id: args.returnId, number, content_json: canonicalJson(await snapshotOf(args.returnId)), submitted_at: at, submitted_by: submittedBy,
  }).execute();
  return number;
}

/**
 * Filled in as the provider would, every section complete, but not submitted: ready for the
 * check page's own submit. Answers the version the page would carry.
 */
export async function completeTestReturn(returnId: string, content: TestReturnContent): Promise<number> {
  const db = getDb();
  await writeContent(returnId, content, "user-provider");
  const current = await db.selectFrom("returns").select("version").where("id", "=", returnId).executeTakeFirstOrThrow();
  const version = Number(current.version) + 1;
  await db.updateTable("returns").set({
    status: "draft", outputs_complete: 1, outcomes_complete: 1, spend_complete: 1, beneficiaries_complete: 1, narrative_complete: 1,
    case_studies_complete: 1, evidence_complete: 1, updated_at: nowIso(), version,
  }).where("id", "=", returnId).execute();
  return version;
}

/** Approved without the review screens: for a previous quarter that a test compares with. */
export async function approveTestReturn(returnId: string, approvedBy = "user-officer"): Promise<void> {
  const at = nowIso();
  const current = await getDb().selectFrom("returns").select("version").where("id", "=", returnId).executeTakeFirstOrThrow();
  await getDb().updateTable("returns").set({ status: "approved", approved_at: at, approved_by: approvedBy, updated_at: at, version: Number(current.version) + 1 })
    .where("id", "=", returnId).execute();
}
