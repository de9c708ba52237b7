// Changing the panel's work: declarations of interest, scores, their submission and
// reopening, and the officer's consensus. Each function runs inside the caller's
// transaction and writes its audit events there.
import type { Executor } from "../../../db/client";
import type { TenderStoredStatus } from "../../../db/schema";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { RefusedError, ScoresSubmittedError } from "~/models/errors";
import { nowIso } from "~/lib/ids.server";
import type { DeclarationInput, ScoreEntry } from "~/schemas/panel";
import { declarationsFor, listAssessedBids, LOCKED_MESSAGE, TENDER_FINISHED_MESSAGE } from "./read.server";
import { getMemberScores, getPanelWorkspace, getSubmittedAt } from "./workspace.server";

/** The first declaration or score moves a closed tender into evaluation, once. */
export async function startEvaluation(db: Executor, audit: AuditContext, tenderId: string): Promise<boolean> {
  const now = nowIso();
  const result = await db
    .updateTable("tenders")
    .set((eb) => ({ status: "evaluation" as TenderStoredStatus, updated_at: now, version: eb("version", "+", 1) }))
    .where("id", "=", tenderId)
    .where("status", "=", "published")
    .where("closes_at", "<=", now)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  await recordAudit(db, audit, {
    action: "tender.evaluation_started",
    recordType: "tender",
    recordId: tenderId,
    before: { status: "published" },
    after: { status: "evaluation" },
  });
  return true;
}

/**
 * Holds the member's row for the rest of the transaction and says whether their scores are
 * still open. The no-op update takes the row lock on PostgreSQL, so a save racing a submit
 * waits for it and then sees it.
 */
async function lockOpenMember(db: Executor, tenderId: string, userId: string): Promise<boolean> {
  const result = await db
    .updateTable("tender_panel_members")
    .set((eb) => ({ assigned_at: eb.ref("assigned_at") }))
    .where("tender_id", "=", tenderId)
    .where("user_id", "=", userId)
    .where("scores_submitted_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Records declarations on bids the member has not declared on yet. A bid already declared
 * (a double submit, or a second tab) is left as it was.
 */
export async function declareInterests(
  db: Executor,
  audit: AuditContext,
  args: { tenderId: string; userId: string; declarations: readonly DeclarationInput[] },
): Promise<{ recorded: number; conflicts: number }> {
  if (!(await lockOpenMember(db, args.tenderId, args.userId))) throw new RefusedError(LOCKED_MESSAGE);
  const bids = await listAssessedBids(db, args.tenderId);
  const open = new Set(bids.filter((b) => b.status === "submitted").map((b) => b.id));
  const already = new Set((await declarationsFor(db, [...open], args.userId)).map((d) => d.bidId));
  const now = nowIso();
  let recorded = 0;
  let conflicts = 0;
  for (const d of args.declarations) {
    if (!open.has(d.bidId) || already.has(d.bidId)) continue;
    await db
      .insertInto("panel_declarations")
      .values({ bid_id: d.bidId, user_id: args.userId, conflict: d.conflict ? 1 : 0, reason: d.conflict ? d.reason : null, declared_at: now })
      .execute();
    await recordAudit(db, audit, {
      action: d.conflict ? "panel.conflict_declared" : "panel.no_interest_declared",
      recordType: "bid",
      recordId: d.bidId,
      after: { userId: args.userId, conflict: d.conflict, reason: d.conflict ? d.reason : null },
    });
    recorded += 1;
    if (d.conflict) conflicts += 1;
  }
  if (recorded > 0) await startEvaluation(db, audit, args.tenderId);
  return { recorded, conflicts };
}

/**
 * A conflict found while reading a bid the member had declared no interest in. It replaces
 * that declaration and deletes their scores on the bid: from now on they never see it.
 */
export async function declareLateConflict(
  db: Executor,
  audit: AuditContext,
  args: { tenderId: string; bidId: string; userId: string; reason: string },
): Promise<void> {
  if (!(await lockOpenMember(db, args.tenderId, args.userId))) throw new RefusedError(LOCKED_MESSAGE);
  const before = await db
    .selectFrom("panel_declarations")
    .select(["conflict", "reason"])
    .where("bid_id", "=", args.bidId)
    .where("user_id", "=", args.userId)
    .executeTakeFirst();
  if (before?.conflict === 1) return;
  const removed = await db.deleteFrom("panel_scores").where("bid_id", "=", args.bidId).where("user_id", "=", args.userId).executeTakeFirst();
  const now = nowIso();
  if (before) {
    await db
      .updateTable("panel_declarations")
      .set({ conflict: 1, reason: args.reason, declared_at: now })
      .where("bid_id", "=", args.bidId)
      .where("user_id", "=", args.userId)
      .execute();
  } else {
    await db.insertInto("panel_declarations").values({ bid_id: args.bidId, user_id: args.userId, conflict: 1, reason: args.reason, declared_at: now }).execute();
  }
  await recordAudit(db, audit, {
    action: "panel.conflict_declared",
    recordType: "bid",
    recordId: args.bidId,
    before: before ? { userId: args.userId, conflict: false } : null,
    after: { userId: args.userId, conflict: true, reason: args.reason, scoresDeleted: Number(removed.numDeletedRows) },
  });
  await startEvaluation(db, audit, args.tenderId);
}

/** Saves a member's scores on one bid. Blank criteria are left (or made) unscored. */
export async function saveScores(
  db: Executor,
  audit: AuditContext,
  args: { tenderId: string; bidId: string; userId: string; entries: readonly ScoreEntry[] },
): Promise<{ changed: number }> {
  if (!(await lockOpenMember(db, args.tenderId, args.userId))) throw new RefusedError(LOCKED_MESSAGE);
  const existing = await getMemberScores(db, args.bidId, args.userId);
  const now = nowIso();
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const e of args.entries) {
    const old = existing[e.criterionId];
    if (e.score === null) {
      if (!old) continue;
      await db.deleteFrom("panel_scores").where("bid_id", "=", args.bidId).where("criterion_id", "=", e.criterionId).where("user_id", "=", args.userId).execute();
      before[e.criterionId] = old;
      after[e.criterionId] = null;
      continue;
    }
    if (old && old.score === e.score && old.comment === e.comment) continue;
    await db
      .insertInto("panel_scores")
      .values({ bid_id: args.bidId, criterion_id: e.criterionId, user_id: args.userId, score: e.score, comment: e.comment, updated_at: now })
      .onConflict((oc) => oc.columns(["bid_id", "criterion_id", "user_id"]).doUpdateSet({ score: e.score!, comment: e.comment, updated_at: now }))
      .execute();
    before[e.criterionId] = old ?? null;
    after[e.criterionId] = { score: e.score, comment: e.comment };
  }
  const changed = Object.keys(after).length;
  if (changed > 0) {
    await recordAudit(db, audit, { action: "panel.scores_saved", recordType: "bid", recordId: args.bidId, before: { userId: args.userId, scores: before }, after: { userId: args.userId, scores: after } });
    await startEvaluation(db, audit, args.tenderId);
  }
  return { changed };
}

/**
 * "Submit my scores": every bid declared on, every criterion of every bid without a conflict
 * scored with a comment. Then the scores are locked until an officer reopens them.
 */
export async function submitScores(
  db: Executor,
  audit: AuditContext,
  args: { tenderId: string; userId: string },
): Promise<{ submittedAt: string }> {
  const submittedAt = nowIso();
  const result = await db
    .updateTable("tender_panel_members")
    .set({ scores_submitted_at: submittedAt })
    .where("tender_id", "=", args.tenderId)
    .where("user_id", "=", args.userId)
    .where("scores_submitted_at", "is", null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new ScoresSubmittedError(await getSubmittedAt(db, args.tenderId, args.userId), LOCKED_MESSAGE);
  const workspace = await getPanelWorkspace(db, args.tenderId, args.userId);
  if (workspace.missing.length) {
    // Thrown inside the transaction, so the submission above is rolled back.
    throw new RefusedError(`You cannot submit your scores yet. ${workspace.missing.join(". ")}.`, 400);
  }
  await recordAudit(db, audit, {
    action: "panel.scores_submitted",
    recordType: "tender",
    recordId: args.tenderId,
    after: { userId: args.userId, submittedAt, bids: workspace.bids.length },
  });
  return { submittedAt };
}

/** The officer reopens a member's submitted scores so they can change them. */
export async function reopenScores(
  db: Executor,
  audit: AuditContext,
  args: { tenderId: string; userId: string; reason: string },
): Promise<void> {
  const before = await getSubmittedAt(db, args.tenderId, args.userId);
  const result = await db
    .updateTable("tender_panel_members")
    .set({ scores_submitted_at: null })
    .where("tender_id", "=", args.tenderId)
    .where("user_id", "=", args.userId)
    .where("scores_submitted_at", "is not", null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new RefusedError("This member's scores are not submitted, so there is nothing to reopen.");
  await recordAudit(db, audit, {
    action: "panel.scores_reopened",
    recordType: "tender",
    recordId: args.tenderId,
    before: { userId: args.userId, submittedAt: before },
    after: { userId: args.userId, submittedAt: null, reason: args.reason },
  });
}

/** The moderated score per criterion for one bid. Blank criteria are left (or made) unagreed. */
export async function recordConsensus(
  db: Executor,
  audit: AuditContext,
  args: { tenderId: string; bidId: string; entries: readonly ScoreEntry[] },
): Promise<{ changed: number }> {
  // Holds the tender's row against "Record the decisions" to the end of the transaction, and
  // refuses once they are recorded: the scores a decision rests on never change under it.
  const open = await db
    .updateTable("tenders")
    .set((eb) => ({ updated_at: eb.ref("updated_at") }))
    .where("id", "=", args.tenderId)
    .where("award_intended_at", "is", null)
    .where("status", "in", ["published", "evaluation"])
    .executeTakeFirst();
  if (Number(open.numUpdatedRows) === 0) throw new RefusedError(TENDER_FINISHED_MESSAGE);
  const rows = await db.selectFrom("consensus_scores").select(["criterion_id", "score", "rationale"]).where("bid_id", "=", args.bidId).execute();
  const existing = new Map(rows.map((r) => [r.criterion_id, { score: Number(r.score), rationale: r.rationale }]));
  const now = nowIso();
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const e of args.entries) {
    const old = existing.get(e.criterionId);
    if (e.score === null) {
      if (!old) continue;
      await db.deleteFrom("consensus_scores").where("bid_id", "=", args.bidId).where("criterion_id", "=", e.criterionId).execute();
      before[e.criterionId] = old;
      after[e.criterionId] = null;
      continue;
    }
    if (old && old.score === e.score && old.rationale === e.comment) continue;
    await db
      .insertInto("consensus_scores")
      .values({ bid_id: args.bidId, criterion_id: e.criterionId, score: e.score, rationale: e.comment, recorded_by: audit.actorUserId, recorded_at: now })
      .onConflict((oc) =>
        oc.columns(["bid_id", "criterion_id"]).doUpdateSet({ score: e.score!, rationale: e.comment, recorded_by: audit.actorUserId, recorded_at: now }),
      )
      .execute();
    before[e.criterionId] = old ?? null;
    after[e.criterionId] = { score: e.score, rationale: e.comment };
  }
  const changed = Object.keys(after).length;
  if (changed > 0) {
    await recordAudit(db, audit, { action: "panel.consensus_recorded", recordType: "bid", recordId: args.bidId, before, after });
    await startEvaluation(db, audit, args.tenderId);
  }
  return { changed };
}
