// Quarterly returns: what a provider reports each quarter and how officers review it.
// This module holds what every part of the return journey shares: loading a return with
// what the permission rules need, whether it is overdue, and who last changed it. The
// provider's side is in detail, sections, case-studies, evidence, snapshot and submit; the
// officer's in review-queue, review-page, review-decision, review-emails and version-diffs.
import type { Executor } from "../../../db/client";
import type { ReturnStatus } from "../../../db/schema";
import { type ReturnRecord } from "~/policies/returns";
import { RETURN_NOT_SUBMITTED } from "~/models/statuses";

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
  return RETURN_NOT_SUBMITTED.includes(r.status) && r.due_date < today;
}

/** Who last changed the return, from the audit log: named when a save is refused as stale. */
export async function lastSavedBy(db: Executor, returnId: string): Promise<string | null> {
  const row = await db
    .selectFrom("audit_events")
    .leftJoin("users", "users.id", "audit_events.actor_user_id")
    .select(["users.name"])
    .where("audit_events.record_type", "=", "return")
    .where("audit_events.record_id", "=", returnId)
    .orderBy("audit_events.created_at", "desc")
    .orderBy("audit_events.id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.name ?? null;
}
