// The annual performance assessment's records: what a year's figures and visits were (the
// basis of the proposal, proposeRating in performance.ts), the confirmed ratings, and the
// officer's confirmation, a conditional write on the year's row so two officers confirming at
// once are told, not overwritten.
import type { Executor } from "../../../db/client";
import { financialYearDates, financialYearLabel, financialYearOf } from "~/lib/financial-year";
import { newId, nowIso } from "~/lib/ids.server";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { RefusedError } from "~/models/errors";
import { figuresToDate, indicatorRag, type Rag, type RagThresholds } from "./rag.server";
import { proposeRating, type PerformanceBasis, type PerformanceRating } from "./performance";

export interface YearBasis extends PerformanceBasis {
  financialYear: number;
  yearLabel: string;
  /** The latest quarter of the year with an approved return, or null. */
  upTo: string | null;
  indicators: { name: string; rag: Rag; actual: number; target: number }[];
  visits: { date: string; grade: number }[];
  proposed: PerformanceRating | null;
}

/** The years a project runs in that have begun: the ones that can be assessed. */
export function assessableYears(project: { start_date: string; end_date: string }, today: string): number[] {
  const last = Math.min(financialYearOf(project.end_date), financialYearOf(today));
  const years: number[] = [];
  for (let y = financialYearOf(project.start_date); y <= last; y += 1) years.push(y);
  return years;
}

/** Each year's figures and visits, and the rating they suggest: four queries for all the years. */
export async function performanceBases(db: Executor, projectId: string, years: readonly number[], thresholds: RagThresholds): Promise<YearBasis[]> {
  if (years.length === 0) return [];
  const [indicators, returns, visits] = await Promise.all([
    db.selectFrom("project_indicators").select(["id", "name", "measure", "direction", "targets_json"]).where("project_id", "=", projectId).orderBy("position").execute(),
    db.selectFrom("returns").select(["id", "quarter"]).where("project_id", "=", projectId).where("status", "=", "approved").execute(),
    db.selectFrom("monitoring_visits").select(["visit_date", "overall_grade"]).where("project_id", "=", projectId).orderBy("visit_date").execute(),
  ]);
  const values = returns.length
    ? await db.selectFrom("return_indicator_values").select(["return_id", "indicator_id", "actual"]).where("return_id", "in", returns.map((r) => r.id)).execute()
    : [];
  const quarterOfReturn = new Map(returns.map((r) => [r.id, r.quarter]));
  const actual = new Map(values.map((v) => [`${v.indicator_id}|${quarterOfReturn.get(v.return_id)}`, Number(v.actual)]));
  return years.map((year) => {
    const label = financialYearLabel(year);
    const quarters = [1, 2, 3, 4].map((q) => `${label} Q${q}`);
    const approved = quarters.filter((q) => returns.some((r) => r.quarter === q));
    const upTo = approved.length ? approved[approved.length - 1] : null;
    const rows = upTo
      ? indicators.map((i) => {
        const targets = JSON.parse(i.targets_json) as Record<string, number>;
        const series = quarters.filter((q) => q in targets).map((q) => ({ quarter: q, actual: actual.get(`${i.id}|${q}`) ?? null, target: targets[q] }));
        const toDate = figuresToDate(i.measure, series, upTo);
        return { name: i.name, rag: indicatorRag({ actual: toDate.actual, target: toDate.target, direction: i.direction }, thresholds).rag, actual: toDate.actual, target: toDate.target };
      })
      : [];
    const { start, end } = financialYearDates(year);
    const yearVisits = visits.filter((v) => v.visit_date >= start && v.visit_date <= end).map((v) => ({ date: v.visit_date, grade: v.overall_grade }));
    const basis = { rags: rows.map((r) => r.rag), visitGrades: yearVisits.map((v) => v.grade) };
    return { financialYear: year, yearLabel: label, upTo, indicators: rows, visits: yearVisits, ...basis, proposed: proposeRating(basis) };
  });
}

export interface PerformanceAssessment {
  id: string;
  financialYear: number;
  proposed: PerformanceRating | null;
  rating: PerformanceRating;
  reason: string;
  confirmedBy: string | null;
  confirmedAt: string;
  version: number;
}

export async function listPerformanceAssessments(db: Executor, projectIds: readonly string[]): Promise<Map<string, PerformanceAssessment[]>> {
  const out = new Map<string, PerformanceAssessment[]>();
  if (projectIds.length === 0) return out;
  const rows = await db
    .selectFrom("performance_assessments")
    .leftJoin("users", "users.id", "performance_assessments.confirmed_by")
    .select(["performance_assessments.id", "performance_assessments.project_id", "performance_assessments.financial_year", "performance_assessments.proposed_rating",
      "performance_assessments.rating", "performance_assessments.reason", "performance_assessments.confirmed_at", "performance_assessments.version", "users.name as confirmed_by"])
    .where("performance_assessments.project_id", "in", [...projectIds])
    .orderBy("performance_assessments.financial_year", "desc")
    .execute();
  for (const r of rows) {
    out.set(r.project_id, [...(out.get(r.project_id) ?? []), {
      id: r.id, financialYear: r.financial_year, proposed: r.proposed_rating, rating: r.rating, reason: r.reason,
      confirmedBy: r.confirmed_by, confirmedAt: r.confirmed_at, version: r.version,
    }]);
  }
  return out;
}

/**
 * Confirms a year's rating: the first time (version 0) or over the one the officer read
 * (its version). A rating confirmed meanwhile by someone else refuses, changing nothing.
 */
export async function confirmPerformanceAssessment(
  db: Executor,
  audit: AuditContext,
  args: { projectId: string; basis: YearBasis; rating: PerformanceRating; reason: string; version: number; now?: Date },
): Promise<void> {
  const at = args.now ? args.now.toISOString() : nowIso();
  const basisJson = JSON.stringify({ upTo: args.basis.upTo, indicators: args.basis.indicators, visits: args.basis.visits });
  const stale = new RefusedError(`Someone else confirmed the ${args.basis.yearLabel} assessment after you opened this page. Nothing has been changed: check it again.`);
  if (args.version === 0) {
    const inserted = await db.insertInto("performance_assessments").values({
      id: newId(), project_id: args.projectId, financial_year: args.basis.financialYear, proposed_rating: args.basis.proposed, rating: args.rating,
      basis_json: basisJson, reason: args.reason, confirmed_by: audit.actorUserId, confirmed_at: at, version: 1,
    }).onConflict((oc) => oc.columns(["project_id", "financial_year"]).doNothing()).executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) throw stale;
    await recordAudit(db, audit, {
      action: "project.performance_assessed", recordType: "project", recordId: args.projectId,
      after: { financialYear: args.basis.financialYear, proposed: args.basis.proposed, rating: args.rating, reason: args.reason },
    });
    return;
  }
  const before = await db.selectFrom("performance_assessments").select(["rating", "reason", "version"])
    .where("project_id", "=", args.projectId).where("financial_year", "=", args.basis.financialYear).executeTakeFirst();
  const updated = await db.updateTable("performance_assessments")
    .set({ proposed_rating: args.basis.proposed, rating: args.rating, basis_json: basisJson, reason: args.reason, confirmed_by: audit.actorUserId, confirmed_at: at, version: args.version + 1 })
    .where("project_id", "=", args.projectId).where("financial_year", "=", args.basis.financialYear).where("version", "=", args.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw stale;
  await recordAudit(db, audit, {
    action: "project.performance_reassessed", recordType: "project", recordId: args.projectId,
    before: { financialYear: args.basis.financialYear, rating: before?.rating, reason: before?.reason },
    after: { financialYear: args.basis.financialYear, proposed: args.basis.proposed, rating: args.rating, reason: args.reason },
  });
}
