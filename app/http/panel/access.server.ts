// Access to the panel's pages. Only the tender's panel members get here, and only between
// closing and award. One rule (requireRecord): someone not on the panel is told the page
// does not exist; a member is told why the tender is not ready, or finished.
import { redirect } from "@remix-run/node";
import { getDb } from "../../../db/client";
import type { SignedInUser } from "~/models/accounts/users.server";
import { loadBid, type LoadedBid } from "~/models/bids/load.server";
import { panelAccess } from "~/models/panel/read.server";
import { BID_ASSESSED } from "~/models/statuses";
import { loadTender, type LoadedTender } from "~/models/tenders/read.server";
import { formatDateTime } from "~/lib/dates";
import { can } from "~/policies/index";
import { flash } from "~/services/session.server";
import { notFound, requireRecord } from "../guards.server";

/** The tender, for one of its panel members while the panel works on it ("panel:take-part"). */
export async function requirePanelTender(request: Request, tenderId: string | undefined): Promise<{ user: SignedInUser; tender: LoadedTender }> {
  const { user, record } = await requireRecord(request, {
    load: () => (tenderId ? loadTender(getDb(), tenderId) : Promise.resolve(null)),
    see: (u, tender) => panelAccess(u, tender) !== "not-member",
    act: (u, tender) => panelAccess(u, tender) === "ok",
    refusal: (u, tender) =>
      panelAccess(u, tender) === "finished"
        ? `The panel's work on ${tender.reference} is finished: the tender has been ${tender.status === "awarded" ? "awarded" : "cancelled"}.`
        : `The bids for ${tender.reference} are sealed until the tender closes on ${formatDateTime(tender.closesAt)}. You can declare your interests and score them after that.`,
  });
  return { user, tender: record };
}

/**
 * The tender, for one of its panel members to read: while the panel works on it, and once
 * the decisions are recorded, their own work and the moderated result.
 */
export async function requirePanelTenderReader(request: Request, tenderId: string | undefined): Promise<{ user: SignedInUser; tender: LoadedTender; finished: boolean }> {
  const { user, record } = await requireRecord(request, {
    load: () => (tenderId ? loadTender(getDb(), tenderId) : Promise.resolve(null)),
    see: (u, tender) => panelAccess(u, tender) !== "not-member",
    act: (u, tender) => panelAccess(u, tender) === "ok" || can(u, "panel:read-outcome", tender.record),
    refusal: (u, tender) =>
      panelAccess(u, tender) === "finished"
        ? `The panel's work on ${tender.reference} is finished: the tender has been cancelled.`
        : `The bids for ${tender.reference} are sealed until the tender closes on ${formatDateTime(tender.closesAt)}. You can declare your interests and score them after that.`,
  });
  return { user, tender: record, finished: panelAccess(user, record) !== "ok" };
}

/**
 * A bid, for a member of its tender's panel. A member reads a bid only when the tender has
 * closed, they have declared on it and have no conflict: for a conflicted member, a draft,
 * a withdrawn bid, one reached through another tender's address, or any bid before the
 * tender closes (a sealed bid's existence is not told), it is "not found". A member who has
 * not yet declared is sent to declare first.
 */
export async function requirePanelBid(request: Request, params: { tenderId?: string; bidId?: string }): Promise<{ user: SignedInUser; bid: LoadedBid }> {
  const { user, record: bid } = await requireRecord(request, {
    load: () => (params.bidId ? loadBid(getDb(), params.bidId) : Promise.resolve(null)),
    see: (u, b) =>
      b.tenderId === params.tenderId && ["ok", "finished"].includes(panelAccess(u, b.tender)) && BID_ASSESSED.includes(b.status) && !b.record.conflictedUserIds.includes(u.id),
    act: (u, b) => panelAccess(u, b.tender) === "ok",
    refusal: (u, b) => `The panel's work on ${b.tender.reference} is finished.`,
  });
  if (!bid.record.declaredUserIds.includes(user.id)) {
    throw redirect(`/panel/${bid.tenderId}`, {
      headers: { "Set-Cookie": await flash(request, { kind: "info", text: "Declare whether you have a conflict of interest with each bid before you read them." }) },
    });
  }
  if (!can(user, "bid:read-contents", bid.record)) notFound();
  return { user, bid };
}
