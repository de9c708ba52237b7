// Bids: a provider's answer to a tender. Sealed until the tender closes; see the
// "bid:*" rules in permissions.ts for who may read or change one.
//
// The life of a bid: started (draft) → saved any number of times by anyone in the
// organisation → submitted while the tender is open (a fingerprint seals what was sent) →
// withdrawn before closing, or decided (successful | unsuccessful) by the council. One live
// bid per provider per tender: a partial unique index in the database holds that line, and a
// withdrawn bid does not count. A submitted bid is not edited: to change it the provider
// withdraws it and starts again, and the new draft starts as a copy of the withdrawn one.
import { createHash } from "node:crypto";
import { sql } from "kysely";
import { getDb, type Db, type Executor } from "../../../db/client";
import { BUDGET_CATEGORIES, type BidStatus, type BudgetCategory } from "../../../db/schema";
import { formatDate, formatClockOnDate, formatSavedAt } from "~/lib/dates";
import type { FieldErrors, FormValues } from "~/lib/forms";
import { formatPence, penceToInput } from "~/lib/money";
import { quarterLabel, quartersBetween } from "~/lib/financial-year";
import { newId, nowIso } from "~/lib/ids.server";
import { likePattern, pageWindow, toListPage, type ListPage, type ListParams } from "~/lib/lists";
import { countWords } from "~/lib/words";
import {
  answerField, checkBidComplete, indicatorField, targetField, type BidDraftInput, type BidFormContext, type IndicatorKind, type IndicatorUnit,
} from "~/schemas/bids";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { notFound, forbidden, requireUser } from "~/http/guards.server";
import type { SignedInUser } from "../accounts/users.server";
import { deleteFile, formatBytes, listFiles, storeFile, type CheckedFile, type FileSummary } from "../files.server";
import { getTenderDetail, loadTender, tenderStatus, type LoadedTender, type TenderDetail } from "../tenders/tenders.server";
import { BidLockedError, StaleBidError } from "~/models/errors";
import { can } from "~/policies/index";
import { hasRole } from "~/policies/actor";
import { type BidRecord } from "~/policies/bids";
import { type TenderStatus } from "~/models/statuses";
import { budgetField, type BudgetLine } from "~/lib/budget";

// The labels live with the schemas so pages can use them in the browser too.
export { BID_STATUS_LABELS, BID_STATUS_TAG_CLASSES } from "~/schemas/bids";

export interface LoadedBid {
  id: string;
  tenderId: string;
  organisationId: string;
  status: BidStatus;
  version: number;
  tender: LoadedTender;
  record: BidRecord;
}

/** A bid with what the permission rules need: its tender and the panel's declarations. */
export async function loadBid(db: Executor, bidId: string, now = new Date()): Promise<LoadedBid | null> {
  const bid = await db
    .selectFrom("bids")
    .select(["id", "tender_id", "organisation_id", "status", "version"])
    .where("id", "=", bidId)
    .executeTakeFirst();
  if (!bid) return null;
  const [tender, declarations] = await Promise.all([
    loadTender(db, bid.tender_id, now),
    db.selectFrom("panel_declarations").select(["user_id", "conflict"]).where("bid_id", "=", bidId).execute(),
  ]);
  if (!tender) return null;
  return {
    id: bid.id,
    tenderId: bid.tender_id,
    organisationId: bid.organisation_id,
    status: bid.status,
    version: bid.version,
    tender,
    record: {
      organisationId: bid.organisation_id,
      status: bid.status,
      tender: tender.record,
      conflictedUserIds: declarations.filter((d) => d.conflict === 1).map((d) => d.user_id),
      declaredUserIds: declarations.map((d) => d.user_id),
    },
  };
}

// ---------------------------------------------------------------------------------------
// Access. Every bid route starts here: who may see a bid at all is decided once.

export interface BidAccess {
  user: SignedInUser;
  bid: LoadedBid;
  /** The signed-in user is a provider of the bid's organisation. */
  own: boolean;
}

export function isOwnBid(user: SignedInUser, bid: { organisationId: string }): boolean {
  return hasRole(user, "provider") && !!user.organisationId && user.organisationId === bid.organisationId;
}

/**
 * The bid, for someone who may read it. Anyone else gets "not found", never "forbidden":
 * another provider, or an officer before the closing time, may not even learn it exists.
 */
export async function requireBidReader(request: Request, bidId: string | undefined, now = new Date()): Promise<BidAccess> {
  const user = await requireUser(request);
  const bid = bidId ? await loadBid(getDb(), bidId, now) : null;
  if (!bid || !can(user, "bid:read-contents", bid.record)) notFound("Bid not found");
  return { user, bid, own: isOwnBid(user, bid) };
}

/** The bid, for its own organisation's providers only: officers and the panel read, never change. */
export async function requireOwnBid(request: Request, bidId: string | undefined, now = new Date()): Promise<BidAccess> {
  const access = await requireBidReader(request, bidId, now);
  if (!access.own) forbidden(access.user, "Only the organisation that made this bid can change it.");
  return access;
}

// ---------------------------------------------------------------------------------------
// Words for times and for a tender that is not open.


export type BidDoing = "started" | "changed" | "submitted" | "withdrawn" | "confirmed";

/** Why a bid cannot be started, changed or sent now, from the tender's clock status. */
export function notOpenMessage(tender: { status: TenderStatus; opensAt: string; closesAt: string }, doing: BidDoing): string {
  switch (tender.status) {
    case "upcoming":
      return `This tender opens at ${formatClockOnDate(tender.opensAt)}. Bids can be ${doing === "started" ? "started" : doing} from then.`;
    case "cancelled":
      return `This tender has been cancelled. Bids can no longer be ${doing}.`;
    case "draft":
      return "This tender has not been published.";
    case "open":
      return "This tender is open.";
    default:
      return `This tender closed at ${formatClockOnDate(tender.closesAt)}. Bids can no longer be ${doing}.`;
  }
}

/** The reference on a receipt: the tender's reference and a number from the bid's id. */
export function bidReference(tenderReference: string, bidId: string): string {
  return `${tenderReference}-${bidId.replace(/[^a-z0-9]/gi, "").slice(0, 8).toUpperCase()}`;
}

// ---------------------------------------------------------------------------------------
// Starting a bid.

async function findLiveBid(db: Executor, tenderId: string, organisationId: string): Promise<string | null> {
  const row = await db
    .selectFrom("bids")
    .select("id")
    .where("tender_id", "=", tenderId)
    .where("organisation_id", "=", organisationId)
    .where("status", "<>", "withdrawn")
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The organisation's live (not withdrawn) bid on a tender, if any. */
export function getLiveBidId(db: Executor, tenderId: string, organisationId: string): Promise<string | null> {
  return findLiveBid(db, tenderId, organisationId);
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

/** Copies a withdrawn bid's contents into a new draft, so withdrawing to change a bid loses nothing. */
async function copyBidContents(trx: Executor, fromId: string, toId: string): Promise<void> {
  const [answers, lines, indicators, files] = await Promise.all([
    trx.selectFrom("bid_answers")
      .innerJoin("tender_questions", "tender_questions.id", "bid_answers.question_id")
      .select(["bid_answers.question_id", "bid_answers.answer"])
      .where("bid_answers.bid_id", "=", fromId)
      .execute(),
    trx.selectFrom("bid_budget_lines").select(["quarter", "category", "amount_pence"]).where("bid_id", "=", fromId).execute(),
    trx.selectFrom("bid_indicators").select(["position", "kind", "name", "definition", "unit", "targets_json"]).where("bid_id", "=", fromId).execute(),
    trx.selectFrom("files").select(["filename", "content_type", "size_bytes", "sha256", "content", "uploaded_by", "created_at"])
      .where("owner_type", "=", "bid").where("owner_id", "=", fromId).execute(),
  ]);
  if (answers.length) await trx.insertInto("bid_answers").values(answers.map((a) => ({ bid_id: toId, ...a }))).execute();
  if (lines.length) await trx.insertInto("bid_budget_lines").values(lines.map((l) => ({ bid_id: toId, ...l }))).execute();
  if (indicators.length) {
    await trx.insertInto("bid_indicators").values(indicators.map((i) => ({ id: newId(), bid_id: toId, ...i }))).execute();
  }
  for (const f of files) {
    await trx.insertInto("files").values({ id: newId(), owner_type: "bid", owner_id: toId, ...f }).execute();
  }
}

export interface StartedBid {
  id: string;
  created: boolean;
  /** The withdrawn bid the new draft was copied from. */
  copiedFrom: string | null;
}

/**
 * Starts the organisation's bid on a tender, or finds the live one it already has. Two
 * people pressing "Start" at once get the same bid: the unique index refuses the second
 * insert and the loser reads the winner's. Runs its own transaction for that reason.
 */
export async function startBid(
  db: Db,
  audit: AuditContext,
  args: { tenderId: string; organisationId: string; userId: string },
): Promise<StartedBid> {
  try {
    return await db.transaction().execute(async (trx) => {
      const existing = await findLiveBid(trx, args.tenderId, args.organisationId);
      if (existing) return { id: existing, created: false, copiedFrom: null };
      const previous = await trx
        .selectFrom("bids")
        .select(["id", "district_id", "title", "amount_pence"])
        .where("tender_id", "=", args.tenderId)
        .where("organisation_id", "=", args.organisationId)
        .where("status", "=", "withdrawn")
        .orderBy("withdrawn_at", "desc")
        .orderBy("updated_at", "desc")
        .executeTakeFirst();
      const id = newId();
      const at = nowIso();
      await trx.insertInto("bids").values({
        id, tender_id: args.tenderId, organisation_id: args.organisationId,
        district_id: previous?.district_id ?? null, title: previous?.title ?? "", status: "draft",
        amount_pence: previous?.amount_pence ?? null, submitted_at: null, submitted_by: null, fingerprint: null,
        needs_confirmation: 0, withdrawn_at: null, decision_feedback: null, decided_at: null,
        created_by: args.userId, created_at: at, updated_at: at, version: 1,
      }).execute();
      if (previous) await copyBidContents(trx, previous.id, id);
      await recordAudit(trx, audit, {
        action: "bid.started",
        recordType: "bid",
        recordId: id,
        after: { tender_id: args.tenderId, organisation_id: args.organisationId, status: "draft", copied_from: previous?.id ?? null },
      });
      return { id, created: true, copiedFrom: previous?.id ?? null };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const existing = await findLiveBid(db, args.tenderId, args.organisationId);
      if (existing) return { id: existing, created: false, copiedFrom: null };
    }
    throw error;
  }
}

// ---------------------------------------------------------------------------------------
// Reading a bid in full.

export interface BidIndicator {
  id: string;
  position: number;
  kind: IndicatorKind;
  name: string;
  definition: string;
  unit: IndicatorUnit;
  targets: Record<string, number>;
}

export interface BidBudgetLine {
  quarter: string;
  category: BudgetCategory;
  amountPence: number;
}

export interface BidDetail {
  id: string;
  reference: string;
  tenderId: string;
  organisationId: string;
  organisationName: string;
  districtId: string | null;
  districtName: string | null;
  title: string;
  status: BidStatus;
  amountPence: number | null;
  submittedAt: string | null;
  submittedBy: { id: string; name: string; email: string } | null;
  fingerprint: string | null;
  needsConfirmation: boolean;
  withdrawnAt: string | null;
  decidedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** Who last saved or changed it, from the audit log. */
  lastChangedBy: string | null;
  answers: Record<string, string>;
  budget: BidBudgetLine[];
  indicators: BidIndicator[];
  attachments: FileSummary[];
  tender: TenderDetail;
  /** The contract's quarters, like "2027-28 Q1": the budget grid's rows. */
  quarters: string[];
}

function parseTargets(json: string): Record<string, number> {
  try {
    const value = JSON.parse(json) as unknown;
    if (!value || typeof value !== "object" || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === "number")) as Record<string, number>;
  } catch {
    return {};
  }
}

export function contractQuarters(tender: { contractStart: string; contractEnd: string }): string[] {
  try {
    return quartersBetween(tender.contractStart, tender.contractEnd).map(quarterLabel);
  } catch {
    return [];
  }
}

/** Everything about one bid, in a fixed number of queries. Callers check access first. */
export async function getBidDetail(db: Executor, bidId: string, now = new Date()): Promise<BidDetail | null> {
  const bid = await db
    .selectFrom("bids")
    .innerJoin("organisations", "organisations.id", "bids.organisation_id")
    .leftJoin("districts", "districts.id", "bids.district_id")
    .leftJoin("users as submitter", "submitter.id", "bids.submitted_by")
    .select([
      "bids.id", "bids.tender_id", "bids.organisation_id", "organisations.name as organisation_name", "bids.district_id",
      "districts.name as district_name", "bids.title", "bids.status", "bids.amount_pence", "bids.submitted_at", "bids.submitted_by",
      "submitter.name as submitter_name", "submitter.email as submitter_email", "bids.fingerprint", "bids.needs_confirmation",
      "bids.withdrawn_at", "bids.decided_at", "bids.created_at", "bids.updated_at", "bids.version",
    ])
    .where("bids.id", "=", bidId)
    .executeTakeFirst();
  if (!bid) return null;
  const [tender, answers, lines, indicators, attachments, lastEvent] = await Promise.all([
    getTenderDetail(db, bid.tender_id, now),
    db.selectFrom("bid_answers").select(["question_id", "answer"]).where("bid_id", "=", bidId).execute(),
    db.selectFrom("bid_budget_lines").select(["quarter", "category", "amount_pence"]).where("bid_id", "=", bidId).execute(),
    db.selectFrom("bid_indicators").select(["id", "position", "kind", "name", "definition", "unit", "targets_json"])
      .where("bid_id", "=", bidId).orderBy("position").execute(),
    listFiles(db, "bid", [bidId]),
    db.selectFrom("audit_events").leftJoin("users", "users.id", "audit_events.actor_user_id")
      .select(["users.name"])
      .where("audit_events.record_type", "=", "bid").where("audit_events.record_id", "=", bidId)
      .orderBy("audit_events.created_at", "desc").orderBy("audit_events.id", "desc")
      .limit(1).executeTakeFirst(),
  ]);
  if (!tender) return null;
  const categoryOrder = (c: string) => BUDGET_CATEGORIES.indexOf(c as BudgetCategory);
  return {
    id: bid.id,
    reference: bidReference(tender.reference, bid.id),
    tenderId: bid.tender_id,
    organisationId: bid.organisation_id,
    organisationName: bid.organisation_name,
    districtId: bid.district_id,
    districtName: bid.district_name,
    title: bid.title,
    status: bid.status,
    amountPence: bid.amount_pence === null ? null : Number(bid.amount_pence),
    submittedAt: bid.submitted_at,
    submittedBy: bid.submitted_by ? { id: bid.submitted_by, name: bid.submitter_name ?? "", email: bid.submitter_email ?? "" } : null,
    fingerprint: bid.fingerprint,
    needsConfirmation: bid.needs_confirmation === 1,
    withdrawnAt: bid.withdrawn_at,
    decidedAt: bid.decided_at,
    createdAt: bid.created_at,
    updatedAt: bid.updated_at,
    version: bid.version,
    lastChangedBy: lastEvent?.name ?? null,
    answers: Object.fromEntries(answers.map((a) => [a.question_id, a.answer])),
    budget: lines
      .map((l) => ({ quarter: l.quarter, category: l.category, amountPence: Number(l.amount_pence) }))
      .sort((a, b) => a.quarter.localeCompare(b.quarter) || categoryOrder(a.category) - categoryOrder(b.category)),
    indicators: indicators.map((i) => ({
      id: i.id, position: i.position, kind: i.kind, name: i.name, definition: i.definition,
      unit: i.unit as IndicatorUnit, targets: parseTargets(i.targets_json),
    })),
    attachments,
    tender,
    quarters: contractQuarters(tender),
  };
}

/** What the form schema needs to know about a tender. */
export function formContextOf(tender: TenderDetail): BidFormContext {
  return {
    districtIds: tender.districts.map((d) => d.id),
    questions: tender.questions.map((q) => ({ id: q.id, position: q.position, wordLimit: q.wordLimit })),
    quarters: contractQuarters(tender),
    maxBudgetPence: tender.maxBudgetPence,
  };
}

/** A stored bid in the shape the form produces, for the completeness check. */
export function storedInput(detail: BidDetail): BidDraftInput {
  return {
    districtId: detail.districtId,
    title: detail.title,
    answers: detail.answers,
    amountPence: detail.amountPence,
    budget: detail.budget,
    indicators: detail.indicators.map((i, index) => ({
      kind: i.kind, name: i.name, definition: i.definition, unit: i.unit, targets: i.targets, row: index,
    })),
  };
}

/** What a stored bid still needs before it can be submitted (empty when it is complete). */
export function problemsWith(detail: BidDetail): FieldErrors {
  return checkBidComplete(storedInput(detail), formContextOf(detail.tender));
}

// ---------------------------------------------------------------------------------------
// The fingerprint: a SHA-256 of a canonical JSON of what was submitted.

export interface CanonicalBid {
  format: "bid-fingerprint-v1";
  bid_id: string;
  tender_id: string;
  /** The tender as it stood when the bid was submitted or confirmed. */
  tender_version: number;
  organisation_id: string;
  district_id: string | null;
  title: string;
  amount_pence: number | null;
  /** In the order of the tender's questions. */
  answers: { question_id: string; answer: string }[];
  /** Sorted by quarter, then category name. */
  budget: { quarter: string; category: string; amount_pence: number }[];
  /** In the bid's order. */
  indicators: { kind: string; name: string; definition: string; unit: string; targets: Record<string, number> }[];
  /** Sorted by hash, then file name. */
  attachments: { filename: string; sha256: string }[];
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function canonicalBidContent(detail: BidDetail): CanonicalBid {
  return {
    format: "bid-fingerprint-v1",
    bid_id: detail.id,
    tender_id: detail.tenderId,
    tender_version: detail.tender.version,
    organisation_id: detail.organisationId,
    district_id: detail.districtId,
    title: detail.title,
    amount_pence: detail.amountPence,
    answers: detail.tender.questions
      .filter((q) => detail.answers[q.id] !== undefined)
      .map((q) => ({ question_id: q.id, answer: detail.answers[q.id] })),
    budget: detail.budget
      .map((l) => ({ quarter: l.quarter, category: l.category, amount_pence: l.amountPence }))
      .sort((a, b) => byString(a.quarter, b.quarter) || byString(a.category, b.category)),
    indicators: detail.indicators.map((i) => ({ kind: i.kind, name: i.name, definition: i.definition, unit: i.unit, targets: i.targets })),
    attachments: detail.attachments
      .map((f) => ({ filename: f.filename, sha256: f.sha256 }))
      .sort((a, b) => byString(a.sha256, b.sha256) || byString(a.filename, b.filename)),
  };
}

/** JSON with every object's keys sorted and no spaces: the same content always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => byString(a, b));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function bidFingerprint(detail: BidDetail): string {
  return createHash("sha256").update(canonicalJson(canonicalBidContent(detail)), "utf8").digest("hex");
}

// ---------------------------------------------------------------------------------------
// Saving a draft.



/** What the audit log keeps of a bid's contents: enough to see what a save changed. */
async function contentSummary(db: Executor, bidId: string) {
  const [bid, answers, lines, indicators, files] = await Promise.all([
    db.selectFrom("bids").select(["status", "district_id", "title", "amount_pence", "version"]).where("id", "=", bidId).executeTakeFirstOrThrow(),
    db.selectFrom("bid_answers").select(["question_id", "answer"]).where("bid_id", "=", bidId).execute(),
    db.selectFrom("bid_budget_lines").select(["amount_pence"]).where("bid_id", "=", bidId).execute(),
    db.selectFrom("bid_indicators").select(["name"]).where("bid_id", "=", bidId).orderBy("position").execute(),
    listFiles(db, "bid", [bidId]),
  ]);
  return {
    status: bid.status,
    version: bid.version,
    district_id: bid.district_id,
    title: bid.title,
    amount_pence: bid.amount_pence === null ? null : Number(bid.amount_pence),
    answer_words: Object.fromEntries(answers.map((a) => [a.question_id, countWords(a.answer)])),
    budget_lines: lines.length,
    budget_total_pence: lines.reduce((sum, l) => sum + Number(l.amount_pence), 0),
    indicators: indicators.map((i) => i.name),
    attachments: files.map((f) => ({ filename: f.filename, sha256: f.sha256 })),
  };
}

export interface SaveBidArgs {
  bidId: string;
  /** The version the form was loaded with. */
  version: number;
  input: BidDraftInput;
  upload?: CheckedFile | null;
  deleteFileId?: string | null;
  userId: string;
}

/**
 * Writes the whole draft (answers, budget, indicators, an upload or a deletion) and one
 * audit event. Call inside a transaction: a stale or refused save throws and nothing stays.
 */
export async function saveBid(trx: Executor, audit: AuditContext, args: SaveBidArgs, now = new Date()): Promise<{ version: number }> {
  const current = await trx.selectFrom("bids").select(["status", "version", "updated_at"]).where("id", "=", args.bidId).executeTakeFirst();
  if (!current) throw new Error(`Bid ${args.bidId} not found`);
  if (current.status !== "draft") throw new BidLockedError(current.status);
  if (current.version !== args.version) throw new StaleBidError(current.updated_at, now);

  const before = await contentSummary(trx, args.bidId);
  const at = now.toISOString();
  const { input } = args;
  const result = await trx
    .updateTable("bids")
    .set({
      district_id: input.districtId, title: input.title, amount_pence: input.amountPence, updated_at: at, version: args.version + 1,
    })
    .where("id", "=", args.bidId)
    .where("version", "=", args.version)
    .where("status", "=", "draft")
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new StaleBidError(current.updated_at, now);

  await trx.deleteFrom("bid_answers").where("bid_id", "=", args.bidId).execute();
  await trx.deleteFrom("bid_budget_lines").where("bid_id", "=", args.bidId).execute();
  await trx.deleteFrom("bid_indicators").where("bid_id", "=", args.bidId).execute();
  const answers = Object.entries(input.answers).map(([question_id, answer]) => ({ bid_id: args.bidId, question_id, answer }));
  if (answers.length) await trx.insertInto("bid_answers").values(answers).execute();
  if (input.budget.length) {
    await trx.insertInto("bid_budget_lines").values(
      input.budget.map((l) => ({ bid_id: args.bidId, quarter: l.quarter, category: l.category, amount_pence: l.amountPence })),
    ).execute();
  }
  if (input.indicators.length) {
    await trx.insertInto("bid_indicators").values(
      input.indicators.map((i, index) => ({
        id: newId(), bid_id: args.bidId, position: index + 1, kind: i.kind, name: i.name, definition: i.definition,
        unit: i.unit, targets_json: JSON.stringify(i.targets),
      })),
    ).execute();
  }
  if (args.deleteFileId) await deleteFile(trx, { id: args.deleteFileId, ownerType: "bid", ownerId: args.bidId });
  if (args.upload) await storeFile(trx, { ownerType: "bid", ownerId: args.bidId, file: args.upload, uploadedBy: args.userId });

  const after = await contentSummary(trx, args.bidId);
  await recordAudit(trx, audit, { action: "bid.saved", recordType: "bid", recordId: args.bidId, before, after });
  return { version: args.version + 1 };
}

// ---------------------------------------------------------------------------------------
// Submitting, confirming after an amendment, withdrawing. Each takes the clock as it is
// when the request arrives; the tender's status is worked out from it, never stored.

export type SubmitOutcome =
  | { outcome: "submitted"; fingerprint: string; submittedAt: string }
  | { outcome: "already-submitted"; submittedAt: string }
  | { outcome: "refused"; message: string; status: 400 | 409 }
  | { outcome: "incomplete"; errors: FieldErrors };

function lockedMessage(status: BidStatus, doing: BidDoing): string {
  if (status === "withdrawn") return `This bid has been withdrawn, so it can no longer be ${doing}. You can start a new bid while the tender is open.`;
  if (status === "successful" || status === "unsuccessful") return `The council has made its decision on this bid, so it can no longer be ${doing}.`;
  if (status === "submitted") return `This bid has already been submitted.`;
  return `This bid is a draft.`;
}

function staleMessage(updatedAt: string, now: Date): string {
  return `Someone else in your organisation changed this bid at ${formatSavedAt(updatedAt, now)}, after you opened this page. Nothing has been submitted: check the bid again, then submit it.`;
}

/**
 * Submits a draft. Refused, with nothing changed, when the tender is not open at `now`, when
 * the bid changed since the check-your-answers page was loaded, or when it is incomplete. A
 * second press of the button finds it already submitted and says so.
 */
export async function submitBid(
  trx: Executor,
  audit: AuditContext,
  args: { bidId: string; version: number; userId: string },
  now = new Date(),
): Promise<SubmitOutcome> {
  const detail = await getBidDetail(trx, args.bidId, now);
  if (!detail) throw new Error(`Bid ${args.bidId} not found`);
  if (detail.status === "submitted" && detail.submittedAt) return { outcome: "already-submitted", submittedAt: detail.submittedAt };
  if (detail.status !== "draft") return { outcome: "refused", message: lockedMessage(detail.status, "submitted"), status: 409 };
  // The status as the clock makes it at `now`: a bid a second late is refused here.
  if (detail.tender.status !== "open") return { outcome: "refused", message: notOpenMessage(detail.tender, "submitted"), status: 400 };
  if (detail.version !== args.version) return { outcome: "refused", message: staleMessage(detail.updatedAt, now), status: 409 };
  const errors = problemsWith(detail);
  if (Object.keys(errors).length) return { outcome: "incomplete", errors };

  const fingerprint = bidFingerprint(detail);
  const at = now.toISOString();
  const result = await trx
    .updateTable("bids")
    .set({ status: "submitted", submitted_at: at, submitted_by: args.userId, fingerprint, needs_confirmation: 0, updated_at: at, version: args.version + 1 })
    .where("id", "=", args.bidId)
    .where("version", "=", args.version)
    .where("status", "=", "draft")
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) {
    // Lost a race with another press of the button or another save: read what won.
    const now2 = await trx.selectFrom("bids").select(["status", "submitted_at", "updated_at"]).where("id", "=", args.bidId).executeTakeFirstOrThrow();
    if (now2.status === "submitted" && now2.submitted_at) return { outcome: "already-submitted", submittedAt: now2.submitted_at };
    return { outcome: "refused", message: staleMessage(now2.updated_at, now), status: 409 };
  }
  await recordAudit(trx, audit, {
    action: "bid.submitted",
    recordType: "bid",
    recordId: args.bidId,
    before: { status: "draft", version: args.version },
    after: { status: "submitted", version: args.version + 1, submitted_at: at, fingerprint, amount_pence: detail.amountPence, tender_version: detail.tender.version },
  });
  return { outcome: "submitted", fingerprint, submittedAt: at };
}

export type ConfirmOutcome =
  | { outcome: "confirmed"; fingerprint: string }
  | { outcome: "already-confirmed" }
  | { outcome: "refused"; message: string; status: 400 | 409 }
  | { outcome: "incomplete"; errors: FieldErrors };

/**
 * After a material amendment a submitted bid needs its provider to confirm it still stands.
 * Confirming seals it again against the tender as it is now (a new fingerprint) and clears
 * the flag. Only while the tender is open.
 */
export async function confirmBid(
  trx: Executor,
  audit: AuditContext,
  args: { bidId: string; version: number; userId: string },
  now = new Date(),
): Promise<ConfirmOutcome> {
  const detail = await getBidDetail(trx, args.bidId, now);
  if (!detail) throw new Error(`Bid ${args.bidId} not found`);
  if (detail.status !== "submitted") return { outcome: "refused", message: lockedMessage(detail.status, "confirmed"), status: 409 };
  if (!detail.needsConfirmation) return { outcome: "already-confirmed" };
  if (detail.tender.status !== "open") return { outcome: "refused", message: notOpenMessage(detail.tender, "confirmed"), status: 400 };
  if (detail.version !== args.version) return { outcome: "refused", message: staleMessage(detail.updatedAt, now), status: 409 };
  const errors = problemsWith(detail);
  if (Object.keys(errors).length) return { outcome: "incomplete", errors };

  const fingerprint = bidFingerprint(detail);
  const at = now.toISOString();
  const result = await trx
    .updateTable("bids")
    .set({ fingerprint, needs_confirmation: 0, updated_at: at, version: args.version + 1 })
    .where("id", "=", args.bidId)
    .where("version", "=", args.version)
    .where("status", "=", "submitted")
    .where("needs_confirmation", "=", 1)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return { outcome: "already-confirmed" };
  await recordAudit(trx, audit, {
    action: "bid.confirmed",
    recordType: "bid",
    recordId: args.bidId,
    before: { needs_confirmation: 1, fingerprint: detail.fingerprint, version: args.version },
    after: { needs_confirmation: 0, fingerprint, version: args.version + 1, tender_version: detail.tender.version, confirmed_at: at },
  });
  return { outcome: "confirmed", fingerprint };
}

export type WithdrawOutcome =
  | { outcome: "withdrawn" }
  | { outcome: "already-withdrawn" }
  | { outcome: "refused"; message: string; status: 400 | 409 };

/** Withdraws a draft or a submitted bid before the closing time. */
export async function withdrawBid(
  trx: Executor,
  audit: AuditContext,
  args: { bidId: string; version: number },
  now = new Date(),
): Promise<WithdrawOutcome> {
  const bid = await trx.selectFrom("bids").select(["status", "version", "updated_at", "tender_id"]).where("id", "=", args.bidId).executeTakeFirst();
  if (!bid) throw new Error(`Bid ${args.bidId} not found`);
  if (bid.status === "withdrawn") return { outcome: "already-withdrawn" };
  if (bid.status !== "draft" && bid.status !== "submitted") return { outcome: "refused", message: lockedMessage(bid.status, "withdrawn"), status: 409 };
  const tender = await trx.selectFrom("tenders").select(["status", "opens_at", "closes_at"]).where("id", "=", bid.tender_id).executeTakeFirstOrThrow();
  const status = tenderStatus(tender, now);
  if (status !== "open") {
    return { outcome: "refused", message: notOpenMessage({ status, opensAt: tender.opens_at, closesAt: tender.closes_at }, "withdrawn"), status: 400 };
  }
  if (bid.version !== args.version) {
    return {
      outcome: "refused",
      message: `Someone else in your organisation changed this bid at ${formatSavedAt(bid.updated_at, now)}, after you opened this page. It has not been withdrawn: check it again first.`,
      status: 409,
    };
  }
  const at = now.toISOString();
  const result = await trx
    .updateTable("bids")
    .set({ status: "withdrawn", withdrawn_at: at, needs_confirmation: 0, updated_at: at, version: args.version + 1 })
    .where("id", "=", args.bidId)
    .where("version", "=", args.version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return { outcome: "refused", message: "This bid changed while you were withdrawing it. Check it again.", status: 409 };
  await recordAudit(trx, audit, {
    action: "bid.withdrawn",
    recordType: "bid",
    recordId: args.bidId,
    before: { status: bid.status, version: args.version },
    after: { status: "withdrawn", version: args.version + 1, withdrawn_at: at },
  });
  return { outcome: "withdrawn" };
}

// ---------------------------------------------------------------------------------------
// The organisation's list of bids.

export const BID_SORTS = ["updated_at", "tender", "closes_at", "status", "amount"] as const;
export type BidSort = (typeof BID_SORTS)[number];

export interface BidListItem {
  id: string;
  reference: string;
  tenderId: string;
  tenderReference: string;
  tenderTitle: string;
  tenderStatus: TenderStatus;
  closesAt: string;
  title: string;
  districtName: string | null;
  status: BidStatus;
  needsConfirmation: boolean;
  amountPence: number | null;
  submittedAt: string | null;
  updatedAt: string;
}

/** One organisation's bids, never anyone else's: the organisation is part of every query. */
export async function listOrganisationBids(
  db: Executor,
  organisationId: string,
  params: ListParams<BidSort>,
  filters: { status: BidStatus | "" },
  now = new Date(),
): Promise<ListPage<BidListItem>> {
  let base = db
    .selectFrom("bids")
    .innerJoin("tenders", "tenders.id", "bids.tender_id")
    .leftJoin("districts", "districts.id", "bids.district_id")
    .where("bids.organisation_id", "=", organisationId);
  if (params.q) {
    const pattern = likePattern(params.q);
    base = base.where((eb) =>
      eb.or([
        sql<boolean>`lower(${eb.ref("tenders.reference")}) like ${pattern} escape '\\'`,
        sql<boolean>`lower(${eb.ref("tenders.title")}) like ${pattern} escape '\\'`,
        sql<boolean>`lower(${eb.ref("bids.title")}) like ${pattern} escape '\\'`,
      ]),
    );
  }
  if (filters.status) base = base.where("bids.status", "=", filters.status);
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
  const { limit, offset } = pageWindow(params);
  let query = base.select([
    "bids.id", "bids.tender_id", "tenders.reference as tender_reference", "tenders.title as tender_title", "tenders.status as tender_stored_status",
    "tenders.opens_at", "tenders.closes_at", "bids.title", "districts.name as district_name", "bids.status", "bids.needs_confirmation",
    "bids.amount_pence", "bids.submitted_at", "bids.updated_at",
  ]);
  const dir = params.dir;
  switch (params.sort) {
    case "tender": query = query.orderBy("tenders.reference", dir); break;
    case "closes_at": query = query.orderBy("tenders.closes_at", dir); break;
    case "status": query = query.orderBy("bids.status", dir); break;
    case "amount": query = query.orderBy("bids.amount_pence", dir); break;
    default: query = query.orderBy("bids.updated_at", dir);
  }
  const rows = await query.orderBy("bids.id").limit(limit).offset(offset).execute();
  const items = rows.map((r): BidListItem => ({
    id: r.id,
    reference: bidReference(r.tender_reference, r.id),
    tenderId: r.tender_id,
    tenderReference: r.tender_reference,
    tenderTitle: r.tender_title,
    tenderStatus: tenderStatus({ status: r.tender_stored_status, opens_at: r.opens_at, closes_at: r.closes_at }, now),
    closesAt: r.closes_at,
    title: r.title,
    districtName: r.district_name,
    status: r.status,
    needsConfirmation: r.needs_confirmation === 1,
    amountPence: r.amount_pence === null ? null : Number(r.amount_pence),
    submittedAt: r.submitted_at,
    updatedAt: r.updated_at,
  }));
  return toListPage(items, Number(total), params);
}

/** Whether the organisation may bid at all: only approved providers do. */
export async function organisationMayBid(db: Executor, organisationId: string | null): Promise<boolean> {
  if (!organisationId) return false;
  const org = await db.selectFrom("organisations").select(["type", "status"]).where("id", "=", organisationId).executeTakeFirst();
  return !!org && org.type === "provider" && org.status === "approved";
}

// ---------------------------------------------------------------------------------------
// Shapes for pages: the form's starting values and a read-only view of the contents.

/** A stored bid as the form's fields, plus one spare indicator row to fill in. */
export function bidFormValues(detail: BidDetail): FormValues {
  const values: FormValues = {
    district_id: detail.districtId ?? "",
    title: detail.title,
    amount: detail.amountPence === null ? "" : penceToInput(detail.amountPence),
  };
  for (const q of detail.tender.questions) values[answerField(q.id)] = detail.answers[q.id] ?? "";
  for (const line of detail.budget) values[budgetField(line.quarter, line.category)] = penceToInput(line.amountPence);
  const rows = [...detail.indicators.map((i) => ({ ...i })), null];
  rows.forEach((indicator, row) => {
    values[indicatorField(row, "kind")] = indicator?.kind ?? "output";
    values[indicatorField(row, "unit")] = indicator?.unit ?? "count";
    values[indicatorField(row, "name")] = indicator?.name ?? "";
    values[indicatorField(row, "definition")] = indicator?.definition ?? "";
    for (const quarter of detail.quarters) {
      const target = indicator?.targets[quarter];
      values[targetField(row, quarter)] = target === undefined ? "" : String(target);
    }
  });
  return values;
}

export interface BidView {
  district: string | null;
  title: string;
  amount: string | null;
  answers: { questionId: string; position: number; text: string; wordLimit: number; criterion: string | null; answer: string; words: number }[];
  budget: { quarters: string[]; lines: BudgetLine[] };
  indicators: { position: number; kind: string; name: string; definition: string; unit: string; targets: { quarter: string; value: string }[] }[];
  attachments: { id: string; filename: string; size: string; sha256: string }[];
}

const UNIT_LABELS: Record<string, string> = { count: "Count", "%": "Percentage (%)", score: "Score", "£": "Money (£)" };

/** A bid's contents ready to show, with the money formatted and the budget added up. */
export function bidView(detail: BidDetail): BidView {
  const criteria = new Map(detail.tender.criteria.map((c) => [c.id, c.name]));
  return {
    district: detail.districtName,
    title: detail.title,
    amount: detail.amountPence === null ? null : formatPence(detail.amountPence),
    answers: detail.tender.questions.map((q) => ({
      questionId: q.id, position: q.position, text: q.text, wordLimit: q.wordLimit,
      criterion: q.criterionId ? criteria.get(q.criterionId) ?? null : null,
      answer: detail.answers[q.id] ?? "", words: countWords(detail.answers[q.id] ?? ""),
    })),
    budget: { quarters: detail.quarters, lines: detail.budget },
    indicators: detail.indicators.map((i) => ({
      position: i.position,
      kind: i.kind === "outcome" ? "Outcome" : "Output",
      name: i.name,
      definition: i.definition,
      unit: UNIT_LABELS[i.unit] ?? i.unit,
      targets: detail.quarters.map((quarter) => ({ quarter, value: i.targets[quarter] === undefined ? "" : String(i.targets[quarter]) })),
    })),
    attachments: detail.attachments.map((f) => ({ id: f.id, filename: f.filename, size: formatBytes(f.sizeBytes), sha256: f.sha256 })),
  };
}

