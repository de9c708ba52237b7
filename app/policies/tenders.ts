// Tenders. Officers manage the tenders of the districts they cover. A draft is the officers'
// own business; once published every provider may read it, and a panel member may read the
// tenders they are assigned to.
import { TENDER_CLOSED, type TenderStatus } from "~/models/statuses";
import { hasRole, officerCoversAnyDistrict, type Actor } from "./actor";

/** What the tender rules need to know about a tender. */
export interface TenderRecord {
  districtIds: readonly string[];
  /** The status as the clock makes it: see tenderStatus() in models/tenders. */
  status: TenderStatus;
  panelUserIds: readonly string[];
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
    if (t.status === "draft") return false;
    if (hasRole(a, "panel") && t.panelUserIds.includes(a.id)) return true;
    return hasRole(a, "provider") && !!a.organisationId;
  },
  /** Moderation, consensus, decisions and the scoring matrix, once bids may be opened. */
  "tender:moderate": (a: Actor, t: TenderRecord) => officerCoversTender(a, t) && TENDER_CLOSED.includes(t.status),
};

