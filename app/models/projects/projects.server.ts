// Projects: awards in delivery. This module holds what every part of delivery shares:
// loading a project for the permission rules, and the schedule of quarterly returns that
// every project has from the day it is created; and the project pages' own work: the list,
// the project page, creating a project directly (a grant made without a tender), adjusting
// its plan before the first return, and variations after it.
//
// Access, one rule for every project route (requireProject): someone who may see the
// project gets it; a provider who may not (another organisation's project) gets 404, so
// they never learn it exists; anyone else who may not (an officer for other districts, a
// viewer, a panel member) gets 403.
import { getDb, type Executor } from "../../../db/client";
import { BUDGET_CATEGORIES, type BudgetCategory, type IndicatorDirection, type IndicatorMeasure, type ProjectStatus, type ReturnStatus } from "../../../db/schema";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { forbidden, notFound, requireUser } from "~/http/guards.server";
import { formatDate, addDays, ukToday } from "~/lib/dates";
import { financialYearLabel, financialYearOf, parseQuarterLabel, quarterDates, quarterLabel, quartersBetween } from "~/lib/financial-year";
import type { FormValues } from "~/lib/forms";
import { newId, nowIso } from "~/lib/ids.server";
import { containsText, optionParam, pageWindow, parseListParams, toListPage, type ListPage, type ListParams } from "~/lib/lists";
import { formatPence, penceToInput } from "~/lib/money";
import {
  budgetSumMessage, indicatorField, lockedBudgetMessage, lockedEndMessage, lockedTargetMessage,
  PROJECT_MESSAGES, PROJECT_SORTS, PROJECT_STATUSES, sortQuarters, targetField,
  type BudgetLineInput, type LockReason, type NewProjectInput, type PlanInput, type ProjectSort, type VariationInput,
} from "~/schemas/projects";
import { listFiles, type FileSummary } from "../files.server";
import { addLedgerEntry } from "../funding/ledger.server";
import { isOverdue } from "../returns/returns.server";
import { type SignedInUser } from "../accounts/users.server";
import { figureToInput } from "~/lib/figures";
import { StaleEditError, ProjectChangeRefused } from "~/models/errors";
import { can } from "~/policies/index";
import { hasRole, type Actor } from "~/policies/actor";
import { type ProjectRecord } from "~/policies/projects";
import { budgetField, BUDGET_CATEGORY_LABELS } from "~/lib/budget";

export { PROJECT_STATUS_LABELS } from "~/schemas/projects";

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

/**
 * The project, for someone allowed to do this to it; see the rule at the top of the file.
 * "project:manage" is asked only of someone who may see the project, so its refusal is a 403.
 */
export async function requireProject(
  request: Request,
  projectId: string | undefined,
  permission: "project:view" | "project:manage",
  message?: string,
): Promise<{ user: SignedInUser; project: LoadedProject }> {
  const user = await requireUser(request);
  const project = projectId ? await loadProject(getDb(), projectId) : null;
  if (!project) notFound("Project not found");
  if (!can(user, "project:view", project.record)) {
    if (hasRole(user, "provider") && !hasRole(user, "officer")) notFound("Project not found");
    forbidden(user, hasRole(user, "officer") ? "You can only see projects in the districts you cover." : undefined);
  }
  if (permission === "project:manage" && !can(user, "project:manage", project.record)) {
    forbidden(user, message ?? "Only a commissioning officer covering the project's district can change it.");
  }
  return { user, project };
}

/** Who may open the list of projects: officers, and providers with an organisation. */
export function maySeeProjects(actor: Actor): boolean {
  return hasRole(actor, "officer") || (hasRole(actor, "provider") && !!actor.organisationId);
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

// =======================================================================================
// The list

export interface ProjectListFilters {
  districtId: string;
  organisationId: string;
  fundingStreamId: string;
  status: ProjectStatus | "";
}

export interface ProjectListItem {
  id: string;
  reference: string;
  title: string;
  organisationName: string;
  districtName: string;
  fundingStreamName: string;
  amountPence: number;
  startDate: string;
  endDate: string;
  status: ProjectStatus;
  visitRequired: boolean;
}

/**
 * Projects the actor may see, filtered, sorted and paged: an officer's districts (every
 * district when county-wide), a provider's own organisation's.
 */
export async function listProjects(
  db: Executor,
  actor: Actor,
  params: ListParams<ProjectSort>,
  filters: ProjectListFilters,
): Promise<ListPage<ProjectListItem>> {
  const officer = hasRole(actor, "officer");
  const provider = hasRole(actor, "provider") && !!actor.organisationId;
  if (!officer && !provider) return toListPage([], 0, params);

  let base = db
    .selectFrom("projects")
    .innerJoin("organisations", "organisations.id", "projects.organisation_id")
    .innerJoin("districts", "districts.id", "projects.district_id")
    .innerJoin("funding_streams", "funding_streams.id", "projects.funding_stream_id");
  if (!(officer && actor.countyWide)) {
    const scope = [...actor.districtIds];
    const organisationId = actor.organisationId ?? "";
    base = base.where((eb) => {
      const visible = [];
      if (officer && scope.length) visible.push(eb("projects.district_id", "in", scope));
      if (provider) visible.push(eb("projects.organisation_id", "=", organisationId));
      // Neither: an officer with no districts yet sees nothing.
      return visible.length ? eb.or(visible) : eb("projects.id", "=", "");
    });
  }
  if (filters.districtId) base = base.where("projects.district_id", "=", filters.districtId);
  if (filters.organisationId) base = base.where("projects.organisation_id", "=", filters.organisationId);
  if (filters.fundingStreamId) base = base.where("projects.funding_stream_id", "=", filters.fundingStreamId);
  if (filters.status) base = base.where("projects.status", "=", filters.status);
  if (params.q) {
    const q = params.q;
    base = base.where((eb) =>
      eb.or([
        containsText(eb.ref("projects.reference"), q),
        containsText(eb.ref("projects.title"), q),
        containsText(eb.ref("organisations.name"), q),
      ]),
    );
  }

  const { total } = await base.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
  const { limit, offset } = pageWindow(params);
  let query = base.select([
    "projects.id", "projects.reference", "projects.title", "projects.amount_pence", "projects.start_date", "projects.end_date",
    "projects.status", "projects.visit_required", "organisations.name as organisation_name", "districts.name as district_name",
    "funding_streams.name as stream_name",
  ]);
  switch (params.sort) {
    case "title": query = query.orderBy((eb) => eb.fn("lower", ["projects.title"]), params.dir).orderBy("projects.reference"); break;
    case "amount": query = query.orderBy("projects.amount_pence", params.dir).orderBy("projects.reference"); break;
    case "start": query = query.orderBy("projects.start_date", params.dir).orderBy("projects.reference"); break;
    default: query = query.orderBy("projects.reference", params.dir);
  }
  const rows = await query.orderBy("projects.id").limit(limit).offset(offset).execute();
  return toListPage(
    rows.map((r) => ({
      id: r.id, reference: r.reference, title: r.title, organisationName: r.organisation_name, districtName: r.district_name,
      fundingStreamName: r.stream_name, amountPence: Number(r.amount_pence), startDate: r.start_date, endDate: r.end_date,
      status: r.status, visitRequired: Number(r.visit_required) === 1,
    })),
    Number(total),
    params,
  );
}

export interface Choice {
  id: string;
  name: string;
}

/** What the list's filters offer the actor. Providers are not offered a provider filter. */
export async function projectListOptions(db: Executor, actor: Actor): Promise<{ districts: Choice[]; organisations: Choice[]; streams: Choice[] }> {
  const officer = hasRole(actor, "officer");
  const [districts, organisations, streams] = await Promise.all([
    db.selectFrom("districts").select(["id", "name"]).orderBy("name").orderBy("id").execute(),
    officer
      ? db.selectFrom("organisations").select(["id", "name"]).where("type", "=", "provider").orderBy("name").orderBy("id").execute()
      : Promise.resolve([]),
    db.selectFrom("funding_streams").select(["id", "name"]).orderBy("name").orderBy("id").execute(),
  ]);
  const covered = officer && !actor.countyWide && !hasRole(actor, "provider")
    ? districts.filter((d) => actor.districtIds.includes(d.id))
    : districts;
  return { districts: covered, organisations, streams };
}

// =======================================================================================
// The project page

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

export interface ProjectReturnRow {
  id: string;
  quarter: string;
  periodStart: string;
  periodEnd: string;
  dueDate: string;
  status: ReturnStatus;
  late: boolean;
  firstSubmittedAt: string | null;
  submittedAt: string | null;
}

export interface ProjectVisitRow {
  id: string;
  visitDate: string;
  overallGrade: number;
  officerName: string | null;
}

export interface ProjectVariationRow {
  id: string;
  agreedOn: string;
  reason: string;
  changes: string[];
  createdBy: string | null;
  createdAt: string;
}

export interface ProjectHistoryRow {
  id: string;
  action: string;
  recordType: string;
  quarter: string | null;
  actorName: string | null;
  createdAt: string;
}

export interface ProjectDetail {
  id: string;
  reference: string;
  title: string;
  organisation: Choice;
  district: Choice;
  fundingStream: Choice;
  tender: { id: string; reference: string } | null;
  bidId: string | null;
  amountPence: number;
  startDate: string;
  endDate: string;
  status: ProjectStatus;
  visitRequired: boolean;
  version: number;
  createdAt: string;
  /** The quarters of the project, with any quarter a budget line or target names. */
  quarters: string[];
  budget: BudgetLineInput[];
  indicators: ProjectIndicator[];
  returns: ProjectReturnRow[];
  visits: ProjectVisitRow[];
  variations: ProjectVariationRow[];
  files: FileSummary[];
  history: ProjectHistoryRow[];
  /** A return has been submitted: the plan is fixed and changes are variations. */
  firstSubmitted: boolean;
}

function parseTargets(json: string): Record<string, number> {
  try {
    const parsed = JSON.parse(json) as unknown;
    if (!parsed || typeof parsed !== "object") return {};
    return Object.fromEntries(Object.entries(parsed as Record<string, unknown>).filter(([, v]) => typeof v === "number")) as Record<string, number>;
  } catch {
    return {};
  }
}

async function projectIndicators(db: Executor, projectId: string): Promise<ProjectIndicator[]> {
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

async function projectBudget(db: Executor, projectId: string): Promise<BudgetLineInput[]> {
  const rows = await db
    .selectFrom("project_budget_lines")
    .select(["quarter", "category", "amount_pence"])
    .where("project_id", "=", projectId)
    .execute();
  return rows.map((r) => ({ quarter: r.quarter, category: r.category, amountPence: Number(r.amount_pence) }));
}

export async function getProjectDetail(db: Executor, projectId: string, today = ukToday()): Promise<ProjectDetail | null> {
  const p = await db
    .selectFrom("projects")
    .innerJoin("organisations", "organisations.id", "projects.organisation_id")
    .innerJoin("districts", "districts.id", "projects.district_id")
    .innerJoin("funding_streams", "funding_streams.id", "projects.funding_stream_id")
    .leftJoin("tenders", "tenders.id", "projects.tender_id")
    .selectAll("projects")
    .select([
      "organisations.name as organisation_name", "districts.name as district_name", "funding_streams.name as stream_name",
      "tenders.reference as tender_reference",
    ])
    .where("projects.id", "=", projectId)
    .executeTakeFirst();
  if (!p) return null;

  const [budget, indicators, returns, visits, variations, files, history] = await Promise.all([
    projectBudget(db, projectId),
    projectIndicators(db, projectId),
    db.selectFrom("returns")
      .select(["id", "quarter", "period_start", "period_end", "due_date", "status", "late", "first_submitted_at", "submitted_at"])
      .where("project_id", "=", projectId)
      .orderBy("period_start")
      .execute(),
    db.selectFrom("monitoring_visits")
      .leftJoin("users", "users.id", "monitoring_visits.officer_id")
      .select(["monitoring_visits.id", "monitoring_visits.visit_date", "monitoring_visits.overall_grade", "users.name as officer_name"])
      .where("monitoring_visits.project_id", "=", projectId)
      .orderBy("monitoring_visits.visit_date", "desc")
      .execute(),
    db.selectFrom("project_variations")
      .leftJoin("users", "users.id", "project_variations.created_by")
      .select([
        "project_variations.id", "project_variations.agreed_on", "project_variations.reason", "project_variations.changes_json",
        "project_variations.created_at", "users.name as created_by_name",
      ])
      .where("project_variations.project_id", "=", projectId)
      .orderBy("project_variations.agreed_on", "desc")
      .orderBy("project_variations.created_at", "desc")
      .execute(),
    listFiles(db, "project", [projectId]),
    projectHistory(db, projectId),
  ]);

  const quarters = sortQuarters([
    ...projectQuarters(p.start_date, p.end_date),
    ...budget.map((l) => l.quarter),
  ]);
  return {
    id: p.id,
    reference: p.reference,
    title: p.title,
    organisation: { id: p.organisation_id, name: p.organisation_name },
    district: { id: p.district_id, name: p.district_name },
    fundingStream: { id: p.funding_stream_id, name: p.stream_name },
    tender: p.tender_id && p.tender_reference ? { id: p.tender_id, reference: p.tender_reference } : null,
    bidId: p.bid_id,
    amountPence: Number(p.amount_pence),
    startDate: p.start_date,
    endDate: p.end_date,
    status: p.status,
    visitRequired: Number(p.visit_required) === 1,
    version: Number(p.version),
    createdAt: p.created_at,
    quarters,
    budget,
    indicators,
    returns: returns.map((r) => ({
      id: r.id, quarter: r.quarter, periodStart: r.period_start, periodEnd: r.period_end, dueDate: r.due_date, status: r.status,
      late: Number(r.late) === 1 || isOverdue({ status: r.status, due_date: r.due_date }, today),
      firstSubmittedAt: r.first_submitted_at, submittedAt: r.submitted_at,
    })),
    visits: visits.map((v) => ({ id: v.id, visitDate: v.visit_date, overallGrade: Number(v.overall_grade), officerName: v.officer_name })),
    variations: variations.map((v) => ({
      id: v.id, agreedOn: v.agreed_on, reason: v.reason, changes: describeVariation(v.changes_json),
      createdBy: v.created_by_name, createdAt: v.created_at,
    })),
    files,
    history,
    firstSubmitted: returns.some((r) => r.first_submitted_at !== null),
  };
}

/**
 * The project's audit trail in one query: events on the project itself, on its returns,
 * its monitoring visits and its ledger entries, newest first.
 */
export async function projectHistory(db: Executor, projectId: string, limit = 200): Promise<ProjectHistoryRow[]> {
  const rows = await db
    .selectFrom("audit_events")
    .leftJoin("users", "users.id", "audit_events.actor_user_id")
    .leftJoin("returns", (join) => join.onRef("returns.id", "=", "audit_events.record_id").on("audit_events.record_type", "=", "return"))
    .select([
      "audit_events.id", "audit_events.action", "audit_events.record_type", "audit_events.created_at", "users.name as actor_name",
      "returns.quarter as quarter",
    ])
    .where((eb) =>
      eb.or([
        eb.and([eb("audit_events.record_type", "=", "project"), eb("audit_events.record_id", "=", projectId)]),
        eb.and([eb("audit_events.record_type", "=", "return"), eb("returns.project_id", "=", projectId)]),
        eb.and([
          eb("audit_events.record_type", "=", "monitoring_visit"),
          eb("audit_events.record_id", "in", eb.selectFrom("monitoring_visits").select("monitoring_visits.id").where("monitoring_visits.project_id", "=", projectId)),
        ]),
        eb.and([
          eb("audit_events.record_type", "=", "ledger_entry"),
          eb("audit_events.record_id", "in", eb.selectFrom("ledger_entries").select("ledger_entries.id").where("ledger_entries.project_id", "=", projectId)),
        ]),
      ]),
    )
    .orderBy("audit_events.created_at", "desc")
    .orderBy("audit_events.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id, action: r.action, recordType: r.record_type, quarter: r.quarter ?? null, actorName: r.actor_name, createdAt: r.created_at,
  }));
}

const ACTION_LABELS: Record<string, string> = {
  "project.created": "Project created",
  "project.plan_adjusted": "Plan adjusted (indicators, targets or budget)",
  "project.varied": "Variation recorded",
  "project.document_uploaded": "Document uploaded",
  "project.document_deleted": "Document deleted",
  "ledger.commitment_recorded": "Commitment recorded in the ledger",
  "ledger.spend_recorded": "Spend recorded in the ledger",
};

/** "return.submitted" → "Return submitted", unless a label says better. */
export function historyLabel(row: { action: string; quarter: string | null }): string {
  const label = ACTION_LABELS[row.action] ?? (() => {
    const [subject, ...verb] = row.action.split(".");
    const words = `${subject.replace(/_/g, " ")} ${verb.join(" ").replace(/_/g, " ")}`.trim();
    return words.charAt(0).toUpperCase() + words.slice(1);
  })();
  return row.quarter ? `${label} (${row.quarter})` : label;
}

// =======================================================================================
// Creating a project directly

export interface ProjectSettings {
  returnDueDays: number;
  visitThresholdPence: number;
}

/** What the new-project form may offer this officer. */
export async function projectFormChoices(db: Executor, actor: Actor): Promise<{ organisations: Choice[]; districts: Choice[]; streams: Choice[] }> {
  const [organisations, districts, streams] = await Promise.all([
    db.selectFrom("organisations").select(["id", "name"]).where("type", "=", "provider").where("status", "=", "approved")
      .orderBy("name").orderBy("id").execute(),
    db.selectFrom("districts").select(["id", "name"]).orderBy("name").orderBy("id").execute(),
    db.selectFrom("funding_streams").select(["id", "name"]).where("is_active", "=", 1).orderBy("name").orderBy("id").execute(),
  ]);
  const covers = (id: string) => hasRole(actor, "officer") && (actor.countyWide || actor.districtIds.includes(id));
  return { organisations, districts: districts.filter((d) => covers(d.id)), streams };
}

/** The next free project reference for a financial year: PRJ-2026-001, PRJ-2026-002, … */
export async function nextProjectReference(db: Executor, year: number): Promise<string> {
  const prefix = `PRJ-${year}-`;
  const rows = await db.selectFrom("projects").select("reference").where("reference", "like", `${prefix}%`).execute();
  const highest = rows.reduce((max, r) => {
    const n = Number(r.reference.slice(prefix.length));
    return Number.isInteger(n) && n > max ? n : max;
  }, 0);
  return `${prefix}${String(highest + 1).padStart(3, "0")}`;
}

/** Was it a clash on a unique column (two projects numbered at once)? Then try again. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  return !!e && (e.code === "23505" || e.code === "SQLITE_CONSTRAINT_UNIQUE" || /UNIQUE constraint failed/i.test(e.message ?? ""));
}

/**
 * What a budget commits per financial year: lines grouped by the year of their quarter; a
 * difference between the lines and the amount counts in the year the project starts, so the
 * commitments always add up to the amount.
 */
export function commitmentsFromBudget(lines: readonly BudgetLineInput[], amountPence: number, startDate: string): Map<number, number> {
  const startYear = financialYearOf(startDate);
  const byYear = new Map<number, number>();
  const add = (year: number, pence: number) => byYear.set(year, (byYear.get(year) ?? 0) + pence);
  let total = 0;
  for (const line of lines) {
    add(parseQuarterLabel(line.quarter)?.year ?? startYear, line.amountPence);
    total += line.amountPence;
  }
  if (total !== amountPence) add(startYear, amountPence - total);
  for (const [year, pence] of byYear) if (pence === 0) byYear.delete(year);
  return new Map([...byYear.entries()].sort((a, b) => a[0] - b[0]));
}

function indicatorRow(projectId: string, position: number, i: PlanInput["indicators"][number]) {
  return {
    project_id: projectId, position, kind: i.kind, name: i.name, definition: i.definition, unit: i.unit,
    measure: i.measure, direction: i.direction, baseline: i.baseline, targets_json: JSON.stringify(i.targets),
  };
}

/**
 * A project made by an officer without a tender: the project, its budget profile and
 * indicators, its returns, a ledger commitment per financial year, and the audit, all in
 * the caller's transaction.
 */
export async function createProject(
  db: Executor,
  audit: AuditContext,
  input: NewProjectInput,
  settings: ProjectSettings,
): Promise<{ id: string; reference: string }> {
  const id = newId();
  const now = nowIso();
  const reference = await nextProjectReference(db, financialYearOf(input.startDate));
  const project = {
    id,
    reference,
    title: input.title,
    organisation_id: input.organisationId,
    district_id: input.districtId,
    funding_stream_id: input.fundingStreamId,
    tender_id: null,
    bid_id: null,
    amount_pence: input.amountPence,
    start_date: input.startDate,
    end_date: input.endDate,
    status: "active" as const,
    visit_required: input.amountPence > settings.visitThresholdPence ? 1 : 0,
    created_by: audit.actorUserId,
    created_at: now,
    updated_at: now,
    version: 1,
  };
  await db.insertInto("projects").values(project).execute();
  if (input.budget.length) {
    await db.insertInto("project_budget_lines")
      .values(input.budget.map((l) => ({ project_id: id, quarter: l.quarter, category: l.category, amount_pence: l.amountPence })))
      .execute();
  }
  if (input.indicators.length) {
    await db.insertInto("project_indicators")
      .values(input.indicators.map((i, index) => ({ id: newId(), ...indicatorRow(id, index + 1, i) })))
      .execute();
  }
  const returns = await createReturnSchedule(db, id, settings.returnDueDays);
  await recordAudit(db, audit, {
    action: "project.created",
    recordType: "project",
    recordId: id,
    after: { ...project, source: "direct", returns, ...planSnapshotOf(input.budget, input.indicators) },
  });
  for (const [year, pence] of commitmentsFromBudget(input.budget, input.amountPence, input.startDate)) {
    await addLedgerEntry(db, audit, {
      districtId: input.districtId, fundingStreamId: input.fundingStreamId, financialYear: year, kind: "commitment",
      amountPence: pence, projectId: id, sourceType: "direct", sourceId: id,
    });
  }
  return { id, reference };
}

// =======================================================================================
// The plan: indicators, targets and the budget profile, until the first return is submitted


export async function hasSubmittedReturn(db: Executor, projectId: string): Promise<boolean> {
  const row = await db.selectFrom("returns").select("id").where("project_id", "=", projectId)
    .where("first_submitted_at", "is not", null).limit(1).executeTakeFirst();
  return !!row;
}

type IndicatorSnapshot = Omit<ProjectIndicator, "position" | "id"> & { id?: string | null };

function planSnapshotOf(budget: readonly BudgetLineInput[], indicators: readonly IndicatorSnapshot[]) {
  const byQuarter: Record<string, Partial<Record<BudgetCategory, number>>> = {};
  for (const l of budget) (byQuarter[l.quarter] ??= {})[l.category] = l.amountPence;
  return {
    budget: byQuarter,
    indicators: indicators.map((i) => ({
      id: i.id ?? null,
      kind: i.kind, name: i.name, definition: i.definition, unit: i.unit, measure: i.measure, direction: i.direction,
      baseline: i.baseline, targets: i.targets,
    })),
  };
}

/** The commitments of a project per year, as the ledger holds them now. */
async function committedByYear(db: Executor, projectId: string): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom("ledger_entries")
    .select(["financial_year", (eb) => eb.fn.sum<number>("amount_pence").as("total")])
    .where("project_id", "=", projectId)
    .where("kind", "=", "commitment")
    .groupBy("financial_year")
    .execute();
  return new Map(rows.map((r) => [Number(r.financial_year), Number(r.total ?? 0)]));
}

/**
 * Moves the project's commitments to what its budget now says per financial year: one
 * ledger entry (positive or negative) per year that differs. Returns the adjustments.
 */
async function reprofileCommitments(
  db: Executor,
  audit: AuditContext,
  project: { id: string; district_id: string; funding_stream_id: string; start_date: string },
  budget: readonly BudgetLineInput[],
  amountPence: number,
  source: { type: string; id: string },
): Promise<{ financialYear: number; pence: number }[]> {
  const wanted = commitmentsFromBudget(budget, amountPence, project.start_date);
  const current = await committedByYear(db, project.id);
  const years = [...new Set([...wanted.keys(), ...current.keys()])].sort((a, b) => a - b);
  const adjustments: { financialYear: number; pence: number }[] = [];
  for (const year of years) {
    const pence = (wanted.get(year) ?? 0) - (current.get(year) ?? 0);
    if (pence === 0) continue;
    await addLedgerEntry(db, audit, {
      districtId: project.district_id, fundingStreamId: project.funding_stream_id, financialYear: year, kind: "commitment",
      amountPence: pence, projectId: project.id, sourceType: source.type, sourceId: source.id,
    });
    adjustments.push({ financialYear: year, pence });
  }
  return adjustments;
}

/** Takes the project's row at the version the form was loaded with, or refuses. */
async function takeVersion(db: Executor, projectId: string, version: number, changes: Record<string, unknown> = {}): Promise<void> {
  const result = await db
    .updateTable("projects")
    .set((eb) => ({ ...changes, updated_at: nowIso(), version: eb("version", "+", 1) }))
    .where("id", "=", projectId)
    .where("version", "=", version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new StaleEditError("project");
}

/**
 * Replaces the plan (indicators, targets, budget profile) while no return has been
 * submitted. Indicators keep their ids, so draft figures stay attached; an indicator taken
 * out loses its draft figures. The ledger follows the budget's years.
 */
export async function updatePlan(
  db: Executor,
  audit: AuditContext,
  args: { projectId: string; version: number; input: PlanInput },
): Promise<void> {
  const project = await db.selectFrom("projects").selectAll().where("id", "=", args.projectId).executeTakeFirstOrThrow();
  if (await hasSubmittedReturn(db, args.projectId)) throw new ProjectChangeRefused(PROJECT_MESSAGES.planLocked, {}, 409);
  if (Number(project.version) !== args.version) throw new StaleEditError("project");
  const [budgetBefore, indicatorsBefore] = await Promise.all([projectBudget(db, args.projectId), projectIndicators(db, args.projectId)]);
  const existingIds = new Set(indicatorsBefore.map((i) => i.id));
  const unknown = args.input.indicators.find((i) => i.id !== null && !existingIds.has(i.id));
  if (unknown) throw new ProjectChangeRefused(PROJECT_MESSAGES.version, {}, 409);
  const sum = args.input.budget.reduce((t, l) => t + l.amountPence, 0);
  if (sum !== Number(project.amount_pence)) {
    throw new ProjectChangeRefused("", { budget: budgetSumMessage(sum, Number(project.amount_pence)) });
  }

  await takeVersion(db, args.projectId, args.version);

  await db.deleteFrom("project_budget_lines").where("project_id", "=", args.projectId).execute();
  if (args.input.budget.length) {
    await db.insertInto("project_budget_lines")
      .values(args.input.budget.map((l) => ({ project_id: args.projectId, quarter: l.quarter, category: l.category, amount_pence: l.amountPence })))
      .execute();
  }
  const keptIds = new Set(args.input.indicators.flatMap((i) => (i.id ? [i.id] : [])));
  const removed = indicatorsBefore.filter((i) => !keptIds.has(i.id)).map((i) => i.id);
  if (removed.length) {
    // Only drafts can hold figures for them: no return has been submitted.
    await db.deleteFrom("return_indicator_values").where("indicator_id", "in", removed).execute();
    await db.deleteFrom("case_study_indicators").where("indicator_id", "in", removed).execute();
    await db.deleteFrom("project_indicators").where("id", "in", removed).where("project_id", "=", args.projectId).execute();
  }
  let position = 0;
  for (const indicator of args.input.indicators) {
    position += 1;
    const row = indicatorRow(args.projectId, position, indicator);
    if (indicator.id) {
      await db.updateTable("project_indicators").set(row).where("id", "=", indicator.id).where("project_id", "=", args.projectId).execute();
    } else {
      await db.insertInto("project_indicators").values({ id: newId(), ...row }).execute();
    }
  }
  const ledger = await reprofileCommitments(db, audit, project, args.input.budget, Number(project.amount_pence), { type: "plan", id: args.projectId });
  const indicatorsAfter = await projectIndicators(db, args.projectId);
  await recordAudit(db, audit, {
    action: "project.plan_adjusted",
    recordType: "project",
    recordId: args.projectId,
    before: { version: Number(project.version), ...planSnapshotOf(budgetBefore, indicatorsBefore) },
    after: { version: Number(project.version) + 1, ...planSnapshotOf(args.input.budget, indicatorsAfter), removedIndicators: removed, ledger },
  });
}

/** The plan form filled in from the project as stored. */
export function planFormValues(detail: Pick<ProjectDetail, "budget" | "indicators" | "version">): FormValues {
  const values: FormValues = { version: String(detail.version) };
  for (const line of detail.budget) values[budgetField(line.quarter, line.category)] = penceToInput(line.amountPence);
  detail.indicators.forEach((i, row) => {
    values[indicatorField(row, "id")] = i.id;
    values[indicatorField(row, "kind")] = i.kind;
    values[indicatorField(row, "name")] = i.name;
    values[indicatorField(row, "definition")] = i.definition;
    values[indicatorField(row, "unit")] = i.unit;
    values[indicatorField(row, "measure")] = i.measure;
    values[indicatorField(row, "direction")] = i.direction;
    values[indicatorField(row, "baseline")] = figureToInput(i.baseline);
    for (const [quarter, value] of Object.entries(i.targets)) values[targetField(row, quarter)] = figureToInput(value);
  });
  return values;
}

// =======================================================================================
// Variations: agreed changes after the first return

/**
 * The quarters that can no longer be rewritten: those that ended before today, and those
 * whose return has been submitted (even once).
 */
export async function lockedQuarters(db: Executor, projectId: string, today: string): Promise<Map<string, LockReason>> {
  const [project, returns] = await Promise.all([
    db.selectFrom("projects").select(["start_date", "end_date"]).where("id", "=", projectId).executeTakeFirstOrThrow(),
    db.selectFrom("returns").select(["quarter", "period_end", "first_submitted_at"]).where("project_id", "=", projectId).execute(),
  ]);
  const locked = new Map<string, LockReason>();
  for (const r of returns) if (r.first_submitted_at) locked.set(r.quarter, "submitted");
  for (const q of quartersBetween(project.start_date, project.end_date)) {
    const label = quarterLabel(q);
    if (!locked.has(label) && quarterDates(q).end < today) locked.set(label, "ended");
  }
  for (const r of returns) if (!locked.has(r.quarter) && r.period_end < today) locked.set(r.quarter, "ended");
  return locked;
}

interface VariationSide {
  end_date?: string;
  amount_pence?: number;
  visit_required?: number;
  budget?: Record<string, Partial<Record<BudgetCategory, number>>>;
  targets?: Record<string, { indicator: string; targets: Record<string, number | null> }>;
  returns?: string[];
  ledger?: { financialYear: number; pence: number }[];
}

interface VariationChanges {
  before: VariationSide;
  after: VariationSide;
}

/** A stored variation's changes in words, one line each. */
export function describeVariation(changesJson: string): string[] {
  let changes: VariationChanges;
  try {
    changes = JSON.parse(changesJson) as VariationChanges;
  } catch {
    return [];
  }
  const { before = {}, after = {} } = changes ?? {};
  const lines: string[] = [];
  if (after.end_date && before.end_date !== after.end_date) {
    lines.push(`End date: ${formatDate(before.end_date)} to ${formatDate(after.end_date)}`);
  }
  if (after.amount_pence !== undefined && before.amount_pence !== undefined && before.amount_pence !== after.amount_pence) {
    lines.push(`Amount: ${formatPence(before.amount_pence)} to ${formatPence(after.amount_pence)}`);
  }
  for (const [id, t] of Object.entries(after.targets ?? {})) {
    const was = before.targets?.[id]?.targets ?? {};
    for (const quarter of sortQuarters(Object.keys(t.targets))) {
      const from = was[quarter];
      const to = t.targets[quarter];
      lines.push(`Target for ${t.indicator} in ${quarter}: ${from ?? "none"} to ${to ?? "none"}`);
    }
  }
  for (const quarter of sortQuarters(Object.keys(after.budget ?? {}))) {
    for (const category of BUDGET_CATEGORIES) {
      const to = after.budget?.[quarter]?.[category];
      if (to === undefined) continue;
      const from = before.budget?.[quarter]?.[category] ?? 0;
      lines.push(`${BUDGET_CATEGORY_LABELS[category]} budget for ${quarter}: ${formatPence(from)} to ${formatPence(to)}`);
    }
  }
  const added = (after.returns ?? []).filter((q) => !(before.returns ?? []).includes(q));
  const removed = (before.returns ?? []).filter((q) => !(after.returns ?? []).includes(q));
  if (added.length) lines.push(`Returns added: ${added.join(", ")}`);
  if (removed.length) lines.push(`Returns removed: ${removed.join(", ")}`);
  for (const l of after.ledger ?? []) {
    lines.push(`Commitment for ${financialYearLabel(l.financialYear)} ${l.pence > 0 ? "increased" : "reduced"} by ${formatPence(Math.abs(l.pence))}`);
  }
  return lines;
}

/**
 * Records a variation: targets for current and future quarters, the budget profile of those
 * quarters, the amount and the end date. Past quarters (ended, or with a submitted return)
 * are never rewritten: an attempt is refused with the field that tried. Extending creates
 * the new quarters' returns; shortening removes returns not yet started. The ledger follows
 * the budget. One variation row with before/after, and its audit, in the caller's transaction.
 */
export async function recordVariation(
  db: Executor,
  audit: AuditContext,
  args: { projectId: string; input: VariationInput; today: string; settings: ProjectSettings; userId: string | null },
): Promise<{ id: string; changes: string[] }> {
  const { input } = args;
  const project = await db.selectFrom("projects").selectAll().where("id", "=", args.projectId).executeTakeFirstOrThrow();
  if (!(await hasSubmittedReturn(db, args.projectId))) throw new ProjectChangeRefused(PROJECT_MESSAGES.variationTooEarly, {}, 409);
  if (Number(project.version) !== input.version) throw new StaleEditError("project");

  const [locked, budgetBefore, indicators, returns] = await Promise.all([
    lockedQuarters(db, args.projectId, args.today),
    projectBudget(db, args.projectId),
    projectIndicators(db, args.projectId),
    db.selectFrom("returns").select(["id", "quarter", "status", "period_end"]).where("project_id", "=", args.projectId).execute(),
  ]);
  const errors: Record<string, string> = {};
  const oldQuarters = projectQuarters(project.start_date, project.end_date);
  const newQuarters = input.quarters;

  // Shortening: the quarters cut off must be open and their returns not started.
  const cut = oldQuarters.filter((q) => !newQuarters.includes(q));
  for (const quarter of cut) {
    const reason = locked.get(quarter);
    if (reason) {
      errors.end_date ??= lockedEndMessage(quarter, reason);
      continue;
    }
    const ret = returns.find((r) => r.quarter === quarter);
    if (ret && ret.status !== "not_started") {
      errors.end_date ??= `The end date cannot be moved before the end of ${quarter}: its return has been started`;
    }
  }

  // Targets: locked quarters keep what they had; an attempt to change one is refused.
  const beforeTargets: NonNullable<VariationSide["targets"]> = {};
  const afterTargets: NonNullable<VariationSide["targets"]> = {};
  const newTargetsById = new Map<string, Record<string, number>>();
  indicators.forEach((indicator, row) => {
    const posted = input.targets[indicator.id] ?? {};
    const next: Record<string, number> = {};
    for (const quarter of newQuarters) {
      const stored = indicator.targets[quarter];
      const reason = locked.get(quarter);
      if (reason) {
        if (posted[quarter] !== undefined && posted[quarter] !== stored) errors[targetField(row, quarter)] ??= lockedTargetMessage(quarter, row, reason);
        if (stored !== undefined) next[quarter] = stored;
      } else if (posted[quarter] !== undefined) {
        next[quarter] = posted[quarter];
      } else {
        errors[targetField(row, quarter)] ??= `Enter the target for ${quarter} for indicator ${row + 1}`;
      }
    }
    newTargetsById.set(indicator.id, next);
    const changed = sortQuarters([...Object.keys(indicator.targets), ...Object.keys(next)]).filter((q) => indicator.targets[q] !== next[q]);
    if (changed.length) {
      beforeTargets[indicator.id] = { indicator: indicator.name, targets: Object.fromEntries(changed.map((q) => [q, indicator.targets[q] ?? null])) };
      afterTargets[indicator.id] = { indicator: indicator.name, targets: Object.fromEntries(changed.map((q) => [q, next[q] ?? null])) };
    }
  });
  if (Object.keys(input.targets).some((id) => !indicators.some((i) => i.id === id))) {
    throw new ProjectChangeRefused(PROJECT_MESSAGES.version, {}, 409);
  }

  // Budget: locked quarters keep their lines; the open quarters take what was posted.
  const storedCell = (quarter: string, category: BudgetCategory) =>
    budgetBefore.find((l) => l.quarter === quarter && l.category === category)?.amountPence ?? 0;
  const postedCell = new Map(input.budget.map((l) => [`${l.quarter}|${l.category}`, l.amountPence]));
  const budgetAfter: BudgetLineInput[] = [];
  for (const quarter of newQuarters) {
    for (const category of BUDGET_CATEGORIES) {
      const stored = storedCell(quarter, category);
      const posted = postedCell.get(`${quarter}|${category}`);
      const reason = locked.get(quarter);
      let pence: number;
      if (reason) {
        if (posted !== undefined && posted !== stored) errors[budgetField(quarter, category)] ??= lockedBudgetMessage(quarter, category, reason);
        pence = stored;
      } else {
        pence = posted ?? 0;
      }
      if (pence !== 0) budgetAfter.push({ quarter, category, amountPence: pence });
    }
  }
  const sum = budgetAfter.reduce((t, l) => t + l.amountPence, 0);
  if (sum !== input.amountPence && !Object.keys(errors).some((k) => k.startsWith("budget."))) {
    errors.budget = budgetSumMessage(sum, input.amountPence);
  }
  if (Object.keys(errors).length) throw new ProjectChangeRefused("", errors);

  // What changes.
  const cellKey = (l: { quarter: string; category: BudgetCategory }) => `${l.quarter}|${l.category}`;
  const beforeCells = new Map(budgetBefore.map((l) => [cellKey(l), l.amountPence]));
  const afterCells = new Map(budgetAfter.map((l) => [cellKey(l), l.amountPence]));
  const beforeBudget: NonNullable<VariationSide["budget"]> = {};
  const afterBudget: NonNullable<VariationSide["budget"]> = {};
  for (const key of new Set([...beforeCells.keys(), ...afterCells.keys()])) {
    const from = beforeCells.get(key) ?? 0;
    const to = afterCells.get(key) ?? 0;
    if (from === to) continue;
    const [quarter, category] = key.split("|") as [string, BudgetCategory];
    (beforeBudget[quarter] ??= {})[category] = from;
    (afterBudget[quarter] ??= {})[category] = to;
  }
  const endChanged = input.endDate !== project.end_date;
  const amountChanged = input.amountPence !== Number(project.amount_pence);
  if (!endChanged && !amountChanged && Object.keys(afterTargets).length === 0 && Object.keys(afterBudget).length === 0) {
    throw new ProjectChangeRefused(PROJECT_MESSAGES.noChange);
  }

  const visitRequired = amountChanged ? (input.amountPence > args.settings.visitThresholdPence ? 1 : 0) : Number(project.visit_required);
  await takeVersion(db, args.projectId, input.version, {
    end_date: input.endDate, amount_pence: input.amountPence, visit_required: visitRequired,
  });
  await db.deleteFrom("project_budget_lines").where("project_id", "=", args.projectId).execute();
  if (budgetAfter.length) {
    await db.insertInto("project_budget_lines")
      .values(budgetAfter.map((l) => ({ project_id: args.projectId, quarter: l.quarter, category: l.category, amount_pence: l.amountPence })))
      .execute();
  }
  for (const indicator of indicators) {
    if (!afterTargets[indicator.id]) continue;
    await db.updateTable("project_indicators")
      .set({ targets_json: JSON.stringify(newTargetsById.get(indicator.id) ?? {}) })
      .where("id", "=", indicator.id)
      .execute();
  }
  const cutReturns = returns.filter((r) => cut.includes(r.quarter) && r.status === "not_started").map((r) => r.id);
  if (cutReturns.length) await db.deleteFrom("returns").where("id", "in", cutReturns).execute();
  if (endChanged) await createReturnSchedule(db, args.projectId, args.settings.returnDueDays);
  const returnsAfter = (await db.selectFrom("returns").select("quarter").where("project_id", "=", args.projectId).execute()).map((r) => r.quarter);

  const id = newId();
  const ledger = await reprofileCommitments(db, audit, project, budgetAfter, input.amountPence, { type: "variation", id });
  const changes: VariationChanges = {
    before: {
      ...(endChanged ? { end_date: project.end_date } : {}),
      ...(amountChanged ? { amount_pence: Number(project.amount_pence), visit_required: Number(project.visit_required) } : {}),
      budget: beforeBudget,
      targets: beforeTargets,
      returns: sortQuarters(returns.map((r) => r.quarter)),
    },
    after: {
      ...(endChanged ? { end_date: input.endDate } : {}),
      ...(amountChanged ? { amount_pence: input.amountPence, visit_required: visitRequired } : {}),
      budget: afterBudget,
      targets: afterTargets,
      returns: sortQuarters(returnsAfter),
      ledger,
    },
  };
  const changesJson = JSON.stringify(changes);
  await db.insertInto("project_variations").values({
    id, project_id: args.projectId, agreed_on: input.agreedOn, reason: input.reason, changes_json: changesJson,
    created_by: args.userId, created_at: nowIso(),
  }).execute();
  await recordAudit(db, audit, {
    action: "project.varied",
    recordType: "project",
    recordId: args.projectId,
    before: { version: Number(project.version), ...changes.before },
    after: { version: Number(project.version) + 1, variationId: id, agreedOn: input.agreedOn, reason: input.reason, ...changes.after },
  });
  return { id, changes: describeVariation(changesJson) };
}

/** The variation form filled in from the project as stored. */
export function variationFormValues(detail: Pick<ProjectDetail, "budget" | "indicators" | "version" | "endDate" | "amountPence">): FormValues {
  const values: FormValues = { version: String(detail.version), end_date: detail.endDate, amount: penceToInput(detail.amountPence) };
  for (const line of detail.budget) values[budgetField(line.quarter, line.category)] = penceToInput(line.amountPence);
  detail.indicators.forEach((i, row) => {
    for (const [quarter, value] of Object.entries(i.targets)) values[targetField(row, quarter)] = figureToInput(value);
  });
  return values;
}

// =======================================================================================
// Documents

export async function recordDocumentAudit(
  db: Executor,
  audit: AuditContext,
  args: { projectId: string; action: "uploaded" | "deleted"; file: { id: string; filename: string; sha256?: string } },
): Promise<void> {
  await recordAudit(db, audit, {
    action: `project.document_${args.action}`,
    recordType: "project",
    recordId: args.projectId,
    ...(args.action === "uploaded" ? { after: { file: args.file } } : { before: { file: args.file } }),
  });
}

// =======================================================================================
// The list as a request asks for it (the page, its CSV and its XLSX share this)

export async function readProjectList(request: Request, options: { everyRow?: boolean } = {}) {
  const user = await requireUser(request);
  if (!maySeeProjects(user)) forbidden(user);
  const db = getDb();
  const url = new URL(request.url);
  const params = parseListParams(url, PROJECT_SORTS, "start", "desc");
  if (options.everyRow) params.format = "csv";
  const choices = await projectListOptions(db, user);
  const filters: ProjectListFilters = {
    districtId: optionParam(url, "district", choices.districts.map((d) => d.id)),
    organisationId: optionParam(url, "provider", choices.organisations.map((o) => o.id)),
    fundingStreamId: optionParam(url, "stream", choices.streams.map((s) => s.id)),
    status: optionParam(url, "status", PROJECT_STATUSES),
  };
  const page = await listProjects(db, user, params, filters);
  return { user, params, filters, choices, page };
}
