// The first step of an award: the decisions on every bid, recorded together (the intention to
// award). Each bid gets its outcome and feedback, and its bidder can read the assessment
// summary; nothing is committed and no project exists until the contract is entered
// (contract.server.ts). Refused, with nothing changed, when a bid lacks a consensus score or a
// decision, or when the award would go beyond the remaining allocation without an override
// and its reason, which is kept for the contract.
import type { Executor } from "../../../db/client";
import type { BidStatus } from "../../../db/schema";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { requireAssessmentReviewedToAward } from "~/models/tenders/conflicts.server";
import { LOCKS, takeLocks } from "~/models/locks.server";
import { RefusedError, OvercommitmentError } from "~/models/errors";
import type { AwardInput, Decision } from "~/schemas/panel";
import { getScoringMatrix } from "../panel/matrix.server";
import { bidLabel } from "../panel/read.server";
import { planCommitments } from "./commitments.server";

export interface DecisionsResult {
  decided: { bidId: string; organisationId: string; organisationName: string; decision: Decision }[];
}

export async function recordDecisions(
  db: Executor,
  audit: AuditContext,
  args: { tenderId: string; input: AwardInput; now?: Date },
): Promise<DecisionsResult> {
  const now = (args.now ?? new Date()).toISOString();
  const tender = await db
    .selectFrom("tenders")
    .select(["id", "status", "closes_at", "contract_start", "funding_stream_id", "procedure", "conflicts_reviewed_at", "award_intended_at"])
    .where("id", "=", args.tenderId)
    .executeTakeFirst();
  if (!tender) throw new RefusedError("This tender no longer exists.", 404);
  if (tender.status === "awarded" || tender.award_intended_at) throw new RefusedError("The decisions on this tender have already been recorded. Nothing has been changed.");
  if (tender.status === "cancelled") throw new RefusedError("This tender has been cancelled, so it cannot be awarded.");
  if (tender.status === "draft" || tender.closes_at > now) throw new RefusedError("This tender has not closed yet, so it cannot be awarded.");
  requireAssessmentReviewedToAward(tender);

  // The stream's lock holds off allocations, direct projects and other awards on the same
  // money while the allocation is checked.
  await takeLocks(db, LOCKS.funding(tender.funding_stream_id));
  // Taking the tender first holds it for the rest of the transaction: a second submit (or
  // another officer) finds the decisions already recorded.
  const taken = await db
    .updateTable("tenders")
    .set((eb) => ({ award_intended_at: now, award_override_reason: null, updated_at: now, version: eb("version", "+", 1) }))
    .where("id", "=", args.tenderId)
    .where("status", "in", ["published", "evaluation"])
    .where("award_intended_at", "is", null)
    .executeTakeFirst();
  if (Number(taken.numUpdatedRows) === 0) throw new RefusedError("The decisions on this tender have already been recorded. Nothing has been changed.");

  const matrix = (await getScoringMatrix(db, args.tenderId))!;
  const open = matrix.bids.filter((b) => b.status === "submitted");
  if (open.length === 0) throw new RefusedError("There are no submitted bids to decide on.");
  const decisionOf = new Map(args.input.decisions.map((d) => [d.bidId, d]));
  const problems: string[] = [];
  for (const bid of open) {
    if (!bid.consensusComplete) {
      problems.push(`Record a consensus score for ${bid.missingConsensus.join(", ")} on ${bidLabel(bid)}`);
    }
    const d = decisionOf.get(bid.id);
    if (!d) problems.push(`Select whether ${bidLabel(bid)} is successful or unsuccessful`);
    else if (!d.feedback.trim()) problems.push(`Enter the feedback for ${bidLabel(bid)}`);
  }
  if (problems.length) throw new RefusedError(`The tender cannot be awarded yet. ${problems.join(". ")}.`, 400);
  const successful = open.filter((b) => decisionOf.get(b.id)!.decision === "successful");
  if (successful.length === 0) {
    throw new RefusedError("Select at least one successful bid. If no bid should be funded, cancel the tender instead.", 400);
  }
  const noDistrict = successful.find((b) => !b.districtId);
  if (noDistrict) throw new RefusedError(`${bidLabel(noDistrict)} has no district, so it cannot become a project.`, 400);

  const { overcommitted } = await planCommitments(db, tender, successful.map((b) => ({ ...b, districtId: b.districtId! })));
  if (overcommitted.length > 0) {
    if (!args.input.overrideReason) throw new OvercommitmentError(overcommitted, matrix.tender.fundingStream.name);
    // Kept for the contract only when it approved something: a tick with nothing to approve
    // must not approve a later overcommitment unseen.
    await db.updateTable("tenders").set({ award_override_reason: args.input.overrideReason }).where("id", "=", args.tenderId).execute();
    await recordAudit(db, audit, {
      action: "tender.overcommitment_approved",
      recordType: "tender",
      recordId: args.tenderId,
      after: { reason: args.input.overrideReason, overcommitted },
    });
  }

  const decided: DecisionsResult["decided"] = [];
  for (const bid of open) {
    const d = decisionOf.get(bid.id)!;
    const status: BidStatus = d.decision;
    const updated = await db
      .updateTable("bids")
      .set((eb) => ({ status, decision_feedback: d.feedback, decided_at: now, updated_at: now, version: eb("version", "+", 1) }))
      .where("id", "=", bid.id)
      .where("status", "=", "submitted")
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new RefusedError(`${bidLabel(bid)} changed while you were deciding. Nothing has been changed: try again.`);
    await recordAudit(db, audit, {
      action: `bid.${d.decision}`,
      recordType: "bid",
      recordId: bid.id,
      before: { status: "submitted" },
      after: { status, feedback: d.feedback, decidedAt: now, total: bid.totalText, rank: bid.rank },
    });
    decided.push({ bidId: bid.id, organisationId: bid.organisationId, organisationName: bid.organisationName, decision: d.decision });
  }

  await recordAudit(db, audit, {
    action: "tender.award_intended",
    recordType: "tender",
    recordId: args.tenderId,
    before: { awardIntendedAt: null },
    after: {
      awardIntendedAt: now,
      successful: successful.map((b) => b.id),
      unsuccessful: open.filter((b) => !successful.includes(b)).map((b) => b.id),
      overrideReason: overcommitted.length ? args.input.overrideReason : null,
    },
  });
  return { decided };
}
