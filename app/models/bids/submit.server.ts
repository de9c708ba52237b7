// Submitting, confirming after an amendment, withdrawing. Each takes the clock as it is
// when the request arrives; the tender's status is worked out from it, never stored.
import type { Executor } from "../../../db/client";
import type { BidStatus } from "../../../db/schema";
import { formatSavedAt } from "~/lib/dates";
import type { FieldErrors } from "~/lib/forms";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { tenderStatus } from "../tenders/status.server";
import { bidFingerprint } from "./fingerprint.server";
import { notOpenMessage, type BidDoing } from "./load.server";
import { getBidDetail, problemsWith } from "./read.server";
import { BID_DECIDED, BID_LIVE } from "~/models/statuses";

export type SubmitOutcome =
  | { outcome: "submitted"; fingerprint: string; submittedAt: string }
  | { outcome: "already-submitted"; submittedAt: string }
  | { outcome: "refused"; message: string; status: 400 | 409 }
  | { outcome: "incomplete"; errors: FieldErrors };

function lockedMessage(status: BidStatus, doing: BidDoing): string {
  if (status === "withdrawn") return `This bid has been withdrawn, so it can no longer be ${doing}. You can start a new bid while the tender is open.`;
  if (BID_DECIDED.includes(status)) return `The council has made its decision on this bid, so it can no longer be ${doing}.`;
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
    // The fingerprint stands for the content, which stays sealed until the tender closes.
    after: { status: "submitted", version: args.version + 1, submitted_at: at, fingerprint, tender_version: detail.tender.version },
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
  if (!BID_LIVE.includes(bid.status)) return { outcome: "refused", message: lockedMessage(bid.status, "withdrawn"), status: 409 };
  const tender = await trx.selectFrom("tenders").select(["status", "opens_at", "closes_at", "award_intended_at"]).where("id", "=", bid.tender_id).executeTakeFirstOrThrow();
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

