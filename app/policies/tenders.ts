// Tenders. Officers manage the tenders of the districts they cover. A draft is the officers'
// own business; once published every provider may read it, and a panel member may read the
// tenders they are assigned to. A published tender is public too: anyone, signed in or not,
// may read its notice (the opportunity, its documents and its published answers) at
// /opportunities. Nothing about its bids is public.
import type { Expression, ExpressionBuilder, SqlBool } from "kysely";
import type { Database, TenderStoredStatus } from "../../db/schema";
import { TENDER_CLOSED, type TenderStatus } from "~/models/statuses";
import { hasRole, officerCoversAnyDistrict, type Actor } from "./actor";

/** What the tender rules need to know about a tender. */
export interface TenderRecord {
  districtIds: readonly string[];
  /** The status as the clock makes it: see tenderStatus() in models/tenders. */
  status: TenderStatus;
  panelUserIds: readonly string[];
  /** Published once (false for a draft, and for one cancelled before it was published). */
  published: boolean;
}

export function officerCoversTender(a: Actor, t: TenderRecord): boolean {
  return officerCoversAnyDistrict(a, t.districtIds);
}

export const tenderRules = {
  "tenders:create": (a: Actor) => hasRole(a, "officer"),
  "tenders:browse": (a: Actor) => hasRole(a, "provider", "officer"),
  /** Edit, publish, amend, cancel, answer clarifications, assign the panel. */
  "tender:manage": (a: Actor, t: TenderRecord) => officerCoversTender(a, t),
  "tender:view": (a: Actor, t: TenderRecord) => {
    if (officerCoversTender(a, t)) return true;
    if (t.status === "draft" || !t.published) return false;
    if (hasRole(a, "panel") && t.panelUserIds.includes(a.id)) return true;
    return hasRole(a, "provider") && !!a.organisationId;
  },
  /** Moderation, consensus, decisions and the scoring matrix, once bids may be opened. */
  "tender:moderate": (a: Actor, t: TenderRecord) => officerCoversTender(a, t) && TENDER_CLOSED.includes(t.status),
};


/**
 * Who bid is public once the tender is awarded (the award names the winners, and OCDS the
 * tenderers); before then, while the panel works, only the number of bids is told to officers.
 */
export function tenderersArePublic(t: { status: TenderStatus; awardNoticeAt: string | null }): boolean {
  // A light-touch award is public from its contract award notice, while the standstill runs;
  // any other from the contract. The bidders know their own outcome before either.
  return t.status === "awarded" || (t.status === "award_pending" && t.awardNoticeAt !== null);
}

/**
 * A tender anyone may read about: published once (a draft never, nor one cancelled before it
 * was published). What of it is public is the public page's to choose: the notice, never bids.
 */
export function isPublicTender(t: { storedStatus: TenderStoredStatus; publishedAt: string | null }): boolean {
  return t.storedStatus !== "draft" && t.publishedAt !== null;
}

/** isPublicTender for a list of tenders. */
export function publicTenders(eb: ExpressionBuilder<Database, "tenders">): Expression<SqlBool> {
  return eb.and([eb("tenders.status", "!=", "draft"), eb("tenders.published_at", "is not", null)]);
}
