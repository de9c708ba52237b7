// A quarterly return read in full, for every page of it (the provider's sections, the task
// list, the check page, the officer's view) and for its snapshot; and where each of its
// seven sections stands in the task list.
//
// The life of a return as the provider sees it: not started → draft (the first save of any
// section) → submitted (a snapshot kept as version 1) → queried by the officer → changed and
// resubmitted (version 2, …) → approved. While submitted or approved it is read-only.
import type { Executor } from "../../../db/client";
import {
  AGE_BANDS, BUDGET_CATEGORIES, RETURN_SECTIONS, type BudgetCategory, type IndicatorDirection, type IndicatorMeasure,
  type ReturnSection, type ReturnStatus,
} from "../../../db/schema";
import { formatDate, formatDateTime } from "~/lib/dates";
import {
  NARRATIVE_FIELDS, RETURN_SECTION_LABELS, type BeneficiaryEntry, type NarrativeInput, type SectionState,
} from "~/schemas/returns";
import { listFiles, type FileSummary } from "../files.server";
import { RETURN_STATUS_LABELS } from "~/models/statuses";
import { isOverdue } from "./returns.server";
import { parseTargets } from "~/lib/figures";

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

/** "Outputs: Families supported", for a query as the provider reads it. */
export function queryLabel(q: ReturnQueryItem, indicators: readonly FilingIndicator[]): string {
  const section = querySection(q, indicators);
  const name = section ? RETURN_SECTION_LABELS[section] : "The return as a whole";
  return q.indicatorName ? `${name}: ${q.indicatorName}` : name;
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

// ---------------------------------------------------------------------------------------
// Where each section stands.

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
