// The project page: everything about one project (summary, budget profile, indicators and
// targets, returns, visits, variations, documents) and its audit trail; and the documents
// officers keep on it.
import type { Executor } from "../../../db/client";
import type { ProjectStatus, ReturnStatus } from "../../../db/schema";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { ukToday } from "~/lib/dates";
import { sortQuarters, type BudgetLineInput } from "~/schemas/projects";
import { deleteFile, listFiles, storeFile, type CheckedFile, type FileSummary } from "../files.server";
import { isOverdue } from "../returns/returns.server";
import { projectBudget, projectIndicators, projectQuarters, type Choice, type ProjectIndicator } from "./projects.server";
import { describeVariation } from "./variations.server";

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
// Documents

/** Keeps a document on the project, with its audit, in the caller's transaction. */
export async function addProjectDocument(
  db: Executor,
  audit: AuditContext,
  args: { projectId: string; file: CheckedFile; uploadedBy: string },
): Promise<{ id: string; sha256: string }> {
  const stored = await storeFile(db, { ownerType: "project", ownerId: args.projectId, file: args.file, uploadedBy: args.uploadedBy });
  await recordDocumentAudit(db, audit, { projectId: args.projectId, action: "uploaded", file: { id: stored.id, filename: args.file.filename, sha256: stored.sha256 } });
  return stored;
}

/** Deletes one of the project's documents, with its audit; null when it has already gone. */
export async function removeProjectDocument(
  db: Executor,
  audit: AuditContext,
  args: { projectId: string; fileId: string },
): Promise<{ filename: string } | null> {
  const file = (await listFiles(db, "project", [args.projectId])).find((f) => f.id === args.fileId);
  if (!file) return null;
  await deleteFile(db, { id: file.id, ownerType: "project", ownerId: args.projectId });
  await recordDocumentAudit(db, audit, { projectId: args.projectId, action: "deleted", file: { id: file.id, filename: file.filename, sha256: file.sha256 } });
  return { filename: file.filename };
}

async function recordDocumentAudit(
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
