// Quality monitoring visits. Projects over the visit threshold (projects.visit_required, or
// an amount above the "visit threshold" setting) need a visit every financial year while
// they are active. A visit records the date, the officer, what was seen and found, a grade
// per area and overall, and actions with owners and due dates; officers close the actions
// later. Providers read their own projects' visits; they never write.
import { sql, type Expression, type SqlBool } from "kysely";
import { getDb, type Executor } from "../../../db/client";
import type { ProjectStatus } from "../../../db/schema";
import { formatDate, ukToday } from "~/lib/dates";
import { financialYearDates, financialYearLabel, financialYearOf } from "~/lib/financial-year";
import { containsText, pageWindow, toListPage, type ListPage, type ListParams } from "~/lib/lists";
import { newId, nowIso } from "~/lib/ids.server";
import { requireProject, type LoadedProject } from "~/models/projects/projects.server";
import type { SignedInUser } from "~/models/accounts/users.server";
import { VISIT_AREAS, type Grade, type VisitInput } from "~/schemas/visits";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { forbidden, notFound, requireUser } from "~/http/guards.server";
import { can } from "~/policies/index";
import { hasRole, type Actor } from "~/policies/actor";

// ---------------------------------------------------------------------------------------
// Dates.


/** Today's date in the UK, as an ISO date. */

/** The financial year today falls in, with its first and last days. */
export function currentFinancialYear(today: string): { year: number; label: string; start: string; end: string } {
  const year = financialYearOf(today);
  return { year, label: financialYearLabel(year), ...financialYearDates(year) };
}

// ---------------------------------------------------------------------------------------
// Access. Every visit route starts here, with the project as loadProject gives it.

export interface ProjectAccess {
  user: SignedInUser;
  project: LoadedProject;
}

/**
 * The project, for someone allowed to do this to it. A provider who may not see it gets
 * "not found" (it may be another organisation's: they never learn it exists); anyone else
 * refused gets "forbidden", with the message given.
 */
export async function requireProjectAccess(
  request: Request,
  projectId: string | undefined,
  permission: "project:view" | "project:manage",
  message?: string,
): Promise<ProjectAccess> {
  return requireProject(request, projectId, permission, message ?? "Only a commissioning officer covering the project's district can do this.");
}

/** Officers see their districts; county-wide officers every district. null means all. */
function districtScope(actor: Actor): string[] | null {
  if (!hasRole(actor, "officer")) return [];
  if (actor.countyWide) return null;
  return [...actor.districtIds];
}

/** A district condition for an officer's reach ("-" matches nothing when they cover none). */
function inScope(actor: Actor, column: Expression<string>): Expression<SqlBool> | null {
  const scope = districtScope(actor);
  if (scope === null) return null;
  const ids = scope.length ? scope : ["-"];
  return sql<SqlBool>`${column} in (${sql.join(ids)})`;
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

// ---------------------------------------------------------------------------------------
// Recording a visit, closing its actions.

export type RecordVisitOutcome = { outcome: "recorded"; visitId: string } | { outcome: "duplicate"; visitId: string };

/** A second press of "Record the visit" within this long finds the first one. */
const DUPLICATE_WINDOW_MS = 10 * 60 * 1000;

/**
 * Writes the visit, a grade per area and its actions, with one audit event, all in the
 * caller's transaction. The same visit sent twice (a double submit) is stored once.
 */
export async function recordVisit(
  db: Executor,
  audit: AuditContext,
  args: { projectId: string; recordedBy: string },
  input: VisitInput,
  now = new Date(),
): Promise<RecordVisitOutcome> {
  const since = new Date(now.getTime() - DUPLICATE_WINDOW_MS).toISOString();
  const twin = await db
    .selectFrom("monitoring_visits")
    .select("id")
    .where("project_id", "=", args.projectId)
    .where("visit_date", "=", input.visitDate)
    .where("officer_id", "=", input.officerId)
    .where("created_by", "=", args.recordedBy)
    .where("findings", "=", input.findings)
    .where("areas_seen", "=", input.areasSeen)
    .where("created_at", ">=", since)
    .executeTakeFirst();
  if (twin) return { outcome: "duplicate", visitId: twin.id };

  const id = newId();
  const at = now.toISOString();
  await db.insertInto("monitoring_visits").values({
    id, project_id: args.projectId, visit_date: input.visitDate, officer_id: input.officerId, areas_seen: input.areasSeen,
    findings: input.findings, overall_grade: input.overallGrade, created_by: args.recordedBy, created_at: at, updated_at: at, version: 1,
  }).execute();
  await db.insertInto("visit_grades").values(input.grades.map((g) => ({ visit_id: id, area: g.area, grade: g.grade }))).execute();
  const actions = input.actions.map((a) => ({
    id: newId(), visit_id: id, action: a.action, owner: a.owner, due_date: a.dueDate, status: "open" as const,
    closed_at: null, closed_by: null, closing_note: null, version: 1,
  }));
  if (actions.length) await db.insertInto("visit_actions").values(actions).execute();
  await recordAudit(db, audit, {
    action: "visit.recorded",
    recordType: "monitoring_visit",
    recordId: id,
    after: {
      project_id: args.projectId,
      visit_date: input.visitDate,
      officer_id: input.officerId,
      areas_seen: input.areasSeen,
      findings: input.findings,
      grades: Object.fromEntries(input.grades.map((g) => [g.area, g.grade])),
      overall_grade: input.overallGrade,
      actions: actions.map((a) => ({ id: a.id, action: a.action, owner: a.owner, due_date: a.due_date })),
    },
  });
  return { outcome: "recorded", visitId: id };
}

export type CloseActionOutcome =
  | { outcome: "closed"; action: string }
  | { outcome: "refused"; status: 404 | 409; message: string };

/** "This action was already closed by Olivia Officer on 24 November 2026. Nothing has been changed." */
export function alreadyClosedMessage(byName: string | null, closedAt: string | null): string {
  const by = byName ? ` by ${byName}` : "";
  const on = closedAt ? ` on ${formatDate(closedAt)}` : "";
  return `This action was already closed${by}${on}. Nothing has been changed.`;
}

export const STALE_ACTION_MESSAGE =
  "Someone else changed this action while you were looking at it. Nothing has been changed: check it and try again.";

/** Closes an open action at the version the officer saw; a second close is refused with who closed it. */
export async function closeVisitAction(
  db: Executor,
  audit: AuditContext,
  args: { visitId: string; actionId: string; version: number; closingNote: string | null; userId: string },
): Promise<CloseActionOutcome> {
  const at = nowIso();
  const updated = await db
    .updateTable("visit_actions")
    .set({ status: "closed", closed_at: at, closed_by: args.userId, closing_note: args.closingNote, version: args.version + 1 })
    .where("id", "=", args.actionId)
    .where("visit_id", "=", args.visitId)
    .where("status", "=", "open")
    .where("version", "=", args.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) {
    const current = await db
      .selectFrom("visit_actions as a")
      .leftJoin("users as u", "u.id", "a.closed_by")
      .select(["a.status", "a.closed_at", "u.name as closed_by_name"])
      .where("a.id", "=", args.actionId)
      .where("a.visit_id", "=", args.visitId)
      .executeTakeFirst();
    if (!current) return { outcome: "refused", status: 404, message: "That action is not part of this visit." };
    if (current.status === "closed") return { outcome: "refused", status: 409, message: alreadyClosedMessage(current.closed_by_name, current.closed_at) };
    return { outcome: "refused", status: 409, message: STALE_ACTION_MESSAGE };
  }
  const row = await db.selectFrom("visit_actions").select(["action"]).where("id", "=", args.actionId).executeTakeFirstOrThrow();
  await recordAudit(db, audit, {
    action: "visit_action.closed",
    recordType: "visit_action",
    recordId: args.actionId,
    before: { status: "open", version: args.version },
    after: { status: "closed", closed_at: at, closing_note: args.closingNote, version: args.version + 1 },
  });
  return { outcome: "closed", action: row.action };
}

// ---------------------------------------------------------------------------------------
// The officer's lists: visits due this financial year, open actions.

export const VISITS_DUE_SORTS = ["last_visit", "reference", "provider", "district", "amount"] as const;
export type VisitsDueSort = (typeof VISITS_DUE_SORTS)[number];

export interface VisitsDueFilters {
  districtId: string;
}

export interface VisitDueItem {
  projectId: string;
  reference: string;
  title: string;
  organisationName: string;
  districtName: string;
  amountPence: number;
  startDate: string;
  endDate: string;
  lastVisitDate: string | null;
}

/**
 * Active projects needing a visit, running in the current financial year, with no visit
 * dated in it, in the districts the officer covers.
 */
function visitsDueQuery(db: Executor, actor: Actor, options: { today: string; thresholdPence: number }, filters: VisitsDueFilters, q: string) {
  const fy = currentFinancialYear(options.today);
  let query = db
    .selectFrom("projects as p")
    .innerJoin("organisations as o", "o.id", "p.organisation_id")
    .innerJoin("districts as d", "d.id", "p.district_id")
    .where("p.status", "=", "active")
    .where((eb) => eb.or([eb("p.visit_required", "=", 1), eb("p.amount_pence", ">", options.thresholdPence)]))
    .where("p.start_date", "<=", fy.end)
    .where("p.end_date", ">=", fy.start)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom("monitoring_visits as v").select("v.id").whereRef("v.project_id", "=", "p.id")
            .where("v.visit_date", ">=", fy.start).where("v.visit_date", "<=", fy.end),
        ),
      ),
    );
  const scope = inScope(actor, sql.ref<string>("p.district_id"));
  if (scope) query = query.where(scope);
  if (filters.districtId) query = query.where("p.district_id", "=", filters.districtId);
  if (q) {
    query = query.where((eb) =>
      eb.or([containsText(eb.ref("p.reference"), q), containsText(eb.ref("p.title"), q), containsText(eb.ref("o.name"), q)]),
    );
  }
  return query;
}

const lastVisitSql = sql<string | null>`(select max(lv.visit_date) from monitoring_visits lv where lv.project_id = p.id)`;

export async function listVisitsDue(
  db: Executor,
  actor: Actor,
  params: ListParams<VisitsDueSort>,
  filters: VisitsDueFilters,
  options: { today: string; thresholdPence: number },
): Promise<ListPage<VisitDueItem>> {
  const base = visitsDueQuery(db, actor, options, filters, params.q);
  const { limit, offset } = pageWindow(params);
  const countRow = await base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst();
  const sortExpression = {
    // Never visited first, then the longest ago.
    last_visit: sql`coalesce(${lastVisitSql}, '')`,
    reference: sql.ref("p.reference"),
    provider: sql`lower(o.name)`,
    district: sql.ref("d.name"),
    amount: sql.ref("p.amount_pence"),
  }[params.sort];
  const rows = await base
    .select([
      "p.id", "p.district_id", "p.organisation_id", "p.reference", "p.title", "o.name as organisation_name", "d.name as district_name",
      "p.amount_pence", "p.start_date", "p.end_date", lastVisitSql.as("last_visit_date"),
    ])
    .orderBy(sortExpression, params.dir)
    .orderBy("p.reference")
    .limit(limit)
    .offset(offset)
    .execute();
  // Belt and braces: only projects this officer manages, whatever the query said.
  const items = rows
    .filter((r) => can(actor, "project:manage", { organisationId: r.organisation_id, districtId: r.district_id }))
    .map((r) => ({
      projectId: r.id, reference: r.reference, title: r.title, organisationName: r.organisation_name, districtName: r.district_name,
      amountPence: Number(r.amount_pence), startDate: r.start_date, endDate: r.end_date, lastVisitDate: r.last_visit_date ?? null,
    }));
  return toListPage(items, Number(countRow?.n ?? 0), params);
}

/** How many projects the officer covers are due a visit this financial year. */
export async function countVisitsDue(db: Executor, actor: Actor, options: { today: string; thresholdPence: number }): Promise<number> {
  const row = await visitsDueQuery(db, actor, options, { districtId: "" }, "")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export interface OpenActionItem {
  id: string;
  visitId: string;
  projectId: string;
  reference: string;
  title: string;
  organisationName: string;
  districtName: string;
  visitDate: string;
  action: string;
  owner: string;
  dueDate: string;
  overdue: boolean;
}

/** Open actions from visits to projects in the officer's districts, soonest due first. */
export async function listOpenActions(
  db: Executor,
  actor: Actor,
  filters: VisitsDueFilters & { q: string },
  options: { today: string; limit: number },
): Promise<{ items: OpenActionItem[]; total: number; overdue: number }> {
  let query = db
    .selectFrom("visit_actions as a")
    .innerJoin("monitoring_visits as v", "v.id", "a.visit_id")
    .innerJoin("projects as p", "p.id", "v.project_id")
    .innerJoin("organisations as o", "o.id", "p.organisation_id")
    .innerJoin("districts as d", "d.id", "p.district_id")
    .where("a.status", "=", "open");
  const scope = inScope(actor, sql.ref<string>("p.district_id"));
  if (scope) query = query.where(scope);
  if (filters.districtId) query = query.where("p.district_id", "=", filters.districtId);
  if (filters.q) {
    const q = filters.q;
    query = query.where((eb) =>
      eb.or([containsText(eb.ref("p.reference"), q), containsText(eb.ref("p.title"), q), containsText(eb.ref("o.name"), q)]),
    );
  }
  const counts = await query
    .select((eb) => [
      eb.fn.countAll<number>().as("n"),
      eb.fn.sum<number>(eb.case().when("a.due_date", "<", options.today).then(1).else(0).end()).as("overdue"),
    ])
    .executeTakeFirst();
  const rows = await query
    .select([
      "a.id", "a.visit_id", "p.id as project_id", "p.district_id", "p.organisation_id", "p.reference", "p.title", "o.name as organisation_name",
      "d.name as district_name", "v.visit_date", "a.action", "a.owner", "a.due_date",
    ])
    .orderBy("a.due_date")
    .orderBy("p.reference")
    .orderBy("a.id")
    .limit(options.limit)
    .execute();
  const items = rows
    .filter((r) => can(actor, "project:manage", { organisationId: r.organisation_id, districtId: r.district_id }))
    .map((r) => ({
      id: r.id, visitId: r.visit_id, projectId: r.project_id, reference: r.reference, title: r.title, organisationName: r.organisation_name,
      districtName: r.district_name, visitDate: r.visit_date, action: r.action, owner: r.owner, dueDate: r.due_date,
      overdue: r.due_date < options.today,
    }));
  return { items, total: Number(counts?.n ?? 0), overdue: Number(counts?.overdue ?? 0) };
}
