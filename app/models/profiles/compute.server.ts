// The district performance profile: every figure worked out once, here, for one quarter and
// any set of districts. The web page, the PDF, the CSV, the XLSX and the county view all
// render what this returns; none of them computes a figure of its own.
//
// Rules (see ../shared/PROFILE.md and the notes printed with every profile):
// - Only approved returns count. A quarter whose return is not approved is marked pending;
//   its figures and its targets stay out of the year to date until it is approved.
// - A column of the projects table (outputs, outcomes) is its weakest indicator, so one
//   shortfall is never averaged away by another indicator's success.
// - Estimated costs avoided count an outcome indicator's achieved outcomes (year to date) at
//   its linked unit cost, uprated to the profile's year, less deadweight, attribution and
//   optimism bias; the ratio is over the year's approved spend.
//
// Every query is scoped to the districts asked for and runs once for all of them, so one
// district costs one district's rows and the county costs twelve, never a query per row.
import { getDb, type Executor } from "../../../db/client";
import type { ReturnStatus } from "../../../db/schema";
import {
  financialYearDates, financialYearLabel, parseQuarterLabel, previousQuarter, quarterDates, quarterLabel, quarterMonths, type FinancialQuarter,
} from "~/lib/financial-year";
import { figuresToDate, indicatorRag, ragThresholds, spendRag, type QuarterFigure, type Rag } from "../projects/rag.server";
import { getSettings } from "../admin/settings.server";
import type { SignedInUser } from "../accounts/users.server";
import { forbidden, notFound, requireUser } from "~/http/guards.server";
import { ukToday } from "~/lib/dates";
import { nowIso } from "~/lib/ids.server";
import { countyDownload, profileDownload, type ProfileFormat } from "~/profiles/downloads.server";
import type {
  CountyRow, CountySummary, DistrictProfile, ProfileAtRisk, ProfileCaseStudy, ProfileColumn, ProfileCostAvoided,
  ProfileIndicator, ProfileProject, ProfileTheme, ProfileUnitCost, RagCounts, Trend,
} from "~/profiles/types";
import { FieldError } from "~/models/errors";
import { can, type Permission } from "~/policies/index";
import { RETURN_WITH_PROVIDER, RETURN_AWAITING_REVIEW } from "~/models/statuses";
import { contextQuarterFrom, lastQuarters, quarterChoices } from "~/models/context/quarters";
import { getContextSeries } from "~/models/context/grid.server";
import { costAvoidedPence, getUpratingRates, upratedPence } from "~/models/unit-costs/uprating.server";
import { getIndicatorCostLinks } from "~/models/unit-costs/links.server";

export interface ProfileOptions {
  quarter: string;
  /** ISO date the profile is as at: returns due by then count as due. */
  asOf: string;
  /** ISO date-time stamped on the profile. */
  now: string;
}

/** The quarters a profile can be asked for: the latest that has ended and the seven before, newest first. */
export const profileQuarters = (today: string): string[] => quarterChoices(today, 8);

/** ?quarter= when it is a quarter that has ended, else the latest that has. */
export const quarterFromUrl = (url: URL, today: string): string => contextQuarterFrom(url.searchParams.get("quarter"), today);

const RAG_ORDER: Record<Rag, number> = { red: 0, amber: 1, green: 2 };
const emptyCounts = (): RagCounts => ({ green: 0, amber: 0, red: 0 });
const percentOf = (part: number, whole: number): number | null => (whole > 0 ? (part / whole) * 100 : null);
/** Pounds avoided per pound spent, to 2 dp, so every rendering shows the same figure. */
const perPound = (avoidedPence: number, spentPence: number): number | null =>
  spentPence > 0 ? Math.round((avoidedPence / spentPence) * 100) / 100 : null;

function trendOf(current: number | null, previous: number | null): Trend {
  if (current === null || previous === null) return null;
  const diff = Math.round(current * 10) - Math.round(previous * 10);
  return diff > 0 ? "up" : diff < 0 ? "down" : "same";
}

/** The weakest figure speaks for the column: worst RAG, then lowest achievement. */
function weakest<T extends { rag: Rag | null; percent: number | null }>(figures: readonly T[]): T | null {
  let worst: T | null = null;
  for (const f of figures) {
    if (f.rag === null) continue;
    if (
      worst === null ||
      RAG_ORDER[f.rag] < RAG_ORDER[worst.rag!] ||
      (RAG_ORDER[f.rag] === RAG_ORDER[worst.rag!] && (f.percent ?? Infinity) < (worst.percent ?? Infinity))
    ) {
      worst = f;
    }
  }
  return worst;
}

function column(indicators: readonly ProfileIndicator[]): ProfileColumn {
  const quarter = weakest(indicators.map((i) => ({ id: i.id, rag: i.quarterRag, percent: i.quarterAchievementPercent, trend: i.trend })));
  const ytd = weakest(indicators.map((i) => ({ rag: i.ytdRag, percent: i.ytdAchievementPercent })));
  return {
    indicatorCount: indicators.length,
    quarterAchievementPercent: quarter?.percent ?? null,
    quarterRag: quarter?.rag ?? null,
    ytdAchievementPercent: ytd?.percent ?? null,
    ytdRag: ytd?.rag ?? null,
    trend: quarter?.trend ?? null,
  };
}

function parseTargets(json: string): Record<string, number> {
  try {
    const parsed = JSON.parse(json) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(parsed).filter(([, v]) => typeof v === "number" && Number.isFinite(v))) as Record<string, number>;
  } catch {
    return {};
  }
}


/**
 * The profiles of the given districts for one quarter, keyed by district id. Unknown
 * district ids are left out.
 */
export async function computeProfiles(db: Executor, districtIds: readonly string[], options: ProfileOptions): Promise<Map<string, DistrictProfile>> {
  const fq = parseQuarterLabel(options.quarter);
  if (!fq) throw new FieldError("quarter", `"${options.quarter}" is not a quarter like 2026-27 Q2`);
  const out = new Map<string, DistrictProfile>();
  if (districtIds.length === 0) return out;

  const quarter = quarterLabel(fq);
  const prev = previousQuarter(fq);
  const prevLabel = quarterLabel(prev);
  const fy = fq.year;
  const yearQuarters = [1, 2, 3, 4].map((n) => quarterLabel({ year: fy, quarter: n as FinancialQuarter["quarter"] }));
  const countedQuarters = yearQuarters.slice(0, fq.quarter);
  const { start: quarterStart, end: quarterEnd } = quarterDates(fq);
  const { start: yearStart } = financialYearDates(fy);
  const contextQuarters = lastQuarters(quarter, 8);
  const wantedQuarters = [...new Set([...yearQuarters, prevLabel])];

  const [settings, districts, projects, allocations, ledger, contextSeries, rates, chosen] = await Promise.all([
    getSettings(db),
    db.selectFrom("districts").select(["id", "name", "partnership_name"]).where("id", "in", districtIds).execute(),
    db
      .selectFrom("projects")
      .innerJoin("organisations", "organisations.id", "projects.organisation_id")
      .select([
        "projects.id", "projects.reference", "projects.title", "projects.district_id", "projects.amount_pence", "projects.status",
        "projects.start_date", "projects.end_date", "projects.tender_id", "organisations.name as provider",
      ])
      .where("projects.district_id", "in", districtIds)
      .where("projects.start_date", "<=", quarterEnd)
      .where("projects.end_date", ">=", yearStart)
      .orderBy("organisations.name")
      .orderBy("projects.title")
      .execute(),
    db
      .selectFrom("allocations")
      .select(["district_id", (eb) => eb.fn.sum<number>("amount_pence").as("total")])
      .where("district_id", "in", districtIds)
      .where("financial_year", "=", fy)
      .groupBy("district_id")
      .execute(),
    // Committed this year; spent this year up to and including the profile's quarter (spend
    // is posted to the ledger when a return is approved, so it carries the return's quarter).
    db
      .selectFrom("ledger_entries")
      .leftJoin("returns", (join) => join.onRef("returns.id", "=", "ledger_entries.source_id").on("ledger_entries.source_type", "=", "return"))
      .select(["ledger_entries.district_id", "ledger_entries.kind", (eb) => eb.fn.sum<number>("ledger_entries.amount_pence").as("total")])
      .where("ledger_entries.district_id", "in", districtIds)
      .where("ledger_entries.financial_year", "=", fy)
      .where((eb) => eb.or([eb("ledger_entries.kind", "=", "commitment"), eb("returns.quarter", "in", countedQuarters), eb("returns.id", "is", null)]))
      .groupBy(["ledger_entries.district_id", "ledger_entries.kind"])
      .execute(),
    getContextSeries(db, districtIds, contextQuarters),
    getUpratingRates(db),
    db
      .selectFrom("profile_case_studies")
      .innerJoin("case_studies", "case_studies.id", "profile_case_studies.case_study_id")
      .innerJoin("returns", "returns.id", "case_studies.return_id")
      .innerJoin("projects", "projects.id", "returns.project_id")
      .innerJoin("organisations", "organisations.id", "projects.organisation_id")
      .select([
        "profile_case_studies.district_id", "profile_case_studies.position", "case_studies.id", "case_studies.title", "case_studies.story",
        "returns.quarter", "projects.title as project_title", "organisations.name as provider",
      ])
      .where("profile_case_studies.district_id", "in", districtIds)
      .where("profile_case_studies.quarter", "=", quarter)
      .where("returns.status", "=", "approved")
      .whereRef("projects.district_id", "=", "profile_case_studies.district_id")
      .orderBy("profile_case_studies.position")
      .execute(),
  ]);

  const projectIds = projects.map((p) => p.id);
  const tenderIds = [...new Set(projects.map((p) => p.tender_id).filter((t): t is string => t !== null))];
  const chosenIds = chosen.map((c) => c.id);
  const none = [""]; // an `in` list may not be empty
  const [indicators, returns, budget, visits, projectThemes, tenderThemes, caseThemes, caseIndicators] = await Promise.all([
    db.selectFrom("project_indicators").selectAll().where("project_id", "in", projectIds.length ? projectIds : none).orderBy("project_id").orderBy("position").execute(),
    db
      .selectFrom("returns")
      .select(["id", "project_id", "quarter", "quarter_number", "financial_year", "status", "late", "due_date", "first_submitted_at"])
      .where("project_id", "in", projectIds.length ? projectIds : none)
      .where("quarter", "in", wantedQuarters)
      .execute(),
    db
      .selectFrom("project_budget_lines")
      .select(["project_id", "quarter", (eb) => eb.fn.sum<number>("amount_pence").as("total")])
      .where("project_id", "in", projectIds.length ? projectIds : none)
      .where("quarter", "in", yearQuarters)
      .groupBy(["project_id", "quarter"])
      .execute(),
    db
      .selectFrom("monitoring_visits")
      .select(["project_id", "visit_date", "overall_grade", "created_at"])
      .where("project_id", "in", projectIds.length ? projectIds : none)
      .where("visit_date", "<=", options.asOf)
      .execute(),
    db
      .selectFrom("project_themes")
      .innerJoin("themes", "themes.id", "project_themes.theme_id")
      .select(["project_themes.project_id", "themes.id", "themes.name"])
      .where("project_themes.project_id", "in", projectIds.length ? projectIds : none)
      .execute(),
    db
      .selectFrom("tender_themes")
      .innerJoin("themes", "themes.id", "tender_themes.theme_id")
      .select(["tender_themes.tender_id", "themes.id", "themes.name"])
      .where("tender_themes.tender_id", "in", tenderIds.length ? tenderIds : none)
      .execute(),
    db
      .selectFrom("case_study_themes")
      .innerJoin("themes", "themes.id", "case_study_themes.theme_id")
      .select(["case_study_themes.case_study_id", "themes.name"])
      .where("case_study_themes.case_study_id", "in", chosenIds.length ? chosenIds : none)
      .orderBy("themes.name")
      .execute(),
    db
      .selectFrom("case_study_indicators")
      .innerJoin("project_indicators", "project_indicators.id", "case_study_indicators.indicator_id")
      .select(["case_study_indicators.case_study_id", "project_indicators.name"])
      .where("case_study_indicators.case_study_id", "in", chosenIds.length ? chosenIds : none)
      .orderBy("project_indicators.position")
      .execute(),
  ]);

  const approvedIds = returns.filter((r) => r.status === "approved").map((r) => r.id);
  const indicatorIds = indicators.map((i) => i.id);
  const [values, spend, reach, links, actions] = await Promise.all([
    db
      .selectFrom("return_indicator_values")
      .select(["return_id", "indicator_id", "actual", "comment"])
      .where("return_id", "in", approvedIds.length ? approvedIds : none)
      .execute(),
    db
      .selectFrom("return_spend")
      .select(["return_id", (eb) => eb.fn.sum<number>("amount_pence").as("total")])
      .where("return_id", "in", approvedIds.length ? approvedIds : none)
      .groupBy("return_id")
      .execute(),
    db
      .selectFrom("return_beneficiaries")
      .select([
        "return_id",
        (eb) => eb.fn.sum<number>("new_count").as("fresh"),
        (eb) => eb.fn.sum<number>("continuing_count").as("continuing"),
      ])
      .where("return_id", "in", approvedIds.length ? approvedIds : none)
      .groupBy("return_id")
      .execute(),
    getIndicatorCostLinks(db, indicators.filter((i) => i.kind === "outcome").map((i) => i.id)),
    db
      .selectFrom("profile_actions")
      .select(["id", "indicator_id", "action", "owner", "due_date", "version"])
      .where("indicator_id", "in", indicatorIds.length ? indicatorIds : none)
      .where("quarter", "=", quarter)
      .execute(),
  ]);

  // Lookups, built once.
  const returnOf = new Map(returns.map((r) => [`${r.project_id}|${r.quarter}`, r]));
  const approvedReturn = (projectId: string, q: string) => {
    const r = returnOf.get(`${projectId}|${q}`);
    return r && r.status === "approved" ? r : undefined;
  };
  const valueOf = new Map(values.map((v) => [`${v.return_id}|${v.indicator_id}`, v]));
  const spendOf = new Map(spend.map((s) => [s.return_id, Number(s.total ?? 0)]));
  const reachOf = new Map(reach.map((r) => [r.return_id, { fresh: Number(r.fresh ?? 0), continuing: Number(r.continuing ?? 0) }]));
  const budgetOf = new Map(budget.map((b) => [`${b.project_id}|${b.quarter}`, Number(b.total ?? 0)]));
  const actionOf = new Map(actions.map((a) => [a.indicator_id, a]));
  const indicatorsOf = groupBy(indicators, (i) => i.project_id);
  const latestVisit = new Map<string, { visit_date: string; overall_grade: number; created_at: string }>();
  for (const v of visits) {
    const seen = latestVisit.get(v.project_id);
    if (!seen || v.visit_date > seen.visit_date || (v.visit_date === seen.visit_date && v.created_at > seen.created_at)) latestVisit.set(v.project_id, v);
  }
  const themesOfTender = groupBy(tenderThemes, (t) => t.tender_id);
  const themesOfProject = groupBy(projectThemes, (t) => t.project_id);
  const thresholds = ragThresholds(settings);
  const reportingYear = fy;

  type Unit = { cost: ProfileUnitCost; bearer: "council" | "partners" };
  const unitsByDistrict = new Map<string, Map<string, Unit>>();

  const projectsByDistrict = groupBy(projects, (p) => p.district_id);
  const ledgerOf = (districtId: string, kind: "commitment" | "spend") =>
    Number(ledger.find((l) => l.district_id === districtId && l.kind === kind)?.total ?? 0);

  for (const district of districts) {
    const units = new Map<string, Unit>();
    unitsByDistrict.set(district.id, units);
    const profileProjects: ProfileProject[] = [];
    const atRisk: ProfileAtRisk[] = [];
    const rag = { outputs: emptyCounts(), outcomes: emptyCounts(), spend: emptyCounts() };
    const themeTotals = new Map<string, ProfileTheme>();
    let returnsDue = 0;
    let returnsOnTime = 0;
    let returnsOutstanding = 0;
    let returnsAwaiting = 0;

    for (const p of projectsByDistrict.get(district.id) ?? []) {
      const approvedQuarters = countedQuarters.filter((q) => approvedReturn(p.id, q));
      const countedTo = approvedQuarters.at(-1) ?? null;
      const current = returnOf.get(`${p.id}|${quarter}`);
      const currentApproved = current?.status === "approved";

      for (const q of countedQuarters) {
        const r = returnOf.get(`${p.id}|${q}`);
        if (!r) continue;
        const due = r.due_date <= options.asOf || r.first_submitted_at !== null;
        if (!due) continue;
        returnsDue += 1;
        if (r.first_submitted_at !== null && r.late === 0) returnsOnTime += 1;
        if (RETURN_WITH_PROVIDER.includes(r.status)) returnsOutstanding += 1;
        if (RETURN_AWAITING_REVIEW.includes(r.status)) returnsAwaiting += 1;
      }

      const profileIndicators: ProfileIndicator[] = [];
      let costTotal = 0;
      let costCouncil = 0;
      let costPartners = 0;
      for (const ind of indicatorsOf.get(p.id) ?? []) {
        const targets = parseTargets(ind.targets_json);
        const actualIn = (q: string): number | null => {
          const r = approvedReturn(p.id, q);
          if (!r) return null;
          const v = valueOf.get(`${r.id}|${ind.id}`);
          return v ? Number(v.actual) : null;
        };
        const figureFor = (q: string) => {
          const actual = actualIn(q);
          const target = targets[q];
          if (actual === null || target === undefined) return null;
          return indicatorRag({ actual, target, direction: ind.direction }, thresholds);
        };
        const now = figureFor(quarter);
        const before = figureFor(prevLabel);
        const series: QuarterFigure[] = approvedQuarters
          .filter((q) => targets[q] !== undefined && actualIn(q) !== null)
          .map((q) => ({ quarter: q, actual: actualIn(q), target: targets[q] }));
        const toDate = series.length ? figuresToDate(ind.measure, series, series[series.length - 1].quarter) : null;
        const ytd = toDate ? indicatorRag({ actual: toDate.actual, target: toDate.target, direction: ind.direction }, thresholds) : null;
        const currentValue = currentApproved ? valueOf.get(`${current!.id}|${ind.id}`) : undefined;
        const figure: ProfileIndicator = {
          id: ind.id,
          kind: ind.kind,
          name: ind.name,
          unit: ind.unit,
          measure: ind.measure,
          direction: ind.direction,
          quarterActual: actualIn(quarter),
          quarterTarget: targets[quarter] ?? null,
          quarterAchievementPercent: now?.achievementPercent ?? null,
          quarterRag: now?.rag ?? null,
          ytdActual: toDate?.actual ?? 0,
          ytdTarget: toDate?.target ?? 0,
          ytdAchievementPercent: ytd?.achievementPercent ?? null,
          ytdRag: ytd?.rag ?? null,
          trend: trendOf(now?.achievementPercent ?? null, before?.achievementPercent ?? null),
          comment: currentValue?.comment ?? null,
        };
        profileIndicators.push(figure);
        if (now) rag[ind.kind === "output" ? "outputs" : "outcomes"][now.rag] += 1;

        if (now && before && now.rag !== "green" && before.rag !== "green") {
          const action = actionOf.get(ind.id);
          atRisk.push({
            projectId: p.id, projectTitle: p.title, provider: p.provider, indicatorId: ind.id, indicatorName: ind.name,
            previousQuarter: prevLabel, previousRag: before.rag, previousAchievementPercent: before.achievementPercent,
            quarterRag: now.rag, quarterAchievementPercent: now.achievementPercent, comment: figure.comment,
            action: action ? { id: action.id, action: action.action, owner: action.owner, dueDate: action.due_date, version: Number(action.version) } : null,
          });
        }

        const link = links.get(ind.id);
        if (link && ind.kind === "outcome" && ind.direction === "higher") {
          const uprated = upratedPence(link.unitCost.valuePence, link.unitCost.priceYear, reportingYear, rates, settings.uprating_default_percent);
          const outcomes = toDate?.actual ?? 0;
          const avoided = costAvoidedPence(outcomes, uprated, link);
          costTotal += avoided;
          if (link.unitCost.bearer === "council") costCouncil += avoided;
          else costPartners += avoided;
          let unit = units.get(link.unitCost.id);
          if (!unit) {
            unit = {
              bearer: link.unitCost.bearer,
              cost: {
                code: link.unitCost.code, item: link.unitCost.item, valuePence: link.unitCost.valuePence, per: link.unitCost.per,
                priceYear: financialYearLabel(link.unitCost.priceYear), upratedValuePence: uprated, agency: link.unitCost.agency,
                bearer: link.unitCost.bearer, source: link.unitCost.source, links: [],
              },
            };
            units.set(link.unitCost.id, unit);
          }
          unit.cost.links.push({
            projectTitle: p.title, indicatorName: ind.name, deadweightPercent: link.deadweightPercent, attributionPercent: link.attributionPercent,
            optimismBiasPercent: link.optimismBiasPercent, outcomes, costAvoidedPence: avoided,
          });
        }
      }

      const ytdActualPence = approvedQuarters.reduce((sum, q) => sum + (spendOf.get(approvedReturn(p.id, q)!.id) ?? 0), 0);
      const ytdProfilePence = approvedQuarters.reduce((sum, q) => sum + (budgetOf.get(`${p.id}|${q}`) ?? 0), 0);
      const spendResult = approvedQuarters.length ? spendRag({ actualPence: ytdActualPence, profilePence: ytdProfilePence }, thresholds) : null;
      if (spendResult) rag.spend[spendResult.rag] += 1;
      const quarterReach = currentApproved ? reachOf.get(current!.id) : undefined;
      const peopleReachedYear = approvedQuarters.reduce((sum, q) => sum + (reachOf.get(approvedReturn(p.id, q)!.id)?.fresh ?? 0), 0);
      const visit = latestVisit.get(p.id);

      const outputs = profileIndicators.filter((i) => i.kind === "output");
      const outcomes = profileIndicators.filter((i) => i.kind === "outcome");
      const project: ProfileProject = {
        id: p.id,
        reference: p.reference,
        title: p.title,
        provider: p.provider,
        amountPence: Number(p.amount_pence),
        status: p.status,
        spend: {
          quarterActualPence: currentApproved ? spendOf.get(current!.id) ?? 0 : null,
          quarterProfilePence: budgetOf.get(`${p.id}|${quarter}`) ?? 0,
          ytdActualPence,
          ytdProfilePence,
          variancePercent: spendResult?.variancePercent ?? null,
          rag: spendResult?.rag ?? null,
        },
        outputs: column(outputs),
        outcomes: column(outcomes),
        indicators: profileIndicators,
        peopleReachedQuarter: quarterReach ? quarterReach.fresh + quarterReach.continuing : null,
        peopleReachedYear,
        visitGrade: visit ? Number(visit.overall_grade) : null,
        visitDate: visit?.visit_date ?? null,
        returnStatus: current?.status ?? null,
        pending: !!current && !currentApproved,
        countedTo,
        costAvoided: { totalPence: costTotal, councilPence: costCouncil, partnersPence: costPartners, perPound: perPound(costTotal, ytdActualPence) },
      };
      profileProjects.push(project);

      const themeList = [...(themesOfProject.get(p.id) ?? []), ...(p.tender_id ? themesOfTender.get(p.tender_id) ?? [] : [])];
      const seenThemes = new Set<string>();
      const keys = themeList.length ? themeList.filter((t) => !seenThemes.has(t.id) && seenThemes.add(t.id)) : [{ id: null, name: "No theme recorded" }];
      for (const t of keys) {
        const key = t.id ?? "";
        const total = themeTotals.get(key) ?? { themeId: t.id, name: t.name, projects: 0, spentPence: 0, peopleReached: 0 };
        total.projects += 1;
        total.spentPence += ytdActualPence;
        total.peopleReached += peopleReachedYear;
        themeTotals.set(key, total);
      }
    }

    const spentPence = ledgerOf(district.id, "spend");
    const committedPence = ledgerOf(district.id, "commitment");
    const costAvoided: ProfileCostAvoided = profileProjects.reduce(
      (sum, p) => ({
        totalPence: sum.totalPence + p.costAvoided.totalPence,
        councilPence: sum.councilPence + p.costAvoided.councilPence,
        partnersPence: sum.partnersPence + p.costAvoided.partnersPence,
        perPound: null,
      }),
      { totalPence: 0, councilPence: 0, partnersPence: 0, perPound: null } as ProfileCostAvoided,
    );
    costAvoided.perPound = perPound(costAvoided.totalPence, spentPence);

    const districtProjects = projectsByDistrict.get(district.id) ?? [];
    const spendByQuarter = yearQuarters.map((q, i) => ({
      quarter: q,
      profilePence: districtProjects.reduce((sum, p) => sum + (budgetOf.get(`${p.id}|${q}`) ?? 0), 0),
      actualPence: i < fq.quarter
        ? districtProjects.reduce((sum, p) => {
            const r = approvedReturn(p.id, q);
            return sum + (r ? spendOf.get(r.id) ?? 0 : 0);
          }, 0)
        : null,
    }));

    const caseStudies: ProfileCaseStudy[] = chosen
      .filter((c) => c.district_id === district.id)
      .slice(0, 2)
      .map((c) => ({
        id: c.id, title: c.title, story: c.story, projectTitle: c.project_title, provider: c.provider, quarter: c.quarter,
        themes: caseThemes.filter((t) => t.case_study_id === c.id).map((t) => t.name),
        indicators: caseIndicators.filter((t) => t.case_study_id === c.id).map((t) => t.name),
      }));

    out.set(district.id, {
      councilName: settings.council_name,
      programmeName: settings.programme_name,
      district: { id: district.id, name: district.name, partnershipName: district.partnership_name },
      quarter,
      quarterMonths: quarterMonths(fq),
      financialYear: fy,
      financialYearLabel: financialYearLabel(fy),
      generatedAt: options.now,
      asOf: options.asOf,
      thresholds,
      upratingDefaultPercent: settings.uprating_default_percent,
      headline: {
        allocatedPence: Number(allocations.find((a) => a.district_id === district.id)?.total ?? 0),
        committedPence,
        spentPence,
        spentPercentOfCommitted: percentOf(spentPence, committedPence),
        projectsLive: districtProjects.filter((p) => p.status === "active" && p.start_date <= quarterEnd && p.end_date >= quarterStart).length,
        peopleReachedQuarter: profileProjects.reduce((sum, p) => sum + (p.peopleReachedQuarter ?? 0), 0),
        peopleReachedYear: profileProjects.reduce((sum, p) => sum + p.peopleReachedYear, 0),
        returnsDue,
        returnsOnTime,
        onTimePercent: percentOf(returnsOnTime, returnsDue),
        returnsOutstanding,
        returnsAwaitingApproval: returnsAwaiting,
        costAvoided,
        rag,
      },
      spendByQuarter,
      projects: profileProjects,
      atRisk,
      context: contextSeries.get(district.id) ?? [],
      caseStudies,
      themes: [...themeTotals.values()].sort((a, b) => (a.themeId === null ? 1 : b.themeId === null ? -1 : a.name.localeCompare(b.name))),
      unitCosts: [...units.values()].map((u) => u.cost).sort((a, b) => a.code.localeCompare(b.code)),
      contactEmail: settings.support_email,
    });
  }
  return out;
}

export async function computeProfile(db: Executor, districtId: string, options: ProfileOptions): Promise<DistrictProfile | null> {
  return (await computeProfiles(db, [districtId], options)).get(districtId) ?? null;
}

/** The county side by side: every district's headline, and the county's totals. */
export async function computeCountySummary(
  db: Executor,
  options: ProfileOptions & { districtIds?: readonly string[]; sort?: CountySort; dir?: "asc" | "desc" },
): Promise<{ summary: CountySummary; profiles: DistrictProfile[] }> {
  let districtQuery = db.selectFrom("districts").select(["id"]).orderBy("name");
  if (options.districtIds) districtQuery = districtQuery.where("id", "in", options.districtIds.length ? options.districtIds : [""]);
  const districts = await districtQuery.execute();
  const profiles = await computeProfiles(db, districts.map((d) => d.id), options);
  const editions = await db
    .selectFrom("published_profiles")
    .select(["district_id", (eb) => eb.fn.max<number>("edition").as("edition")])
    .where("quarter", "=", options.quarter)
    .groupBy("district_id")
    .execute();
  const editionOf = new Map(editions.map((e) => [e.district_id, Number(e.edition)]));
  const list = districts.map((d) => profiles.get(d.id)).filter((p): p is DistrictProfile => !!p);
  const rows: CountyRow[] = list.map((p) => ({
    districtId: p.district.id,
    districtName: p.district.name,
    allocatedPence: p.headline.allocatedPence,
    committedPence: p.headline.committedPence,
    spentPence: p.headline.spentPence,
    peopleReachedYear: p.headline.peopleReachedYear,
    projectsLive: p.headline.projectsLive,
    rag: p.headline.rag,
    returnsDue: p.headline.returnsDue,
    returnsOnTime: p.headline.returnsOnTime,
    onTimePercent: p.headline.onTimePercent,
    costAvoided: p.headline.costAvoided,
    publishedEdition: editionOf.get(p.district.id) ?? null,
  }));
  sortCountyRows(rows, options.sort ?? "district", options.dir ?? "asc");
  const sumCounts = (pick: (r: CountyRow) => RagCounts): RagCounts =>
    rows.reduce((s, r) => ({ green: s.green + pick(r).green, amber: s.amber + pick(r).amber, red: s.red + pick(r).red }), emptyCounts());
  const total = (pick: (r: CountyRow) => number) => rows.reduce((s, r) => s + pick(r), 0);
  const spentPence = total((r) => r.spentPence);
  const avoided = total((r) => r.costAvoided.totalPence);
  const fq = parseQuarterLabel(options.quarter)!;
  const settings = list[0] ?? (await getSettings(db).then((s) => ({ councilName: s.council_name, programmeName: s.programme_name })));
  return {
    profiles: list,
    summary: {
      councilName: settings.councilName,
      programmeName: settings.programmeName,
      quarter: quarterLabel(fq),
      quarterMonths: quarterMonths(fq),
      financialYearLabel: financialYearLabel(fq.year),
      generatedAt: options.now,
      rows,
      totals: {
        allocatedPence: total((r) => r.allocatedPence),
        committedPence: total((r) => r.committedPence),
        spentPence,
        peopleReachedYear: total((r) => r.peopleReachedYear),
        projectsLive: total((r) => r.projectsLive),
        rag: { outputs: sumCounts((r) => r.rag.outputs), outcomes: sumCounts((r) => r.rag.outcomes), spend: sumCounts((r) => r.rag.spend) },
        returnsDue: total((r) => r.returnsDue),
        returnsOnTime: total((r) => r.returnsOnTime),
        onTimePercent: percentOf(total((r) => r.returnsOnTime), total((r) => r.returnsDue)),
        costAvoided: {
          totalPence: avoided,
          councilPence: total((r) => r.costAvoided.councilPence),
          partnersPence: total((r) => r.costAvoided.partnersPence),
          perPound: perPound(avoided, spentPence),
        },
      },
    },
  };
}

function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}

export const COUNTY_SORTS = ["district", "allocated", "committed", "spent", "reached", "on-time", "avoided", "roi"] as const;
export type CountySort = (typeof COUNTY_SORTS)[number];

export function readCountySort(url: URL): { sort: CountySort; dir: "asc" | "desc" } {
  const asked = url.searchParams.get("sort");
  const sort = (COUNTY_SORTS as readonly string[]).includes(asked ?? "") ? (asked as CountySort) : "district";
  return { sort, dir: url.searchParams.get("dir") === "desc" ? "desc" : "asc" };
}

const COUNTY_SORT_KEYS: Record<CountySort, (r: CountyRow) => number | string> = {
  district: (r) => r.districtName,
  allocated: (r) => r.allocatedPence,
  committed: (r) => r.committedPence,
  spent: (r) => r.spentPence,
  reached: (r) => r.peopleReachedYear,
  "on-time": (r) => r.onTimePercent ?? -1,
  avoided: (r) => r.costAvoided.totalPence,
  roi: (r) => r.costAvoided.perPound ?? -1,
};

/** Sorted in place; ties fall back to the district's name so the order is stable. */
function sortCountyRows(rows: CountyRow[], sort: CountySort, dir: "asc" | "desc"): void {
  const key = COUNTY_SORT_KEYS[sort];
  const sign = dir === "asc" ? 1 : -1;
  rows.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    const order = typeof x === "string" && typeof y === "string" ? x.localeCompare(y) : Number(x) - Number(y);
    return order !== 0 ? sign * order : a.districtName.localeCompare(b.districtName);
  });
}

export interface DistrictRef {
  id: string;
  name: string;
}

/**
 * The district a profile page is about, once the user may do `permission` to it: 404 for an
 * unknown district, 403 (with the reason) for one the user may not see.
 */
export async function requireDistrictAccess(
  request: Request,
  districtId: string | undefined,
  permission: Permission,
  refused: string,
): Promise<{ user: SignedInUser; district: DistrictRef }> {
  const user = await requireUser(request);
  const district = districtId
    ? await getDb().selectFrom("districts").select(["id", "name"]).where("id", "=", districtId).executeTakeFirst()
    : undefined;
  if (!district) notFound("District not found");
  if (!can(user, permission, { id: district.id })) forbidden(user, refused);
  return { user, district };
}

/** A file name for a profile download: "chorley-2026-27-q2-profile.pdf". */
export function profileFileName(districtName: string, quarter: string, suffix: string): string {
  const slug = `${districtName}-${quarter}`.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  return `${slug}-${suffix}`;
}

/** The live profile as a download, for the district's officers and administrators. */
export async function liveProfileDownload(request: Request, districtId: string | undefined, format: ProfileFormat): Promise<Response> {
  const { district } = await requireDistrictAccess(request, districtId, "profile:view-live", "Only the district's commissioning officers and administrators can download its live profile.");
  const today = ukToday();
  const quarter = quarterFromUrl(new URL(request.url), today);
  const profile = await computeProfile(getDb(), district.id, { quarter, asOf: today, now: nowIso() });
  if (!profile) notFound("District not found");
  return profileDownload(profile, format, { kind: "draft" }, profileFileName(district.name, quarter, `draft-profile.${format}`));
}

/** The county view as a download: the districts the user may see live, in the page's order. */
export async function countyDownloadFor(request: Request, format: "csv" | "xlsx"): Promise<Response> {
  const user = await requireUser(request);
  const db = getDb();
  const districts = await db.selectFrom("districts").select("id").execute();
  const live = districts.filter((d) => can(user, "profile:view-live", { id: d.id })).map((d) => d.id);
  if (live.length === 0) forbidden(user, "Only commissioning officers and administrators can download the districts' live figures.");
  const url = new URL(request.url);
  const today = ukToday();
  const quarter = quarterFromUrl(url, today);
  const { summary } = await computeCountySummary(db, { quarter, asOf: today, now: nowIso(), districtIds: live, ...readCountySort(url) });
  return countyDownload(summary, format, profileFileName("districts", quarter, `profiles.${format}`));
}
