// The panel: members assigned to a tender declare their interests and score, between the
// closing time and the decisions, and read the outcome of their work afterwards. A member scores only the submitted bids they declared no
// conflict on.
import { TENDER_DECIDED, TENDER_WITH_PANEL } from "~/models/statuses";
import { hasRole, type Actor } from "./actor";
import { panelMayReadBid, type BidRecord } from "./bids";
import type { TenderRecord } from "./tenders";

export const panelRules = {
  "panel:take-part": (a: Actor, t: TenderRecord) => hasRole(a, "panel") && t.panelUserIds.includes(a.id) && TENDER_WITH_PANEL.includes(t.status),
  /** Once the decisions are recorded, a member still reads their own scores and the moderated result. */
  "panel:read-outcome": (a: Actor, t: TenderRecord) => hasRole(a, "panel") && t.panelUserIds.includes(a.id) && TENDER_DECIDED.includes(t.status),
  "panel:score-bid": (a: Actor, b: BidRecord) => TENDER_WITH_PANEL.includes(b.tender.status) && b.status === "submitted" && panelMayReadBid(a, b),
};
