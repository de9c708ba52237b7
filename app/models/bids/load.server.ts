// Bids: a provider's answer to a tender. Sealed until the tender closes; see the
// "bid:*" rules in app/policies/bids.ts for who may read or change one.
//
// The life of a bid: started (draft) → saved any number of times by anyone in the
// organisation → submitted while the tender is open (a fingerprint seals what was sent) →
// withdrawn before closing, or decided (successful | unsuccessful) by the council. One live
// bid per provider per tender: a partial unique index in the database holds that line, and a
// withdrawn bid does not count. A submitted bid is not edited: to change it the provider
// withdraws it and starts again, and the new draft starts as a copy of the withdrawn one.
//
// This module holds what every part of that life shares: a bid loaded for the permission
// rules, and the words for a tender that is not open.
import type { Executor } from "../../../db/client";
import type { BidStatus } from "../../../db/schema";
import { formatClockOnDate } from "~/lib/dates";
import type { TenderStatus } from "~/models/statuses";
import type { BidRecord } from "~/policies/bids";
import { loadTender, type LoadedTender } from "../tenders/read.server";

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

