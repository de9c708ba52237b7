// Changing tenders: creating a draft, saving or amending it, publishing and cancelling.
// A draft is simply saved; a published tender is amended, with a dated record of what
// changed, bidders told, and submitted bids asked to confirm after a material change.
import { requireAssessmentToPublish } from "./conflicts.server";
import type { Db, Executor } from "../../../db/client";
import type { BidStatus } from "../../../db/schema";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { FieldError, RefusedError, StaleEditError } from "~/models/errors";
import { BID_LIVE } from "~/models/statuses";
import { newId, nowIso } from "~/lib/ids.server";
import { TENDER_MESSAGES, TENDER_STATUS_LABELS, type TenderEditInput, type TenderInput } from "~/schemas/tenders";
import { deleteFile, storeFile, type CheckedFile } from "../files.server";
import { getTenderDetail } from "./read.server";
import { diffSnapshots, snapshotOfDetail, snapshotOfInput, type TenderChanges } from "./snapshots.server";
import { isCancellable, isEditable, takeTenderReference, tenderStatus } from "./status.server";

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

/** A new draft, numbered from this year's counter, in a transaction of its own. */
export async function createTender(
  db: Db,
  audit: AuditContext,
  input: TenderInput,
  files: CheckedFile[] = [],
  options: { now?: Date } = {},
): Promise<{ id: string; reference: string }> {
  const now = options.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const id = newId();
    const reference = await takeTenderReference(trx, now);
    const at = nowIso();
    await trx.insertInto("tenders").values({
      id, reference, title: input.title, specification: input.specification, funding_stream_id: input.fundingStreamId,
      max_budget_pence: input.maxBudgetPence, procedure: input.procedure, contract_start: input.contractStart, contract_end: input.contractEnd,
      opens_at: input.opensAt, closes_at: input.closesAt, clarifications_close_at: input.clarificationsCloseAt, status: "draft", published_at: null, cancelled_at: null,
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
      procedure: input.procedure, contract_start: input.contractStart, contract_end: input.contractEnd, opens_at: input.opensAt, closes_at: input.closesAt, clarifications_close_at: input.clarificationsCloseAt,
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
        // A new version: a confirmation made from a page loaded before this amendment is stale.
        await trx.updateTable("bids").set((eb) => ({ needs_confirmation: 1, updated_at: at, version: eb("version", "+", 1) }))
          .where("id", "in", result.flaggedBidIds).execute();
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
    .select(["status", "version", "closes_at", "opens_at", "procedure"])
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
  await requireAssessmentToPublish(trx, tenderId, tender.procedure);
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
    .select(["reference", "title", "status", "opens_at", "closes_at", "award_intended_at", "version"])
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

