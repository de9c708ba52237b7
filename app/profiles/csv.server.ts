// The profile and the county view as CSV. A profile has many sections of different shapes, so
// it is written "long": one figure a row, labelled by section, project, indicator or item,
// measure and period, so a spreadsheet user can filter to what they want and files for several
// districts or quarters can be stacked. Every figure comes straight from the computed value;
// the only changes are pence to pounds and rounding percentages the way the page shows them.
import { toCsv, type CsvCell } from "~/lib/csv.server";
import { formatPercent } from "~/lib/percent";
import { penceToInput } from "~/lib/money";
import { PROJECT_STATUS_LABELS } from "~/schemas/projects";
import { AGE_BAND_LABELS } from "~/schemas/returns";
import {
  COMPARISON_MEASURES, costAvoidedCell, NOT_ESTIMATED, overallRatingText, recommendationText, RAG_WORDS, RAGS, RETURN_STATUS_WORDS, TREND_MEASURES, VISIT_GRADE_WORDS, ragWord, trendWord,
} from "./labels";
import type { CountySummary, DistrictProfile, ProfileColumn, ProfileIndicator, ProfileProject, RagCounts } from "./types";
import { PERFORMANCE_RATING_LABELS } from "~/models/projects/performance";

export const projectStatusWord = (status: string): string => PROJECT_STATUS_LABELS[status as keyof typeof PROJECT_STATUS_LABELS] ?? status;

/** What the projects table says in its "This quarter's return" column. */
export function returnWords(p: Pick<ProfileProject, "returnStatus" | "pending">): string {
  if (p.returnStatus === null) return "None due";
  return p.pending ? `Pending: ${RETURN_STATUS_WORDS[p.returnStatus]}` : RETURN_STATUS_WORDS[p.returnStatus];
}

/** 5231000 → "52310.00". Negative amounts stay numbers: as text, the formula guard would prefix them. */
function pounds(pence: number): CsvCell {
  return pence < 0 ? pence / 100 : penceToInput(pence);
}

/** The page's rounding (at most one decimal place), so the CSV shows the page's number. */
function percent(value: number | null): CsvCell {
  return value === null ? null : Number(formatPercent(value).replace("%", ""));
}

export const PROFILE_CSV_HEADER = [
  "district",
  "profile_quarter",
  "section",
  "project_reference",
  "project",
  "provider",
  "indicator",
  "item",
  "measure",
  "period",
  "value",
  "unit",
  "note",
];

interface Figure {
  section: string;
  project?: { reference?: string; title: string; provider: string };
  indicator?: string;
  item?: string;
  measure: string;
  period?: string;
  value: CsvCell;
  unit: string;
  note?: string | null;
}

export function profileCsv(profile: DistrictProfile): string {
  const fy = profile.financialYearLabel;
  const quarter = profile.quarter;
  const ytd = `${fy} year to date`;
  const rows: Figure[] = [];
  const add = (f: Figure) => rows.push(f);

  // About the profile itself.
  const about = (measure: string, value: string, unit = "text") => add({ section: "Profile", measure, value, unit });
  about("Council", profile.councilName);
  about("Programme", profile.programmeName);
  about("Partnership", profile.district.partnershipName);
  about("Quarter months", profile.quarterMonths);
  about("Financial year", fy);
  about("Generated", profile.generatedAt, "ISO date and time");
  about("Data as at", profile.asOf, "ISO date");

  // Headline.
  const h = profile.headline;
  const headline = (measure: string, period: string, value: CsvCell, unit: string, item?: string) =>
    add({ section: "Headline", item, measure, period, value, unit });
  if (profile.commentary) headline("Commentary", quarter, profile.commentary.text, "text");
  headline("Allocated", fy, pounds(h.allocatedPence), "GBP");
  headline("Committed", fy, pounds(h.committedPence), "GBP");
  headline("Spent", ytd, pounds(h.spentPence), "GBP");
  headline("Spent as % of committed", ytd, percent(h.spentPercentOfCommitted), "percent");
  headline("Projects live", quarter, h.projectsLive, "projects");
  headline("People reached", quarter, h.peopleReachedQuarter, "people");
  headline("People reached", ytd, h.peopleReachedYear, "people");
  if (h.costPerPersonPence !== undefined) headline("Spend per person reached", ytd, h.costPerPersonPence === null ? "" : pounds(h.costPerPersonPence), "GBP");
  if (h.populationReach) {
    headline("Population aged 0 to 19", h.populationReach.asAt, h.populationReach.population, "people");
    headline("Children and young people reached", ytd, h.populationReach.childrenReached, "people");
    headline("Children and young people reached per 10,000 aged 0 to 19", ytd, Math.round(h.populationReach.per10000 * 10) / 10, "per 10,000");
    headline("Share of 0 to 19s reached", ytd, percent(h.populationReach.sharePercent), "percent");
  }
  for (const b of h.reachByAgeBand ?? []) headline(`People reached aged ${AGE_BAND_LABELS[b.band]}`, ytd, b.people ?? "", "people");
  headline("Returns due", ytd, h.returnsDue, "returns");
  headline("Returns on time", ytd, h.returnsOnTime, "returns");
  headline("Returns on time %", ytd, percent(h.onTimePercent), "percent");
  headline("Returns outstanding", ytd, h.returnsOutstanding, "returns");
  headline("Returns awaiting approval", ytd, h.returnsAwaitingApproval, "returns");
  headline("Estimated costs avoided", ytd, costAvoidedCell(h.costAvoided, pounds(h.costAvoided.totalPence)), "GBP");
  headline("Estimated costs avoided: council", ytd, costAvoidedCell(h.costAvoided, pounds(h.costAvoided.councilPence)), "GBP");
  headline("Estimated costs avoided: partners", ytd, costAvoidedCell(h.costAvoided, pounds(h.costAvoided.partnersPence)), "GBP");
  headline("Estimated costs avoided per £1 spent", ytd, costAvoidedCell(h.costAvoided, perPound(h.costAvoided.perPound)), "GBP");
  for (const s of h.byFundingStream ?? []) {
    headline(`Allocated: ${s.name}`, fy, pounds(s.allocatedPence), "GBP");
    headline(`Committed: ${s.name}`, fy, pounds(s.committedPence), "GBP");
    headline(`Spent: ${s.name}`, ytd, pounds(s.spentPence), "GBP");
  }
  for (const c of h.costAvoidedByCategory ?? []) {
    headline(`Estimated costs avoided: ${c.category}`, ytd, pounds(c.totalPence), "GBP");
    headline(`Estimated costs avoided: ${c.category}, council`, ytd, pounds(c.councilPence), "GBP");
    headline(`Estimated costs avoided: ${c.category}, partners`, ytd, pounds(c.partnersPence), "GBP");
  }
  const ragCounts = (item: string, counts: RagCounts, period: string, unit: string) => {
    for (const rag of RAGS) headline(`Rated ${RAG_WORDS[rag]}`, period, counts[rag], unit, item);
  };
  ragCounts("Outputs", h.rag.outputs, quarter, "indicators");
  ragCounts("Outcomes", h.rag.outcomes, quarter, "indicators");
  ragCounts("Spend", h.rag.spend, ytd, "projects");

  for (const c of profile.comparison?.rows ?? []) {
    const { label, unit } = COMPARISON_MEASURES[c.key];
    const figure = (value: number | null): CsvCell =>
      value === null ? null : unit === "GBP" ? pounds(Math.round(value)) : unit === "GBP per GBP" ? perPound(value) : unit === "percent" ? percent(value) : Math.round(value * 10) / 10;
    const compared = (item: string, value: CsvCell, cellUnit: string) => add({ section: "Compared with the county", item, measure: label, period: quarter, value, unit: cellUnit });
    compared(profile.district.name, figure(c.district), unit);
    compared("County", figure(c.county), unit);
    compared("Median district", figure(c.median), unit);
    if (c.rank !== null) compared("Rank among districts", c.rank, `of ${c.of} districts`);
  }

  for (const t of profile.trend ?? []) {
    for (const m of TREND_MEASURES) {
      const value = m.value(t);
      add({
        section: "Trend", measure: m.label, period: t.quarter, unit: m.unit,
        value: value === null ? null : m.format === "money" ? pounds(value) : m.format === "percent" ? percent(value) : value,
        note: value === null && m.format === "money" ? NOT_ESTIMATED : null,
      });
    }
  }

  for (const q of profile.spendByQuarter) {
    add({ section: "Spend by quarter", measure: "Spend profile", period: q.quarter, value: pounds(q.profilePence), unit: "GBP" });
    add({
      section: "Spend by quarter",
      measure: "Approved spend",
      period: q.quarter,
      value: q.actualPence === null ? null : pounds(q.actualPence),
      unit: "GBP",
      note: q.actualPence === null ? "After the profile's quarter" : null,
    });
  }

  // Projects, then every indicator of each.
  for (const p of profile.projects) {
    // A pending project's year to date stops at its last approved quarter; say so beside each figure.
    const ytdNote = p.countedTo !== null && p.countedTo !== quarter ? `Counted to ${p.countedTo}, the last approved quarter` : null;
    const project = (measure: string, period: string | undefined, value: CsvCell, unit: string, item?: string, note?: string | null) =>
      add({ section: "Projects", project: p, item, measure, period, value, unit, note: note ?? (period === ytd ? ytdNote : null) });
    const pendingNote = p.pending ? "Pending: this quarter's return is not yet approved" : null;
    project("Status", undefined, projectStatusWord(p.status), "text");
    project("Award", undefined, pounds(p.amountPence), "GBP");
    const noQuarterFigure = p.pending ? pendingNote : p.returnStatus === null ? "No return due" : null;
    project("Spend", quarter, p.spend.quarterActualPence === null ? null : pounds(p.spend.quarterActualPence), "GBP", undefined, p.spend.quarterActualPence === null ? noQuarterFigure : null);
    project("Spend profile", quarter, pounds(p.spend.quarterProfilePence), "GBP");
    project("Spend", ytd, pounds(p.spend.ytdActualPence), "GBP");
    project("Spend profile", ytd, pounds(p.spend.ytdProfilePence), "GBP");
    project("Spend variance from profile", ytd, percent(p.spend.variancePercent), "percent");
    project("Spend RAG", ytd, p.spend.rag === null ? null : ragWord(p.spend.rag), "RAG", undefined, p.spend.rag === null ? "No approved spend yet" : null);
    for (const [item, column] of [["Outputs", p.outputs], ["Outcomes", p.outcomes]] as [string, ProfileColumn][]) {
      if (column.indicatorCount === 0) {
        project("Indicators", undefined, 0, "indicators", item, "None set");
        continue;
      }
      project("Indicators", undefined, column.indicatorCount, "indicators", item);
      project("Achievement (weakest indicator)", quarter, percent(column.quarterAchievementPercent), "percent", item, pendingNote);
      project("RAG", quarter, ragWord(column.quarterRag), "RAG", item, pendingNote);
      project("Direction of travel", quarter, trendWord(column.trend), "against the previous quarter", item, pendingNote);
      project("Achievement (weakest indicator)", ytd, percent(column.ytdAchievementPercent), "percent", item);
      project("RAG", ytd, ragWord(column.ytdRag), "RAG", item);
    }
    project("People reached", quarter, p.peopleReachedQuarter, "people", undefined, p.peopleReachedQuarter === null ? noQuarterFigure : null);
    project("People reached", ytd, p.peopleReachedYear, "people");
    project("Latest visit grade", undefined, p.visitGrade, "grade (1 Outstanding to 4 Inadequate)", undefined, p.visitGrade === null ? "Not visited" : VISIT_GRADE_WORDS[p.visitGrade]);
    if (p.assessment) project("Annual performance assessment", undefined, null, "rating", undefined, `${p.assessment.yearLabel}: ${PERFORMANCE_RATING_LABELS[p.assessment.rating]}`);
    if (p.visitDate) project("Latest visit date", undefined, p.visitDate, "ISO date");
    project("This quarter's return", quarter, returnWords(p), "text");
    project("Year to date counted to", ytd, p.countedTo, "quarter", undefined, p.countedTo === null ? "No approved return this year" : "");
    project("Estimated costs avoided", ytd, costAvoidedCell(p.costAvoided, pounds(p.costAvoided.totalPence)), "GBP");
    project("Estimated costs avoided: council", ytd, costAvoidedCell(p.costAvoided, pounds(p.costAvoided.councilPence)), "GBP");
    project("Estimated costs avoided: partners", ytd, costAvoidedCell(p.costAvoided, pounds(p.costAvoided.partnersPence)), "GBP");
    project("Estimated costs avoided per £1 spent", ytd, costAvoidedCell(p.costAvoided, perPound(p.costAvoided.perPound)), "GBP");
    if (p.overallRating !== undefined) project("Overall rating", ytd, overallRatingText(p.overallRating), "rating");
    if (p.recommendation !== undefined) project("Recommendation", quarter, recommendationText(p.recommendation), "recommendation");
    if (p.recommendation) project("Recommendation: why", quarter, p.recommendation.commentary, "text");
  }

  for (const p of profile.projects) {
    for (const i of p.indicators) indicatorRows(p, i);
  }
  function indicatorRows(p: ProfileProject, i: ProfileIndicator) {
    const kind = i.kind === "output" ? "Output" : "Outcome";
    const about = `${kind}; ${i.measure === "cumulative" ? "running total" : "per quarter"}; ${i.direction === "lower" ? "lower is better" : "higher is better"}`;
    const pendingNote = p.pending && i.quarterActual === null ? "Pending: this quarter's return is not yet approved" : null;
    const ytdNote = p.countedTo !== null && p.countedTo !== quarter ? `Counted to ${p.countedTo}, the last approved quarter` : null;
    const indicator = (measure: string, period: string, value: CsvCell, unit: string, note?: string | null) =>
      add({ section: "Indicators", project: p, indicator: i.name, item: about, measure, period, value, unit, note: note ?? (period === ytd ? ytdNote : null) });
    indicator("Actual", quarter, i.quarterActual, i.unit, pendingNote);
    indicator("Target", quarter, i.quarterTarget, i.unit);
    indicator("Achievement", quarter, percent(i.quarterAchievementPercent), "percent", pendingNote);
    indicator("RAG", quarter, ragWord(i.quarterRag), "RAG", pendingNote);
    indicator("Direction of travel", quarter, trendWord(i.trend), "against the previous quarter");
    indicator("Actual", ytd, i.ytdActual, i.unit);
    indicator("Target", ytd, i.ytdTarget, i.unit);
    indicator("Achievement", ytd, percent(i.ytdAchievementPercent), "percent");
    indicator("RAG", ytd, ragWord(i.ytdRag), "RAG");
    if (i.comment) indicator("Provider's comment", quarter, i.comment, "text");
  }

  for (const r of profile.atRisk) {
    const project = { title: r.projectTitle, provider: r.provider };
    const risk = (measure: string, period: string | undefined, value: CsvCell, unit: string) =>
      add({ section: "At risk", project, indicator: r.indicatorName, measure, period, value, unit });
    risk("Achievement", r.previousQuarter, percent(r.previousAchievementPercent), "percent");
    risk("RAG", r.previousQuarter, ragWord(r.previousRag), "RAG");
    risk("Achievement", quarter, percent(r.quarterAchievementPercent), "percent");
    risk("RAG", quarter, ragWord(r.quarterRag), "RAG");
    risk("Provider's explanation", quarter, r.comment ?? "None given", "text");
    risk("Agreed action", undefined, r.action?.action ?? "None recorded", "text");
    if (r.action) {
      risk("Action owner", undefined, r.action.owner, "text");
      risk("Action due", undefined, r.action.dueDate, "ISO date");
    }
  }

  for (const series of profile.context) {
    for (const point of series.points) {
      add({
        section: "Context",
        item: `${series.name} (${series.code})`,
        measure: "Value",
        period: point.quarter,
        value: point.value,
        unit: "number",
        note: point.value === null ? "No figure entered" : null,
      });
    }
  }

  for (const t of profile.themes) {
    const theme = (measure: string, value: CsvCell, unit: string) => add({ section: "Themes", item: t.name, measure, period: ytd, value, unit });
    theme("Projects", t.projects, "projects");
    theme("Spent", pounds(t.spentPence), "GBP");
    theme("People reached", t.peopleReached, "people");
  }

  for (const c of profile.caseStudies) {
    const story = (measure: string, value: string) =>
      add({ section: "Case studies", project: { title: c.projectTitle, provider: c.provider }, item: c.title, measure, period: c.quarter, value, unit: "text" });
    story("Story", c.story);
    if (c.themes.length) story("Themes", c.themes.join("; "));
    if (c.indicators.length) story("Outcomes it shows", c.indicators.join("; "));
  }

  for (const u of profile.unitCosts) {
    const item = `${u.item} (${u.code})`;
    const cost = (measure: string, period: string | undefined, value: CsvCell, unit: string, note?: string) =>
      add({ section: "Unit costs", item, measure, period, value, unit, note });
    cost("Value", u.priceYear, pounds(u.valuePence), "GBP", `per ${u.per}`);
    cost("Uprated value", fy, pounds(u.upratedValuePence), "GBP", `per ${u.per}`);
    cost("Borne by", undefined, u.bearer === "council" ? "Council" : "Partners", "text", u.agency);
    cost("Source", undefined, u.source, "text");
    for (const l of u.links) {
      const link = (measure: string, value: CsvCell, unit: string) =>
        add({ section: "Unit costs", project: { title: l.projectTitle, provider: "" }, indicator: l.indicatorName, item, measure, period: ytd, value, unit });
      link("Outcomes counted", l.outcomes, "outcomes");
      link("Deadweight", l.deadweightPercent, "percent");
      link("Attribution", l.attributionPercent, "percent");
      link("Optimism bias", l.optimismBiasPercent, "percent");
      link("Estimated costs avoided", pounds(l.costAvoidedPence), "GBP");
    }
  }

  const note = (measure: string, value: CsvCell, unit: string) => add({ section: "Notes", measure, value, unit });
  note("Outputs and outcomes green at or above", profile.thresholds.greenPercent, "percent of target");
  note("Outputs and outcomes amber at or above", profile.thresholds.amberPercent, "percent of target");
  note("Spend green within ±", profile.thresholds.spendGreenVariancePercent, "percent of profile");
  note("Spend amber within ±", profile.thresholds.spendAmberVariancePercent, "percent of profile");
  note("Unit costs uprated by default", profile.upratingDefaultPercent, "percent a year");
  note("Contact", profile.contactEmail, "e-mail");

  return toCsv(
    PROFILE_CSV_HEADER,
    rows.map((f) => [
      profile.district.name,
      quarter,
      f.section,
      f.project?.reference,
      f.project?.title,
      f.project?.provider,
      f.indicator,
      f.item,
      f.measure,
      f.period,
      f.value,
      f.unit,
      f.note,
    ]),
  );
}

/** Pounds per pound, already to 2 dp in the value: written with both decimals, like money. */
function perPound(value: number | null): CsvCell {
  return value === null ? null : value < 0 ? value : value.toFixed(2);
}

export const COUNTY_CSV_HEADER = [
  "district",
  "allocated_gbp",
  "committed_gbp",
  "spent_gbp",
  "people_reached_year",
  "projects_live",
  "outputs_green",
  "outputs_amber",
  "outputs_red",
  "outcomes_green",
  "outcomes_amber",
  "outcomes_red",
  "spend_green",
  "spend_amber",
  "spend_red",
  "returns_due",
  "returns_on_time",
  "returns_on_time_percent",
  "costs_avoided_gbp",
  "costs_avoided_council_gbp",
  "costs_avoided_partners_gbp",
  "costs_avoided_per_pound_spent_gbp",
  "published_edition",
];

type CountyFigures = CountySummary["totals"];

function countyCells(r: CountyFigures): CsvCell[] {
  return [
    pounds(r.allocatedPence),
    pounds(r.committedPence),
    pounds(r.spentPence),
    r.peopleReachedYear,
    r.projectsLive,
    r.rag.outputs.green,
    r.rag.outputs.amber,
    r.rag.outputs.red,
    r.rag.outcomes.green,
    r.rag.outcomes.amber,
    r.rag.outcomes.red,
    r.rag.spend.green,
    r.rag.spend.amber,
    r.rag.spend.red,
    r.returnsDue,
    r.returnsOnTime,
    percent(r.onTimePercent),
    costAvoidedCell(r.costAvoided, pounds(r.costAvoided.totalPence)),
    costAvoidedCell(r.costAvoided, pounds(r.costAvoided.councilPence)),
    costAvoidedCell(r.costAvoided, pounds(r.costAvoided.partnersPence)),
    costAvoidedCell(r.costAvoided, perPound(r.costAvoided.perPound)),
  ];
}

/** One row per district, then the county's totals as computed with the summary. */
export function countyCsv(summary: CountySummary): string {
  return toCsv(COUNTY_CSV_HEADER, [
    ...summary.rows.map((r) => [r.districtName, ...countyCells(r), r.publishedEdition]),
    ["All districts", ...countyCells(summary.totals), null],
  ]);
}
