// The officer's review page: every figure beside its target or profile with its RAG (the
// word as well as the colour), last quarter's figures for comparison, the people reached, the
// narrative, case studies, evidence, earlier queries and the versions submitted.
import type { Executor } from "../../../db/client";
import { AGE_BANDS, BUDGET_CATEGORIES, type BudgetCategory, type IndicatorDirection, type IndicatorMeasure, type ReturnSection, type ReturnStatus } from "../../../db/schema";
import { formatDate, formatDateTime } from "~/lib/dates";
import { parseQuarterLabel, previousQuarter, quarterLabel } from "~/lib/financial-year";
import { formatPence } from "~/lib/money";
import { formatFigure, parseTargets } from "~/lib/figures";
import { BUDGET_CATEGORY_LABELS } from "~/lib/budget";
import { formatPercent, formatVariance, indicatorRagForQuarter, RAG_TAG_CLASSES, spendRag, type QuarterFigure, type Rag, type RagThresholds } from "~/models/projects/rag.server";
import { SECTION_LABELS, type QueryFigure } from "~/schemas/return-review";
import { RETURN_STATUS_LABELS, RETURN_STATUS_TAG_CLASSES, RETURN_SUBMITTED } from "~/models/statuses";
import type { LoadedReturn } from "./returns.server";
import { listVersions } from "./snapshot.server";

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
    const targets = parseTargets(ind.targets_json);
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
