// Access to a bid, for every bid page. One rule for all of them (requireRecord): a bid this
// user may not read answers 404, whoever they are (another provider, or an officer before
// the closing time, may not even learn it exists); one they may read but not use as the
// page asks answers 403 with the reason.
import { getDb } from "../../../db/client";
import type { SignedInUser } from "~/models/accounts/users.server";
import { loadBid, type LoadedBid } from "~/models/bids/load.server";
import { providerOwns } from "~/policies/actor";
import { can } from "~/policies/index";
import { requireRecord } from "../guards.server";

export interface BidAccess {
  user: SignedInUser;
  bid: LoadedBid;
  /** The signed-in user is a provider of the bid's organisation. */
  own: boolean;
}

function bidGuard(bidId: string | undefined, now: Date) {
  return {
    load: () => (bidId ? loadBid(getDb(), bidId, now) : Promise.resolve(null)),
    see: (user: SignedInUser, bid: LoadedBid) => can(user, "bid:read-contents", bid.record),
    notFoundMessage: "Bid not found",
  };
}

function accessOf(user: SignedInUser, bid: LoadedBid): BidAccess {
  return { user, bid, own: providerOwns(user, bid.organisationId) };
}

/** The bid, for someone who may read it ("bid:read-contents"). */
export async function requireBidReader(request: Request, bidId: string | undefined, now = new Date()): Promise<BidAccess> {
  const { user, record } = await requireRecord(request, bidGuard(bidId, now));
  return accessOf(user, record);
}

/** The bid, for its own organisation's providers only: officers and the panel read, never change. */
export async function requireOwnBid(request: Request, bidId: string | undefined, now = new Date()): Promise<BidAccess> {
  const { user, record } = await requireRecord(request, {
    ...bidGuard(bidId, now),
    act: (u, bid) => providerOwns(u, bid.organisationId),
    refusal: "Only the organisation that made this bid can change it.",
  });
  return accessOf(user, record);
}

/** The bid, for its own organisation once the council has decided ("bid:read-outcome"). */
export async function requireBidOutcome(request: Request, bidId: string | undefined): Promise<BidAccess> {
  const { user, record } = await requireRecord(request, {
    ...bidGuard(bidId, new Date()),
    act: (u, bid) => can(u, "bid:read-outcome", bid.record),
    refusal: (u, bid) =>
      providerOwns(u, bid.organisationId)
        ? "The assessment summary for this bid is not ready: you will be e-mailed when the council has made its decision."
        : "An assessment summary is for the organisation that made the bid. Officers see the scores at moderation.",
  });
  return accessOf(user, record);
}
