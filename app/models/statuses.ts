// Every status a record moves through, and the sets of them that the rules talk about. The
// status types are the database's (db/schema.ts); each set lives here once, so a policy, a
// query and a page that say "awaiting review" mean the same statuses. No server code here:
// pages import the labels.
import type { BidStatus, ReturnStatus } from "../../db/schema";

// ---------------------------------------------------------------------------------------
// Tenders. The stored status says what officers did; the clock turns "published" into
// upcoming, open or closed, and recorded decisions make a closed tender "award pending" until
// its contract is entered (tenderStatus() in models/tenders).

export type TenderStatus = "draft" | "upcoming" | "open" | "closed" | "evaluation" | "award_pending" | "awarded" | "cancelled";
export const TENDER_STATUSES: readonly TenderStatus[] = ["draft", "upcoming", "open", "closed", "evaluation", "award_pending", "awarded", "cancelled"];
/** Past its closing time: bids may be opened. */
export const TENDER_CLOSED: readonly TenderStatus[] = ["closed", "evaluation", "award_pending", "awarded"];
/** The decisions are recorded: scores and consensus are final. */
export const TENDER_DECIDED: readonly TenderStatus[] = ["award_pending", "awarded"];
/** Closed and not yet decided: the panel declares and scores. */
export const TENDER_WITH_PANEL: readonly TenderStatus[] = ["closed", "evaluation"];

// ---------------------------------------------------------------------------------------
// Bids.

export const BID_STATUSES: readonly BidStatus[] = ["draft", "submitted", "withdrawn", "successful", "unsuccessful"];
/** Bids the panel assesses and the decision covers. */
export const BID_ASSESSED: readonly BidStatus[] = ["submitted", "successful", "unsuccessful"];
/** A bid an organisation is still working on or has sent: one per tender. */
export const BID_LIVE: readonly BidStatus[] = ["draft", "submitted"];
/** The council has decided. */
export const BID_DECIDED: readonly BidStatus[] = ["successful", "unsuccessful"];

// ---------------------------------------------------------------------------------------
// Quarterly returns: not started → draft → submitted → queried → resubmitted → approved.

export const RETURN_STATUSES: readonly ReturnStatus[] = ["not_started", "draft", "submitted", "queried", "resubmitted", "approved"];
/** With the provider, who may change it. */
export const RETURN_WITH_PROVIDER: readonly ReturnStatus[] = ["not_started", "draft", "queried"];
/** Never submitted yet: due, or overdue once past its due date. */
export const RETURN_NOT_SUBMITTED: readonly ReturnStatus[] = ["not_started", "draft"];
/** With the officer, who queries or approves it. */
export const RETURN_AWAITING_REVIEW: readonly ReturnStatus[] = ["submitted", "resubmitted"];
/** Submitted at least once, so it has versions. */
export const RETURN_SUBMITTED: readonly ReturnStatus[] = ["submitted", "queried", "resubmitted", "approved"];

export const RETURN_STATUS_LABELS: Record<ReturnStatus, string> = {
  not_started: "Not started",
  draft: "In progress",
  submitted: "Submitted",
  queried: "Queried",
  resubmitted: "Resubmitted",
  approved: "Approved",
};

export const RETURN_STATUS_TAG_CLASSES: Record<ReturnStatus, string> = {
  not_started: "govuk-tag govuk-tag--grey",
  draft: "govuk-tag govuk-tag--light-blue",
  submitted: "govuk-tag govuk-tag--blue",
  queried: "govuk-tag govuk-tag--orange",
  resubmitted: "govuk-tag govuk-tag--blue",
  approved: "govuk-tag govuk-tag--green",
};

/** Is the status one of the set? Narrows nothing; reads like the rule. */
export function isOneOf<T extends string>(status: T, set: readonly T[]): boolean {
  return set.includes(status);
}
