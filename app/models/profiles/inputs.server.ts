// Everything a profile is worked out from, read in three rounds of queries whatever the
// number of districts: the districts' own rows, then their projects' rows, then the
// approved returns' rows. Every query is scoped to the districts asked for, so one district
// costs one district's rows and the county costs twelve, never a query per row.
import type { Executor } from "../../../db/client";
import { inChunks } from "../../../db/in-chunks";
import type { AgeBand } from "../../../db/schema";
import {
  financialYearDates, parseQuarterLabel, previousQuarter, quarterDates, quarterLabel, type FinancialQuarter,
} from "~/lib/financial-year";
import { FieldError } from "~/models/errors";
import { getSettings, type Settings } from "../admin/settings.server";
import type { RagThresholds } from "../projects/rag.server";
import { getContextSeries } from "../context/grid.server";
import { lastQuarters } from "../context/quarters";
import { getIndicatorCostLinks } from "../unit-costs/links.server";
import { getUpratingRates } from "../unit-costs/uprating.server";
import { groupBy } from "./figures";
import { ukDayStartUtc } from "~/lib/dates";
import type { PerformanceRating } from "../projects/performance";

/** The quarter a profile is for, and the quarters around it that its figures draw on. */
export interface ProfilePeriod {
  fq: FinancialQuarter;
  quarter: string;
  previous: string;
  /** The financial year, by the calendar year it starts in. */
  year: number;
  /** The year's four quarters; the year to date counts those up to the profile's. */
  yearQuarters: string[];
  countedQuarters: string[];
  quarterStart: string;
  quarterEnd: string;
  yearStart: string;
  /** The eight quarters of the context charts, ending with the profile's. */
  contextQuarters: string[];
}

export function profilePeriod(quarterText: string): ProfilePeriod {
  const fq = parseQuarterLabel(quarterText);
  if (!fq) throw new FieldError("quarter", `"${quarterText}" is not a quarter like 2026-27 Q2`);
  const quarter = quarterLabel(fq);
  const yearQuarters = [1, 2, 3, 4].map((n) => quarterLabel({ year: fq.year, quarter: n as FinancialQuarter["quarter"] }));
  const { start: quarterStart, end: quarterEnd } = quarterDates(fq);
  return {
    fq,
    quarter,
    previous: quarterLabel(previousQuarter(fq)),
    year: fq.year,
    yearQuarters,
    countedQuarters: yearQuarters.slice(0, fq.quarter),
    quarterStart,
    quarterEnd,
    yearStart: financialYearDates(fq.year).start,
    contextQuarters: lastQuarters(quarter, 8),
  };
}


/** Round one: the districts, their projects and money, their context figures and chosen case studies. */
async function loadDistrictRows(db: Executor, districtIds: readonly string[], period: ProfilePeriod) {
  const [settings, districts, projects, allocations, ledger, contextSeries, rates, chosen, commentaries] = await Promise.all([
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
      .where("projects.start_date", "<=", period.quarterEnd)
      .where("projects.end_date", ">=", period.yearStart)
      .orderBy("organisations.name")
      .orderBy("projects.title")
      .execute(),
    db
      .selectFrom("allocations")
      .innerJoin("funding_streams", "funding_streams.id", "allocations.funding_stream_id")
      .select(["allocations.district_id", "allocations.funding_stream_id", "funding_streams.name as stream_name", (eb) => eb.fn.sum<number>("allocations.amount_pence").as("total")])
      .where("allocations.district_id", "in", districtIds)
      .where("allocations.financial_year", "=", period.year)
      .groupBy(["allocations.district_id", "allocations.funding_stream_id", "funding_streams.name"])
      .execute(),
    // Committed this year; spent this year up to and including the profile's quarter (spend
    // is posted to the ledger when a return is approved, so it carries the return's quarter).
    db
      .selectFrom("ledger_entries")
      .leftJoin("returns", (join) => join.onRef("returns.id", "=", "ledger_entries.source_id").on("ledger_entries.source_type", "=", "return"))
      .innerJoin("funding_streams", "funding_streams.id", "ledger_entries.funding_stream_id")
      .select([
        "ledger_entries.district_id", "ledger_entries.kind", "ledger_entries.funding_stream_id", "funding_streams.name as stream_name",
        (eb) => eb.fn.sum<number>("ledger_entries.amount_pence").as("total"),
      ])
      .where("ledger_entries.district_id", "in", districtIds)
      .where("ledger_entries.financial_year", "=", period.year)
      .where((eb) => eb.or([eb("ledger_entries.kind", "=", "commitment"), eb("returns.quarter", "in", period.countedQuarters), eb("returns.id", "is", null)]))
      .groupBy(["ledger_entries.district_id", "ledger_entries.kind", "ledger_entries.funding_stream_id", "funding_streams.name"])
      .execute(),
    getContextSeries(db, districtIds, period.contextQuarters),
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
      .where("profile_case_studies.quarter", "=", period.quarter)
      .where("returns.status", "=", "approved")
      .whereRef("projects.district_id", "=", "profile_case_studies.district_id")
      .orderBy("profile_case_studies.position")
      .execute(),
    db
      .selectFrom("profile_commentaries")
      .select(["district_id", "commentary", "version"])
      .where("district_id", "in", districtIds)
      .where("quarter", "=", period.quarter)
      .execute(),
  ]);
  return { settings, districts, projects, allocations, ledger, contextSeries, rates, chosen, commentaries };
}

/** Round two: the projects' indicators, returns, budgets, visits and themes, and the case studies' tags. */
async function loadProjectRows(db: Executor, first: Awaited<ReturnType<typeof loadDistrictRows>>, period: ProfilePeriod, asOf: string) {
  const projectIds = first.projects.map((p) => p.id);
  const tenderIds = [...new Set(first.projects.map((p) => p.tender_id).filter((t): t is string => t !== null))];
  const chosenIds = first.chosen.map((c) => c.id);
  const [indicators, returns, budget, visits, projectThemes, tenderThemes, caseThemes, caseIndicators, assessments] = await Promise.all([
    inChunks(projectIds, (ids) => db.selectFrom("project_indicators").selectAll().where("project_id", "in", ids).orderBy("project_id").orderBy("position").execute()),
    inChunks(projectIds, (ids) =>
      db
        .selectFrom("returns")
        .select(["id", "project_id", "quarter", "quarter_number", "financial_year", "status", "late", "due_date", "first_submitted_at"])
        .where("project_id", "in", ids)
        .where("quarter", "in", [...new Set([...period.yearQuarters, period.previous])])
        .execute(),
    ),
    inChunks(projectIds, (ids) =>
      db
        .selectFrom("project_budget_lines")
        .select(["project_id", "quarter", (eb) => eb.fn.sum<number>("amount_pence").as("total")])
        .where("project_id", "in", ids)
        .where("quarter", "in", period.yearQuarters)
        .groupBy(["project_id", "quarter"])
        .execute(),
    ),
    inChunks(projectIds, (ids) =>
      db
        .selectFrom("monitoring_visits")
        .select(["project_id", "visit_date", "overall_grade", "created_at"])
        .where("project_id", "in", ids)
        .where("visit_date", "<=", asOf)
        .execute(),
    ),
    inChunks(projectIds, (ids) =>
      db
        .selectFrom("project_themes")
        .innerJoin("themes", "themes.id", "project_themes.theme_id")
        .select(["project_themes.project_id", "themes.id", "themes.name"])
        .where("project_themes.project_id", "in", ids)
        .execute(),
    ),
    inChunks(tenderIds, (ids) =>
      db
        .selectFrom("tender_themes")
        .innerJoin("themes", "themes.id", "tender_themes.theme_id")
        .select(["tender_themes.tender_id", "themes.id", "themes.name"])
        .where("tender_themes.tender_id", "in", ids)
        .execute(),
    ),
    inChunks(chosenIds, (ids) =>
      db
        .selectFrom("case_study_themes")
        .innerJoin("themes", "themes.id", "case_study_themes.theme_id")
        .select(["case_study_themes.case_study_id", "themes.name"])
        .where("case_study_themes.case_study_id", "in", ids)
        .orderBy("themes.name")
        .execute(),
    ),
    inChunks(chosenIds, (ids) =>
      db
        .selectFrom("case_study_indicators")
        .innerJoin("project_indicators", "project_indicators.id", "case_study_indicators.indicator_id")
        .select(["case_study_indicators.case_study_id", "project_indicators.name"])
        .where("case_study_indicators.case_study_id", "in", ids)
        .orderBy("project_indicators.position")
        .execute(),
    ),
    // The annual performance assessments confirmed by the profile's date, for its year or before.
    inChunks(projectIds, (ids) =>
      db
        .selectFrom("performance_assessments")
        .select(["project_id", "financial_year", "rating"])
        .where("project_id", "in", ids)
        .where("financial_year", "<=", period.year)
        .where("confirmed_at", "<", ukDayStartUtc(asOf, 1))
        .execute(),
    ),
  ]);
  return { indicators, returns, budget, visits, projectThemes, tenderThemes, caseThemes, caseIndicators, assessments };
}

/** Round three: what the approved returns report, the outcome indicators' unit costs, the agreed actions and the officer's recommendations. */
async function loadReturnRows(db: Executor, projectIds: readonly string[], second: Awaited<ReturnType<typeof loadProjectRows>>, period: ProfilePeriod) {
  const approvedIds = second.returns.filter((r) => r.status === "approved").map((r) => r.id);
  const [values, spend, reach, links, actions, recommendations] = await Promise.all([
    inChunks(approvedIds, (ids) => db.selectFrom("return_indicator_values").select(["return_id", "indicator_id", "actual", "comment"]).where("return_id", "in", ids).execute()),
    inChunks(approvedIds, (ids) =>
      db
        .selectFrom("return_spend")
        .select(["return_id", (eb) => eb.fn.sum<number>("amount_pence").as("total")])
        .where("return_id", "in", ids)
        .groupBy("return_id")
        .execute(),
    ),
    inChunks(approvedIds, (ids) =>
      db
        .selectFrom("return_beneficiaries")
        .select(["return_id", "age_band", "new_count", "continuing_count"])
        .where("return_id", "in", ids)
        .execute(),
    ),
    getIndicatorCostLinks(db, second.indicators.filter((i) => i.kind === "outcome").map((i) => i.id)),
    inChunks(second.indicators.map((i) => i.id), (ids) =>
      db
        .selectFrom("profile_actions")
        .select(["id", "indicator_id", "action", "owner", "due_date", "version"])
        .where("indicator_id", "in", ids)
        .where("quarter", "=", period.quarter)
        .execute(),
    ),
    inChunks(projectIds, (ids) =>
      db
        .selectFrom("profile_recommendations")
        .select(["project_id", "recommendation", "commentary", "version"])
        .where("project_id", "in", ids)
        .where("quarter", "=", period.quarter)
        .execute(),
    ),
  ]);
  return { values, spend, reach, links, actions, recommendations };
}

export async function loadProfileInputs(db: Executor, districtIds: readonly string[], period: ProfilePeriod, asOf: string) {
  const first = await loadDistrictRows(db, districtIds, period);
  const second = await loadProjectRows(db, first, period, asOf);
  const third = await loadReturnRows(db, first.projects.map((p) => p.id), second, period);
  return { ...first, ...second, ...third };
}

export type ProfileInputs = Awaited<ReturnType<typeof loadProfileInputs>>;
export type ProfileProjectRow = ProfileInputs["projects"][number];
export type ProfileIndicatorRow = ProfileInputs["indicators"][number];
export type ProfileReturnRow = ProfileInputs["returns"][number];
export type ProfileDistrictRow = ProfileInputs["districts"][number];

/** The inputs keyed for the figures: each lookup built once, not searched per row. */
export function profileLookups(inputs: ProfileInputs) {
  const returnOf = new Map(inputs.returns.map((r) => [`${r.project_id}|${r.quarter}`, r]));
  const latestVisit = new Map<string, { visit_date: string; overall_grade: number; created_at: string }>();
  for (const v of inputs.visits) {
    const seen = latestVisit.get(v.project_id);
    if (!seen || v.visit_date > seen.visit_date || (v.visit_date === seen.visit_date && v.created_at > seen.created_at)) latestVisit.set(v.project_id, v);
  }
  const latestAssessment = new Map<string, { financial_year: number; rating: PerformanceRating }>();
  for (const a of inputs.assessments) {
    const seen = latestAssessment.get(a.project_id);
    if (!seen || a.financial_year > seen.financial_year) latestAssessment.set(a.project_id, a);
  }
  return {
    returnOf: (projectId: string, quarter: string): ProfileReturnRow | undefined => returnOf.get(`${projectId}|${quarter}`),
    /** The return for that quarter when it is approved: only approved figures count. */
    approvedReturn: (projectId: string, quarter: string): ProfileReturnRow | undefined => {
      const r = returnOf.get(`${projectId}|${quarter}`);
      return r && r.status === "approved" ? r : undefined;
    },
    valueOf: new Map(inputs.values.map((v) => [`${v.return_id}|${v.indicator_id}`, v])),
    spendOf: new Map(inputs.spend.map((s) => [s.return_id, Number(s.total ?? 0)])),
    /** People in each approved return: new and continuing, and the new ones by age band. */
    reachOf: reachByReturn(inputs.reach),
    budgetOf: new Map(inputs.budget.map((b) => [`${b.project_id}|${b.quarter}`, Number(b.total ?? 0)])),
    actionOf: new Map(inputs.actions.map((a) => [a.indicator_id, a])),
    recommendationOf: new Map(inputs.recommendations.map((r) => [r.project_id, r])),
    commentaryOf: new Map(inputs.commentaries.map((c) => [c.district_id, c])),
    indicatorsOf: groupBy(inputs.indicators, (i) => i.project_id),
    projectsOf: groupBy(inputs.projects, (p) => p.district_id),
    themesOfProject: groupBy(inputs.projectThemes, (t) => t.project_id),
    themesOfTender: groupBy(inputs.tenderThemes, (t) => t.tender_id),
    latestVisit,
    latestAssessment,
    ledgerOf: (districtId: string, kind: "commitment" | "spend", streamId?: string): number =>
      inputs.ledger.filter((l) => l.district_id === districtId && l.kind === kind && (streamId === undefined || l.funding_stream_id === streamId))
        .reduce((total, l) => total + Number(l.total ?? 0), 0),
    allocatedOf: (districtId: string, streamId?: string): number =>
      inputs.allocations.filter((a) => a.district_id === districtId && (streamId === undefined || a.funding_stream_id === streamId))
        .reduce((total, a) => total + Number(a.total ?? 0), 0),
    /** The funding streams with money allocated to, or committed or spent in, the district this year, by name. */
    streamsOf: (districtId: string): { id: string; name: string }[] => {
      const streams = new Map<string, string>();
      for (const row of [...inputs.allocations, ...inputs.ledger]) if (row.district_id === districtId) streams.set(row.funding_stream_id, row.stream_name);
      return [...streams].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
    },
  };
}

export type ProfileLookups = ReturnType<typeof profileLookups>;

export interface ReturnReach {
  fresh: number;
  continuing: number;
  freshByBand: Partial<Record<AgeBand, number>>;
}

function reachByReturn(rows: readonly { return_id: string; age_band: AgeBand; new_count: number; continuing_count: number }[]): Map<string, ReturnReach> {
  const reach = new Map<string, ReturnReach>();
  for (const r of rows) {
    const total = reach.get(r.return_id) ?? { fresh: 0, continuing: 0, freshByBand: {} };
    total.fresh += Number(r.new_count);
    total.continuing += Number(r.continuing_count);
    total.freshByBand[r.age_band] = (total.freshByBand[r.age_band] ?? 0) + Number(r.new_count);
    reach.set(r.return_id, total);
  }
  return reach;
}

/** What every figure of one profile is worked out with. */
export interface ProfileContext {
  period: ProfilePeriod;
  inputs: ProfileInputs;
  lookups: ProfileLookups;
  settings: Settings;
  thresholds: RagThresholds;
  asOf: string;
}
