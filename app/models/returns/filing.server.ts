// The provider's side of a quarterly return: filling in its seven sections, checking the
// answers and submitting. The officer's side (querying, approving) lives in
// returns.server.ts; both share loadReturn and the permission rules ("return:view",
// "return:edit").
//
// The life of a return as the provider sees it: not started → draft (the first save of any
// section) → submitted (a snapshot kept as version 1) → queried by the officer → changed and
// resubmitted (version 2, …) → approved. While submitted or approved it is read-only.
//
// Every save carries the version the page was loaded with; returns.version guards every
// section, so a save made from a stale page is refused and nothing typed is lost. Every
// change writes one audit event in the same transaction, with the section it touched.
import { redirect } from "@remix-run/node";
import { sql } from "kysely";
import { getDb, type Executor } from "../../../db/client";
import {
  AGE_BANDS, BUDGET_CATEGORIES, RETURN_SECTIONS, type AgeBand, type BudgetCategory, type IndicatorDirection, type IndicatorMeasure,
  type ReturnSection, type ReturnStatus,
} from "../../../db/schema";
import { formatDate, formatDateTime, formatSavedAt, ukToday as ukDate } from "~/lib/dates";
import { newId } from "~/lib/ids.server";
import { likePattern, pageWindow, toListPage, type ListPage, type ListParams } from "~/lib/lists";
import { formatPence } from "~/lib/money";
import {
  AGE_BAND_LABELS, isOffTarget, isSpendOffProfile, NARRATIVE_FIELDS, NARRATIVE_LABELS, RETURN_SECTION_LABELS, type BeneficiaryEntry, type CaseStudyInput, type IndicatorEntry, type NarrativeField, type NarrativeInput,
  type SectionState, type SpendEntry,
} from "~/schemas/returns";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { forbidden, notFound, requireUser } from "~/http/guards.server";
import { deleteFile, listFiles, storeFile, type CheckedFile, type FileSummary } from "../files.server";
import { isOverdue, loadReturn, type LoadedReturn } from "./returns.server";
import type { SignedInUser } from "../accounts/users.server";
import { formatFigure } from "~/lib/figures";
import { ReturnLockedError, StaleReturnError, NotFoundError } from "~/models/errors";
import { can } from "~/policies/index";
import { hasRole } from "~/policies/actor";
import { returnLockedMessage } from "~/policies/returns";
import { RETURN_WITH_PROVIDER, RETURN_STATUS_LABELS, RETURN_NOT_SUBMITTED, RETURN_AWAITING_REVIEW } from "~/models/statuses";
import { BUDGET_CATEGORY_LABELS } from "~/lib/budget";
import { canonicalJson } from "~/lib/canonical-json";

// ---------------------------------------------------------------------------------------
// Reading a return in full.

export interface FilingIndicator {
  id: string;
  position: number;
  kind: "output" | "outcome";
  name: string;
  definition: string;
  unit: string;
  measure: IndicatorMeasure;
  direction: IndicatorDirection;
  /** This quarter's target (cumulative indicators: the total to date), or null when none was set. */
  target: number | null;
  actual: number | null;
  comment: string | null;
}

export interface FilingSpendLine {
  category: BudgetCategory;
  profilePence: number;
  amountPence: number | null;
  varianceReason: string | null;
}

export interface FilingCaseStudy {
  id: string;
  title: string;
  story: string;
  consentConfirmed: boolean;
  personalDataOverride: string | null;
  themes: { id: string; name: string }[];
  indicators: { id: string; name: string }[];
  createdAt: string;
  updatedAt: string;
}

export interface ReturnQueryItem {
  id: string;
  versionNumber: number;
  /** One of RETURN_SECTIONS, or anything else the officer used for a general comment. */
  section: string;
  indicatorId: string | null;
  indicatorName: string | null;
  comment: string;
  createdAt: string;
}

export interface ReturnDetail {
  id: string;
  projectId: string;
  projectReference: string;
  projectTitle: string;
  organisationId: string;
  organisationName: string;
  districtId: string;
  districtName: string;
  quarter: string;
  periodStart: string;
  periodEnd: string;
  dueDate: string;
  status: ReturnStatus;
  late: boolean;
  version: number;
  updatedAt: string;
  complete: Record<ReturnSection, boolean>;
  narrative: NarrativeInput;
  indicators: FilingIndicator[];
  spend: FilingSpendLine[];
  beneficiaries: BeneficiaryEntry[];
  caseStudies: FilingCaseStudy[];
  evidence: FileSummary[];
  firstSubmittedAt: string | null;
  submittedAt: string | null;
  submittedBy: { id: string; name: string } | null;
  approvedAt: string | null;
  /** Submitted versions, newest last. */
  versions: { number: number; submittedAt: string }[];
  /** The officer's queries on the latest version they queried (empty when none), in the return's order. */
  queries: ReturnQueryItem[];
}

function parseTargets(json: string): Record<string, number> {
  try {
    const value = JSON.parse(json) as unknown;
    if (!value || typeof value !== "object" || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === "number")) as Record<string, number>;
  } catch {
    return {};
  }
}

/** Everything about one return, in a fixed number of queries. Callers check access first. */
export async function getReturnDetail(db: Executor, returnId: string): Promise<ReturnDetail | null> {
  const r = await db
    .selectFrom("returns")
    .innerJoin("projects", "projects.id", "returns.project_id")
    .innerJoin("organisations", "organisations.id", "projects.organisation_id")
    .innerJoin("districts", "districts.id", "projects.district_id")
    .leftJoin("users as submitter", "submitter.id", "returns.submitted_by")
    .selectAll("returns")
    .select([
      "projects.reference as project_reference", "projects.title as project_title", "projects.organisation_id",
      "organisations.name as organisation_name", "projects.district_id", "districts.name as district_name",
      "submitter.name as submitter_name",
    ])
    .where("returns.id", "=", returnId)
    .executeTakeFirst();
  if (!r) return null;
  const [indicators, values, profile, spend, beneficiaries, caseStudies, themes, csIndicators, evidence, versions, queries] = await Promise.all([
    db.selectFrom("project_indicators")
      .select(["id", "position", "kind", "name", "definition", "unit", "targets_json", "measure", "direction"])
      .where("project_id", "=", r.project_id).orderBy("position").orderBy("id").execute(),
    db.selectFrom("return_indicator_values").select(["indicator_id", "actual", "comment"]).where("return_id", "=", returnId).execute(),
    db.selectFrom("project_budget_lines").select(["category", "amount_pence"])
      .where("project_id", "=", r.project_id).where("quarter", "=", r.quarter).execute(),
    db.selectFrom("return_spend").select(["category", "amount_pence", "variance_reason"]).where("return_id", "=", returnId).execute(),
    db.selectFrom("return_beneficiaries").select(["age_band", "new_count", "continuing_count"]).where("return_id", "=", returnId).execute(),
    db.selectFrom("case_studies").selectAll().where("return_id", "=", returnId).orderBy("created_at").orderBy("id").execute(),
    db.selectFrom("case_study_themes")
      .innerJoin("case_studies", "case_studies.id", "case_study_themes.case_study_id")
      .innerJoin("themes", "themes.id", "case_study_themes.theme_id")
      .select(["case_study_themes.case_study_id", "themes.id", "themes.name"])
      .where("case_studies.return_id", "=", returnId).orderBy("themes.name").execute(),
    db.selectFrom("case_study_indicators")
      .innerJoin("case_studies", "case_studies.id", "case_study_indicators.case_study_id")
      .innerJoin("project_indicators", "project_indicators.id", "case_study_indicators.indicator_id")
      .select(["case_study_indicators.case_study_id", "project_indicators.id", "project_indicators.name", "project_indicators.position"])
      .where("case_studies.return_id", "=", returnId).orderBy("project_indicators.position").execute(),
    listFiles(db, "return", [returnId]),
    db.selectFrom("return_versions").select(["number", "submitted_at"]).where("return_id", "=", returnId).orderBy("number").execute(),
    db.selectFrom("return_queries")
      .leftJoin("project_indicators", "project_indicators.id", "return_queries.indicator_id")
      .select(["return_queries.id", "return_queries.version_number", "return_queries.section", "return_queries.indicator_id",
        "project_indicators.name as indicator_name", "return_queries.comment", "return_queries.created_at"])
      .where("return_queries.return_id", "=", returnId)
      .orderBy("return_queries.version_number", "desc").orderBy("return_queries.created_at").orderBy("return_queries.id")
      .execute(),
  ]);

  const valueOf = new Map(values.map((v) => [v.indicator_id, v]));
  const profileOf = new Map(profile.map((p) => [p.category, Number(p.amount_pence)]));
  const spendOf = new Map(spend.map((s) => [s.category, s]));
  const bandOf = new Map(beneficiaries.map((b) => [b.age_band, b]));
  const latestQueried = queries.length ? queries[0].version_number : null;
  // The officer's queries in the order of the return: by section, then figure, then when asked.
  const sectionOrder = (q: { section: string; indicator_id: string | null }) => {
    const kind = q.indicator_id ? indicators.find((i) => i.id === q.indicator_id)?.kind : undefined;
    const section = kind === "output" ? "outputs" : kind === "outcome" ? "outcomes" : q.section;
    const index = (RETURN_SECTIONS as readonly string[]).indexOf(section);
    return index === -1 ? RETURN_SECTIONS.length : index;
  };
  const positionOf = (id: string | null) => (id ? indicators.find((i) => i.id === id)?.position ?? 0 : 0);
  const orderedQueries = queries
    .filter((q) => q.version_number === latestQueried)
    .sort((a, b) => sectionOrder(a) - sectionOrder(b) || positionOf(a.indicator_id) - positionOf(b.indicator_id)
      || (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0) || (a.id < b.id ? -1 : 1));

  return {
    id: r.id,
    projectId: r.project_id,
    projectReference: r.project_reference,
    projectTitle: r.project_title,
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
    districtId: r.district_id,
    districtName: r.district_name,
    quarter: r.quarter,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    dueDate: r.due_date,
    status: r.status,
    late: r.late === 1,
    version: r.version,
    updatedAt: r.updated_at,
    complete: {
      outputs: r.outputs_complete === 1,
      outcomes: r.outcomes_complete === 1,
      spend: r.spend_complete === 1,
      beneficiaries: r.beneficiaries_complete === 1,
      narrative: r.narrative_complete === 1,
      case_studies: r.case_studies_complete === 1,
      evidence: r.evidence_complete === 1,
    },
    narrative: { highlights: r.highlights, challenges: r.challenges, risks: r.risks, next_steps: r.next_steps },
    indicators: indicators.map((i) => {
      const v = valueOf.get(i.id);
      return {
        id: i.id, position: i.position, kind: i.kind, name: i.name, definition: i.definition, unit: i.unit,
        measure: i.measure, direction: i.direction, target: parseTargets(i.targets_json)[r.quarter] ?? null,
        actual: v ? Number(v.actual) : null, comment: v?.comment ?? null,
      };
    }),
    spend: BUDGET_CATEGORIES.map((category) => {
      const s = spendOf.get(category);
      return {
        category, profilePence: profileOf.get(category) ?? 0,
        amountPence: s ? Number(s.amount_pence) : null, varianceReason: s?.variance_reason ?? null,
      };
    }),
    beneficiaries: AGE_BANDS.map((band) => {
      const b = bandOf.get(band);
      return { ageBand: band, newCount: b ? Number(b.new_count) : 0, continuingCount: b ? Number(b.continuing_count) : 0 };
    }),
    caseStudies: caseStudies.map((c) => ({
      id: c.id, title: c.title, story: c.story, consentConfirmed: c.consent_confirmed === 1, personalDataOverride: c.personal_data_override,
      themes: themes.filter((t) => t.case_study_id === c.id).map((t) => ({ id: t.id, name: t.name })),
      indicators: csIndicators.filter((t) => t.case_study_id === c.id).map((t) => ({ id: t.id, name: t.name })),
      createdAt: c.created_at, updatedAt: c.updated_at,
    })),
    evidence,
    firstSubmittedAt: r.first_submitted_at,
    submittedAt: r.submitted_at,
    submittedBy: r.submitted_by ? { id: r.submitted_by, name: r.submitter_name ?? "" } : null,
    approvedAt: r.approved_at,
    versions: versions.map((v) => ({ number: v.number, submittedAt: v.submitted_at })),
    queries: orderedQueries.map((q) => ({
        id: q.id, versionNumber: q.version_number, section: q.section, indicatorId: q.indicator_id,
        indicatorName: q.indicator_name, comment: q.comment, createdAt: q.created_at,
      })),
  };
}

/** The section a query belongs to: its own, or the indicator's when it is about a figure. */
export function querySection(q: ReturnQueryItem, indicators: readonly FilingIndicator[]): ReturnSection | null {
  if (q.indicatorId) {
    const indicator = indicators.find((i) => i.id === q.indicatorId);
    if (indicator) return indicator.kind === "output" ? "outputs" : "outcomes";
  }
  return (RETURN_SECTIONS as readonly string[]).includes(q.section) ? (q.section as ReturnSection) : null;
}

/** Whether a section holds anything yet (for "In progress" rather than "Not started"). */
function sectionHasData(detail: ReturnDetail, section: ReturnSection): boolean {
  switch (section) {
    case "outputs":
      return detail.indicators.some((i) => i.kind === "output" && i.actual !== null);
    case "outcomes":
      return detail.indicators.some((i) => i.kind === "outcome" && i.actual !== null);
    case "spend":
      return detail.spend.some((s) => s.amountPence !== null);
    case "beneficiaries":
      return detail.beneficiaries.some((b) => b.newCount > 0 || b.continuingCount > 0);
    case "narrative":
      return NARRATIVE_FIELDS.some((f) => !!detail.narrative[f]);
    case "case_studies":
      return detail.caseStudies.length > 0;
    case "evidence":
      return detail.evidence.length > 0;
  }
}

/**
 * The sections the provider has changed since the return was last submitted: a queried
 * section stops showing "Queried" once it has been worked on again. Read from the audit log,
 * where every filing change names its section. (Between a submission and the query nothing
 * can be changed, so anything after the submission answers the query.)
 */
export async function sectionsChangedSinceSubmission(db: Executor, detail: Pick<ReturnDetail, "id" | "submittedAt">): Promise<Set<ReturnSection>> {
  const changed = new Set<ReturnSection>();
  if (!detail.submittedAt) return changed;
  const events = await db
    .selectFrom("audit_events")
    .select(["after_json"])
    .where("record_type", "=", "return")
    .where("record_id", "=", detail.id)
    .where("action", "in", [...FILING_ACTIONS])
    .where("created_at", ">=", detail.submittedAt)
    .execute();
  for (const e of events) {
    try {
      const section = (JSON.parse(e.after_json ?? "{}") as { section?: unknown }).section;
      if (typeof section === "string" && (RETURN_SECTIONS as readonly string[]).includes(section)) changed.add(section as ReturnSection);
    } catch {
      // An unreadable event says nothing about sections.
    }
  }
  return changed;
}

/** The audit actions a provider's filing writes; each names its section in after_json. */
export const FILING_ACTIONS = [
  "return.section_saved", "return.case_study_added", "return.case_study_changed", "return.case_study_removed",
  "return.evidence_uploaded", "return.evidence_deleted",
] as const;

export interface SectionStatus {
  section: ReturnSection;
  state: SectionState;
  /** The officer's queries on this section (and its figures), when the return is queried. */
  queries: ReturnQueryItem[];
}

/**
 * Each section's place in the task list. While the return is queried, a section the officer
 * asked about shows "Queried" until the provider works on it again, and counts as not done.
 */
export function sectionStatuses(detail: ReturnDetail, changedSinceSubmission: ReadonlySet<ReturnSection>): SectionStatus[] {
  const queried = detail.status === "queried";
  return RETURN_SECTIONS.map((section) => {
    const queries = queried ? detail.queries.filter((q) => querySection(q, detail.indicators) === section) : [];
    let state: SectionState;
    if (queries.length && !changedSinceSubmission.has(section)) state = "queried";
    else if (detail.complete[section]) state = "completed";
    else if (sectionHasData(detail, section)) state = "in_progress";
    else state = "not_started";
    return { section, state, queries };
  });
}

/** The sections that stop the return being submitted. */
export function incompleteSections(statuses: readonly SectionStatus[]): ReturnSection[] {
  return statuses.filter((s) => s.state !== "completed").map((s) => s.section);
}

/** Queries that are not about any one section: shown with the return as a whole. */
export function generalQueries(detail: ReturnDetail): ReturnQueryItem[] {
  if (detail.status !== "queried") return [];
  return detail.queries.filter((q) => querySection(q, detail.indicators) === null);
}

/** Who last changed the return, from the audit log. */
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

/** The themes a case study can show: the active ones, and any a stored case study already uses. */
export async function caseStudyThemeOptions(db: Executor, detail: ReturnDetail): Promise<{ id: string; name: string }[]> {
  const used = new Set(detail.caseStudies.flatMap((c) => c.themes.map((t) => t.id)));
  const rows = await db.selectFrom("themes").select(["id", "name", "is_active"]).orderBy("name").execute();
  return rows.filter((t) => t.is_active === 1 || used.has(t.id)).map((t) => ({ id: t.id, name: t.name }));
}

// ---------------------------------------------------------------------------------------
// Saving. Each function runs inside the caller's transaction and throws to roll it back.




/**
 * Claims the return for one save: the version must be the one the page was loaded with, and
 * the return still the provider's to change. Bumps the version; a first save makes it a draft.
 */
async function claimReturn(trx: Executor, returnId: string, version: number, now: Date, set: Record<string, unknown> = {}) {
  const current = await trx
    .selectFrom("returns")
    .select(["status", "version", "updated_at"])
    .where("id", "=", returnId)
    .executeTakeFirst();
  if (!current) throw new Error(`Return ${returnId} not found`);
  if (!RETURN_WITH_PROVIDER.includes(current.status)) throw new ReturnLockedError(current.status, returnLockedMessage(current.status, true));
  if (current.version !== version) throw new StaleReturnError(current.updated_at, await lastSavedBy(trx, returnId), now);
  const status: ReturnStatus = current.status === "not_started" ? "draft" : current.status;
  const result = await trx
    .updateTable("returns")
    .set({ ...set, status, updated_at: now.toISOString(), version: version + 1 })
    .where("id", "=", returnId)
    .where("version", "=", version)
    .where("status", "=", current.status)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new StaleReturnError(current.updated_at, await lastSavedBy(trx, returnId), now);
  return { statusBefore: current.status, statusAfter: status, version: version + 1 };
}

const COMPLETE_COLUMN: Record<ReturnSection, `${ReturnSection}_complete`> = {
  outputs: "outputs_complete",
  outcomes: "outcomes_complete",
  spend: "spend_complete",
  beneficiaries: "beneficiaries_complete",
  narrative: "narrative_complete",
  case_studies: "case_studies_complete",
  evidence: "evidence_complete",
};

async function completeFlag(trx: Executor, returnId: string, section: ReturnSection): Promise<boolean> {
  const row = await trx.selectFrom("returns").select(COMPLETE_COLUMN[section]).where("id", "=", returnId).executeTakeFirstOrThrow();
  return (row as Record<string, number>)[COMPLETE_COLUMN[section]] === 1;
}

interface SaveArgs {
  returnId: string;
  version: number;
  complete: boolean;
}

/** Outputs or outcomes: the actual and comment for each indicator of that kind. */
export async function saveIndicatorSection(
  trx: Executor,
  audit: AuditContext,
  args: SaveArgs & { kind: "output" | "outcome"; entries: IndicatorEntry[] },
  now = new Date(),
): Promise<void> {
  const section: ReturnSection = args.kind === "output" ? "outputs" : "outcomes";
  const ret = await trx.selectFrom("returns").select("project_id").where("id", "=", args.returnId).executeTakeFirstOrThrow();
  const ids = (await trx.selectFrom("project_indicators").select("id").where("project_id", "=", ret.project_id).where("kind", "=", args.kind).execute())
    .map((i) => i.id);
  const before = {
    section,
    complete: await completeFlag(trx, args.returnId, section),
    values: ids.length
      ? await trx.selectFrom("return_indicator_values").select(["indicator_id", "actual", "comment"])
        .where("return_id", "=", args.returnId).where("indicator_id", "in", ids).orderBy("indicator_id").execute()
      : [],
  };
  const claimed = await claimReturn(trx, args.returnId, args.version, now, { [COMPLETE_COLUMN[section]]: args.complete ? 1 : 0 });
  if (ids.length) await trx.deleteFrom("return_indicator_values").where("return_id", "=", args.returnId).where("indicator_id", "in", ids).execute();
  const rows = args.entries
    .filter((e) => ids.includes(e.indicatorId) && e.actual !== null)
    .map((e) => ({ return_id: args.returnId, indicator_id: e.indicatorId, actual: e.actual as number, comment: e.comment }));
  if (rows.length) await trx.insertInto("return_indicator_values").values(rows).execute();
  await recordAudit(trx, audit, {
    action: "return.section_saved", recordType: "return", recordId: args.returnId,
    before: { ...before, status: claimed.statusBefore },
    after: {
      section, complete: args.complete, status: claimed.statusAfter, version: claimed.version,
      values: rows.map((r) => ({ indicator_id: r.indicator_id, actual: r.actual, comment: r.comment })).sort((a, b) => (a.indicator_id < b.indicator_id ? -1 : 1)),
    },
  });
}

/** Spend: the amount and any variance reason per budget category. */
export async function saveSpendSection(
  trx: Executor,
  audit: AuditContext,
  args: SaveArgs & { entries: SpendEntry[] },
  now = new Date(),
): Promise<void> {
  const before = {
    section: "spend",
    complete: await completeFlag(trx, args.returnId, "spend"),
    lines: await trx.selectFrom("return_spend").select(["category", "amount_pence", "variance_reason"]).where("return_id", "=", args.returnId).orderBy("category").execute(),
  };
  const claimed = await claimReturn(trx, args.returnId, args.version, now, { spend_complete: args.complete ? 1 : 0 });
  await trx.deleteFrom("return_spend").where("return_id", "=", args.returnId).execute();
  const rows = args.entries
    .filter((e) => e.amountPence !== null)
    .map((e) => ({ return_id: args.returnId, category: e.category, amount_pence: e.amountPence as number, variance_reason: e.varianceReason }));
  if (rows.length) await trx.insertInto("return_spend").values(rows).execute();
  await recordAudit(trx, audit, {
    action: "return.section_saved", recordType: "return", recordId: args.returnId,
    before: { ...before, status: claimed.statusBefore },
    after: {
      section: "spend", complete: args.complete, status: claimed.statusAfter, version: claimed.version,
      lines: rows.map((r) => ({ category: r.category, amount_pence: r.amount_pence, variance_reason: r.variance_reason })),
    },
  });
}

/** Beneficiaries: new and continuing counts for every age band (0 when left empty). */
export async function saveBeneficiariesSection(
  trx: Executor,
  audit: AuditContext,
  args: SaveArgs & { entries: BeneficiaryEntry[] },
  now = new Date(),
): Promise<void> {
  const before = {
    section: "beneficiaries",
    complete: await completeFlag(trx, args.returnId, "beneficiaries"),
    bands: await trx.selectFrom("return_beneficiaries").select(["age_band", "new_count", "continuing_count"]).where("return_id", "=", args.returnId).execute(),
  };
  const claimed = await claimReturn(trx, args.returnId, args.version, now, { beneficiaries_complete: args.complete ? 1 : 0 });
  await trx.deleteFrom("return_beneficiaries").where("return_id", "=", args.returnId).execute();
  const rows = args.entries.map((e) => ({
    return_id: args.returnId, age_band: e.ageBand, new_count: e.newCount, continuing_count: e.continuingCount,
  }));
  if (rows.length) await trx.insertInto("return_beneficiaries").values(rows).execute();
  await recordAudit(trx, audit, {
    action: "return.section_saved", recordType: "return", recordId: args.returnId,
    before: { ...before, status: claimed.statusBefore },
    after: {
      section: "beneficiaries", complete: args.complete, status: claimed.statusAfter, version: claimed.version,
      bands: rows.map((r) => ({ age_band: r.age_band, new_count: r.new_count, continuing_count: r.continuing_count })),
    },
  });
}

/** Narrative: highlights, challenges, risks and next quarter's plans. */
export async function saveNarrativeSection(
  trx: Executor,
  audit: AuditContext,
  args: SaveArgs & { input: NarrativeInput },
  now = new Date(),
): Promise<void> {
  const current = await trx.selectFrom("returns").select(["highlights", "challenges", "risks", "next_steps", "narrative_complete"])
    .where("id", "=", args.returnId).executeTakeFirstOrThrow();
  const claimed = await claimReturn(trx, args.returnId, args.version, now, { ...args.input, narrative_complete: args.complete ? 1 : 0 });
  await recordAudit(trx, audit, {
    action: "return.section_saved", recordType: "return", recordId: args.returnId,
    before: {
      section: "narrative", complete: current.narrative_complete === 1, status: claimed.statusBefore,
      highlights: current.highlights, challenges: current.challenges, risks: current.risks, next_steps: current.next_steps,
    },
    after: { section: "narrative", complete: args.complete, status: claimed.statusAfter, version: claimed.version, ...args.input },
  });
}

/** Case studies and evidence are changed one item at a time; this marks the section done (or not). */
export async function saveSectionComplete(
  trx: Executor,
  audit: AuditContext,
  args: SaveArgs & { section: "case_studies" | "evidence" },
  now = new Date(),
): Promise<void> {
  const before = await completeFlag(trx, args.returnId, args.section);
  const claimed = await claimReturn(trx, args.returnId, args.version, now, { [COMPLETE_COLUMN[args.section]]: args.complete ? 1 : 0 });
  await recordAudit(trx, audit, {
    action: "return.section_saved", recordType: "return", recordId: args.returnId,
    before: { section: args.section, complete: before, status: claimed.statusBefore },
    after: { section: args.section, complete: args.complete, status: claimed.statusAfter, version: claimed.version },
  });
}

async function caseStudyRecord(trx: Executor, caseStudyId: string) {
  const [row, themes, indicators] = await Promise.all([
    trx.selectFrom("case_studies").select(["id", "title", "story", "consent_confirmed", "personal_data_override"]).where("id", "=", caseStudyId).executeTakeFirst(),
    trx.selectFrom("case_study_themes").select("theme_id").where("case_study_id", "=", caseStudyId).orderBy("theme_id").execute(),
    trx.selectFrom("case_study_indicators").select("indicator_id").where("case_study_id", "=", caseStudyId).orderBy("indicator_id").execute(),
  ]);
  if (!row) return null;
  return {
    case_study_id: row.id, title: row.title, story: row.story, consent_confirmed: row.consent_confirmed === 1,
    personal_data_override: row.personal_data_override, themes: themes.map((t) => t.theme_id), indicators: indicators.map((i) => i.indicator_id),
  };
}


/**
 * Adds a case study, or changes one of this return's. `personalDataOverride` is the
 * provider's reason for keeping text the check flagged (null when nothing was flagged).
 */
export async function saveCaseStudy(
  trx: Executor,
  audit: AuditContext,
  args: { returnId: string; version: number; caseStudyId: string | null; input: CaseStudyInput; personalDataOverride: string | null },
  now = new Date(),
): Promise<string> {
  let before = null;
  if (args.caseStudyId) {
    const owner = await trx.selectFrom("case_studies").select("return_id").where("id", "=", args.caseStudyId).executeTakeFirst();
    if (!owner || owner.return_id !== args.returnId) throw new NotFoundError("That case study has been removed since you opened this page. Nothing has been saved.", 409);
    before = await caseStudyRecord(trx, args.caseStudyId);
  }
  const claimed = await claimReturn(trx, args.returnId, args.version, now);
  const at = now.toISOString();
  const id = args.caseStudyId ?? newId();
  const { input } = args;
  if (args.caseStudyId) {
    await trx.updateTable("case_studies")
      .set({ title: input.title, story: input.story, consent_confirmed: 1, personal_data_override: args.personalDataOverride, updated_at: at })
      .where("id", "=", id).where("return_id", "=", args.returnId).execute();
    await trx.deleteFrom("case_study_themes").where("case_study_id", "=", id).execute();
    await trx.deleteFrom("case_study_indicators").where("case_study_id", "=", id).execute();
  } else {
    await trx.insertInto("case_studies").values({
      id, return_id: args.returnId, title: input.title, story: input.story, consent_confirmed: 1,
      personal_data_override: args.personalDataOverride, created_at: at, updated_at: at,
    }).execute();
  }
  if (input.themeIds.length) await trx.insertInto("case_study_themes").values(input.themeIds.map((theme_id) => ({ case_study_id: id, theme_id }))).execute();
  if (input.indicatorIds.length) {
    await trx.insertInto("case_study_indicators").values(input.indicatorIds.map((indicator_id) => ({ case_study_id: id, indicator_id }))).execute();
  }
  await recordAudit(trx, audit, {
    action: args.caseStudyId ? "return.case_study_changed" : "return.case_study_added", recordType: "return", recordId: args.returnId,
    before: before ? { section: "case_studies", status: claimed.statusBefore, ...before } : { section: "case_studies", status: claimed.statusBefore },
    after: { section: "case_studies", status: claimed.statusAfter, version: claimed.version, ...(await caseStudyRecord(trx, id)) },
  });
  return id;
}

export async function removeCaseStudy(
  trx: Executor,
  audit: AuditContext,
  args: { returnId: string; version: number; caseStudyId: string },
  now = new Date(),
): Promise<void> {
  const owner = await trx.selectFrom("case_studies").select("return_id").where("id", "=", args.caseStudyId).executeTakeFirst();
  if (!owner || owner.return_id !== args.returnId) throw new NotFoundError("That case study has been removed since you opened this page. Nothing has been saved.", 409);
  const before = await caseStudyRecord(trx, args.caseStudyId);
  const claimed = await claimReturn(trx, args.returnId, args.version, now);
  await trx.deleteFrom("case_studies").where("id", "=", args.caseStudyId).where("return_id", "=", args.returnId).execute();
  await recordAudit(trx, audit, {
    action: "return.case_study_removed", recordType: "return", recordId: args.returnId,
    before: { section: "case_studies", status: claimed.statusBefore, ...before },
    after: { section: "case_studies", status: claimed.statusAfter, version: claimed.version, removed: args.caseStudyId },
  });
}

export async function addEvidence(
  trx: Executor,
  audit: AuditContext,
  args: { returnId: string; version: number; file: CheckedFile; userId: string },
  now = new Date(),
): Promise<{ id: string; sha256: string }> {
  const claimed = await claimReturn(trx, args.returnId, args.version, now);
  const stored = await storeFile(trx, { ownerType: "return", ownerId: args.returnId, file: args.file, uploadedBy: args.userId });
  await recordAudit(trx, audit, {
    action: "return.evidence_uploaded", recordType: "return", recordId: args.returnId,
    before: { section: "evidence", status: claimed.statusBefore },
    after: {
      section: "evidence", status: claimed.statusAfter, version: claimed.version, file_id: stored.id, filename: args.file.filename,
      content_type: args.file.contentType, size_bytes: args.file.bytes.byteLength, sha256: stored.sha256,
    },
  });
  return stored;
}


export async function removeEvidence(
  trx: Executor,
  audit: AuditContext,
  args: { returnId: string; version: number; fileId: string },
  now = new Date(),
): Promise<void> {
  const file = await trx.selectFrom("files").select(["id", "filename", "sha256", "size_bytes"])
    .where("id", "=", args.fileId).where("owner_type", "=", "return").where("owner_id", "=", args.returnId).executeTakeFirst();
  if (!file) throw new NotFoundError("That file has already been deleted. Nothing else has changed.", 409);
  const claimed = await claimReturn(trx, args.returnId, args.version, now);
  await deleteFile(trx, { id: args.fileId, ownerType: "return", ownerId: args.returnId });
  await recordAudit(trx, audit, {
    action: "return.evidence_deleted", recordType: "return", recordId: args.returnId,
    before: { section: "evidence", status: claimed.statusBefore, file_id: file.id, filename: file.filename, sha256: file.sha256, size_bytes: Number(file.size_bytes) },
    after: { section: "evidence", status: claimed.statusAfter, version: claimed.version },
  });
}

// ---------------------------------------------------------------------------------------
// The snapshot: what was submitted, kept in return_versions.content_json as canonical JSON
// (keys sorted, no spaces), so the same return always gives the same text and two versions
// can be compared section by section (see changedSections).

export interface ReturnSnapshot {
  format: "return-snapshot-v1";
  return_id: string;
  project_id: string;
  project_reference: string;
  quarter: string;
  period_start: string;
  period_end: string;
  due_date: string;
  /** Every indicator of the project, in the project's order. */
  outputs: SnapshotIndicator[];
  outcomes: SnapshotIndicator[];
  /** Every budget category, in the fixed order; amount_pence null when left blank (nothing spent). */
  spend: { category: BudgetCategory; profile_pence: number; amount_pence: number | null; variance_reason: string | null }[];
  /** Every age band, in the fixed order, with the totals. */
  beneficiaries: {
    bands: { age_band: AgeBand; new_count: number; continuing_count: number }[];
    total_new: number;
    total_continuing: number;
    total: number;
  };
  narrative: Record<NarrativeField, string | null>;
  /** In the order they were added. */
  case_studies: {
    id: string;
    title: string;
    story: string;
    consent_confirmed: boolean;
    personal_data_override: string | null;
    themes: { id: string; name: string }[];
    indicators: { id: string; name: string }[];
  }[];
  /** In the order they were uploaded. */
  evidence: { id: string; filename: string; content_type: string; size_bytes: number; sha256: string }[];
}

export interface SnapshotIndicator {
  indicator_id: string;
  name: string;
  unit: string;
  measure: IndicatorMeasure;
  direction: IndicatorDirection;
  target: number | null;
  actual: number | null;
  comment: string | null;
}

/** The keys of a snapshot that hold a section, by section. */
export const SNAPSHOT_SECTION_KEYS: Record<ReturnSection, keyof ReturnSnapshot> = {
  outputs: "outputs",
  outcomes: "outcomes",
  spend: "spend",
  beneficiaries: "beneficiaries",
  narrative: "narrative",
  case_studies: "case_studies",
  evidence: "evidence",
};

/** The whole return as it stands, in the snapshot's shape. Pure: give it getReturnDetail's result. */
export function buildReturnSnapshot(detail: ReturnDetail): ReturnSnapshot {
  const indicator = (i: FilingIndicator): SnapshotIndicator => ({
    indicator_id: i.id, name: i.name, unit: i.unit, measure: i.measure, direction: i.direction,
    target: i.target, actual: i.actual, comment: i.comment,
  });
  const bands = detail.beneficiaries.map((b) => ({ age_band: b.ageBand, new_count: b.newCount, continuing_count: b.continuingCount }));
  const totalNew = bands.reduce((s, b) => s + b.new_count, 0);
  const totalContinuing = bands.reduce((s, b) => s + b.continuing_count, 0);
  return {
    format: "return-snapshot-v1",
    return_id: detail.id,
    project_id: detail.projectId,
    project_reference: detail.projectReference,
    quarter: detail.quarter,
    period_start: detail.periodStart,
    period_end: detail.periodEnd,
    due_date: detail.dueDate,
    outputs: detail.indicators.filter((i) => i.kind === "output").map(indicator),
    outcomes: detail.indicators.filter((i) => i.kind === "outcome").map(indicator),
    spend: detail.spend.map((s) => ({ category: s.category, profile_pence: s.profilePence, amount_pence: s.amountPence, variance_reason: s.varianceReason })),
    beneficiaries: { bands, total_new: totalNew, total_continuing: totalContinuing, total: totalNew + totalContinuing },
    narrative: { ...detail.narrative },
    case_studies: detail.caseStudies.map((c) => ({
      id: c.id, title: c.title, story: c.story, consent_confirmed: c.consentConfirmed, personal_data_override: c.personalDataOverride,
      themes: c.themes, indicators: c.indicators,
    })),
    evidence: detail.evidence.map((f) => ({ id: f.id, filename: f.filename, content_type: f.contentType, size_bytes: f.sizeBytes, sha256: f.sha256 })),
  };
}

/** The snapshot as stored: canonical JSON. */
export function snapshotJson(snapshot: ReturnSnapshot): string {
  return canonicalJson(snapshot);
}

/** A stored version's content, or null when it is not a snapshot this code knows. */
export function parseReturnSnapshot(json: string): ReturnSnapshot | null {
  try {
    const value = JSON.parse(json) as ReturnSnapshot;
    return value && value.format === "return-snapshot-v1" ? value : null;
  } catch {
    return null;
  }
}

/** The sections whose content differs between two snapshots (for "what changed since version 1"). */
export function changedSections(before: ReturnSnapshot, after: ReturnSnapshot): ReturnSection[] {
  return RETURN_SECTIONS.filter((s) => canonicalJson(before[SNAPSHOT_SECTION_KEYS[s]]) !== canonicalJson(after[SNAPSHOT_SECTION_KEYS[s]]));
}

/** A return's submitted versions, oldest first, with their snapshots. */
export async function listReturnVersions(db: Executor, returnId: string) {
  const rows = await db
    .selectFrom("return_versions")
    .leftJoin("users", "users.id", "return_versions.submitted_by")
    .select(["return_versions.id", "return_versions.number", "return_versions.content_json", "return_versions.submitted_at",
      "return_versions.submitted_by", "users.name as submitted_by_name"])
    .where("return_versions.return_id", "=", returnId)
    .orderBy("return_versions.number")
    .execute();
  return rows.map((r) => ({
    id: r.id, number: r.number, submittedAt: r.submitted_at, submittedBy: r.submitted_by, submittedByName: r.submitted_by_name,
    snapshot: parseReturnSnapshot(r.content_json),
  }));
}

// ---------------------------------------------------------------------------------------
// Submitting.

export type SubmitReturnOutcome =
  | { outcome: "submitted"; status: "submitted" | "resubmitted"; versionNumber: number; late: boolean; submittedAt: string }
  | { outcome: "already-submitted"; submittedAt: string | null; status: ReturnStatus }
  | { outcome: "incomplete"; sections: ReturnSection[] }
  | { outcome: "stale"; message: string };

/**
 * Submits the return: every section must be complete (and every queried section worked on
 * again). Stores a snapshot as the next version, marks it late when a first submission comes
 * after the due date (UK date), and keeps it late on resubmission. A second press of the
 * button finds it already submitted and stores nothing.
 */
export async function submitReturn(
  trx: Executor,
  audit: AuditContext,
  args: { returnId: string; version: number; userId: string },
  now = new Date(),
): Promise<SubmitReturnOutcome> {
  const detail = await getReturnDetail(trx, args.returnId);
  if (!detail) throw new Error(`Return ${args.returnId} not found`);
  if (!RETURN_WITH_PROVIDER.includes(detail.status)) return { outcome: "already-submitted", submittedAt: detail.submittedAt, status: detail.status };
  if (detail.version !== args.version) {
    return {
      outcome: "stale",
      message: `${(await lastSavedBy(trx, args.returnId)) ?? "Someone else in your organisation"} changed this return at ${formatSavedAt(detail.updatedAt, now)}, after you opened this page. Nothing has been submitted: check the answers again, then submit.`,
    };
  }
  const statuses = sectionStatuses(detail, await sectionsChangedSinceSubmission(trx, detail));
  const incomplete = incompleteSections(statuses);
  if (incomplete.length) return { outcome: "incomplete", sections: incomplete };

  const at = now.toISOString();
  const resubmission = detail.status === "queried";
  const status = resubmission ? ("resubmitted" as const) : ("submitted" as const);
  const first = detail.firstSubmittedAt === null;
  const late = first ? detail.late || ukDate(now) > detail.dueDate : detail.late;
  const result = await trx
    .updateTable("returns")
    .set({
      status, submitted_at: at, submitted_by: args.userId, first_submitted_at: detail.firstSubmittedAt ?? at, late: late ? 1 : 0,
      updated_at: at, version: args.version + 1,
    })
    .where("id", "=", args.returnId)
    .where("version", "=", args.version)
    .where("status", "=", detail.status)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) {
    // Lost a race with another press of the button or a save: read what won.
    const nowRow = await trx.selectFrom("returns").select(["status", "submitted_at", "updated_at"]).where("id", "=", args.returnId).executeTakeFirstOrThrow();
    if (!RETURN_WITH_PROVIDER.includes(nowRow.status)) return { outcome: "already-submitted", submittedAt: nowRow.submitted_at, status: nowRow.status };
    return { outcome: "stale", message: `This return changed at ${formatSavedAt(nowRow.updated_at, now)}, after you opened this page. Nothing has been submitted: check the answers again, then submit.` };
  }
  const last = await trx.selectFrom("return_versions").select((eb) => eb.fn.max("number").as("n")).where("return_id", "=", args.returnId).executeTakeFirst();
  const versionNumber = Number(last?.n ?? 0) + 1;
  const snapshot = buildReturnSnapshot(detail);
  await trx.insertInto("return_versions").values({
    id: newId(), return_id: args.returnId, number: versionNumber, content_json: snapshotJson(snapshot), submitted_at: at, submitted_by: args.userId,
  }).execute();
  await recordAudit(trx, audit, {
    action: resubmission ? "return.resubmitted" : "return.submitted", recordType: "return", recordId: args.returnId,
    before: { status: detail.status, version: args.version, late: detail.late },
    after: { status, version: args.version + 1, version_number: versionNumber, submitted_at: at, late, due_date: detail.dueDate },
  });
  return { outcome: "submitted", status, versionNumber, late, submittedAt: at };
}

// ---------------------------------------------------------------------------------------
// What the pages show: the return's answers as text, the same on the check-your-answers
// page, the read-only view and (for officers) the task list.

export interface AnswerRow {
  key: string;
  value: string;
  /** Extra lines under the value: a comment, a reason, a target. */
  notes: string[];
}

export interface ReturnAnswersView {
  outputs: AnswerRow[];
  outcomes: AnswerRow[];
  spend: AnswerRow[];
  spendTotal: { profile: string; actual: string };
  beneficiaries: { band: string; newCount: number; continuingCount: number; total: number }[];
  beneficiaryTotals: { newCount: number; continuingCount: number; total: number };
  narrative: { key: string; value: string }[];
  caseStudies: {
    id: string;
    title: string;
    story: string;
    themes: string;
    indicators: string;
    consent: string;
    override: string | null;
  }[];
  evidence: { id: string; filename: string; size: string }[];
}

function indicatorRow(i: FilingIndicator): AnswerRow {
  const notes: string[] = [];
  notes.push(i.target === null ? "No target for this quarter" : `Target ${formatFigure(i.target, i.unit)}${i.measure === "cumulative" ? " (total to date)" : ""}`);
  if (i.actual !== null && isOffTarget(i.actual, i.target)) notes.push("More than 20% away from target");
  if (i.comment) notes.push(`Comment: ${i.comment}`);
  return { key: i.name, value: i.actual === null ? "Not given" : formatFigure(i.actual, i.unit), notes };
}

export function returnAnswersView(detail: ReturnDetail, variancePercent: number, formatBytes: (n: number) => string): ReturnAnswersView {
  const spendTotal = detail.spend.reduce((s, l) => s + (l.amountPence ?? 0), 0);
  const profileTotal = detail.spend.reduce((s, l) => s + l.profilePence, 0);
  const bands = detail.beneficiaries.map((b) => ({
    band: AGE_BAND_LABELS[b.ageBand], newCount: b.newCount, continuingCount: b.continuingCount, total: b.newCount + b.continuingCount,
  }));
  const totalNew = bands.reduce((s, b) => s + b.newCount, 0);
  const totalContinuing = bands.reduce((s, b) => s + b.continuingCount, 0);
  return {
    outputs: detail.indicators.filter((i) => i.kind === "output").map(indicatorRow),
    outcomes: detail.indicators.filter((i) => i.kind === "outcome").map(indicatorRow),
    spend: detail.spend.map((s) => {
      const notes = [`Profile ${formatPence(s.profilePence)}`];
      if (s.amountPence !== null && isSpendOffProfile(s.amountPence, s.profilePence, variancePercent)) {
        notes.push(`More than ${variancePercent}% away from the profile`);
      }
      if (s.varianceReason) notes.push(`Reason: ${s.varianceReason}`);
      return { key: BUDGET_CATEGORY_LABELS[s.category], value: s.amountPence === null ? "Not given" : formatPence(s.amountPence), notes };
    }),
    spendTotal: { profile: formatPence(profileTotal), actual: formatPence(spendTotal) },
    beneficiaries: bands,
    beneficiaryTotals: { newCount: totalNew, continuingCount: totalContinuing, total: totalNew + totalContinuing },
    narrative: NARRATIVE_FIELDS.map((f) => ({ key: NARRATIVE_LABELS[f], value: detail.narrative[f] ?? "" })),
    caseStudies: detail.caseStudies.map((c) => ({
      id: c.id,
      title: c.title,
      story: c.story,
      themes: c.themes.map((t) => t.name).join(", ") || "None",
      indicators: c.indicators.map((t) => t.name).join(", ") || "None",
      consent: c.consentConfirmed ? "Confirmed" : "Not confirmed",
      override: c.personalDataOverride,
    })),
    evidence: detail.evidence.map((f) => ({ id: f.id, filename: f.filename, size: formatBytes(f.sizeBytes) })),
  };
}

/** The heading facts about a return, shown at the top of every page. */
export function returnSummary(detail: ReturnDetail, today: string) {
  const overdue = isOverdue({ status: detail.status, due_date: detail.dueDate }, today);
  return {
    id: detail.id,
    quarter: detail.quarter,
    projectId: detail.projectId,
    projectReference: detail.projectReference,
    projectTitle: detail.projectTitle,
    organisationName: detail.organisationName,
    districtName: detail.districtName,
    period: `${formatDate(detail.periodStart)} to ${formatDate(detail.periodEnd)}`,
    due: formatDate(detail.dueDate),
    overdue,
    late: detail.late,
    status: detail.status,
    statusLabel: RETURN_STATUS_LABELS[detail.status],
    version: detail.version,
    submitted: detail.submittedAt ? formatDateTime(detail.submittedAt) : null,
    submittedBy: detail.submittedBy?.name ?? null,
    firstSubmitted: detail.firstSubmittedAt ? formatDateTime(detail.firstSubmittedAt) : null,
    approved: detail.approvedAt ? formatDateTime(detail.approvedAt) : null,
  };
}

/** "Outputs: Families supported", for a query as the provider reads it. */
export function queryLabel(q: ReturnQueryItem, indicators: readonly FilingIndicator[]): string {
  const section = querySection(q, indicators);
  const name = section ? RETURN_SECTION_LABELS[section] : "The return as a whole";
  return q.indicatorName ? `${name}: ${q.indicatorName}` : name;
}

// ---------------------------------------------------------------------------------------
// The provider's list of returns.

export const PROVIDER_RETURN_FILTERS = ["due", "overdue", "queried", "submitted", "approved"] as const;
export type ProviderReturnFilter = (typeof PROVIDER_RETURN_FILTERS)[number];
export const PROVIDER_RETURN_FILTER_LABELS: Record<ProviderReturnFilter, string> = {
  due: "Due (not yet submitted)",
  overdue: "Overdue",
  queried: "Queried",
  submitted: "Submitted, awaiting review",
  approved: "Approved",
};

export const PROVIDER_RETURN_SORTS = ["due_date", "quarter", "project", "status"] as const;
export type ProviderReturnSort = (typeof PROVIDER_RETURN_SORTS)[number];

export interface ProviderReturnItem {
  id: string;
  projectId: string;
  projectReference: string;
  projectTitle: string;
  districtName: string;
  quarter: string;
  dueDate: string;
  status: ReturnStatus;
  late: boolean;
  overdue: boolean;
  submittedAt: string | null;
  updatedAt: string;
}

/** One organisation's returns, never anyone else's: the organisation is part of every query. */
export async function listProviderReturns(
  db: Executor,
  organisationId: string,
  params: ListParams<ProviderReturnSort>,
  filters: { show: ProviderReturnFilter | "" },
  today: string,
): Promise<ListPage<ProviderReturnItem>> {
  let base = db
    .selectFrom("returns")
    .innerJoin("projects", "projects.id", "returns.project_id")
    .innerJoin("districts", "districts.id", "projects.district_id")
    .where("projects.organisation_id", "=", organisationId);
  if (params.q) {
    const pattern = likePattern(params.q);
    base = base.where((eb) =>
      eb.or([
        sql<boolean>`lower(${eb.ref("projects.reference")}) like ${pattern} escape '\\'`,
        sql<boolean>`lower(${eb.ref("projects.title")}) like ${pattern} escape '\\'`,
        sql<boolean>`lower(${eb.ref("returns.quarter")}) like ${pattern} escape '\\'`,
      ]),
    );
  }
  switch (filters.show) {
    case "due":
      base = base.where("returns.status", "in", [...RETURN_NOT_SUBMITTED]).where("returns.due_date", ">=", today);
      break;
    case "overdue":
      base = base.where("returns.status", "in", [...RETURN_NOT_SUBMITTED]).where("returns.due_date", "<", today);
      break;
    case "queried":
      base = base.where("returns.status", "=", "queried");
      break;
    case "submitted":
      base = base.where("returns.status", "in", [...RETURN_AWAITING_REVIEW]);
      break;
    case "approved":
      base = base.where("returns.status", "=", "approved");
      break;
    default:
      break;
  }
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
  const { limit, offset } = pageWindow(params);
  let query = base.select([
    "returns.id", "returns.project_id", "projects.reference", "projects.title", "districts.name as district_name", "returns.quarter",
    "returns.due_date", "returns.status", "returns.late", "returns.submitted_at", "returns.updated_at",
  ]);
  const dir = params.dir;
  switch (params.sort) {
    case "quarter": query = query.orderBy("returns.financial_year", dir).orderBy("returns.quarter_number", dir); break;
    case "project": query = query.orderBy("projects.reference", dir).orderBy("returns.due_date", "asc"); break;
    case "status": query = query.orderBy("returns.status", dir).orderBy("returns.due_date", "asc"); break;
    default: query = query.orderBy("returns.due_date", dir).orderBy("projects.reference", "asc");
  }
  const rows = await query.orderBy("returns.id").limit(limit).offset(offset).execute();
  const items = rows.map((r): ProviderReturnItem => ({
    id: r.id,
    projectId: r.project_id,
    projectReference: r.reference,
    projectTitle: r.title,
    districtName: r.district_name,
    quarter: r.quarter,
    dueDate: r.due_date,
    status: r.status,
    late: r.late === 1,
    overdue: isOverdue(r, today),
    submittedAt: r.submitted_at,
    updatedAt: r.updated_at,
  }));
  return toListPage(items, Number(total), params);
}
