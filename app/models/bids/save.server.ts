// Starting and saving a draft bid. One live bid per provider per tender: a partial unique
// index in the database holds that line. Every save writes the whole draft and one audit
// event, and carries the version the form was loaded with.
import { createHash } from "node:crypto";
import type { Db, Executor } from "../../../db/client";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { BidLockedError, StaleBidError, isUniqueViolation } from "~/models/errors";
import { newId, nowIso } from "~/lib/ids.server";
import { countWords } from "~/lib/words";
import type { BidDraftInput } from "~/schemas/bids";
import { deleteFile, listFiles, storeFile, type CheckedFile } from "../files.server";
import { canonicalJson } from "~/lib/canonical-json";

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
// Saving a draft.

/** What the audit log keeps of a bid's contents: enough to see what a save changed. */
/**
 * A sealed bid in the audit trail: while its tender is open a bid is written only by its
 * own organisation, and nobody else (not even an administrator reading the trail) may learn
 * its title, amounts, indicators or file names. So an event records which parts changed
 * and a SHA-256 of each version of the content, from which the content cannot be read but
 * against which it can be checked once the tender has closed.
 */
export function sealedBidChange(before: BidContent, after: BidContent): { before: object; after: object } {
  const { status: _s, version: beforeVersion, ...beforeContent } = before;
  const { status: _t, version: afterVersion, ...afterContent } = after;
  const changed = (Object.keys(afterContent) as (keyof typeof afterContent)[])
    .filter((key) => canonicalJson(beforeContent[key]) !== canonicalJson(afterContent[key]));
  return {
    before: { version: beforeVersion, content_sha256: sha256(canonicalJson(beforeContent)) },
    after: { version: afterVersion, content_sha256: sha256(canonicalJson(afterContent)), changed },
  };
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

type BidContent = Awaited<ReturnType<typeof contentSummary>>;

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
  await recordAudit(trx, audit, { action: "bid.saved", recordType: "bid", recordId: args.bidId, ...sealedBidChange(before, after) });
  return { version: args.version + 1 };
}

