// Projects: awards in delivery. This module holds what every part of delivery shares (the
// list, the project page, direct creation, the plan, variations, visits, and awards, which
// create projects too): loading a project for the permission rules, its indicators and
// budget profile as stored, the schedule of quarterly returns that every project has from
// the day it is created, its reference (from a counter), and taking its row at the version a
// form was loaded with. Who may open a project's pages is decided at the edge (app/http/projects/access.server.ts).
import type { Executor } from "../../../db/client";
import type { IndicatorDirection, IndicatorMeasure, ProjectStatus } from "../../../db/schema";
import { addDays } from "~/lib/dates";
import { quarterDates, quarterLabel, quartersBetween } from "~/lib/financial-year";
import { newId, nowIso } from "~/lib/ids.server";
import type { BudgetLineInput } from "~/schemas/projects";
import { StaleEditError } from "~/models/errors";
import type { ProjectRecord } from "~/policies/projects";
import { parseTargets } from "~/lib/figures";
import { takeReference, type ReferenceSequence } from "~/models/locks.server";

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

/** The settings that shape a project's returns and visits. */
export interface ProjectSettings {
  returnDueDays: number;
  visitThresholdPence: number;
}

/** A choice in a form or a filter: a district, a provider, a funding stream. */
export interface Choice {
  id: string;
  name: string;
}

// =======================================================================================
// The schedule of returns

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

/** The quarters a project runs in, as labels, in order. */
export function projectQuarters(startDate: string, endDate: string): string[] {
  if (endDate < startDate) return [];
  return quartersBetween(startDate, endDate).map(quarterLabel);
}

/** Project references, numbered per financial year: PRJ-2026-001, PRJ-2026-002, … */
function projectReferences(db: Executor, year: number): ReferenceSequence {
  const prefix = `PRJ-${year}-`;
  return {
    counter: `project-reference:${year}`,
    highestUsed: async () => {
      const rows = await db.selectFrom("projects").select("reference").where("reference", "like", `${prefix}%`).execute();
      return rows.reduce((max, r) => {
        const n = Number(r.reference.slice(prefix.length));
        return Number.isInteger(n) && n > max ? n : max;
      }, 0);
    },
    format: (n) => `${prefix}${String(n).padStart(3, "0")}`,
    isTaken: async (reference) => !!(await db.selectFrom("projects").select("id").where("reference", "=", reference).executeTakeFirst()),
  };
}

/**
 * Takes the next project reference of a financial year, in the caller's transaction: two
 * projects made at once (directly, or by awards) get numbers one after the other.
 */
export function takeProjectReference(trx: Executor, year: number): Promise<string> {
  return takeReference(trx, projectReferences(trx, year));
}

/** Whether any return of the project has been submitted (even once): the plan is then fixed. */
export async function hasSubmittedReturn(db: Executor, projectId: string): Promise<boolean> {
  const row = await db.selectFrom("returns").select("id").where("project_id", "=", projectId)
    .where("first_submitted_at", "is not", null).limit(1).executeTakeFirst();
  return !!row;
}

// =======================================================================================
// Indicators and budget profile, as stored

export interface ProjectIndicator {
  id: string;
  position: number;
  kind: "output" | "outcome";
  name: string;
  definition: string;
  unit: string;
  measure: IndicatorMeasure;
  direction: IndicatorDirection;
  baseline: number | null;
  targets: Record<string, number>;
}


export async function projectIndicators(db: Executor, projectId: string): Promise<ProjectIndicator[]> {
  const rows = await db
    .selectFrom("project_indicators")
    .select(["id", "position", "kind", "name", "definition", "unit", "measure", "direction", "baseline", "targets_json"])
    .where("project_id", "=", projectId)
    .orderBy("position")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    id: r.id, position: Number(r.position), kind: r.kind, name: r.name, definition: r.definition, unit: r.unit,
    measure: r.measure, direction: r.direction, baseline: r.baseline === null ? null : Number(r.baseline),
    targets: parseTargets(r.targets_json),
  }));
}

export async function projectBudget(db: Executor, projectId: string): Promise<BudgetLineInput[]> {
  const rows = await db
    .selectFrom("project_budget_lines")
    .select(["quarter", "category", "amount_pence"])
    .where("project_id", "=", projectId)
    .execute();
  return rows.map((r) => ({ quarter: r.quarter, category: r.category, amountPence: Number(r.amount_pence) }));
}

/** Takes the project's row at the version the form was loaded with, or refuses. */
export async function takeVersion(db: Executor, projectId: string, version: number, changes: Record<string, unknown> = {}): Promise<void> {
  const result = await db
    .updateTable("projects")
    .set((eb) => ({ ...changes, updated_at: nowIso(), version: eb("version", "+", 1) }))
    .where("id", "=", projectId)
    .where("version", "=", version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new StaleEditError("project");
}
