// Bids are sealed until the tender's closing time: before it only the bidder reads its own
// bid. After it, officers covering the tender read the submitted bids, and so does each
// panel member who has declared no conflict on that bid.
import { BID_DECIDED, TENDER_CLOSED, type TenderStatus } from "~/models/statuses";
import type { BidStatus } from "../../db/schema";
import { hasRole, providerOwns, type Actor } from "./actor";
import { officerCoversTender, type TenderRecord } from "./tenders";

export interface BidRecord {
  organisationId: string;
  status: BidStatus;
  tender: TenderRecord;
  /** Panel members who declared a conflict on this bid: they never see it. */
  conflictedUserIds: readonly string[];
  /** Panel members who have declared (either way) on this bid. */
  declaredUserIds: readonly string[];
}

/** A panel member assigned to the bid's tender who declared no conflict on this bid. */
export function panelMayReadBid(a: Actor, b: BidRecord): boolean {
  return hasRole(a, "panel") && b.tender.panelUserIds.includes(a.id) && b.declaredUserIds.includes(a.id) && !b.conflictedUserIds.includes(a.id);
}

const closed = (status: TenderStatus) => TENDER_CLOSED.includes(status);

export const bidRules = {
  /** Draft, submit, withdraw: the bidder, while the tender is open. */
  "bid:edit": (a: Actor, b: BidRecord) => providerOwns(a, b.organisationId) && b.tender.status === "open",
  "bid:read-contents": (a: Actor, b: BidRecord) => {
    if (providerOwns(a, b.organisationId)) return true;
    if (b.status === "draft" || b.status === "withdrawn") return false;
    if (!closed(b.tender.status)) return false;
    return officerCoversTender(a, b.tender) || panelMayReadBid(a, b);
  },
  /** A bidder reads its scores and feedback only once the decision is made. */
  "bid:read-outcome": (a: Actor, b: BidRecord) => providerOwns(a, b.organisationId) && BID_DECIDED.includes(b.status),
};
