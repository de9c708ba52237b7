// The panel's records as every panel page reads them: who may work on a tender, the bids
// the panel assesses, and each member's declarations of interest and scores.
import type { Executor } from "../../../db/client";
import { BID_ASSESSED, TENDER_DECIDED } from "~/models/statuses";
import { can } from "~/policies/index";
import { hasRole, type Actor } from "~/policies/actor";
import type { LoadedTender } from "../tenders/read.server";

export type PanelAccess = "ok" | "not-member" | "not-yet" | "finished";

/**
 * Whether a user may work on a tender as a panel member. Someone not on the panel is told
 * nothing ("not found"); a member is told why the tender is not ready or finished.
 */
export function panelAccess(user: Actor, tender: LoadedTender): PanelAccess {
  if (!hasRole(user, "panel") || !tender.record.panelUserIds.includes(user.id)) return "not-member";
  if (can(user, "panel:take-part", tender.record)) return "ok";
  if (TENDER_DECIDED.includes(tender.status) || tender.status === "cancelled") return "finished";
  return "not-yet";
}

// ---------------------------------------------------------------------------------------
// What the pages say when the panel's work cannot change.

export const LOCKED_MESSAGE =
  "You have already submitted your scores for this tender, so they can no longer be changed. If you need to change a score, ask the commissioning officer to reopen your scores.";

export const TENDER_FINISHED_MESSAGE = "The decisions on this tender have been recorded: its scores and decisions can no longer be changed.";

// ---------------------------------------------------------------------------------------
// The bids, the declarations and the scores.

export interface PanelBid {
  id: string;
  title: string;
  organisationId: string;
  organisationName: string;
  districtId: string | null;
  districtName: string | null;
  amountPence: number;
  status: (typeof BID_ASSESSED)[number];
  feedback: string | null;
  decidedAt: string | null;
}

export const bidLabel = (b: { title: string; organisationName: string }): string =>
  b.title ? `${b.title} (${b.organisationName})` : b.organisationName;

/** Bids that were submitted in time and are assessed: drafts and withdrawn bids never are. */
export async function listAssessedBids(db: Executor, tenderId: string): Promise<PanelBid[]> {
  const rows = await db
    .selectFrom("bids")
    .innerJoin("organisations", "organisations.id", "bids.organisation_id")
    .leftJoin("districts", "districts.id", "bids.district_id")
    .select([
      "bids.id", "bids.title", "bids.organisation_id", "organisations.name as organisation_name", "bids.district_id",
      "districts.name as district_name", "bids.amount_pence", "bids.status", "bids.decision_feedback", "bids.decided_at",
    ])
    .where("bids.tender_id", "=", tenderId)
    .where("bids.status", "in", [...BID_ASSESSED])
    .orderBy("organisations.name")
    .orderBy("bids.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
    districtId: r.district_id,
    districtName: r.district_name,
    amountPence: Number(r.amount_pence ?? 0),
    status: r.status as PanelBid["status"],
    feedback: r.decision_feedback,
    decidedAt: r.decided_at,
  }));
}

export interface Declaration {
  bidId: string;
  userId: string;
  conflict: boolean;
  reason: string | null;
  declaredAt: string;
}

export async function declarationsFor(db: Executor, bidIds: string[], userId?: string): Promise<Declaration[]> {
  if (bidIds.length === 0) return [];
  let q = db.selectFrom("panel_declarations").select(["bid_id", "user_id", "conflict", "reason", "declared_at"]).where("bid_id", "in", bidIds);
  if (userId) q = q.where("user_id", "=", userId);
  const rows = await q.execute();
  return rows.map((r) => ({ bidId: r.bid_id, userId: r.user_id, conflict: r.conflict === 1, reason: r.reason, declaredAt: r.declared_at }));
}

export interface StoredScore {
  bidId: string;
  criterionId: string;
  userId: string;
  score: number;
  comment: string;
  updatedAt: string;
}

export async function scoresFor(db: Executor, bidIds: string[], userId?: string): Promise<StoredScore[]> {
  if (bidIds.length === 0) return [];
  let q = db.selectFrom("panel_scores").select(["bid_id", "criterion_id", "user_id", "score", "comment", "updated_at"]).where("bid_id", "in", bidIds);
  if (userId) q = q.where("user_id", "=", userId);
  const rows = await q.execute();
  return rows.map((r) => ({
    bidId: r.bid_id, criterionId: r.criterion_id, userId: r.user_id, score: Number(r.score), comment: r.comment, updatedAt: r.updated_at,
  }));
}
