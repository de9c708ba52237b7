// Quarterly returns: what a provider reports each quarter and how officers review it.
// This module holds what every part of the return journey shares: loading a return with
// what the permission rules need.
import type { Executor } from "../../../db/client";
import type { ReturnStatus } from "../../../db/schema";
import type { ReturnRecord } from "~/services/permissions";
import { ukToday } from "~/lib/dates";

export const RETURN_STATUS_LABELS: Record<ReturnStatus, string> = {
  not_started: "Not started",
  draft: "In progress",
  submitted: "Submitted",
  queried: "Queried",
  resubmitted: "Resubmitted",
  approved: "Approved",
};

export interface LoadedReturn {
  id: string;
  projectId: string;
  quarter: string;
  dueDate: string;
  status: ReturnStatus;
  version: number;
  record: ReturnRecord;
}

export async function loadReturn(db: Executor, returnId: string): Promise<LoadedReturn | null> {
  const r = await db
    .selectFrom("returns")
    .innerJoin("projects", "projects.id", "returns.project_id")
    .select(["returns.id", "returns.project_id", "returns.quarter", "returns.due_date", "returns.status", "returns.version",
      "projects.organisation_id", "projects.district_id"])
    .where("returns.id", "=", returnId)
    .executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id, projectId: r.project_id, quarter: r.quarter, dueDate: r.due_date, status: r.status, version: r.version,
    record: { status: r.status, project: { organisationId: r.organisation_id, districtId: r.district_id } },
  };
}

/** Overdue: past its due date (UK date) and not yet submitted. */
export function isOverdue(r: { status: ReturnStatus; due_date: string }, today: string): boolean {
  return (r.status === "not_started" || r.status === "draft") && r.due_date < today;
}

// ---------------------------------------------------------------------------------------
// Shared helpers added with the provider's filing (return-filing.server.ts). Small and
// used by both sides; the filing itself lives in return-filing.server.ts.



export const RETURN_STATUS_TAG_CLASSES: Record<ReturnStatus, string> = {
  not_started: "govuk-tag govuk-tag--grey",
  draft: "govuk-tag govuk-tag--light-blue",
  submitted: "govuk-tag govuk-tag--blue",
  queried: "govuk-tag govuk-tag--orange",
  resubmitted: "govuk-tag govuk-tag--blue",
  approved: "govuk-tag govuk-tag--green",
};
