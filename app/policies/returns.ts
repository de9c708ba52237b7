// Quarterly returns: the project's provider and the officers covering its district see a
// return. The provider changes it while it is with them (not started, in progress, or
// queried); an officer reviews it while it is with them (submitted or resubmitted), unless
// the officer also works for the provider: nobody approves their own organisation's return.
import type { ReturnStatus } from "../../db/schema";
import { RETURN_AWAITING_REVIEW, RETURN_NOT_SUBMITTED, RETURN_WITH_PROVIDER } from "~/models/statuses";
import { officerCoversDistrict, providerOwns, type Actor } from "./actor";
import type { ProjectRecord } from "./projects";

export interface ReturnRecord {
  project: ProjectRecord;
  status: ReturnStatus;
}

export const returnRules = {
  "return:view": (a: Actor, r: ReturnRecord) => providerOwns(a, r.project.organisationId) || officerCoversDistrict(a, r.project.districtId),
  "return:edit": (a: Actor, r: ReturnRecord) => providerOwns(a, r.project.organisationId) && RETURN_WITH_PROVIDER.includes(r.status),
  "return:review": (a: Actor, r: ReturnRecord) =>
    officerCoversDistrict(a, r.project.districtId) && !providerOwns(a, r.project.organisationId) && RETURN_AWAITING_REVIEW.includes(r.status),
  /** Chase it by e-mail (once it is overdue: app/models/returns/chase.server.ts). */
  "return:remind": (a: Actor, r: ReturnRecord) =>
    officerCoversDistrict(a, r.project.districtId) && !providerOwns(a, r.project.organisationId) && RETURN_NOT_SUBMITTED.includes(r.status),
};

/** Why this person cannot change this return now; `own` when they are its provider's staff. */
export function returnLockedMessage(status: ReturnStatus, own: boolean): string {
  if (!own) return "Only the provider can change its return. You can read it, but not change it.";
  switch (status) {
    case "submitted":
    case "resubmitted":
      return "This return has been submitted, so it cannot be changed. If the council queries it, you will be able to change it again.";
    case "approved":
      return "This return has been approved, so it can no longer be changed.";
    default:
      return "This return cannot be changed now.";
  }
}
