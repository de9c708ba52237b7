// One district's profile from its projects' rows: the headline (money, people, returns,
// RAG counts and estimated costs avoided), spend by quarter, the themes, the unit costs
// used, the chosen case studies and the context charts.
import { financialYearLabel, quarterMonths } from "~/lib/financial-year";
import { AGE_BANDS, type AgeBand } from "../../../db/schema";
import { CHILD_AGE_BANDS, POPULATION_INDICATOR_ID } from "../context/population";
import type {
  DistrictProfile, ProfileCaseStudy, ProfileContextSeries, ProfileTheme, ProfileUnitCost, RagCounts,
} from "~/profiles/types";
import { addCostsAvoided, emptyCounts, percentOf } from "./figures";
import type { ProfileContext, ProfileDistrictRow } from "./inputs.server";
import { projectFigures, type ProjectFigures } from "./project-figures.server";

const addCounts = (a: RagCounts, b: RagCounts): RagCounts => ({ green: a.green + b.green, amber: a.amber + b.amber, red: a.red + b.red });
const sum = (rows: readonly ProjectFigures[], pick: (f: ProjectFigures) => number): number => rows.reduce((total, f) => total + pick(f), 0);

/**
 * The children and young people reached this year against the latest population figure up to
 * the profile's quarter: per 10,000 and as a share. Null without a population figure.
 */
function populationReach(context: readonly ProfileContextSeries[], reachByAgeBand: readonly { band: AgeBand; people: number }[]) {
  const series = context.find((s) => s.indicatorId === POPULATION_INDICATOR_ID);
  const latest = series ? [...series.points].reverse().find((p) => p.value !== null && p.value > 0) : undefined;
  if (!latest) return null;
  const population = latest.value!;
  const childrenReached = reachByAgeBand.filter((b) => CHILD_AGE_BANDS.includes(b.band)).reduce((total, b) => total + b.people, 0);
  return { population, asAt: latest.quarter, childrenReached, per10000: (childrenReached / population) * 10_000, sharePercent: (childrenReached / population) * 100 };
}

function commentaryOf(row: { commentary: string; version: number } | undefined): DistrictProfile["commentary"] {
  return row ? { text: row.commentary, version: Number(row.version) } : null;
}

/** Costs avoided by the service each unit cost belongs to (its agency), largest first, with the council's and partners' shares. */
function costAvoidedByCategory(unitCosts: readonly ProfileUnitCost[]) {
  const byCategory = new Map<string, { category: string; totalPence: number; councilPence: number; partnersPence: number }>();
  for (const cost of unitCosts) {
    const pence = cost.links.reduce((total, l) => total + l.costAvoidedPence, 0);
    const category = cost.agency.charAt(0).toUpperCase() + cost.agency.slice(1);
    const row = byCategory.get(category) ?? { category, totalPence: 0, councilPence: 0, partnersPence: 0 };
    row.totalPence += pence;
    if (cost.bearer === "council") row.councilPence += pence;
    else row.partnersPence += pence;
    byCategory.set(category, row);
  }
  return [...byCategory.values()].sort((a, b) => b.totalPence - a.totalPence || a.category.localeCompare(b.category));
}

/** Each theme's projects, spend and people reached; a project with several themes counts under each. */
function themeTotals(rows: readonly ProjectFigures[]): ProfileTheme[] {
  const totals = new Map<string, ProfileTheme>();
  for (const { project, themes } of rows) {
    for (const t of themes) {
      const key = t.id ?? "";
      const total = totals.get(key) ?? { themeId: t.id, name: t.name, projects: 0, spentPence: 0, peopleReached: 0 };
      total.projects += 1;
      total.spentPence += project.spend.ytdActualPence;
      total.peopleReached += project.peopleReachedYear;
      totals.set(key, total);
    }
  }
  return [...totals.values()].sort((a, b) => (a.themeId === null ? 1 : b.themeId === null ? -1 : a.name.localeCompare(b.name)));
}

/** The unit costs the district's outcomes were counted against, by code, each with its links. */
function unitCostsUsed(rows: readonly ProjectFigures[]): ProfileUnitCost[] {
  const units = new Map<string, ProfileUnitCost>();
  for (const use of rows.flatMap((f) => f.unitCosts)) {
    const unit = units.get(use.unitCostId) ?? { ...use.cost, links: [] };
    unit.links.push(use.link);
    units.set(use.unitCostId, unit);
  }
  return [...units.values()].sort((a, b) => a.code.localeCompare(b.code));
}

function caseStudiesOf(districtId: string, ctx: ProfileContext): ProfileCaseStudy[] {
  const { chosen, caseThemes, caseIndicators } = ctx.inputs;
  return chosen
    .filter((c) => c.district_id === districtId)
    .slice(0, 2)
    .map((c) => ({
      id: c.id, title: c.title, story: c.story, projectTitle: c.project_title, provider: c.provider, quarter: c.quarter,
      themes: caseThemes.filter((t) => t.case_study_id === c.id).map((t) => t.name),
      indicators: caseIndicators.filter((t) => t.case_study_id === c.id).map((t) => t.name),
    }));
}

export function districtProfile(district: ProfileDistrictRow, ctx: ProfileContext, generatedAt: string): DistrictProfile {
  const { period, lookups, settings, inputs } = ctx;
  const projects = lookups.projectsOf.get(district.id) ?? [];
  const rows = projects.map((p) => projectFigures(p, ctx));
  const spentPence = lookups.ledgerOf(district.id, "spend");
  const committedPence = lookups.ledgerOf(district.id, "commitment");
  const returnsDue = sum(rows, (f) => f.returns.due);
  const returnsOnTime = sum(rows, (f) => f.returns.onTime);
  const spendByQuarter = period.yearQuarters.map((q, i) => ({
    quarter: q,
    profilePence: projects.reduce((total, p) => total + (lookups.budgetOf.get(`${p.id}|${q}`) ?? 0), 0),
    actualPence: i < period.fq.quarter
      ? projects.reduce((total, p) => {
          const r = lookups.approvedReturn(p.id, q);
          return total + (r ? lookups.spendOf.get(r.id) ?? 0 : 0);
        }, 0)
      : null,
  }));

  const peopleReachedYear = sum(rows, (f) => f.project.peopleReachedYear);
  const unitCosts = unitCostsUsed(rows);
  const reachByAgeBand = AGE_BANDS.map((band) => ({ band, people: sum(rows, (f) => f.project.peopleReachedYearByBand?.[band] ?? 0) }));
  return {
    councilName: settings.council_name,
    programmeName: settings.programme_name,
    district: { id: district.id, name: district.name, partnershipName: district.partnership_name },
    quarter: period.quarter,
    quarterMonths: quarterMonths(period.fq),
    financialYear: period.year,
    financialYearLabel: financialYearLabel(period.year),
    generatedAt,
    asOf: ctx.asOf,
    thresholds: ctx.thresholds,
    upratingDefaultPercent: settings.uprating_default_percent,
    headline: {
      allocatedPence: lookups.allocatedOf(district.id),
      committedPence,
      spentPence,
      byFundingStream: lookups.streamsOf(district.id).map((s) => ({
        streamId: s.id, name: s.name, allocatedPence: lookups.allocatedOf(district.id, s.id),
        committedPence: lookups.ledgerOf(district.id, "commitment", s.id), spentPence: lookups.ledgerOf(district.id, "spend", s.id),
      })),
      spentPercentOfCommitted: percentOf(spentPence, committedPence),
      // Live in the quarter: running over its dates, and not stopped early. A project completed
      // since was live then (so an older quarter of the trend counts it too).
      projectsLive: projects.filter((p) => (p.status === "active" || p.status === "completed") && p.start_date <= period.quarterEnd && p.end_date >= period.quarterStart).length,
      peopleReachedQuarter: sum(rows, (f) => f.project.peopleReachedQuarter ?? 0),
      peopleReachedYear,
      reachByAgeBand,
      populationReach: populationReach(inputs.contextSeries.get(district.id) ?? [], reachByAgeBand),
      costPerPersonPence: peopleReachedYear > 0 ? Math.round(spentPence / peopleReachedYear) : null,
      returnsDue,
      returnsOnTime,
      onTimePercent: percentOf(returnsOnTime, returnsDue),
      returnsOutstanding: sum(rows, (f) => f.returns.outstanding),
      returnsAwaitingApproval: sum(rows, (f) => f.returns.awaiting),
      costAvoided: addCostsAvoided(rows.map((f) => f.project.costAvoided)),
      costAvoidedByCategory: costAvoidedByCategory(unitCosts),
      rag: {
        outputs: rows.reduce((c, f) => addCounts(c, f.rag.outputs), emptyCounts()),
        outcomes: rows.reduce((c, f) => addCounts(c, f.rag.outcomes), emptyCounts()),
        spend: rows.reduce((c, f) => addCounts(c, f.rag.spend), emptyCounts()),
      },
    },
    spendByQuarter,
    projects: rows.map((f) => f.project),
    atRisk: rows.flatMap((f) => f.atRisk),
    // The population is what reach is measured against (populationReach), not a trend to chart.
    context: (inputs.contextSeries.get(district.id) ?? []).filter((s) => s.indicatorId !== POPULATION_INDICATOR_ID),
    caseStudies: caseStudiesOf(district.id, ctx),
    themes: themeTotals(rows),
    unitCosts,
    contactEmail: settings.support_email,
    commentary: commentaryOf(lookups.commentaryOf.get(district.id)),
  };
}
