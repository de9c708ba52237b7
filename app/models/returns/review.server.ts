// The officer's side of quarterly returns: the review queue, the review page (every figure
// beside its target or profile with its RAG), querying a return back to the provider,
// approving it (which records its spend in the district ledger), and the differences
// between the versions the provider submitted.
//
// The provider's side (filling in sections, submitting, the snapshot kept in
// return_versions.content_json) is in return-filing.server.ts. The differences between
// versions are worked out from whatever that snapshot holds, field by field, so the two
// sides do not have to agree on more than "a JSON object per section".
import { sql } from "kysely";
import { getDb, type Executor } from "../../../db/client";
import { AGE_BANDS, BUDGET_CATEGORIES, RETURN_SECTIONS, type BudgetCategory, type IndicatorDirection, type IndicatorMeasure, type ReturnSection, type ReturnStatus } from "../../../db/schema";
import { formatDate, formatDateTime, addDays, daysBetween } from "~/lib/dates";
import { parseQuarterLabel, previousQuarter, quarterLabel } from "~/lib/financial-year";
import { newId } from "~/lib/ids.server";
import { containsText, pageWindow, toListPage, type ListPage, type ListParams } from "~/lib/lists";
import { formatPence } from "~/lib/money";
import { formatBytes } from "~/models/files.server";
import { addLedgerEntry } from "~/models/funding/ledger.server";
import { loadReturn, type LoadedReturn } from "~/models/returns/returns.server";
import { formatPercent, formatVariance, indicatorRagForQuarter, RAG_TAG_CLASSES, spendRag, type QuarterFigure, type Rag, type RagThresholds } from "~/models/projects/rag.server";
import { SECTION_LABELS, type QueryComment, type QueryFigure } from "~/schemas/return-review";
import type { SignedInUser } from "~/models/accounts/users.server";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { forbidden, notFound, requireUser } from "~/http/guards.server";
import { formatFigure } from "~/lib/figures";
import { can } from "~/policies/index";
import { hasRole, officerCoversDistrict, type Actor } from "~/policies/actor";
import { RETURN_NOT_SUBMITTED, RETURN_AWAITING_REVIEW, RETURN_SUBMITTED, RETURN_STATUS_LABELS, RETURN_STATUS_TAG_CLASSES } from "~/models/statuses";
import { BUDGET_CATEGORY_LABELS } from "~/lib/budget";

// ---------------------------------------------------------------------------------------
// Dates. Due dates are UK calendar dates: "today" is ukDate() from returns.server, today in London.


// ---------------------------------------------------------------------------------------
// The review queue: the returns in an officer's districts, by where they stand.

export const REVIEW_TABS = ["awaiting", "due", "overdue", "queried"] as const;
export type ReviewTab = (typeof REVIEW_TABS)[number];

export const REVIEW_TAB_LABELS: Record<ReviewTab, string> = {
  awaiting: "Awaiting review",
  due: "Due soon",
  overdue: "Overdue",
  queried: "Queried",
};

/** A return is "due soon" when it is not submitted and due within this many days. */
export const DUE_SOON_DAYS = 14;

export const REVIEW_TAB_HINTS: Record<ReviewTab, string> = {
  awaiting: "Submitted or resubmitted by the provider and waiting for you to query or approve.",
  due: `Not yet submitted and due in the next ${DUE_SOON_DAYS} days.`,
  overdue: "Past their due date and not yet submitted.",
  queried: "Queried by an officer and back with the provider.",
};

export const REVIEW_SORTS = ["due_date", "project", "provider", "district", "quarter", "submitted_at"] as const;
export type ReviewSort = (typeof REVIEW_SORTS)[number];

/** The districts an officer reviews: null for county-wide (every district). */
export function reviewDistrictsOf(actor: Actor): readonly string[] | null {
  return actor.countyWide ? null : actor.districtIds;
}

export interface QueueItem {
  id: string;
  projectId: string;
  projectReference: string;
  projectTitle: string;
  providerName: string;
  districtName: string;
  quarter: string;
  dueDate: string;
  status: ReturnStatus;
  submittedAt: string | null;
  /** Days past the due date (0 when not overdue). */
  daysOverdue: number;
}

function queueBase(db: Executor, districtIds: readonly string[] | null, q: string) {
  let query = db
    .selectFrom("returns")
    .innerJoin("projects", "projects.id", "returns.project_id")
    .innerJoin("organisations", "organisations.id", "projects.organisation_id")
    .innerJoin("districts", "districts.id", "projects.district_id");
  if (districtIds) query = query.where("projects.district_id", "in", [...districtIds]);
  if (q) {
    query = query.where((eb) =>
      eb.or([
        containsText(eb.ref("projects.reference"), q),
        containsText(eb.ref("projects.title"), q),
        containsText(eb.ref("organisations.name"), q),
      ]),
    );
  }
  return query;
}

function withTab<Q extends ReturnType<typeof queueBase>>(query: Q, tab: ReviewTab, today: string): Q {
  switch (tab) {
    case "awaiting":
      return query.where("returns.status", "in", [...RETURN_AWAITING_REVIEW]) as Q;
    case "queried":
      return query.where("returns.status", "=", "queried") as Q;
    case "due":
      return query
        .where("returns.status", "in", [...RETURN_NOT_SUBMITTED])
        .where("returns.due_date", ">=", today)
        .where("returns.due_date", "<=", addDays(today, DUE_SOON_DAYS)) as Q;
    case "overdue":
      return query.where("returns.status", "in", [...RETURN_NOT_SUBMITTED]).where("returns.due_date", "<", today) as Q;
  }
}


export async function listReviewQueue(
  db: Executor,
  scope: { districtIds: readonly string[] | null },
  tab: ReviewTab,
  params: ListParams<ReviewSort>,
  today: string,
): Promise<ListPage<QueueItem>> {
  if (scope.districtIds && scope.districtIds.length === 0) return toListPage([], 0, params);
  const filtered = withTab(queueBase(db, scope.districtIds, params.q), tab, today);
  const { limit, offset } = pageWindow(params);
  const dir = params.dir;
  let rowsQuery = filtered.select([
    "returns.id", "returns.project_id", "returns.quarter", "returns.due_date", "returns.status", "returns.submitted_at",
    "projects.reference", "projects.title", "organisations.name as provider_name", "districts.name as district_name",
  ]);
  switch (params.sort) {
    case "project": rowsQuery = rowsQuery.orderBy("projects.reference", dir); break;
    case "provider": rowsQuery = rowsQuery.orderBy("organisations.name", dir); break;
    case "district": rowsQuery = rowsQuery.orderBy("districts.name", dir); break;
    case "quarter": rowsQuery = rowsQuery.orderBy("returns.financial_year", dir).orderBy("returns.quarter_number", dir); break;
    case "submitted_at": rowsQuery = rowsQuery.orderBy("returns.submitted_at", dir); break;
    case "due_date": rowsQuery = rowsQuery.orderBy("returns.due_date", dir); break;
  }
  const [rows, count] = await Promise.all([
    rowsQuery.orderBy("returns.due_date").orderBy("projects.reference").orderBy("returns.id").limit(limit).offset(offset).execute(),
    filtered.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  const items = rows.map((r) => ({
    id: r.id,
    projectId: r.project_id,
    projectReference: r.reference,
    projectTitle: r.title,
    providerName: r.provider_name,
    districtName: r.district_name,
    quarter: r.quarter,
    dueDate: r.due_date,
    status: r.status,
    submittedAt: r.submitted_at,
    daysOverdue: RETURN_NOT_SUBMITTED.includes(r.status) && r.due_date < today ? daysBetween(r.due_date, today) : 0,
  }));
  return toListPage(items, Number(count.n), params);
}

/** How many returns each tab holds, for the tab labels. */
export async function reviewQueueCounts(
  db: Executor,
  scope: { districtIds: readonly string[] | null },
  today: string,
): Promise<Record<ReviewTab, number>> {
  const out = { awaiting: 0, due: 0, overdue: 0, queried: 0 } as Record<ReviewTab, number>;
  if (scope.districtIds && scope.districtIds.length === 0) return out;
  await Promise.all(
    REVIEW_TABS.map(async (tab) => {
      const row = await withTab(queueBase(db, scope.districtIds, ""), tab, today)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      out[tab] = Number(row.n);
    }),
  );
  return out;
}

// ---------------------------------------------------------------------------------------
// The review page.


export interface RagCell {
  rag: Rag;
  label: string;
  tagClass: string;
}

const ragCell = (r: { rag: Rag; label: string } | null): RagCell | null =>
  r ? { rag: r.rag, label: r.label, tagClass: RAG_TAG_CLASSES[r.rag] } : null;

export interface ReviewIndicator {
  id: string;
  kind: "output" | "outcome";
  section: ReturnSection;
  name: string;
  definition: string;
  unit: string;
  measure: IndicatorMeasure;
  direction: IndicatorDirection;
  measureText: string;
  actual: string;
  target: string;
  comment: string | null;
  /** Cumulative indicators: the running totals that the RAG compares. */
  toDate: { actual: string; target: string } | null;
  achievement: string;
  rag: RagCell | null;
  previous: { actual: string; target: string } | null;
}

export interface ReviewSpendLine {
  category: BudgetCategory;
  label: string;
  profile: string;
  actual: string;
  variance: string;
  varianceReason: string | null;
  rag: RagCell | null;
  previous: string | null;
}

export interface ReviewQuery {
  id: string;
  versionNumber: number;
  section: string;
  sectionLabel: string;
  figure: string | null;
  comment: string;
  by: string | null;
  at: string;
}

export interface ReviewVersion {
  number: number;
  submittedAt: string;
  submittedBy: string | null;
}

export interface ReviewPage {
  return: {
    id: string;
    quarter: string;
    status: ReturnStatus;
    statusLabel: string;
    statusClass: string;
    due: string;
    late: boolean;
    submittedAt: string | null;
    submittedBy: string | null;
    approvedAt: string | null;
    approvedBy: string | null;
    version: number;
    submitted: boolean;
  };
  project: { id: string; reference: string; title: string; providerName: string; districtName: string; districtId: string };
  indicators: ReviewIndicator[];
  spend: { lines: ReviewSpendLine[]; total: ReviewSpendLine };
  beneficiaries: { rows: { band: string; newCount: number; continuingCount: number; total: number }[]; totalNew: number; totalContinuing: number; total: number; previousTotal: number | null };
  narrative: { label: string; text: string | null }[];
  caseStudies: { id: string; title: string; story: string; consent: boolean; themes: string[] }[];
  evidence: { id: string; filename: string; size: number; uploaded: string }[];
  previousQuarter: { quarter: string; statusLabel: string; approved: boolean } | null;
  queries: ReviewQuery[];
  versions: ReviewVersion[];
  /** The figures a query can comment on, for the query form. */
  queryFigures: QueryFigure[];
}

function targetsOf(json: string): Record<string, number> {
  try {
    const parsed = JSON.parse(json) as unknown;
    if (!parsed || typeof parsed !== "object") return {};
    return Object.fromEntries(
      Object.entries(parsed as Record<string, unknown>).filter(([, v]) => typeof v === "number" && Number.isFinite(v)) as [string, number][],
    );
  } catch {
    return {};
  }
}


export async function getReviewPage(db: Executor, loaded: LoadedReturn, thresholds: RagThresholds): Promise<ReviewPage> {
  const r = await db
    .selectFrom("returns")
    .innerJoin("projects", "projects.id", "returns.project_id")
    .innerJoin("organisations", "organisations.id", "projects.organisation_id")
    .innerJoin("districts", "districts.id", "projects.district_id")
    .leftJoin("users as submitter", "submitter.id", "returns.submitted_by")
    .leftJoin("users as approver", "approver.id", "returns.approved_by")
    .select([
      "returns.id", "returns.quarter", "returns.status", "returns.due_date", "returns.late", "returns.submitted_at",
      "returns.approved_at", "returns.version", "returns.highlights", "returns.challenges", "returns.risks", "returns.next_steps",
      "returns.financial_year", "returns.quarter_number",
      "projects.id as project_id", "projects.reference", "projects.title", "projects.district_id",
      "organisations.name as provider_name", "districts.name as district_name",
      "submitter.name as submitted_by_name", "approver.name as approved_by_name",
    ])
    .where("returns.id", "=", loaded.id)
    .executeTakeFirstOrThrow();

  const previousLabel = (() => {
    const q = parseQuarterLabel(r.quarter);
    return q ? quarterLabel(previousQuarter(q)) : null;
  })();

  const [indicators, projectReturns, budget, spendRows, beneficiaryRows, caseStudies, evidence, queries, versions] = await Promise.all([
    db.selectFrom("project_indicators")
      .select(["id", "kind", "name", "definition", "unit", "targets_json", "measure", "direction"])
      .where("project_id", "=", r.project_id).orderBy("position").execute(),
    db.selectFrom("returns")
      .select(["id", "quarter", "status", "financial_year", "quarter_number"])
      .where("project_id", "=", r.project_id).orderBy("financial_year").orderBy("quarter_number").execute(),
    db.selectFrom("project_budget_lines").select(["quarter", "category", "amount_pence"])
      .where("project_id", "=", r.project_id).where("quarter", "in", previousLabel ? [r.quarter, previousLabel] : [r.quarter]).execute(),
    db.selectFrom("return_spend").innerJoin("returns", "returns.id", "return_spend.return_id")
      .select(["returns.quarter", "return_spend.category", "return_spend.amount_pence", "return_spend.variance_reason"])
      .where("returns.project_id", "=", r.project_id)
      .where("returns.quarter", "in", previousLabel ? [r.quarter, previousLabel] : [r.quarter]).execute(),
    db.selectFrom("return_beneficiaries").innerJoin("returns", "returns.id", "return_beneficiaries.return_id")
      .select(["returns.quarter", "return_beneficiaries.age_band", "return_beneficiaries.new_count", "return_beneficiaries.continuing_count"])
      .where("returns.project_id", "=", r.project_id)
      .where("returns.quarter", "in", previousLabel ? [r.quarter, previousLabel] : [r.quarter]).execute(),
    db.selectFrom("case_studies").select(["id", "title", "story", "consent_confirmed"])
      .where("return_id", "=", r.id).orderBy("created_at").execute(),
    db.selectFrom("files").select(["id", "filename", "size_bytes", "created_at"])
      .where("owner_type", "=", "return").where("owner_id", "=", r.id).orderBy("created_at").execute(),
    db.selectFrom("return_queries")
      .leftJoin("users", "users.id", "return_queries.created_by")
      .leftJoin("project_indicators", "project_indicators.id", "return_queries.indicator_id")
      .select(["return_queries.id", "return_queries.version_number", "return_queries.section", "return_queries.comment",
        "return_queries.created_at", "users.name as by_name", "project_indicators.name as indicator_name"])
      .where("return_queries.return_id", "=", r.id)
      .orderBy("return_queries.created_at").orderBy("return_queries.version_number").execute(),
    listVersions(db, r.id),
  ]);

  // Every figure reported for the project so far, to compare and to add up running totals.
  // Earlier quarters count once submitted; this quarter always (it is the one under review).
  const counted = projectReturns.filter((x) => x.id === r.id || RETURN_SUBMITTED.includes(x.status));
  const values = counted.length
    ? await db.selectFrom("return_indicator_values").select(["return_id", "indicator_id", "actual", "comment"])
      .where("return_id", "in", counted.map((x) => x.id)).execute()
    : [];
  const quarterOfReturn = new Map(projectReturns.map((x) => [x.id, x.quarter]));
  const valueAt = new Map(values.map((v) => [`${quarterOfReturn.get(v.return_id)}|${v.indicator_id}`, v]));
  const previousReturn = previousLabel ? projectReturns.find((x) => x.quarter === previousLabel) ?? null : null;
  const previousCounts = !!previousReturn && RETURN_SUBMITTED.includes(previousReturn.status);

  const reviewIndicators: ReviewIndicator[] = indicators.map((ind) => {
    const targets = targetsOf(ind.targets_json);
    const series: QuarterFigure[] = projectReturns.map((x) => {
      const v = valueAt.get(`${x.quarter}|${ind.id}`);
      return { quarter: x.quarter, actual: v ? Number(v.actual) : null, target: targets[x.quarter] ?? 0 };
    });
    const mine = valueAt.get(`${r.quarter}|${ind.id}`);
    const hasTarget = targets[r.quarter] !== undefined;
    const rag = hasTarget || ind.measure === "cumulative" ? indicatorRagForQuarter(ind, series, r.quarter, thresholds) : null;
    const prev = previousLabel && previousCounts ? valueAt.get(`${previousLabel}|${ind.id}`) : undefined;
    return {
      id: ind.id,
      kind: ind.kind,
      section: ind.kind === "output" ? "outputs" : "outcomes",
      name: ind.name,
      definition: ind.definition,
      unit: ind.unit,
      measure: ind.measure,
      direction: ind.direction,
      measureText: `${ind.measure === "cumulative" ? "Cumulative (running total to date)" : "Per quarter"}; ${ind.direction === "lower" ? "lower is better" : "higher is better"}`,
      actual: mine ? formatFigure(Number(mine.actual), ind.unit) : "Not reported",
      target: hasTarget ? formatFigure(targets[r.quarter], ind.unit) : "No target",
      comment: mine?.comment ?? null,
      toDate: ind.measure === "cumulative" && rag ? { actual: formatFigure(rag.compared.actual, ind.unit), target: formatFigure(rag.compared.target, ind.unit) } : null,
      achievement: rag ? formatPercent(rag.achievementPercent) : "–",
      rag: ragCell(rag),
      previous: prev && previousLabel
        ? { actual: formatFigure(Number(prev.actual), ind.unit), target: targets[previousLabel] === undefined ? "No target" : formatFigure(targets[previousLabel], ind.unit) }
        : null,
    };
  });

  // Spend per category against the quarter's profile, and in total.
  const profileOf = (quarter: string, category?: BudgetCategory) =>
    budget.filter((b) => b.quarter === quarter && (!category || b.category === category)).reduce((s, b) => s + Number(b.amount_pence), 0);
  const spentOf = (quarter: string, category?: BudgetCategory) =>
    spendRows.filter((s) => s.quarter === quarter && (!category || s.category === category)).reduce((t, s) => t + Number(s.amount_pence), 0);
  const submitted = RETURN_SUBMITTED.includes(r.status);
  const hasSpend = spendRows.some((s) => s.quarter === r.quarter);
  const spendLine = (category: BudgetCategory | null): ReviewSpendLine => {
    const profile = profileOf(r.quarter, category ?? undefined);
    const actual = spentOf(r.quarter, category ?? undefined);
    const row = category ? spendRows.find((s) => s.quarter === r.quarter && s.category === category) : undefined;
    const result = hasSpend ? spendRag({ actualPence: actual, profilePence: profile }, thresholds) : null;
    return {
      category: category ?? "other",
      label: category ? BUDGET_CATEGORY_LABELS[category] : "Total",
      profile: formatPence(profile),
      actual: hasSpend ? formatPence(actual) : "Not reported",
      variance: result ? formatVariance(result.variancePercent) : "–",
      varianceReason: row?.variance_reason ?? null,
      rag: ragCell(result),
      previous: previousLabel && previousCounts && spendRows.some((s) => s.quarter === previousLabel)
        ? formatPence(spentOf(previousLabel, category ?? undefined))
        : null,
    };
  };
  const usedCategories = BUDGET_CATEGORIES.filter(
    (c) => budget.some((b) => b.category === c) || spendRows.some((s) => s.category === c),
  );

  const mineBeneficiaries = beneficiaryRows.filter((b) => b.quarter === r.quarter);
  const beneficiaryTable = AGE_BANDS.map((band) => {
    const row = mineBeneficiaries.find((b) => b.age_band === band);
    const newCount = Number(row?.new_count ?? 0);
    const continuingCount = Number(row?.continuing_count ?? 0);
    return { band, newCount, continuingCount, total: newCount + continuingCount };
  });
  const previousBeneficiaries = previousLabel && previousCounts ? beneficiaryRows.filter((b) => b.quarter === previousLabel) : [];

  const themeRows = caseStudies.length
    ? await db.selectFrom("case_study_themes").innerJoin("themes", "themes.id", "case_study_themes.theme_id")
      .select(["case_study_themes.case_study_id", "themes.name"])
      .where("case_study_themes.case_study_id", "in", caseStudies.map((c) => c.id)).orderBy("themes.name").execute()
    : [];

  return {
    return: {
      id: r.id,
      quarter: r.quarter,
      status: r.status,
      statusLabel: RETURN_STATUS_LABELS[r.status],
      statusClass: RETURN_STATUS_TAG_CLASSES[r.status],
      due: formatDate(r.due_date),
      late: r.late === 1,
      submittedAt: r.submitted_at ? formatDateTime(r.submitted_at) : null,
      submittedBy: r.submitted_by_name,
      approvedAt: r.approved_at ? formatDateTime(r.approved_at) : null,
      approvedBy: r.approved_by_name,
      version: r.version,
      submitted,
    },
    project: {
      id: r.project_id, reference: r.reference, title: r.title, providerName: r.provider_name, districtName: r.district_name, districtId: r.district_id,
    },
    indicators: reviewIndicators,
    spend: { lines: usedCategories.map((c) => spendLine(c)), total: spendLine(null) },
    beneficiaries: {
      rows: beneficiaryTable,
      totalNew: beneficiaryTable.reduce((s, b) => s + b.newCount, 0),
      totalContinuing: beneficiaryTable.reduce((s, b) => s + b.continuingCount, 0),
      total: beneficiaryTable.reduce((s, b) => s + b.total, 0),
      previousTotal: previousBeneficiaries.length
        ? previousBeneficiaries.reduce((s, b) => s + Number(b.new_count) + Number(b.continuing_count), 0)
        : null,
    },
    narrative: [
      { label: "Highlights", text: r.highlights },
      { label: "Challenges", text: r.challenges },
      { label: "Risks", text: r.risks },
      { label: "Next steps", text: r.next_steps },
    ],
    caseStudies: caseStudies.map((c) => ({
      id: c.id, title: c.title, story: c.story, consent: c.consent_confirmed === 1,
      themes: themeRows.filter((t) => t.case_study_id === c.id).map((t) => t.name),
    })),
    evidence: evidence.map((f) => ({ id: f.id, filename: f.filename, size: Number(f.size_bytes), uploaded: formatDateTime(f.created_at) })),
    previousQuarter: previousReturn
      ? { quarter: previousReturn.quarter, statusLabel: RETURN_STATUS_LABELS[previousReturn.status], approved: previousReturn.status === "approved" }
      : null,
    queries: queries.map((q) => ({
      id: q.id,
      versionNumber: Number(q.version_number),
      section: q.section,
      sectionLabel: SECTION_LABELS[q.section as ReturnSection] ?? q.section,
      figure: q.indicator_name,
      comment: q.comment,
      by: q.by_name,
      at: formatDateTime(q.created_at),
    })),
    versions: versions.map((v) => ({ number: v.number, submittedAt: formatDateTime(v.submittedAt), submittedBy: v.submittedByName })),
    queryFigures: reviewIndicators.map((i) => ({ indicatorId: i.id, section: i.section, label: i.name })),
  };
}

// ---------------------------------------------------------------------------------------
// Query and approve. Both are guarded by the return's version: a second click, or a click
// on a page opened before someone else acted, is refused with what happened instead.

export type ReviewOutcome<T> = { outcome: "done"; value: T } | { outcome: "refused"; status: 404 | 409; message: string };

interface CurrentReturn {
  id: string;
  status: ReturnStatus;
  version: number;
  quarter: string;
  approved_at: string | null;
  approved_by_name: string | null;
}

async function currentReturn(db: Executor, returnId: string): Promise<CurrentReturn | undefined> {
  return db
    .selectFrom("returns")
    .leftJoin("users", "users.id", "returns.approved_by")
    .select(["returns.id", "returns.status", "returns.version", "returns.quarter", "returns.approved_at", "users.name as approved_by_name"])
    .where("returns.id", "=", returnId)
    .executeTakeFirst();
}

/**
 * Where a return stands when it cannot be reviewed, in words for the officer (and what they
 * can do next); null when it can be reviewed.
 */
async function unreviewableState(db: Executor, current: CurrentReturn): Promise<{ what: string; next: string | null } | null> {
  if (current.status === "approved") {
    return {
      what: `This return was approved${current.approved_at ? ` on ${formatDateTime(current.approved_at)}` : ""}${current.approved_by_name ? ` by ${current.approved_by_name}` : ""} and is locked.`,
      next: null,
    };
  }
  if (current.status === "queried") {
    const last = await db.selectFrom("return_queries").leftJoin("users", "users.id", "return_queries.created_by")
      .select(["return_queries.created_at", "users.name"]).where("return_queries.return_id", "=", current.id)
      .orderBy("return_queries.created_at", "desc").limit(1).executeTakeFirst();
    const when = last ? ` on ${formatDateTime(last.created_at)}${last.name ? ` by ${last.name}` : ""}` : "";
    return { what: `This return was queried${when} and is back with the provider.`, next: "you can review it again when they resubmit it." };
  }
  if (RETURN_NOT_SUBMITTED.includes(current.status)) {
    return { what: "The provider has not submitted this return yet, so there is nothing to review.", next: null };
  }
  return null;
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** Why a review action cannot go ahead now, in words for the officer; null when it can. */
export async function reviewRefusal(db: Executor, current: CurrentReturn, expectedVersion: number): Promise<string | null> {
  const state = await unreviewableState(db, current);
  if (state) return `${state.what} Nothing has been changed${state.next ? `: ${state.next}` : "."}`;
  if (current.version !== expectedVersion) {
    return "This return has changed since you opened it: the provider may have resubmitted it. Nothing has been changed: check the latest version on this page and review it again.";
  }
  return null;
}

/** For the review page: why the officer cannot act on the return now, or null. */
export async function reviewBlockedReason(db: Executor, returnId: string): Promise<string | null> {
  const current = await currentReturn(db, returnId);
  const state = current ? await unreviewableState(db, current) : null;
  return state ? `${state.what}${state.next ? ` ${capitalise(state.next)}` : ""}` : null;
}

/** Why a review action on this return cannot go ahead, for a refusal outside a transaction. */
export async function explainRefusal(db: Executor, returnId: string, expectedVersion: number): Promise<string> {
  const current = await currentReturn(db, returnId);
  const reason = current ? await reviewRefusal(db, current, expectedVersion) : null;
  return reason ?? "This return cannot be reviewed now. Nothing has been changed.";
}

/** The figures of a project that a query can comment on, in the order of the return. */
export async function queryFiguresOf(db: Executor, projectId: string): Promise<QueryFigure[]> {
  const rows = await db.selectFrom("project_indicators").select(["id", "kind", "name"]).where("project_id", "=", projectId).orderBy("position").execute();
  return rows.map((r) => ({ indicatorId: r.id, section: r.kind === "output" ? "outputs" : "outcomes", label: r.name }));
}

/**
 * Another review committed between our check and our update (two officers at once): say
 * what it did. A fresh read sees it (PostgreSQL reads committed rows statement by statement).
 */
async function lostRace(db: Executor, returnId: string, expectedVersion: number): Promise<string> {
  const now = await currentReturn(db, returnId);
  const reason = now ? await reviewRefusal(db, now, expectedVersion) : null;
  return reason ?? "Someone else reviewed this return at the same time. Nothing has been changed: check where it stands now.";
}

async function latestVersionNumber(db: Executor, returnId: string): Promise<number> {
  const row = await db.selectFrom("return_versions").select((eb) => eb.fn.max("number").as("n")).where("return_id", "=", returnId).executeTakeFirst();
  const n = Number(row?.n ?? 0);
  // A submitted return always has its version 1; the fallback covers returns from before versions were kept.
  return n > 0 ? n : 1;
}

/** Moves the return from the officer to the provider with the officer's comments. Call inside a transaction. */
export async function queryReturn(
  trx: Executor,
  audit: AuditContext,
  args: { returnId: string; expectedVersion: number; officerId: string; comments: readonly QueryComment[]; now?: Date },
): Promise<ReviewOutcome<{ versionNumber: number; comments: readonly QueryComment[] }>> {
  const current = await currentReturn(trx, args.returnId);
  if (!current) return { outcome: "refused", status: 404, message: "Return not found" };
  const refusal = await reviewRefusal(trx, current, args.expectedVersion);
  if (refusal) return { outcome: "refused", status: 409, message: refusal };
  const at = (args.now ?? new Date()).toISOString();
  const versionNumber = await latestVersionNumber(trx, args.returnId);
  const updated = await trx
    .updateTable("returns")
    .set({ status: "queried", updated_at: at, version: args.expectedVersion + 1 })
    .where("id", "=", args.returnId)
    .where("version", "=", args.expectedVersion)
    .where("status", "in", [...RETURN_AWAITING_REVIEW])
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) return { outcome: "refused", status: 409, message: await lostRace(trx, args.returnId, args.expectedVersion) };
  const rows = args.comments.map((c) => ({
    id: newId(), return_id: args.returnId, version_number: versionNumber, section: c.section, indicator_id: c.indicatorId,
    comment: c.comment, created_by: args.officerId, created_at: at,
  }));
  if (rows.length) await trx.insertInto("return_queries").values(rows).execute();
  await recordAudit(trx, audit, {
    action: "return.queried",
    recordType: "return",
    recordId: args.returnId,
    before: { status: current.status, version: current.version },
    after: { status: "queried", version: args.expectedVersion + 1, versionNumber, queries: args.comments },
  });
  return { outcome: "done", value: { versionNumber, comments: args.comments } };
}

/**
 * Approves the return: it is locked (approved, with who and when) and its total spend is
 * recorded as spent in the district ledger for the return's financial year, in the
 * caller's transaction so neither happens without the other.
 */
export async function approveReturn(
  trx: Executor,
  audit: AuditContext,
  args: { returnId: string; expectedVersion: number; officerId: string; now?: Date },
): Promise<ReviewOutcome<{ spendPence: number; ledgerEntryId: string; versionNumber: number }>> {
  const current = await currentReturn(trx, args.returnId);
  if (!current) return { outcome: "refused", status: 404, message: "Return not found" };
  const refusal = await reviewRefusal(trx, current, args.expectedVersion);
  if (refusal) return { outcome: "refused", status: 409, message: refusal };
  const at = (args.now ?? new Date()).toISOString();
  const updated = await trx
    .updateTable("returns")
    .set({ status: "approved", approved_at: at, approved_by: args.officerId, updated_at: at, version: args.expectedVersion + 1 })
    .where("id", "=", args.returnId)
    .where("version", "=", args.expectedVersion)
    .where("status", "in", [...RETURN_AWAITING_REVIEW])
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) return { outcome: "refused", status: 409, message: await lostRace(trx, args.returnId, args.expectedVersion) };
  const details = await trx
    .selectFrom("returns")
    .innerJoin("projects", "projects.id", "returns.project_id")
    .select(["returns.financial_year", "projects.id as project_id", "projects.district_id", "projects.funding_stream_id"])
    .where("returns.id", "=", args.returnId)
    .executeTakeFirstOrThrow();
  const spend = await trx
    .selectFrom("return_spend")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("amount_pence"), sql<number>`0`).as("total"))
    .where("return_id", "=", args.returnId)
    .executeTakeFirstOrThrow();
  const spendPence = Number(spend.total);
  const versionNumber = await latestVersionNumber(trx, args.returnId);
  // Every approved return has exactly one spend entry (even of £0), so the ledger can be
  // reconciled against the approved returns one for one.
  const ledgerEntryId = await addLedgerEntry(trx, audit, {
    districtId: details.district_id,
    fundingStreamId: details.funding_stream_id,
    financialYear: Number(details.financial_year),
    kind: "spend",
    amountPence: spendPence,
    projectId: details.project_id,
    sourceType: "return",
    sourceId: args.returnId,
  });
  await recordAudit(trx, audit, {
    action: "return.approved",
    recordType: "return",
    recordId: args.returnId,
    before: { status: current.status, version: current.version },
    after: { status: "approved", version: args.expectedVersion + 1, approved_at: at, approved_by: args.officerId, versionNumber, spendPence, ledgerEntryId },
  });
  return { outcome: "done", value: { spendPence, ledgerEntryId, versionNumber } };
}

// ---------------------------------------------------------------------------------------
// E-mails to the provider.

export function queryEmail(args: {
  to: string;
  name: string;
  officerName: string;
  quarter: string;
  projectReference: string;
  projectTitle: string;
  organisationName: string;
  comments: readonly { sectionLabel: string; figure: string | null; comment: string }[];
  link: string;
  councilName: string;
}) {
  const lines: string[] = [];
  let lastSection = "";
  for (const c of args.comments) {
    if (c.sectionLabel !== lastSection) {
      if (lastSection) lines.push("");
      lines.push(c.sectionLabel);
      lastSection = c.sectionLabel;
    }
    lines.push(`${c.figure ? `- ${c.figure}: ` : "- "}${c.comment}`);
  }
  return {
    to: args.to,
    subject: `Your ${args.quarter} return for ${args.projectReference} has been queried`,
    text: [
      `Dear ${args.name},`,
      "",
      `${args.officerName} has reviewed ${args.organisationName}'s ${args.quarter} return for ${args.projectReference} ${args.projectTitle} and has queried it before it can be approved.`,
      "",
      "What they asked:",
      "",
      ...lines,
      "",
      "Please sign in, answer these points, change what needs changing and submit the return again:",
      args.link,
      "",
      args.councilName,
    ].join("\n"),
  };
}

export function approvedEmail(args: {
  to: string;
  name: string;
  quarter: string;
  projectReference: string;
  projectTitle: string;
  spend: string;
  link: string;
  councilName: string;
}) {
  return {
    to: args.to,
    subject: `Your ${args.quarter} return for ${args.projectReference} has been approved`,
    text: [
      `Dear ${args.name},`,
      "",
      `Your ${args.quarter} return for ${args.projectReference} ${args.projectTitle} has been approved. The spend it reports, ${args.spend}, is now recorded against the project.`,
      "",
      "You can read it at:",
      args.link,
      "",
      args.councilName,
    ].join("\n"),
  };
}

/** The comments of a query, labelled for the e-mail and the page. */
export function labelComments(comments: readonly QueryComment[], figures: readonly QueryFigure[]) {
  return comments.map((c) => ({
    sectionLabel: SECTION_LABELS[c.section],
    figure: c.indicatorId ? figures.find((f) => f.indicatorId === c.indicatorId)?.label ?? null : null,
    comment: c.comment,
  }));
}

/** The sections a query can comment on, in the order of the return. */
export const QUERY_SECTIONS = RETURN_SECTIONS.map((s) => ({ key: s, label: SECTION_LABELS[s] }));

/** May this officer act on returns in this district at all (whatever the return's status)? */
export const coversReturn = (actor: Actor, loaded: LoadedReturn): boolean => officerCoversDistrict(actor, loaded.record.project.districtId);

// ---------------------------------------------------------------------------------------
// Versions and their differences.

export interface VersionSummary {
  number: number;
  submittedAt: string;
  submittedByName: string | null;
}

export async function listVersions(db: Executor, returnId: string): Promise<VersionSummary[]> {
  const rows = await db
    .selectFrom("return_versions")
    .leftJoin("users", "users.id", "return_versions.submitted_by")
    .select(["return_versions.number", "return_versions.submitted_at", "users.name"])
    .where("return_versions.return_id", "=", returnId)
    .orderBy("return_versions.number")
    .execute();
  return rows.map((r) => ({ number: Number(r.number), submittedAt: r.submitted_at, submittedByName: r.name }));
}

/** The snapshots of the versions asked for, parsed; a snapshot that is not JSON reads as empty. */
export async function versionContents(db: Executor, returnId: string, numbers: readonly number[]): Promise<Map<number, unknown>> {
  if (numbers.length === 0) return new Map();
  const rows = await db
    .selectFrom("return_versions")
    .select(["number", "content_json"])
    .where("return_id", "=", returnId)
    .where("number", "in", [...numbers])
    .execute();
  return new Map(
    rows.map((r) => {
      try {
        return [Number(r.number), JSON.parse(r.content_json) as unknown];
      } catch {
        return [Number(r.number), {}];
      }
    }),
  );
}

export interface DiffRow {
  section: string;
  field: string;
  before: string;
  after: string;
}

interface FlatEntry {
  key: string;
  section: string;
  field: string;
  value: string;
}

const SECTION_NAMES: Record<string, string> = {
  ...SECTION_LABELS,
  caseStudies: "Case studies",
  indicators: "Figures",
  figures: "Figures",
};

/** Properties of a snapshot that say nothing to a reader: which format, checksums, types. */
const HIDDEN_KEYS = new Set(["format", "sha256", "content_type", "contentType"]);

/** Containers whose name adds nothing: "Beneficiaries: 5-10: New count", not "…: Bands: 5-10: …". */
const TRANSPARENT_KEYS = new Set(["bands", "items", "rows", "lines"]);

/** Properties that name an item in a list, in the order they are tried. */
const ITEM_NAME_KEYS = ["name", "indicatorName", "indicator_name", "title", "label", "category", "ageBand", "age_band", "band", "filename", "quarter"];

const isIdKey = (key: string): boolean => key === "id" || /(_id|Id)$/.test(key);
const isSkipped = (key: string): boolean => isIdKey(key) || HIDDEN_KEYS.has(key);

/** "nextSteps", "next_steps" → "Next steps"; "amountPence" → "Amount". */
export function humanise(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase()
    .replace(/\s+(pence|bytes)$/, "")
    .replace(/^pence$/, "amount");
  return words ? words[0].toUpperCase() + words.slice(1) : key;
}

function formatLeaf(key: string, value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value === "number") {
    if (/pence$/i.test(key) && Number.isInteger(value)) return formatPence(value);
    if (/bytes$/i.test(key) && Number.isInteger(value)) return formatBytes(value);
    return value.toLocaleString("en-GB", { maximumFractionDigits: 4 });
  }
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

function itemName(item: Record<string, unknown>, index: number): { name: string; key: string | null } {
  for (const key of ITEM_NAME_KEYS) {
    const v = item[key];
    if (typeof v === "string" && v.trim()) {
      const name = key === "category" ? BUDGET_CATEGORY_LABELS[v as BudgetCategory] ?? humanise(v) : v;
      return { name, key };
    }
  }
  return { name: `Item ${index + 1}`, key: null };
}

/** An item's identity across versions: its id when it has one, else its name, else its place. */
function itemIdentity(item: Record<string, unknown>, index: number): string {
  for (const key of ["id", "indicatorId", "indicator_id", "caseStudyId", "case_study_id", "fileId", "file_id", ...ITEM_NAME_KEYS]) {
    const v = item[key];
    if ((typeof v === "string" && v) || typeof v === "number") return `${key}=${v}`;
  }
  return `#${index}`;
}

/** A list of things that are only names (themes: [{ id, name }]) reads as the names. */
function asNameList(value: unknown[]): string[] | null {
  const names: string[] = [];
  for (const [index, item] of value.entries()) {
    if (!isPlainObject(item)) return null;
    const { name, key } = itemName(item, index);
    if (!key || Object.keys(item).some((k) => k !== key && !isSkipped(k))) return null;
    names.push(name);
  }
  return names;
}

function flattenInto(out: FlatEntry[], section: string, keyPath: string, labelPath: string[], value: unknown, leafKey: string): void {
  const field = () => labelPath.join(": ") || section;
  if (Array.isArray(value)) {
    if (value.every((v) => !isPlainObject(v) && !Array.isArray(v))) {
      out.push({ key: keyPath, section, field: field(), value: value.map((v) => formatLeaf(leafKey, v)).join(", ") });
      return;
    }
    const names = asNameList(value);
    if (names) {
      out.push({ key: keyPath, section, field: field(), value: names.join(", ") });
      return;
    }
    value.forEach((item, index) => {
      if (!isPlainObject(item)) {
        flattenInto(out, section, `${keyPath}[#${index}]`, [...labelPath, `Item ${index + 1}`], item, leafKey);
        return;
      }
      const { name, key: nameKey } = itemName(item, index);
      const itemKey = `${keyPath}[${itemIdentity(item, index)}]`;
      for (const [k, v] of Object.entries(item)) {
        if (k === nameKey || isSkipped(k)) continue;
        flattenInto(out, section, `${itemKey}.${k}`, [...labelPath, name, humanise(k)], v, k);
      }
    });
    return;
  }
  if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (isSkipped(k)) continue;
      flattenInto(out, section, `${keyPath}.${k}`, TRANSPARENT_KEYS.has(k) ? labelPath : [...labelPath, humanise(k)], v, k);
    }
    return;
  }
  out.push({ key: keyPath, section, field: field(), value: formatLeaf(leafKey, value) });
}

/**
 * A snapshot as a flat list of (section, field, value): the top-level keys are the
 * sections; lists of items are named by each item's name, title or category.
 */
export function flattenContent(content: unknown): FlatEntry[] {
  const out: FlatEntry[] = [];
  if (!isPlainObject(content)) return out;
  for (const [key, value] of Object.entries(content)) {
    if (isSkipped(key)) continue;
    if (isPlainObject(value) || Array.isArray(value)) {
      flattenInto(out, SECTION_NAMES[key] ?? humanise(key), key, [], value, key);
    } else {
      out.push({ key, section: "Return", field: humanise(key), value: formatLeaf(key, value) });
    }
  }
  return out;
}

/** Sections in the order of the return: the return's own details, then its sections, then anything else. */
const SECTION_ORDER = ["Return", ...RETURN_SECTIONS.map((s) => SECTION_LABELS[s])];

/**
 * Field by field, what changed from one snapshot to another: section by section in the
 * order of the return, each in the order of the later snapshot, then what was removed.
 */
export function diffContents(before: unknown, after: unknown): DiffRow[] {
  const a = flattenContent(before);
  const b = flattenContent(after);
  const beforeByKey = new Map(a.map((e) => [e.key, e]));
  const afterByKey = new Map(b.map((e) => [e.key, e]));
  const rows: DiffRow[] = [];
  for (const e of b) {
    const old = beforeByKey.get(e.key);
    if ((old?.value ?? "") !== e.value) rows.push({ section: e.section, field: e.field, before: old?.value ?? "", after: e.value });
  }
  for (const e of a) {
    if (!afterByKey.has(e.key) && e.value !== "") rows.push({ section: e.section, field: e.field, before: e.value, after: "" });
  }
  // Keep each section's rows together: known sections in the return's order, others after.
  const order = [...SECTION_ORDER, ...new Set(rows.map((r) => r.section).filter((x) => !SECTION_ORDER.includes(x)))];
  return rows.map((r, i) => ({ r, i })).sort((x, y) => order.indexOf(x.r.section) - order.indexOf(y.r.section) || x.i - y.i).map((x) => x.r);
}
