// Quality monitoring visits. Projects over the visit threshold (projects.visit_required, or
// an amount above the "visit threshold" setting) need a visit every financial year while
// they are active. A visit records the date, the officer, what was seen and found, a grade
// per area and overall, and actions with owners and due dates; officers close the actions
// later. Providers read their own projects' visits; they never write. Who may open a visit
// page is decided at the edge (app/http/projects/access.server.ts).
//
// This module reads a project's visits; recording them is in record.server.ts, the
// officer's lists of visits due and open actions in due.server.ts.
import type { Executor } from "../../../db/client";
import type { ProjectStatus } from "../../../db/schema";
import { financialYearDates, financialYearLabel, financialYearOf } from "~/lib/financial-year";
import { VISIT_AREAS, type Grade } from "~/schemas/visits";

/** The financial year today falls in, with its first and last days: a project is visited once in each. */
export function currentFinancialYear(today: string): { year: number; label: string; start: string; end: string } {
  const year = financialYearOf(today);
  return { year, label: financialYearLabel(year), ...financialYearDates(year) };
}

// ---------------------------------------------------------------------------------------
// A project's visits.

export interface ProjectSummary {
  id: string;
  reference: string;
  title: string;
  organisationName: string;
  districtName: string;
  amountPence: number;
  startDate: string;
  endDate: string;
  status: ProjectStatus;
  /** Over the visit threshold (or marked as needing a visit). */
  visitRequired: boolean;
}

/** A project is visited yearly when it was marked so at award or its amount is over the threshold. */
export function needsVisit(project: { visit_required: number; amount_pence: number }, thresholdPence: number): boolean {
  return project.visit_required === 1 || project.amount_pence > thresholdPence;
}

export async function getProjectSummary(db: Executor, projectId: string, thresholdPence: number): Promise<ProjectSummary | null> {
  const p = await db
    .selectFrom("projects as p")
    .innerJoin("organisations as o", "o.id", "p.organisation_id")
    .innerJoin("districts as d", "d.id", "p.district_id")
    .select([
      "p.id", "p.reference", "p.title", "o.name as organisation_name", "d.name as district_name", "p.amount_pence",
      "p.start_date", "p.end_date", "p.status", "p.visit_required",
    ])
    .where("p.id", "=", projectId)
    .executeTakeFirst();
  if (!p) return null;
  return {
    id: p.id, reference: p.reference, title: p.title, organisationName: p.organisation_name, districtName: p.district_name,
    amountPence: Number(p.amount_pence), startDate: p.start_date, endDate: p.end_date, status: p.status,
    visitRequired: needsVisit({ visit_required: Number(p.visit_required), amount_pence: Number(p.amount_pence) }, thresholdPence),
  };
}

export interface VisitListItem {
  id: string;
  visitDate: string;
  officerName: string | null;
  overallGrade: Grade;
  openActions: number;
  actions: number;
}

/** A project's visits, latest first, with how many of their actions are still open. */
export async function listProjectVisits(db: Executor, projectId: string): Promise<VisitListItem[]> {
  const rows = await db
    .selectFrom("monitoring_visits as v")
    .leftJoin("users as u", "u.id", "v.officer_id")
    .select((eb) => [
      "v.id", "v.visit_date", "u.name as officer_name", "v.overall_grade",
      eb.selectFrom("visit_actions as a").select((e) => e.fn.countAll<number>().as("n")).whereRef("a.visit_id", "=", "v.id").as("actions"),
      eb.selectFrom("visit_actions as a").select((e) => e.fn.countAll<number>().as("n")).whereRef("a.visit_id", "=", "v.id")
        .where("a.status", "=", "open").as("open_actions"),
    ])
    .where("v.project_id", "=", projectId)
    .orderBy("v.visit_date", "desc")
    .orderBy("v.created_at", "desc")
    .execute();
  return rows.map((r) => ({
    id: r.id, visitDate: r.visit_date, officerName: r.officer_name, overallGrade: Number(r.overall_grade) as Grade,
    openActions: Number(r.open_actions ?? 0), actions: Number(r.actions ?? 0),
  }));
}

export interface VisitAction {
  id: string;
  action: string;
  owner: string;
  dueDate: string;
  status: "open" | "closed";
  closedAt: string | null;
  closedByName: string | null;
  closingNote: string | null;
  version: number;
}

export interface VisitDetail {
  id: string;
  projectId: string;
  visitDate: string;
  officerName: string | null;
  areasSeen: string;
  findings: string;
  overallGrade: Grade;
  grades: { area: string; label: string; grade: Grade }[];
  actions: VisitAction[];
  recordedByName: string | null;
  createdAt: string;
}

/** A visit of this project (a visit id from another project is not found). */
export async function getVisit(db: Executor, projectId: string, visitId: string): Promise<VisitDetail | null> {
  const v = await db
    .selectFrom("monitoring_visits as v")
    .leftJoin("users as o", "o.id", "v.officer_id")
    .leftJoin("users as c", "c.id", "v.created_by")
    .select([
      "v.id", "v.project_id", "v.visit_date", "o.name as officer_name", "v.areas_seen", "v.findings", "v.overall_grade",
      "c.name as recorded_by_name", "v.created_at",
    ])
    .where("v.id", "=", visitId)
    .where("v.project_id", "=", projectId)
    .executeTakeFirst();
  if (!v) return null;
  const [grades, actions] = await Promise.all([
    db.selectFrom("visit_grades").select(["area", "grade"]).where("visit_id", "=", visitId).execute(),
    db
      .selectFrom("visit_actions as a")
      .leftJoin("users as u", "u.id", "a.closed_by")
      .select(["a.id", "a.action", "a.owner", "a.due_date", "a.status", "a.closed_at", "u.name as closed_by_name", "a.closing_note", "a.version"])
      .where("a.visit_id", "=", visitId)
      .orderBy("a.due_date")
      .orderBy("a.id")
      .execute(),
  ]);
  const order = VISIT_AREAS.map((a) => a.key as string);
  const byArea = new Map(grades.map((g) => [g.area, Number(g.grade) as Grade]));
  return {
    id: v.id,
    projectId: v.project_id,
    visitDate: v.visit_date,
    officerName: v.officer_name,
    areasSeen: v.areas_seen,
    findings: v.findings,
    overallGrade: Number(v.overall_grade) as Grade,
    grades: [
      ...VISIT_AREAS.filter((a) => byArea.has(a.key)).map((a) => ({ area: a.key as string, label: a.label as string, grade: byArea.get(a.key)! })),
      // Areas no longer on the form are still shown.
      ...grades.filter((g) => !order.includes(g.area)).map((g) => ({ area: g.area, label: g.area, grade: Number(g.grade) as Grade })),
    ],
    actions: actions.map((a) => ({
      id: a.id, action: a.action, owner: a.owner, dueDate: a.due_date, status: a.status, closedAt: a.closed_at,
      closedByName: a.closed_by_name, closingNote: a.closing_note, version: Number(a.version),
    })),
    recordedByName: v.recorded_by_name,
    createdAt: v.created_at,
  };
}

/** Officers who may have made a visit to a project in this district: active, covering it. */
export async function visitOfficerChoices(db: Executor, districtId: string): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom("users as u")
    .innerJoin("user_roles as r", (join) => join.onRef("r.user_id", "=", "u.id").on("r.role", "=", "officer"))
    .select(["u.id", "u.name"])
    .where("u.is_active", "=", 1)
    .where((eb) =>
      eb.or([
        eb("u.county_wide", "=", 1),
        eb.exists(eb.selectFrom("user_districts as ud").select("ud.user_id").whereRef("ud.user_id", "=", "u.id").where("ud.district_id", "=", districtId)),
      ]),
    )
    .orderBy("u.name")
    .orderBy("u.id")
    .execute();
}
