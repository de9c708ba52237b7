// Tenders: funding opportunities officers publish per district. This module holds what
// every part of the tender journey shares: the status the clock gives a tender, loading a
// tender for the permission rules, and reading one in full. Authoring lives below too.
import { getDb, type Db, type Executor } from "../../../db/client";
import type { BidStatus, TenderStoredStatus } from "../../../db/schema";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { forbidden, notFound, requireUser } from "~/http/guards.server";
import { newId, nowIso } from "~/lib/ids.server";
import { likePattern, pageWindow, toListPage, type ListPage, type ListParams } from "~/lib/lists";
import { TENDER_MESSAGES, TENDER_STATUS_LABELS, type TenderEditInput, type TenderInput } from "~/schemas/tenders";
import { deleteFile, listFiles, storeFile, type CheckedFile, type FileSummary } from "../files.server";
import { type SignedInUser } from "../accounts/users.server";
import { ukYear } from "~/lib/dates";
import { StaleEditError, FieldError, RefusedError, ClarificationConflictError } from "~/models/errors";
import { can } from "~/policies/index";
import { hasRole, type Actor } from "~/policies/actor";
import { type TenderRecord } from "~/policies/tenders";
import { type TenderStatus, TENDER_STATUSES, BID_LIVE } from "~/models/statuses";

// The labels live with the schemas so pages (which run in the browser too) can use them.
export { TENDER_STATUS_LABELS };

/**
 * The status a tender has now. Published tenders open and close by the clock: no job has to
 * run at the closing time, and a bid arriving a second late is refused because this says so.
 */
export function tenderStatus(
  t: { status: TenderStoredStatus; opens_at: string; closes_at: string },
  now: Date = new Date(),
): TenderStatus {
  if (t.status !== "published") return t.status;
  const at = now.toISOString();
  if (at < t.opens_at) return "upcoming";
  if (at < t.closes_at) return "open";
  return "closed";
}

/** Lancashire's four criteria, the default set for a new tender. Weights add up to 100. */
export const DEFAULT_CRITERIA = [
  { name: "Quality of service", weight_percent: 40, max_score: 5, guidance: "How well the service is designed and will be delivered: approach, staffing, safeguarding, partnership working and reach into the district's families." },
  { name: "Outputs", weight_percent: 20, max_score: 5, guidance: "What the project will deliver and to how many: sessions, families supported, young people reached, with realistic quarterly targets." },
  { name: "Outcomes", weight_percent: 20, max_score: 5, guidance: "The difference the project will make for children and families, and how it will be measured and evidenced." },
  { name: "Value for money", weight_percent: 20, max_score: 5, guidance: "Cost per family and per outcome, a budget that adds up, and match funding or added social value." },
] as const;

export interface LoadedTender {
  id: string;
  reference: string;
  title: string;
  storedStatus: TenderStoredStatus;
  status: TenderStatus;
  opensAt: string;
  closesAt: string;
  version: number;
  record: TenderRecord;
}

/** A tender with what the permission rules need: its districts, panel and clock status. */
export async function loadTender(db: Executor, tenderId: string, now = new Date()): Promise<LoadedTender | null> {
  const tender = await db
    .selectFrom("tenders")
    .select(["id", "reference", "title", "status", "opens_at", "closes_at", "version"])
    .where("id", "=", tenderId)
    .executeTakeFirst();
  if (!tender) return null;
  const [districts, panel] = await Promise.all([
    db.selectFrom("tender_districts").select("district_id").where("tender_id", "=", tenderId).execute(),
    db.selectFrom("tender_panel_members").select("user_id").where("tender_id", "=", tenderId).execute(),
  ]);
  const status = tenderStatus(tender, now);
  return {
    id: tender.id,
    reference: tender.reference,
    title: tender.title,
    storedStatus: tender.status,
    status,
    opensAt: tender.opens_at,
    closesAt: tender.closes_at,
    version: tender.version,
    record: { status, districtIds: districts.map((d) => d.district_id), panelUserIds: panel.map((p) => p.user_id) },
  };
}

export interface TenderCriterion {
  id: string;
  position: number;
  name: string;
  weightPercent: number;
  guidance: string;
  maxScore: number;
}

export interface TenderQuestion {
  id: string;
  position: number;
  text: string;
  wordLimit: number;
  criterionId: string | null;
}

export interface TenderDetail {
  id: string;
  reference: string;
  title: string;
  specification: string;
  fundingStream: { id: string; name: string };
  maxBudgetPence: number;
  contractStart: string;
  contractEnd: string;
  opensAt: string;
  closesAt: string;
  storedStatus: TenderStoredStatus;
  status: TenderStatus;
  publishedAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  version: number;
  districts: { id: string; name: string }[];
  themes: { id: string; name: string }[];
  criteria: TenderCriterion[];
  questions: TenderQuestion[];
  amendments: { id: string; summary: string; material: boolean; createdAt: string; changedFields: string[] }[];
  clarifications: { id: string; question: string; answer: string; answeredAt: string }[];
  attachments: FileSummary[];
}

/** Everything a tender page shows, in a fixed number of queries whatever its size. */
export async function getTenderDetail(db: Executor, tenderId: string, now = new Date()): Promise<TenderDetail | null> {
  const t = await db
    .selectFrom("tenders")
    .innerJoin("funding_streams", "funding_streams.id", "tenders.funding_stream_id")
    .select([
      "tenders.id", "tenders.reference", "tenders.title", "tenders.specification", "tenders.funding_stream_id",
      "funding_streams.name as stream_name", "tenders.max_budget_pence", "tenders.contract_start", "tenders.contract_end",
      "tenders.opens_at", "tenders.closes_at", "tenders.status", "tenders.published_at", "tenders.cancelled_at", "tenders.cancel_reason", "tenders.version",
    ])
    .where("tenders.id", "=", tenderId)
    .executeTakeFirst();
  if (!t) return null;
  const [districts, themes, criteria, questions, amendments, clarifications, attachments] = await Promise.all([
    db.selectFrom("tender_districts").innerJoin("districts", "districts.id", "tender_districts.district_id")
      .select(["districts.id", "districts.name"]).where("tender_districts.tender_id", "=", tenderId).orderBy("districts.name").execute(),
    db.selectFrom("tender_themes").innerJoin("themes", "themes.id", "tender_themes.theme_id")
      .select(["themes.id", "themes.name"]).where("tender_themes.tender_id", "=", tenderId).orderBy("themes.name").execute(),
    db.selectFrom("tender_criteria").select(["id", "position", "name", "weight_percent", "guidance", "max_score"])
      .where("tender_id", "=", tenderId).orderBy("position").execute(),
    db.selectFrom("tender_questions").select(["id", "position", "text", "word_limit", "criterion_id"])
      .where("tender_id", "=", tenderId).orderBy("position").execute(),
    db.selectFrom("tender_amendments").select(["id", "summary", "material", "changes_json", "created_at"])
      .where("tender_id", "=", tenderId).orderBy("created_at").execute(),
    db.selectFrom("clarifications").select(["id", "question", "answer", "answered_at"])
      .where("tender_id", "=", tenderId).where("status", "=", "published").orderBy("answered_at").execute(),
    listFiles(db, "tender", [tenderId]),
  ]);
  return {
    id: t.id,
    reference: t.reference,
    title: t.title,
    specification: t.specification,
    fundingStream: { id: t.funding_stream_id, name: t.stream_name },
    maxBudgetPence: Number(t.max_budget_pence),
    contractStart: t.contract_start,
    contractEnd: t.contract_end,
    opensAt: t.opens_at,
    closesAt: t.closes_at,
    storedStatus: t.status,
    status: tenderStatus(t, now),
    publishedAt: t.published_at,
    cancelledAt: t.cancelled_at,
    cancelReason: t.cancel_reason,
    version: t.version,
    districts,
    themes,
    criteria: criteria.map((c) => ({
      id: c.id, position: c.position, name: c.name, weightPercent: c.weight_percent, guidance: c.guidance, maxScore: c.max_score,
    })),
    questions: questions.map((q) => ({ id: q.id, position: q.position, text: q.text, wordLimit: q.word_limit, criterionId: q.criterion_id })),
    amendments: amendments.map((a) => ({
      id: a.id, summary: a.summary, material: a.material === 1, createdAt: a.created_at, changedFields: changedFieldLabels(a.changes_json),
    })),
    clarifications: clarifications.map((c) => ({ id: c.id, question: c.question, answer: c.answer ?? "", answeredAt: c.answered_at ?? "" })),
    attachments,
  };
}

// ---------------------------------------------------------------------------------------
// Access. Every tender route starts here: the user, the tender, and the rule. A draft the
// user may not see is "not found" (it does not confirm the draft exists); anything else
// they may not do is "forbidden".

export async function requireTender(
  request: Request,
  tenderId: string,
  permission: "tender:view" | "tender:manage",
  now = new Date(),
): Promise<{ user: SignedInUser; tender: LoadedTender }> {
  const user = await requireUser(request);
  const tender = await loadTender(getDb(), tenderId, now);
  if (!tender) notFound("Tender not found");
  if (can(user, permission, tender.record)) return { user, tender };
  if (tender.storedStatus === "draft" && !can(user, "tender:view", tender.record)) notFound("Tender not found");
  forbidden(user, permission === "tender:manage" ? "Only commissioning officers for this tender's districts can change it." : undefined);
}

/** Can this tender still be changed (edited or amended)? Only until it closes. */
export function isEditable(status: TenderStatus): boolean {
  return status === "draft" || status === "upcoming" || status === "open";
}

/** Can it still be cancelled? Not once awarded (or already cancelled). */
export function isCancellable(status: TenderStatus): boolean {
  return status !== "awarded" && status !== "cancelled";
}

// ---------------------------------------------------------------------------------------
// Errors the routes turn into messages.





// ---------------------------------------------------------------------------------------
// References: ESI-2026-014. Prefix, the UK calendar year, a per-year sequence of at least
// three digits. Unique in the database; a clash with another officer creating a tender at
// the same moment is retried.

export const REFERENCE_PREFIX = "ESI";

export function formatTenderReference(year: number, sequence: number): string {
  return `${REFERENCE_PREFIX}-${year}-${String(sequence).padStart(3, "0")}`;
}

export function parseTenderReference(reference: string): { year: number; sequence: number } | null {
  const m = new RegExp(`^${REFERENCE_PREFIX}-(\\d{4})-(\\d{3,})$`).exec(reference);
  return m ? { year: Number(m[1]), sequence: Number(m[2]) } : null;
}

/** The reference after the highest one used this year (ESI-2026-001 when none). */
export function nextReferenceAfter(year: number, existing: readonly string[]): string {
  let max = 0;
  for (const reference of existing) {
    const parsed = parseTenderReference(reference);
    if (parsed && parsed.year === year) max = Math.max(max, parsed.sequence);
  }
  return formatTenderReference(year, max + 1);
}

export async function nextTenderReference(db: Executor, now = new Date()): Promise<string> {
  const year = ukYear(now);
  const rows = await db.selectFrom("tenders").select("reference").where("reference", "like", `${REFERENCE_PREFIX}-${year}-%`).execute();
  return nextReferenceAfter(year, rows.map((r) => r.reference));
}

function isReferenceClash(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; constraint?: unknown } | null;
  if (!e) return false;
  const message = String(e.message ?? "");
  if (String(e.code ?? "").startsWith("SQLITE_CONSTRAINT") && message.includes("tenders.reference")) return true;
  return e.code === "23505" && String(e.constraint ?? "").includes("reference");
}

// ---------------------------------------------------------------------------------------
// What the form offers.

export interface TenderFormChoices {
  districts: { id: string; name: string; covered: boolean }[];
  fundingStreams: { id: string; name: string }[];
  themes: { id: string; name: string }[];
}

/**
 * Districts the officer covers (every one when county-wide), active streams and themes,
 * plus whatever the tender already has so an edit never silently drops it.
 */
export async function tenderFormChoices(
  db: Executor,
  actor: Actor,
  current: { districtIds: string[]; themeIds: string[]; fundingStreamId: string | null } = { districtIds: [], themeIds: [], fundingStreamId: null },
): Promise<TenderFormChoices> {
  const [districts, streams, themes] = await Promise.all([
    db.selectFrom("districts").select(["id", "name"]).orderBy("name").orderBy("id").execute(),
    db.selectFrom("funding_streams").select(["id", "name", "is_active"]).orderBy("name").orderBy("id").execute(),
    db.selectFrom("themes").select(["id", "name", "is_active"]).orderBy("name").orderBy("id").execute(),
  ]);
  const covers = (id: string) => hasRole(actor, "officer") && (actor.countyWide || actor.districtIds.includes(id));
  return {
    districts: districts
      .filter((d) => covers(d.id) || current.districtIds.includes(d.id))
      .map((d) => ({ id: d.id, name: d.name, covered: covers(d.id) })),
    fundingStreams: streams.filter((s) => s.is_active === 1 || s.id === current.fundingStreamId).map((s) => ({ id: s.id, name: s.name })),
    themes: themes.filter((t) => t.is_active === 1 || current.themeIds.includes(t.id)).map((t) => ({ id: t.id, name: t.name })),
  };
}

/**
 * An officer may add only districts they cover, and may not take away a district they do
 * not cover (another officer's). Returns the message for the districts field, if any.
 */
export function districtScopeError(
  actor: Actor,
  chosen: readonly string[],
  current: readonly { id: string; name: string }[],
): string | null {
  const covers = (id: string) => actor.countyWide || actor.districtIds.includes(id);
  const currentIds = current.map((d) => d.id);
  if (chosen.some((id) => !covers(id) && !currentIds.includes(id))) return TENDER_MESSAGES.districtsNotCovered;
  const dropped = current.find((d) => !covers(d.id) && !chosen.includes(d.id));
  if (dropped) return `You cannot remove ${dropped.name}: only an officer who covers it can`;
  return null;
}

// ---------------------------------------------------------------------------------------
// Snapshots: what the audit log and amendments record, in words a reader understands.

export const CHANGE_LABELS: Record<string, string> = {
  title: "title",
  specification: "specification",
  funding_stream: "funding stream",
  districts: "districts",
  themes: "themes",
  max_budget_pence: "maximum budget",
  contract_start: "contract start date",
  contract_end: "contract end date",
  opens_at: "opening date",
  closes_at: "closing date",
  criteria: "evaluation criteria",
  questions: "questions",
  attachments: "documents",
};

function changedFieldLabels(changesJson: string): string[] {
  try {
    const changes = JSON.parse(changesJson) as Record<string, unknown>;
    return Object.keys(changes).map((k) => CHANGE_LABELS[k] ?? k);
  } catch {
    return [];
  }
}

interface TenderSnapshot {
  title: string;
  specification: string;
  funding_stream: string;
  districts: string[];
  themes: string[];
  max_budget_pence: number;
  contract_start: string;
  contract_end: string;
  opens_at: string;
  closes_at: string;
  criteria: { name: string; weight_percent: number; guidance: string; max_score: number }[];
  questions: { text: string; word_limit: number; criterion: string | null }[];
  attachments: string[];
}

function snapshotOfDetail(d: TenderDetail): TenderSnapshot {
  const criterionName = new Map(d.criteria.map((c) => [c.id, c.name]));
  return {
    title: d.title,
    specification: d.specification,
    funding_stream: d.fundingStream.name,
    districts: d.districts.map((x) => x.name).sort(),
    themes: d.themes.map((x) => x.name).sort(),
    max_budget_pence: d.maxBudgetPence,
    contract_start: d.contractStart,
    contract_end: d.contractEnd,
    opens_at: d.opensAt,
    closes_at: d.closesAt,
    criteria: d.criteria.map((c) => ({ name: c.name, weight_percent: c.weightPercent, guidance: c.guidance, max_score: c.maxScore })),
    questions: d.questions.map((q) => ({ text: q.text, word_limit: q.wordLimit, criterion: q.criterionId ? (criterionName.get(q.criterionId) ?? null) : null })),
    attachments: d.attachments.map((a) => a.filename),
  };
}

async function snapshotOfInput(db: Executor, input: TenderInput, attachments: string[]): Promise<TenderSnapshot> {
  const [districts, themes, stream] = await Promise.all([
    input.districtIds.length ? db.selectFrom("districts").select("name").where("id", "in", input.districtIds).execute() : [],
    input.themeIds.length ? db.selectFrom("themes").select("name").where("id", "in", input.themeIds).execute() : [],
    db.selectFrom("funding_streams").select("name").where("id", "=", input.fundingStreamId).executeTakeFirst(),
  ]);
  const criterionName = new Map(input.criteria.map((c) => [c.slot, c.name]));
  return {
    title: input.title,
    specification: input.specification,
    funding_stream: stream?.name ?? input.fundingStreamId,
    districts: districts.map((x) => x.name).sort(),
    themes: themes.map((x) => x.name).sort(),
    max_budget_pence: input.maxBudgetPence,
    contract_start: input.contractStart,
    contract_end: input.contractEnd,
    opens_at: input.opensAt,
    closes_at: input.closesAt,
    criteria: input.criteria.map((c) => ({ name: c.name, weight_percent: c.weightPercent, guidance: c.guidance, max_score: c.maxScore })),
    questions: input.questions.map((q) => ({
      text: q.text, word_limit: q.wordLimit, criterion: q.criterionSlot === null ? null : (criterionName.get(q.criterionSlot) ?? null),
    })),
    attachments,
  };
}

export type TenderChanges = Partial<{ [K in keyof TenderSnapshot]: { before: TenderSnapshot[K]; after: TenderSnapshot[K] } }>;

function diffSnapshots(before: TenderSnapshot, after: TenderSnapshot): TenderChanges {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const key of Object.keys(before) as (keyof TenderSnapshot)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = { before: before[key], after: after[key] };
  }
  return changes as TenderChanges;
}

// ---------------------------------------------------------------------------------------
// Writing the criteria and questions of a tender. Questions refer to criteria by the form
// slot; stored rows are updated in place (bids' answers and panel scores point at them).

async function writeCriteriaAndQuestions(
  trx: Executor,
  tenderId: string,
  input: Pick<TenderInput, "criteria" | "questions">,
  existing: { criterionIds: string[]; questionIds: string[] },
): Promise<void> {
  const slotToId = new Map<number, string>();
  const keptCriteria = new Set<string>();
  for (const [index, c] of input.criteria.entries()) {
    const reuse = c.id && existing.criterionIds.includes(c.id) && !keptCriteria.has(c.id) ? c.id : null;
    const values = { position: index + 1, name: c.name, weight_percent: c.weightPercent, guidance: c.guidance, max_score: c.maxScore };
    if (reuse) {
      keptCriteria.add(reuse);
      slotToId.set(c.slot, reuse);
      await trx.updateTable("tender_criteria").set(values).where("id", "=", reuse).where("tender_id", "=", tenderId).execute();
    } else {
      const id = newId();
      slotToId.set(c.slot, id);
      await trx.insertInto("tender_criteria").values({ id, tender_id: tenderId, ...values }).execute();
    }
  }
  const keptQuestions = new Set<string>();
  for (const [index, q] of input.questions.entries()) {
    const reuse = q.id && existing.questionIds.includes(q.id) && !keptQuestions.has(q.id) ? q.id : null;
    const values = {
      position: index + 1,
      text: q.text,
      word_limit: q.wordLimit,
      criterion_id: q.criterionSlot === null ? null : (slotToId.get(q.criterionSlot) ?? null),
    };
    if (reuse) {
      keptQuestions.add(reuse);
      await trx.updateTable("tender_questions").set(values).where("id", "=", reuse).where("tender_id", "=", tenderId).execute();
    } else {
      await trx.insertInto("tender_questions").values({ id: newId(), tender_id: tenderId, ...values }).execute();
    }
  }
  const removedQuestions = existing.questionIds.filter((id) => !keptQuestions.has(id));
  if (removedQuestions.length) {
    const answered = await trx.selectFrom("bid_answers").select("question_id").where("question_id", "in", removedQuestions).limit(1).executeTakeFirst();
    if (answered) {
      throw new FieldError("questions", "You cannot remove a question that bidders have already answered. Change its wording instead");
    }
    await trx.deleteFrom("tender_questions").where("tender_id", "=", tenderId).where("id", "in", removedQuestions).execute();
  }
  const removedCriteria = existing.criterionIds.filter((id) => !keptCriteria.has(id));
  if (removedCriteria.length) {
    await trx.deleteFrom("tender_criteria").where("tender_id", "=", tenderId).where("id", "in", removedCriteria).execute();
  }
}

// ---------------------------------------------------------------------------------------
// Creating a draft.

export async function createTender(
  db: Db,
  audit: AuditContext,
  input: TenderInput,
  files: CheckedFile[] = [],
  options: { now?: Date; nextReference?: (db: Executor, now: Date, attempt: number) => Promise<string> } = {},
): Promise<{ id: string; reference: string }> {
  const now = options.now ?? new Date();
  const next = options.nextReference ?? ((executor: Executor, at: Date) => nextTenderReference(executor, at));
  const attempts = 5;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.transaction().execute(async (trx) => {
        const id = newId();
        const reference = await next(trx, now, attempt);
        const at = nowIso();
        await trx.insertInto("tenders").values({
          id, reference, title: input.title, specification: input.specification, funding_stream_id: input.fundingStreamId,
          max_budget_pence: input.maxBudgetPence, contract_start: input.contractStart, contract_end: input.contractEnd,
          opens_at: input.opensAt, closes_at: input.closesAt, status: "draft", published_at: null, cancelled_at: null,
          cancel_reason: null, awarded_at: null, created_by: audit.actorUserId, created_at: at, updated_at: at, version: 1,
        }).execute();
        await trx.insertInto("tender_districts").values(input.districtIds.map((district_id) => ({ tender_id: id, district_id }))).execute();
        if (input.themeIds.length) {
          await trx.insertInto("tender_themes").values(input.themeIds.map((theme_id) => ({ tender_id: id, theme_id }))).execute();
        }
        await writeCriteriaAndQuestions(trx, id, input, { criterionIds: [], questionIds: [] });
        for (const file of files) await storeFile(trx, { ownerType: "tender", ownerId: id, file, uploadedBy: audit.actorUserId });
        const snapshot = await snapshotOfInput(trx, input, files.map((f) => f.filename));
        await recordAudit(trx, audit, {
          action: "tender.created", recordType: "tender", recordId: id, after: { reference, status: "draft", ...snapshot },
        });
        return { id, reference };
      });
    } catch (error) {
      if (attempt < attempts && isReferenceClash(error)) continue;
      throw error;
    }
  }
}

// ---------------------------------------------------------------------------------------
// Editing: a draft is simply saved; a published tender is amended, with a dated record of
// what changed, bidders told, and submitted bids asked to confirm after a material change.

export interface BidderRecipient {
  email: string;
  name: string;
  organisationId: string;
  bidStatus: BidStatus;
}

/** The provider users of every organisation with a draft or submitted bid on the tender. */
export async function bidderRecipients(db: Executor, tenderId: string): Promise<BidderRecipient[]> {
  const rows = await db
    .selectFrom("bids")
    .innerJoin("users", "users.organisation_id", "bids.organisation_id")
    .innerJoin("user_roles", (join) => join.onRef("user_roles.user_id", "=", "users.id").on("user_roles.role", "=", "provider"))
    .select(["users.email", "users.name", "bids.organisation_id", "bids.status"])
    .where("bids.tender_id", "=", tenderId)
    .where("bids.status", "in", [...BID_LIVE])
    .where("users.is_active", "=", 1)
    .orderBy("users.email")
    .execute();
  const seen = new Set<string>();
  return rows
    .filter((r) => (seen.has(r.email) ? false : (seen.add(r.email), true)))
    .map((r) => ({ email: r.email, name: r.name, organisationId: r.organisation_id, bidStatus: r.status }));
}

export interface TenderUpdateResult {
  changes: TenderChanges;
  amendment: { id: string; summary: string; material: boolean } | null;
  flaggedBidIds: string[];
  recipients: BidderRecipient[];
  reference: string;
  title: string;
  closesAt: string;
}

export async function updateTender(
  trx: Executor,
  audit: AuditContext,
  args: { tenderId: string; input: TenderEditInput; files?: CheckedFile[]; now?: Date },
): Promise<TenderUpdateResult> {
  const now = args.now ?? new Date();
  const { input } = args;
  const files = args.files ?? [];
  const current = await getTenderDetail(trx, args.tenderId, now);
  if (!current) throw new RefusedError("This tender no longer exists.");
  if (current.version !== input.version) throw new StaleEditError("tender");
  if (!isEditable(current.status)) {
    throw new RefusedError(`This tender is ${TENDER_STATUS_LABELS[current.status].toLowerCase()}, so it can no longer be changed.`);
  }
  const published = current.storedStatus === "published";
  if (published && !input.amendment) throw new FieldError("amendment_summary", TENDER_MESSAGES.amendmentSummary);

  const removeIds = current.attachments.filter((a) => input.removeAttachmentIds.includes(a.id)).map((a) => a.id);
  const attachmentsAfter = [
    ...current.attachments.filter((a) => !removeIds.includes(a.id)).map((a) => a.filename),
    ...files.map((f) => f.filename),
  ];
  const before = snapshotOfDetail(current);
  const after = await snapshotOfInput(trx, input, attachmentsAfter);
  const changes = diffSnapshots(before, after);
  const changed = Object.keys(changes).length > 0;
  if (published && !changed) throw new RefusedError("You have not changed anything, so there is no amendment to publish.", 400);

  const result: TenderUpdateResult = {
    changes, amendment: null, flaggedBidIds: [], recipients: [], reference: current.reference, title: input.title, closesAt: input.closesAt,
  };
  if (!changed) return result;

  const at = nowIso();
  const updated = await trx
    .updateTable("tenders")
    .set({
      title: input.title, specification: input.specification, funding_stream_id: input.fundingStreamId, max_budget_pence: input.maxBudgetPence,
      contract_start: input.contractStart, contract_end: input.contractEnd, opens_at: input.opensAt, closes_at: input.closesAt,
      updated_at: at, version: input.version + 1,
    })
    .where("id", "=", args.tenderId)
    .where("version", "=", input.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new StaleEditError("tender");

  if (changes.districts) {
    await trx.deleteFrom("tender_districts").where("tender_id", "=", args.tenderId).execute();
    await trx.insertInto("tender_districts").values(input.districtIds.map((district_id) => ({ tender_id: args.tenderId, district_id }))).execute();
  }
  if (changes.themes) {
    await trx.deleteFrom("tender_themes").where("tender_id", "=", args.tenderId).execute();
    if (input.themeIds.length) {
      await trx.insertInto("tender_themes").values(input.themeIds.map((theme_id) => ({ tender_id: args.tenderId, theme_id }))).execute();
    }
  }
  await writeCriteriaAndQuestions(trx, args.tenderId, input, {
    criterionIds: current.criteria.map((c) => c.id),
    questionIds: current.questions.map((q) => q.id),
  });
  for (const id of removeIds) await deleteFile(trx, { id, ownerType: "tender", ownerId: args.tenderId });
  for (const file of files) await storeFile(trx, { ownerType: "tender", ownerId: args.tenderId, file, uploadedBy: audit.actorUserId });

  const changeBefore = Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v.before]));
  const changeAfter = Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v.after]));

  if (published && input.amendment) {
    const amendmentId = newId();
    await trx.insertInto("tender_amendments").values({
      id: amendmentId, tender_id: args.tenderId, summary: input.amendment.summary, material: input.amendment.material ? 1 : 0,
      changes_json: JSON.stringify(changes), created_by: audit.actorUserId, created_at: at,
    }).execute();
    result.amendment = { id: amendmentId, ...input.amendment };
    if (input.amendment.material) {
      const submitted = await trx.selectFrom("bids").select("id").where("tender_id", "=", args.tenderId).where("status", "=", "submitted").execute();
      result.flaggedBidIds = submitted.map((b) => b.id);
      if (submitted.length) {
        await trx.updateTable("bids").set({ needs_confirmation: 1, updated_at: at }).where("id", "in", result.flaggedBidIds).execute();
        for (const bidId of result.flaggedBidIds) {
          await recordAudit(trx, audit, {
            action: "bid.confirmation_required", recordType: "bid", recordId: bidId,
            before: { needs_confirmation: 0 }, after: { needs_confirmation: 1, amendment_id: amendmentId },
          });
        }
      }
    }
    result.recipients = await bidderRecipients(trx, args.tenderId);
    await recordAudit(trx, audit, {
      action: "tender.amended", recordType: "tender", recordId: args.tenderId,
      before: changeBefore,
      after: { ...changeAfter, amendment: { id: amendmentId, summary: input.amendment.summary, material: input.amendment.material } },
    });
  } else {
    await recordAudit(trx, audit, { action: "tender.updated", recordType: "tender", recordId: args.tenderId, before: changeBefore, after: changeAfter });
  }
  return result;
}

// ---------------------------------------------------------------------------------------
// Publishing and cancelling.

export async function publishTender(trx: Executor, audit: AuditContext, tenderId: string, version: number, now = new Date()): Promise<void> {
  const tender = await trx
    .selectFrom("tenders")
    .select(["status", "version", "closes_at", "opens_at"])
    .where("id", "=", tenderId)
    .executeTakeFirst();
  if (!tender) throw new RefusedError("This tender no longer exists.");
  if (tender.version !== version) throw new StaleEditError("tender");
  if (tender.status !== "draft") throw new RefusedError("This tender has already been published.");
  if (tender.closes_at <= now.toISOString()) {
    throw new RefusedError("The closing date has passed. Change the closing date before you publish the tender.");
  }
  const [questions, criteria] = await Promise.all([
    trx.selectFrom("tender_questions").select((eb) => eb.fn.countAll<number>().as("n")).where("tender_id", "=", tenderId).executeTakeFirstOrThrow(),
    trx.selectFrom("tender_criteria").select((eb) => eb.fn.sum<number>("weight_percent").as("total")).where("tender_id", "=", tenderId).executeTakeFirstOrThrow(),
  ]);
  if (Number(questions.n) === 0) throw new RefusedError("Add at least one question for bidders before you publish the tender.");
  if (Number(criteria.total) !== 100) throw new RefusedError("The evaluation criteria weights must add up to 100% before you publish the tender.");
  const at = now.toISOString();
  const updated = await trx
    .updateTable("tenders")
    .set({ status: "published", published_at: at, updated_at: nowIso(), version: version + 1 })
    .where("id", "=", tenderId)
    .where("version", "=", version)
    .where("status", "=", "draft")
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new StaleEditError("tender");
  await recordAudit(trx, audit, {
    action: "tender.published", recordType: "tender", recordId: tenderId,
    before: { status: "draft" }, after: { status: "published", published_at: at, opens_at: tender.opens_at, closes_at: tender.closes_at },
  });
}

export async function cancelTender(
  trx: Executor,
  audit: AuditContext,
  args: { tenderId: string; version: number; reason: string; now?: Date },
): Promise<{ reference: string; title: string; recipients: BidderRecipient[] }> {
  const now = args.now ?? new Date();
  const tender = await trx
    .selectFrom("tenders")
    .select(["reference", "title", "status", "opens_at", "closes_at", "version"])
    .where("id", "=", args.tenderId)
    .executeTakeFirst();
  if (!tender) throw new RefusedError("This tender no longer exists.");
  if (tender.version !== args.version) throw new StaleEditError("tender");
  const status = tenderStatus(tender, now);
  if (!isCancellable(status)) throw new RefusedError(`This tender is ${TENDER_STATUS_LABELS[status].toLowerCase()}, so it cannot be cancelled.`);
  const at = now.toISOString();
  const updated = await trx
    .updateTable("tenders")
    .set({ status: "cancelled", cancelled_at: at, cancel_reason: args.reason, updated_at: nowIso(), version: args.version + 1 })
    .where("id", "=", args.tenderId)
    .where("version", "=", args.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new StaleEditError("tender");
  await recordAudit(trx, audit, {
    action: "tender.cancelled", recordType: "tender", recordId: args.tenderId,
    before: { status: tender.status }, after: { status: "cancelled", cancelled_at: at, cancel_reason: args.reason },
  });
  return { reference: tender.reference, title: tender.title, recipients: await bidderRecipients(trx, args.tenderId) };
}

// ---------------------------------------------------------------------------------------
// Clarifications: a provider asks privately; an officer answers and publishes the question
// and answer to everyone, never saying who asked.

export async function askClarification(
  trx: Executor,
  audit: AuditContext,
  args: { tenderId: string; organisationId: string; userId: string; question: string },
): Promise<string> {
  const id = newId();
  const at = nowIso();
  await trx.insertInto("clarifications").values({
    id, tender_id: args.tenderId, organisation_id: args.organisationId, asked_by: args.userId, question: args.question,
    answer: null, status: "asked", asked_at: at, answered_at: null, answered_by: null, version: 1,
  }).execute();
  await recordAudit(trx, audit, {
    action: "clarification.asked", recordType: "clarification", recordId: id,
    after: { tender_id: args.tenderId, organisation_id: args.organisationId, question: args.question },
  });
  return id;
}

export interface QueuedClarification {
  id: string;
  question: string;
  askedAt: string;
  organisationName: string;
  askerName: string;
  version: number;
}

/** For officers: the questions waiting for an answer, oldest first, with who asked. */
export async function listClarificationQueue(db: Executor, tenderId: string): Promise<QueuedClarification[]> {
  const rows = await db
    .selectFrom("clarifications")
    .innerJoin("organisations", "organisations.id", "clarifications.organisation_id")
    .innerJoin("users", "users.id", "clarifications.asked_by")
    .select([
      "clarifications.id", "clarifications.question", "clarifications.asked_at", "clarifications.version",
      "organisations.name as organisation_name", "users.name as asker_name",
    ])
    .where("clarifications.tender_id", "=", tenderId)
    .where("clarifications.status", "=", "asked")
    .orderBy("clarifications.asked_at")
    .orderBy("clarifications.id")
    .execute();
  return rows.map((r) => ({
    id: r.id, question: r.question, askedAt: r.asked_at, organisationName: r.organisation_name, askerName: r.asker_name, version: r.version,
  }));
}

/** For a provider: their own organisation's questions still waiting for an answer. */
export async function listOwnPendingClarifications(db: Executor, tenderId: string, organisationId: string) {
  const rows = await db
    .selectFrom("clarifications")
    .select(["id", "question", "asked_at"])
    .where("tender_id", "=", tenderId)
    .where("organisation_id", "=", organisationId)
    .where("status", "=", "asked")
    .orderBy("asked_at")
    .execute();
  return rows.map((r) => ({ id: r.id, question: r.question, askedAt: r.asked_at }));
}

export async function answerClarification(
  trx: Executor,
  audit: AuditContext,
  args: { tenderId: string; clarificationId: string; version: number; question: string; answer: string; userId: string },
): Promise<{ askerEmail: string; askerName: string; askerActive: boolean } | null> {
  const row = await trx
    .selectFrom("clarifications")
    .innerJoin("users", "users.id", "clarifications.asked_by")
    .select(["clarifications.status", "clarifications.version", "clarifications.question", "users.email", "users.name", "users.is_active"])
    .where("clarifications.id", "=", args.clarificationId)
    .where("clarifications.tender_id", "=", args.tenderId)
    .executeTakeFirst();
  if (!row) return null;
  if (row.status !== "asked" || row.version !== args.version) throw new ClarificationConflictError();
  const at = nowIso();
  const updated = await trx
    .updateTable("clarifications")
    .set({ question: args.question, answer: args.answer, status: "published", answered_at: at, answered_by: args.userId, version: args.version + 1 })
    .where("id", "=", args.clarificationId)
    .where("version", "=", args.version)
    .where("status", "=", "asked")
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new ClarificationConflictError();
  await recordAudit(trx, audit, {
    action: "clarification.answered", recordType: "clarification", recordId: args.clarificationId,
    before: { status: "asked", question: row.question },
    after: { status: "published", question: args.question, answer: args.answer, answered_at: at },
  });
  return { askerEmail: row.email, askerName: row.name, askerActive: row.is_active === 1 };
}

// ---------------------------------------------------------------------------------------
// Figures for the tender page.

/** How many bids are in: a count only, never what they say. */
export async function countSubmittedBids(db: Executor, tenderId: string): Promise<number> {
  const row = await db
    .selectFrom("bids")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("tender_id", "=", tenderId)
    .where("status", "=", "submitted")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The status of an organisation's live bid on a tender, if it has one. */
export async function organisationBidStatus(db: Executor, tenderId: string, organisationId: string): Promise<BidStatus | null> {
  const row = await db
    .selectFrom("bids")
    .select("status")
    .where("tender_id", "=", tenderId)
    .where("organisation_id", "=", organisationId)
    .where("status", "!=", "withdrawn")
    .executeTakeFirst();
  return row?.status ?? null;
}

// ---------------------------------------------------------------------------------------
// The list of tenders. Officers see every tender in their districts, drafts included;
// providers see every published one. Status follows the clock, here in SQL too.

export const TENDER_SORTS = ["closes_at", "reference", "title"] as const;
export type TenderSort = (typeof TENDER_SORTS)[number];


export interface TenderListFilters {
  status: TenderStatus | "";
  districtId: string;
  themeId: string;
}

export interface TenderListItem {
  id: string;
  reference: string;
  title: string;
  status: TenderStatus;
  opensAt: string;
  closesAt: string;
  maxBudgetPence: number;
  fundingStreamName: string;
  districts: string[];
  themes: string[];
}

export async function listTenders(
  db: Executor,
  actor: Actor,
  params: ListParams<TenderSort>,
  filters: TenderListFilters,
  now = new Date(),
): Promise<ListPage<TenderListItem>> {
  const at = now.toISOString();
  const officer = hasRole(actor, "officer");
  const provider = hasRole(actor, "provider") && !!actor.organisationId;
  if (!officer && !provider) return toListPage([], 0, params);

  let base = db.selectFrom("tenders").innerJoin("funding_streams", "funding_streams.id", "tenders.funding_stream_id");
  if (!(officer && actor.countyWide)) {
    const scope = [...actor.districtIds];
    base = base.where((eb) => {
      const visible = [];
      if (officer && scope.length) {
        visible.push(
          eb.exists(
            eb.selectFrom("tender_districts").select("tender_districts.tender_id")
              .whereRef("tender_districts.tender_id", "=", "tenders.id").where("tender_districts.district_id", "in", scope),
          ),
        );
      }
      if (provider) visible.push(eb("tenders.status", "!=", "draft"));
      // Neither: an officer with no districts yet sees nothing.
      return visible.length ? eb.or(visible) : eb("tenders.id", "=", "");
    });
  }
  switch (filters.status) {
    case "": break;
    case "upcoming": base = base.where("tenders.status", "=", "published").where("tenders.opens_at", ">", at); break;
    case "open": base = base.where("tenders.status", "=", "published").where("tenders.opens_at", "<=", at).where("tenders.closes_at", ">", at); break;
    case "closed": base = base.where("tenders.status", "=", "published").where("tenders.closes_at", "<=", at); break;
    default: base = base.where("tenders.status", "=", filters.status);
  }
  if (filters.districtId) {
    const districtId = filters.districtId;
    base = base.where((eb) =>
      eb.exists(eb.selectFrom("tender_districts").select("tender_districts.tender_id")
        .whereRef("tender_districts.tender_id", "=", "tenders.id").where("tender_districts.district_id", "=", districtId)),
    );
  }
  if (filters.themeId) {
    const themeId = filters.themeId;
    base = base.where((eb) =>
      eb.exists(eb.selectFrom("tender_themes").select("tender_themes.tender_id")
        .whereRef("tender_themes.tender_id", "=", "tenders.id").where("tender_themes.theme_id", "=", themeId)),
    );
  }
  if (params.q) {
    const pattern = likePattern(params.q);
    base = base.where((eb) =>
      eb.or([eb(eb.fn("lower", ["tenders.title"]), "like", pattern), eb(eb.fn("lower", ["tenders.reference"]), "like", pattern)]),
    );
  }

  const { total } = await base.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
  const { limit, offset } = pageWindow(params);
  let query = base.select([
    "tenders.id", "tenders.reference", "tenders.title", "tenders.status", "tenders.opens_at", "tenders.closes_at",
    "tenders.max_budget_pence", "funding_streams.name as stream_name",
  ]);
  switch (params.sort) {
    case "reference": query = query.orderBy("tenders.reference", params.dir); break;
    case "title": query = query.orderBy((eb) => eb.fn("lower", ["tenders.title"]), params.dir).orderBy("tenders.reference"); break;
    default: query = query.orderBy("tenders.closes_at", params.dir).orderBy("tenders.reference");
  }
  const rows = await query.orderBy("tenders.id").limit(limit).offset(offset).execute();
  const ids = rows.map((r) => r.id);
  const [districts, themes] = ids.length
    ? await Promise.all([
        db.selectFrom("tender_districts").innerJoin("districts", "districts.id", "tender_districts.district_id")
          .select(["tender_districts.tender_id", "districts.name"]).where("tender_districts.tender_id", "in", ids).orderBy("districts.name").execute(),
        db.selectFrom("tender_themes").innerJoin("themes", "themes.id", "tender_themes.theme_id")
          .select(["tender_themes.tender_id", "themes.name"]).where("tender_themes.tender_id", "in", ids).orderBy("themes.name").execute(),
      ])
    : [[], []];
  const namesFor = (list: { tender_id: string; name: string }[], id: string) => list.filter((x) => x.tender_id === id).map((x) => x.name);
  const items = rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    title: r.title,
    status: tenderStatus({ status: r.status, opens_at: r.opens_at, closes_at: r.closes_at }, now),
    opensAt: r.opens_at,
    closesAt: r.closes_at,
    maxBudgetPence: Number(r.max_budget_pence),
    fundingStreamName: r.stream_name,
    districts: namesFor(districts, r.id),
    themes: namesFor(themes, r.id),
  }));
  return toListPage(items, Number(total), params);
}
