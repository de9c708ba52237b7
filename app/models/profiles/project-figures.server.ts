// One project's row of the profile: each indicator's quarter and year to date, the
// indicators at risk, the estimated costs avoided, spend against profile, people reached,
// and the returns that were due. Approved returns only: a quarter whose return is not
// approved is marked pending and stays out of the year to date until it is.
import type { AgeBand, ProjectRecommendation } from "../../../db/schema";
import { overallRating } from "./overall-rating";
import { financialYearLabel } from "~/lib/financial-year";
import { RETURN_AWAITING_REVIEW, RETURN_WITH_PROVIDER } from "~/models/statuses";
import type { ProfileAtRisk, ProfileIndicator, ProfileProject, ProfileUnitCost, RagCounts } from "~/profiles/types";
import { figuresToDate, indicatorRag, spendRag, type QuarterFigure } from "../projects/rag.server";
import { costAvoidedPence, upratedPence } from "../unit-costs/uprating.server";
import { column, emptyCounts, perPound, trendOf } from "./figures";
import type { ProfileContext, ProfileIndicatorRow, ProfileProjectRow, ProfileReturnRow } from "./inputs.server";
import { parseTargets } from "~/lib/figures";

/** A unit cost an indicator counted its outcomes against, with that link's figures. */
export interface UnitCostUse {
  unitCostId: string;
  /** The unit cost as the profile lists it, without its links. */
  cost: Omit<ProfileUnitCost, "links">;
  link: ProfileUnitCost["links"][number];
}

export interface ProjectFigures {
  project: ProfileProject;
  atRisk: ProfileAtRisk[];
  /** This quarter's RAG of each output and outcome indicator, and of the year's spend. */
  rag: { outputs: RagCounts; outcomes: RagCounts; spend: RagCounts };
  returns: { due: number; onTime: number; outstanding: number; awaiting: number };
  unitCosts: UnitCostUse[];
  /** The themes the project (or its tender) serves, each once; "No theme recorded" when none. */
  themes: { id: string | null; name: string }[];
}

/** The returns due in the year to date (by the profile's date, or sent early), and how they stand. */
function returnsDue(p: ProfileProjectRow, ctx: ProfileContext): ProjectFigures["returns"] {
  const counts = { due: 0, onTime: 0, outstanding: 0, awaiting: 0 };
  for (const q of ctx.period.countedQuarters) {
    const r = ctx.lookups.returnOf(p.id, q);
    if (!r) continue;
    const due = r.due_date <= ctx.asOf || r.first_submitted_at !== null;
    if (!due) continue;
    counts.due += 1;
    if (r.first_submitted_at !== null && r.late === 0) counts.onTime += 1;
    if (RETURN_WITH_PROVIDER.includes(r.status)) counts.outstanding += 1;
    if (RETURN_AWAITING_REVIEW.includes(r.status)) counts.awaiting += 1;
  }
  return counts;
}

interface IndicatorFigures {
  figure: ProfileIndicator;
  /** This quarter's RAG, when the quarter has an approved figure and a target. */
  rag: ProfileIndicator["quarterRag"];
  atRisk: ProfileAtRisk | null;
  costAvoided: { pence: number; bearer: "council" | "partners"; use: UnitCostUse } | null;
}

function indicatorFigures(
  p: ProfileProjectRow,
  ind: ProfileIndicatorRow,
  ctx: ProfileContext,
  approvedQuarters: readonly string[],
  current: ProfileReturnRow | undefined,
): IndicatorFigures {
  const { period, lookups, settings } = ctx;
  const { thresholds } = ctx;
  const targets = parseTargets(ind.targets_json);
  const actualIn = (q: string): number | null => {
    const r = lookups.approvedReturn(p.id, q);
    if (!r) return null;
    const v = lookups.valueOf.get(`${r.id}|${ind.id}`);
    return v ? Number(v.actual) : null;
  };
  const figureFor = (q: string) => {
    const actual = actualIn(q);
    const target = targets[q];
    if (actual === null || target === undefined) return null;
    return indicatorRag({ actual, target, direction: ind.direction }, thresholds);
  };
  const now = figureFor(period.quarter);
  const before = figureFor(period.previous);
  const series: QuarterFigure[] = approvedQuarters
    .filter((q) => targets[q] !== undefined && actualIn(q) !== null)
    .map((q) => ({ quarter: q, actual: actualIn(q), target: targets[q] }));
  const toDate = series.length ? figuresToDate(ind.measure, series, series[series.length - 1].quarter) : null;
  const ytd = toDate ? indicatorRag({ actual: toDate.actual, target: toDate.target, direction: ind.direction }, thresholds) : null;
  const currentValue = current?.status === "approved" ? lookups.valueOf.get(`${current.id}|${ind.id}`) : undefined;
  const figure: ProfileIndicator = {
    id: ind.id,
    kind: ind.kind,
    name: ind.name,
    unit: ind.unit,
    measure: ind.measure,
    direction: ind.direction,
    quarterActual: actualIn(period.quarter),
    quarterTarget: targets[period.quarter] ?? null,
    quarterAchievementPercent: now?.achievementPercent ?? null,
    quarterRag: now?.rag ?? null,
    ytdActual: toDate?.actual ?? 0,
    ytdTarget: toDate?.target ?? 0,
    ytdAchievementPercent: ytd?.achievementPercent ?? null,
    ytdRag: ytd?.rag ?? null,
    trend: trendOf(now?.achievementPercent ?? null, before?.achievementPercent ?? null),
    comment: currentValue?.comment ?? null,
  };

  // At risk: red or amber two quarters running, beside the officer's agreed action.
  let atRisk: ProfileAtRisk | null = null;
  if (now && before && now.rag !== "green" && before.rag !== "green") {
    const action = lookups.actionOf.get(ind.id);
    atRisk = {
      projectId: p.id, projectTitle: p.title, provider: p.provider, indicatorId: ind.id, indicatorName: ind.name,
      previousQuarter: period.previous, previousRag: before.rag, previousAchievementPercent: before.achievementPercent,
      quarterRag: now.rag, quarterAchievementPercent: now.achievementPercent, comment: figure.comment,
      action: action ? { id: action.id, action: action.action, owner: action.owner, dueDate: action.due_date, version: Number(action.version) } : null,
    };
  }

  // Estimated costs avoided: the year's achieved outcomes at the linked unit cost, uprated to
  // the profile's year, less deadweight, attribution and optimism bias.
  let costAvoided: IndicatorFigures["costAvoided"] = null;
  const link = ctx.inputs.links.get(ind.id);
  if (link && ind.kind === "outcome" && ind.direction === "higher") {
    const uprated = upratedPence(link.unitCost.valuePence, link.unitCost.priceYear, period.year, ctx.inputs.rates, settings.uprating_default_percent);
    const outcomes = toDate?.actual ?? 0;
    const avoided = costAvoidedPence(outcomes, uprated, link);
    costAvoided = {
      pence: avoided,
      bearer: link.unitCost.bearer,
      use: {
        unitCostId: link.unitCost.id,
        cost: {
          code: link.unitCost.code, item: link.unitCost.item, valuePence: link.unitCost.valuePence, per: link.unitCost.per,
          priceYear: financialYearLabel(link.unitCost.priceYear), upratedValuePence: uprated, agency: link.unitCost.agency,
          bearer: link.unitCost.bearer, source: link.unitCost.source,
        },
        link: {
          projectTitle: p.title, indicatorName: ind.name, deadweightPercent: link.deadweightPercent, attributionPercent: link.attributionPercent,
          optimismBiasPercent: link.optimismBiasPercent, outcomes, costAvoidedPence: avoided,
        },
      },
    };
  }
  return { figure, rag: now?.rag ?? null, atRisk, costAvoided };
}

function recommendationOf(row: { recommendation: ProjectRecommendation; commentary: string; version: number } | undefined): ProfileProject["recommendation"] {
  return row ? { recommendation: row.recommendation, commentary: row.commentary, version: Number(row.version) } : null;
}

export function projectFigures(p: ProfileProjectRow, ctx: ProfileContext): ProjectFigures {
  const { period, lookups } = ctx;
  const approvedQuarters = period.countedQuarters.filter((q) => lookups.approvedReturn(p.id, q));
  const current = lookups.returnOf(p.id, period.quarter);
  const currentApproved = current?.status === "approved";
  const rag = { outputs: emptyCounts(), outcomes: emptyCounts(), spend: emptyCounts() };

  const indicators: ProfileIndicator[] = [];
  const atRisk: ProfileAtRisk[] = [];
  const unitCosts: UnitCostUse[] = [];
  const cost = { total: 0, council: 0, partners: 0, linked: 0 };
  for (const ind of lookups.indicatorsOf.get(p.id) ?? []) {
    const figures = indicatorFigures(p, ind, ctx, approvedQuarters, current);
    indicators.push(figures.figure);
    if (figures.rag) rag[ind.kind === "output" ? "outputs" : "outcomes"][figures.rag] += 1;
    if (figures.atRisk) atRisk.push(figures.atRisk);
    if (figures.costAvoided) {
      cost.linked += 1;
      cost.total += figures.costAvoided.pence;
      cost[figures.costAvoided.bearer === "council" ? "council" : "partners"] += figures.costAvoided.pence;
      unitCosts.push(figures.costAvoided.use);
    }
  }

  const spentIn = (q: string) => lookups.spendOf.get(lookups.approvedReturn(p.id, q)!.id) ?? 0;
  const ytdActualPence = approvedQuarters.reduce((sum, q) => sum + spentIn(q), 0);
  const ytdProfilePence = approvedQuarters.reduce((sum, q) => sum + (lookups.budgetOf.get(`${p.id}|${q}`) ?? 0), 0);
  const spendResult = approvedQuarters.length ? spendRag({ actualPence: ytdActualPence, profilePence: ytdProfilePence }, ctx.thresholds) : null;
  if (spendResult) rag.spend[spendResult.rag] += 1;
  const quarterReach = currentApproved ? lookups.reachOf.get(current!.id) : undefined;
  const yearReach = approvedQuarters.map((q) => lookups.reachOf.get(lookups.approvedReturn(p.id, q)!.id));
  const peopleReachedYear = yearReach.reduce((sum, r) => sum + (r?.fresh ?? 0), 0);
  const peopleReachedYearByBand: Partial<Record<AgeBand, number>> = {};
  for (const r of yearReach) {
    for (const [band, n] of Object.entries(r?.freshByBand ?? {}) as [AgeBand, number][]) peopleReachedYearByBand[band] = (peopleReachedYearByBand[band] ?? 0) + n;
  }
  const visit = lookups.latestVisit.get(p.id);
  const assessed = lookups.latestAssessment.get(p.id);

  const project: ProfileProject = {
    id: p.id,
    reference: p.reference,
    title: p.title,
    provider: p.provider,
    amountPence: Number(p.amount_pence),
    status: p.status,
    spend: {
      quarterActualPence: currentApproved ? lookups.spendOf.get(current!.id) ?? 0 : null,
      quarterProfilePence: lookups.budgetOf.get(`${p.id}|${period.quarter}`) ?? 0,
      ytdActualPence,
      ytdProfilePence,
      variancePercent: spendResult?.variancePercent ?? null,
      rag: spendResult?.rag ?? null,
    },
    outputs: column(indicators.filter((i) => i.kind === "output")),
    outcomes: column(indicators.filter((i) => i.kind === "outcome")),
    indicators,
    peopleReachedQuarter: quarterReach ? quarterReach.fresh + quarterReach.continuing : null,
    peopleReachedYear,
    peopleReachedYearByBand,
    visitGrade: visit ? Number(visit.overall_grade) : null,
    assessment: assessed ? { yearLabel: financialYearLabel(assessed.financial_year), rating: assessed.rating } : null,
    visitDate: visit?.visit_date ?? null,
    returnStatus: current?.status ?? null,
    pending: !!current && !currentApproved,
    countedTo: approvedQuarters.at(-1) ?? null,
    recommendation: recommendationOf(lookups.recommendationOf.get(p.id)),
    costAvoided: {
      totalPence: cost.total, councilPence: cost.council, partnersPence: cost.partners,
      perPound: cost.linked ? perPound(cost.total, ytdActualPence) : null,
      estimated: cost.linked > 0, countedProjects: cost.linked ? 1 : 0, countedSpentPence: cost.linked ? ytdActualPence : 0,
    },
  };

  project.overallRating = overallRating(project);

  const themeList = [...(lookups.themesOfProject.get(p.id) ?? []), ...(p.tender_id ? lookups.themesOfTender.get(p.tender_id) ?? [] : [])];
  const seen = new Set<string>();
  const themes = themeList.length ? themeList.filter((t) => !seen.has(t.id) && seen.add(t.id)) : [{ id: null, name: "No theme recorded" }];
  return { project, atRisk, rag, returns: returnsDue(p, ctx), unitCosts, themes };
}
