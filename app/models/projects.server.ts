// Projects: awards in delivery. This module holds what every part of delivery shares:
// loading a project for the permission rules, and the schedule of quarterly returns that
// every project has from the day it is created.
import type { Executor } from "../../db/client";
import type { ProjectStatus } from "../../db/schema";
import type { ProjectRecord } from "~/services/permissions";
import { quarterDates, quarterLabel, quartersBetween } from "~/lib/financial-year";
import { newId, nowIso } from "~/lib/ids.server";

export const PROJECT_STATUS_LABELS: Record<ProjectStatus, string> = {
  active: "Active",
  suspended: "Suspended",
  completed: "Completed",
  terminated: "Terminated",
};

export interface LoadedProject {
  id: string;
  reference: string;
  title: string;
  organisationId: string;
  districtId: string;
  status: ProjectStatus;
  version: number;
  record: ProjectRecord;
}

export async function loadProject(db: Executor, projectId: string): Promise<LoadedProject | null> {
  const p = await db
    .selectFrom("projects")
    .select(["id", "reference", "title", "organisation_id", "district_id", "status", "version"])
    .where("id", "=", projectId)
    .executeTakeFirst();
  if (!p) return null;
  return {
    id: p.id, reference: p.reference, title: p.title, organisationId: p.organisation_id, districtId: p.district_id,
    status: p.status, version: p.version, record: { organisationId: p.organisation_id, districtId: p.district_id },
  };
}

/** A date plus a number of days, as an ISO date. */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface ScheduledReturn {
  quarter: string;
  financialYear: number;
  quarterNumber: number;
  periodStart: string;
  periodEnd: string;
  dueDate: string;
}

/**
 * One return for every financial quarter the project runs in, due a number of days after
 * the quarter ends (the "return due days" setting, 21 by default).
 */
export function returnSchedule(startDate: string, endDate: string, dueDays: number): ScheduledReturn[] {
  return quartersBetween(startDate, endDate).map((q) => {
    const { start, end } = quarterDates(q);
    return {
      quarter: quarterLabel(q), financialYear: q.year, quarterNumber: q.quarter,
      periodStart: start, periodEnd: end, dueDate: addDays(end, dueDays),
    };
  });
}

/** Creates the project's returns that do not exist yet (safe to call again after a variation). */
export async function createReturnSchedule(db: Executor, projectId: string, dueDays: number): Promise<number> {
  const project = await db.selectFrom("projects").select(["start_date", "end_date"]).where("id", "=", projectId).executeTakeFirstOrThrow();
  const existing = new Set(
    (await db.selectFrom("returns").select("quarter").where("project_id", "=", projectId).execute()).map((r) => r.quarter),
  );
  const now = nowIso();
  const rows = returnSchedule(project.start_date, project.end_date, dueDays)
    .filter((r) => !existing.has(r.quarter))
    .map((r) => ({
      id: newId(), project_id: projectId, quarter: r.quarter, financial_year: r.financialYear, quarter_number: r.quarterNumber,
      period_start: r.periodStart, period_end: r.periodEnd, due_date: r.dueDate, status: "not_started" as const, late: 0,
      outputs_complete: 0, outcomes_complete: 0, spend_complete: 0, beneficiaries_complete: 0, narrative_complete: 0,
      case_studies_complete: 0, evidence_complete: 0, highlights: null, challenges: null, risks: null, next_steps: null,
      first_submitted_at: null, submitted_at: null, submitted_by: null, approved_at: null, approved_by: null,
      created_at: now, updated_at: now, version: 1,
    }));
  if (rows.length) await db.insertInto("returns").values(rows).execute();
  return rows.length;
}
