// The district profile as a workbook: one sheet per section of the page, figures as
// numbers (money in pounds, percentages as fractions) with formats that show them the way the
// page does, so a spreadsheet can add them up without retyping. Nothing is worked out here
// beyond pence to pounds and percent to fraction: the computed value is the single source.
import type ExcelJS from "exceljs";
import { newWorkbook } from "~/lib/workbook.server";
import { formatDateTime } from "~/lib/dates";
import { projectStatusWord, returnWords } from "../csv.server";
import { AGE_BAND_LABELS } from "~/schemas/returns";
import { COMPARISON_MEASURES, costAvoidedCell, overallRatingText, recommendationText, RAG_WORDS, TREND_MEASURES, VISIT_GRADE_WORDS, ragWord, trendWord } from "../labels";
import type { DistrictProfile, ProfileColumn, ProfileIndicator, ProfileProject, ProfileTrendPoint, ProfileUnitCost, RagCounts } from "../types";
import { PERFORMANCE_RATING_LABELS } from "~/models/projects/performance";
import {
  asDate, fraction, pounds, statusText, styleCell, tableSheet, writeAbout, writeTable, ytdWord, type Cell, type Column, type Format,
  type ProfileXlsxStatus,
} from "./parts.server";

export async function profileXlsx(profile: DistrictProfile, status: ProfileXlsxStatus): Promise<Uint8Array> {
  const workbook = await newWorkbook();
  const title = `${profile.district.name} district performance profile, ${profile.quarter}`;
  workbook.title = title;
  workbook.subject = profile.programmeName;
  workbook.creator = profile.councilName;
  workbook.lastModifiedBy = profile.councilName;
  workbook.company = profile.councilName;
  workbook.description = `${title}. ${statusText(status)}.`;
  workbook.created = new Date(profile.generatedAt);
  workbook.modified = new Date(profile.generatedAt);

  headlineSheet(workbook, profile, status);
  comparisonSheet(workbook, profile);
  trendSheet(workbook, profile);
  projectsSheet(workbook, profile);
  indicatorsSheet(workbook, profile);
  atRiskSheet(workbook, profile);
  contextSheet(workbook, profile);
  themesSheet(workbook, profile);
  caseStudiesSheet(workbook, profile);
  unitCostsSheet(workbook, profile);
  notesSheet(workbook, profile);

  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

function headlineSheet(workbook: ExcelJS.Workbook, profile: DistrictProfile, status: ProfileXlsxStatus) {
  const h = profile.headline;
  const fy = profile.financialYearLabel;
  const ytd = `${fy} ${ytdWord}`;
  const sheet = workbook.addWorksheet("Headline");
  let next = writeAbout(sheet, [
    ["Council", profile.councilName],
    ["Programme", profile.programmeName],
    ["District", profile.district.name],
    ["Partnership", profile.district.partnershipName],
    ["Quarter", `${profile.quarter} (${profile.quarterMonths})`],
    ["Generated", formatDateTime(profile.generatedAt)],
    ["Data as at", asDate(profile.asOf), "date"],
    ["Status", statusText(status)],
  ]);
  const statusCell = sheet.getCell(next - 1, 2);
  statusCell.font = { bold: true, ...(status.kind === "draft" ? { color: { argb: "FFD4351C" } } : {}) };

  const headerRow = next + 1;
  type Line = [measure: string, period: string, value: Cell, format: Format];
  const lines: Line[] = [
    ["Allocated", fy, pounds(h.allocatedPence), "money"],
    ["Committed", fy, pounds(h.committedPence), "money"],
    ["Spent", ytd, pounds(h.spentPence), "money"],
    ["Spent as % of committed", ytd, fraction(h.spentPercentOfCommitted), "percent"],
    ["Projects live", profile.quarter, h.projectsLive, "whole"],
    ["People reached", profile.quarter, h.peopleReachedQuarter, "whole"],
    ["People reached", ytd, h.peopleReachedYear, "whole"],
    ...(h.costPerPersonPence === undefined ? [] : [["Spend per person reached", ytd, pounds(h.costPerPersonPence), "money"] as Line]),
    ...(h.populationReach ? [
      ["Population aged 0 to 19", h.populationReach.asAt, h.populationReach.population, "whole"],
      ["Children and young people reached", ytd, h.populationReach.childrenReached, "whole"],
      ["Children and young people reached per 10,000 aged 0 to 19", ytd, Math.round(h.populationReach.per10000 * 10) / 10, "number"],
      ["Share of 0 to 19s reached", ytd, fraction(h.populationReach.sharePercent), "percent"],
    ] as Line[] : []),
    ...(h.reachByAgeBand ?? []).map((b): Line => [`People reached aged ${AGE_BAND_LABELS[b.band]}`, ytd, b.people, "whole"]),
    ["Returns due", ytd, h.returnsDue, "whole"],
    ["Returns on time", ytd, h.returnsOnTime, "whole"],
    ["Returns on time %", ytd, fraction(h.onTimePercent), "percent"],
    ["Returns outstanding", ytd, h.returnsOutstanding, "whole"],
    ["Returns awaiting approval", ytd, h.returnsAwaitingApproval, "whole"],
    ["Estimated costs avoided", ytd, costAvoidedCell(h.costAvoided, pounds(h.costAvoided.totalPence)), "money"],
    ["Estimated costs avoided: council", ytd, costAvoidedCell(h.costAvoided, pounds(h.costAvoided.councilPence)), "money"],
    ["Estimated costs avoided: partners", ytd, costAvoidedCell(h.costAvoided, pounds(h.costAvoided.partnersPence)), "money"],
    ["Estimated costs avoided per £1 spent", ytd, costAvoidedCell(h.costAvoided, h.costAvoided.perPound), "perPound"],
    ...(h.byFundingStream ?? []).flatMap((st): Line[] => [
      [`Allocated: ${st.name}`, fy, pounds(st.allocatedPence), "money"],
      [`Committed: ${st.name}`, fy, pounds(st.committedPence), "money"],
      [`Spent: ${st.name}`, ytd, pounds(st.spentPence), "money"],
    ]),
    ...(h.costAvoidedByCategory ?? []).flatMap((c): Line[] => [
      [`Estimated costs avoided: ${c.category}`, ytd, pounds(c.totalPence), "money"],
      [`Estimated costs avoided: ${c.category}, council`, ytd, pounds(c.councilPence), "money"],
      [`Estimated costs avoided: ${c.category}, partners`, ytd, pounds(c.partnersPence), "money"],
    ]),
  ];
  next = writeTable<Line>(
    sheet,
    [
      { header: "Measure", width: 38, value: (l) => l[0] },
      { header: "Period", width: 24, value: (l) => l[1] },
      { header: "Value", width: 16, value: (l) => l[2] },
    ],
    lines,
    headerRow,
  );
  // Each line has its own format, so the value column is styled line by line.
  lines.forEach((l, i) => styleCell(sheet.getCell(headerRow + 1 + i, 3), l[3]));
  sheet.views = [{ state: "frozen", ySplit: headerRow }];

  type RagLine = [label: string, counts: RagCounts, counted: string];
  const ragRow = next + 1;
  sheet.getCell(ragRow, 1).value = "RAG ratings";
  sheet.getCell(ragRow, 1).font = { bold: true, size: 12 };
  next = writeTable<RagLine>(
    sheet,
    [
      { header: "Column", width: 38, value: (l) => l[0] },
      { header: "Counted", width: 24, value: (l) => l[2] },
      { header: RAG_WORDS.green, width: 16, format: "whole", value: (l) => l[1].green },
      { header: RAG_WORDS.amber, width: 12, format: "whole", value: (l) => l[1].amber },
      { header: RAG_WORDS.red, width: 12, format: "whole", value: (l) => l[1].red },
    ],
    [
      ["Outputs", h.rag.outputs, `Indicators, ${profile.quarter}`],
      ["Outcomes", h.rag.outcomes, `Indicators, ${profile.quarter}`],
      ["Spend", h.rag.spend, `Projects, ${ytd}`],
    ],
    ragRow + 1,
  );

  const spendRow = next + 1;
  sheet.getCell(spendRow, 1).value = "Spend against profile by quarter";
  sheet.getCell(spendRow, 1).font = { bold: true, size: 12 };
  writeTable(
    sheet,
    [
      { header: "Quarter", width: 38, value: (q) => q.quarter },
      { header: "Spend profile", width: 24, format: "money", value: (q) => pounds(q.profilePence) },
      { header: "Approved spend", width: 16, format: "money", value: (q) => (q.actualPence === null ? "After this profile's quarter" : pounds(q.actualPence)) },
    ],
    profile.spendByQuarter,
    spendRow + 1,
  );
}

function columnCells(column: ProfileColumn, pending: boolean): { quarter: Cell; ytd: Cell; quarterRag: Cell; ytdRag: Cell; trend: Cell } {
  if (column.indicatorCount === 0) return { quarter: "None set", ytd: "None set", quarterRag: null, ytdRag: null, trend: null };
  return {
    quarter: pending ? "Pending" : fraction(column.quarterAchievementPercent),
    quarterRag: ragWord(column.quarterRag),
    trend: trendWord(column.trend),
    ytd: fraction(column.ytdAchievementPercent),
    ytdRag: ragWord(column.ytdRag),
  };
}

function projectsSheet(workbook: ExcelJS.Workbook, profile: DistrictProfile) {
  type P = ProfileProject;
  const pendingOr = (p: P, value: number | null): Cell => (value === null && p.pending ? "Pending" : value);
  const columns = (kind: "Outputs" | "Outcomes", pick: (p: P) => ProfileColumn): Column<P>[] => [
    { header: `${kind}: indicators`, width: 12, format: "whole", value: (p) => pick(p).indicatorCount },
    { header: `${kind}: achievement this quarter`, width: 14, format: "percent", value: (p) => columnCells(pick(p), p.pending).quarter },
    { header: `${kind}: RAG this quarter`, width: 12, value: (p) => columnCells(pick(p), p.pending).quarterRag },
    { header: `${kind}: direction of travel`, width: 12, value: (p) => columnCells(pick(p), p.pending).trend },
    { header: `${kind}: achievement ${ytdWord}`, width: 14, format: "percent", value: (p) => columnCells(pick(p), p.pending).ytd },
    { header: `${kind}: RAG ${ytdWord}`, width: 12, value: (p) => columnCells(pick(p), p.pending).ytdRag },
  ];
  tableSheet<P>(
    workbook,
    "Projects",
    [
      { header: "Reference", width: 14, value: (p) => p.reference },
      { header: "Project", width: 36, format: "wrap", value: (p) => p.title },
      { header: "Provider", width: 30, format: "wrap", value: (p) => p.provider },
      { header: "Status", width: 11, value: (p) => projectStatusWord(p.status) },
      { header: "Award", width: 14, format: "money", value: (p) => pounds(p.amountPence) },
      { header: "Spend this quarter", width: 14, format: "money", value: (p) => pendingOr(p, pounds(p.spend.quarterActualPence)) },
      { header: "Spend profile this quarter", width: 14, format: "money", value: (p) => pounds(p.spend.quarterProfilePence) },
      { header: `Spend ${ytdWord}`, width: 14, format: "money", value: (p) => pounds(p.spend.ytdActualPence) },
      { header: `Spend profile ${ytdWord}`, width: 14, format: "money", value: (p) => pounds(p.spend.ytdProfilePence) },
      { header: `Spend variance from profile, ${ytdWord}`, width: 14, format: "variance", value: (p) => fraction(p.spend.variancePercent) },
      { header: `Spend RAG, ${ytdWord}`, width: 12, value: (p) => (p.spend.rag === null ? "No approved spend yet" : ragWord(p.spend.rag)) },
      ...columns("Outputs", (p) => p.outputs),
      ...columns("Outcomes", (p) => p.outcomes),
      { header: "People reached this quarter", width: 12, format: "whole", value: (p) => pendingOr(p, p.peopleReachedQuarter) },
      { header: `People reached ${ytdWord}`, width: 12, format: "whole", value: (p) => p.peopleReachedYear },
      { header: "Latest visit grade", width: 10, value: (p) => p.visitGrade },
      { header: "Latest visit grade in words", width: 14, value: (p) => (p.visitGrade === null ? "Not visited" : (VISIT_GRADE_WORDS[p.visitGrade] ?? null)) },
      { header: "Annual assessment year", width: 10, value: (p) => p.assessment?.yearLabel ?? null },
      { header: "Annual assessment", width: 16, value: (p) => (p.assessment ? PERFORMANCE_RATING_LABELS[p.assessment.rating] : null) },
      { header: "Latest visit date", width: 13, format: "date", value: (p) => asDate(p.visitDate) },
      { header: "This quarter's return", width: 22, value: (p) => returnWords(p) },
      { header: "Pending", width: 10, value: (p) => (p.pending ? "Yes" : "No") },
      { header: "Year to date counted to", width: 13, value: (p) => p.countedTo ?? "None approved" },
      { header: "Estimated costs avoided", width: 14, format: "money", value: (p) => costAvoidedCell(p.costAvoided, pounds(p.costAvoided.totalPence)) },
      { header: "Costs avoided: council", width: 14, format: "money", value: (p) => costAvoidedCell(p.costAvoided, pounds(p.costAvoided.councilPence)) },
      { header: "Costs avoided: partners", width: 14, format: "money", value: (p) => costAvoidedCell(p.costAvoided, pounds(p.costAvoided.partnersPence)) },
      { header: "Costs avoided per £1 spent", width: 12, format: "perPound", value: (p) => costAvoidedCell(p.costAvoided, p.costAvoided.perPound) },
      { header: "Overall rating", width: 14, value: (p) => (p.overallRating === undefined ? null : overallRatingText(p.overallRating)) },
      { header: "Recommendation", width: 16, value: (p) => (p.recommendation === undefined ? null : recommendationText(p.recommendation)) },
      { header: "Why", width: 40, format: "wrap", value: (p) => p.recommendation?.commentary ?? null },
    ],
    profile.projects,
    "No projects in this district for the quarter.",
  );
}

function indicatorsSheet(workbook: ExcelJS.Workbook, profile: DistrictProfile) {
  type Row = { p: ProfileProject; i: ProfileIndicator };
  const rows: Row[] = profile.projects.flatMap((p) => p.indicators.map((i) => ({ p, i })));
  const pendingOr = ({ p }: Row, value: Cell): Cell => (value === null && p.pending ? "Pending" : value);
  tableSheet<Row>(
    workbook,
    "Indicators",
    [
      { header: "Reference", width: 14, value: ({ p }) => p.reference },
      { header: "Project", width: 30, format: "wrap", value: ({ p }) => p.title },
      { header: "Provider", width: 26, format: "wrap", value: ({ p }) => p.provider },
      { header: "Indicator", width: 36, format: "wrap", value: ({ i }) => i.name },
      { header: "Kind", width: 10, value: ({ i }) => (i.kind === "output" ? "Output" : "Outcome") },
      { header: "Unit", width: 14, value: ({ i }) => i.unit },
      { header: "Measured", width: 14, value: ({ i }) => (i.measure === "cumulative" ? "Running total" : "Per quarter") },
      { header: "Better when", width: 10, value: ({ i }) => (i.direction === "lower" ? "Lower" : "Higher") },
      { header: "Actual this quarter", width: 12, value: (r) => pendingOr(r, r.i.quarterActual) },
      { header: "Target this quarter", width: 12, value: ({ i }) => i.quarterTarget },
      { header: "Achievement this quarter", width: 13, format: "percent", value: (r) => pendingOr(r, fraction(r.i.quarterAchievementPercent)) },
      { header: "RAG this quarter", width: 10, value: ({ i }) => ragWord(i.quarterRag) },
      { header: "Direction of travel", width: 11, value: ({ i }) => trendWord(i.trend) },
      { header: `Actual ${ytdWord}`, width: 12, value: ({ i }) => i.ytdActual },
      { header: `Target ${ytdWord}`, width: 12, value: ({ i }) => i.ytdTarget },
      { header: `Achievement ${ytdWord}`, width: 13, format: "percent", value: ({ i }) => fraction(i.ytdAchievementPercent) },
      { header: `RAG ${ytdWord}`, width: 10, value: ({ i }) => ragWord(i.ytdRag) },
      { header: "Provider's comment", width: 50, format: "wrap", value: ({ i }) => i.comment },
      { header: "Pending", width: 10, value: ({ p }) => (p.pending ? "Yes" : "No") },
    ],
    rows,
    "No indicators are set for these projects.",
  );
}

function atRiskSheet(workbook: ExcelJS.Workbook, profile: DistrictProfile) {
  tableSheet(
    workbook,
    "At risk",
    [
      { header: "Project", width: 30, format: "wrap", value: (r) => r.projectTitle },
      { header: "Provider", width: 26, format: "wrap", value: (r) => r.provider },
      { header: "Indicator", width: 36, format: "wrap", value: (r) => r.indicatorName },
      { header: "Previous quarter", width: 12, value: (r) => r.previousQuarter },
      { header: "Achievement, previous quarter", width: 13, format: "percent", value: (r) => fraction(r.previousAchievementPercent) },
      { header: "RAG, previous quarter", width: 11, value: (r) => ragWord(r.previousRag) },
      { header: `Achievement, ${profile.quarter}`, width: 13, format: "percent", value: (r) => fraction(r.quarterAchievementPercent) },
      { header: `RAG, ${profile.quarter}`, width: 11, value: (r) => ragWord(r.quarterRag) },
      { header: "Provider's explanation", width: 50, format: "wrap", value: (r) => r.comment ?? "None given" },
      { header: "Agreed action", width: 50, format: "wrap", value: (r) => r.action?.action ?? "None recorded" },
      { header: "Action owner", width: 22, value: (r) => r.action?.owner ?? null },
      { header: "Action due", width: 13, format: "date", value: (r) => asDate(r.action?.dueDate ?? null) },
    ],
    profile.atRisk,
    "No indicator has been red or amber two quarters running.",
  );
}

type ComparisonRow = NonNullable<DistrictProfile["comparison"]>["rows"][number];

function comparisonSheet(workbook: ExcelJS.Workbook, profile: DistrictProfile) {
  const cell = (key: ComparisonRow["key"], value: number | null): Cell => {
    if (value === null) return null;
    const { unit } = COMPARISON_MEASURES[key];
    return unit === "GBP" ? pounds(Math.round(value)) : unit === "percent" ? fraction(value) : value;
  };
  const sheet = tableSheet(
    workbook,
    "Comparison",
    [
      { header: "Figure", width: 44, format: "wrap", value: (r: ComparisonRow) => COMPARISON_MEASURES[r.key].label },
      { header: profile.district.name, width: 14, format: "number", value: (r) => cell(r.key, r.district) },
      { header: "County", width: 14, format: "number", value: (r) => cell(r.key, r.county) },
      { header: "Median district", width: 14, format: "number", value: (r) => cell(r.key, r.median) },
      { header: "Rank (1st is highest)", width: 12, format: "whole", value: (r) => r.rank },
      { header: "Districts ranked", width: 12, format: "whole", value: (r) => (r.rank === null ? null : r.of) },
    ],
    profile.comparison?.rows ?? [],
    "No comparison with the county in this edition.",
    false,
  );
  // Each row has its own unit, so each row gets its own number format.
  (profile.comparison?.rows ?? []).forEach((r, i) => {
    const { unit } = COMPARISON_MEASURES[r.key];
    const format = unit === "GBP" ? "money" : unit === "percent" ? "percent" : unit === "GBP per GBP" ? "perPound" : unit === "people" ? "whole" : "number";
    for (const column of [2, 3, 4]) styleCell(sheet.getCell(i + 2, column), format);
  });
}

/** The trend as a sheet: one row a quarter. The county workbook has one too. */
export function trendSheet(workbook: ExcelJS.Workbook, profile: Pick<DistrictProfile, "trend">, name = "Trend") {
  tableSheet(
    workbook,
    name,
    [
      { header: "Quarter", width: 12, value: (t: ProfileTrendPoint) => t.quarter },
      ...TREND_MEASURES.map((m): Column<ProfileTrendPoint> => ({
        header: m.label,
        width: m.format === "money" ? 14 : 12,
        format: m.format === "money" ? "money" : m.format === "percent" ? "percent" : "whole",
        value: (t) => {
          const value = m.value(t);
          return value === null ? null : m.format === "money" ? pounds(value) : m.format === "percent" ? fraction(value) : value;
        },
      })),
    ],
    profile.trend ?? [],
    "No trend in this edition.",
  );
}

function contextSheet(workbook: ExcelJS.Workbook, profile: DistrictProfile) {
  // Quarter labels ("2025-26 Q3") sort as text in time order.
  const quarters = [...new Set(profile.context.flatMap((s) => s.points.map((p) => p.quarter)))].sort();
  tableSheet(
    workbook,
    "Context",
    [
      { header: "Code", width: 12, value: (s) => s.code },
      { header: "Indicator", width: 44, format: "wrap", value: (s) => s.name },
      ...quarters.map((q): Column<DistrictProfile["context"][number]> => ({
        header: q,
        width: 12,
        value: (s) => s.points.find((p) => p.quarter === q)?.value ?? null,
      })),
    ],
    profile.context,
    "No context indicators are recorded.",
  );
}

function themesSheet(workbook: ExcelJS.Workbook, profile: DistrictProfile) {
  tableSheet(
    workbook,
    "Themes",
    [
      { header: "Theme", width: 32, format: "wrap", value: (t) => t.name },
      { header: "Projects", width: 10, format: "whole", value: (t) => t.projects },
      { header: `Spent ${ytdWord}`, width: 16, format: "money", value: (t) => pounds(t.spentPence) },
      { header: `People reached ${ytdWord}`, width: 14, format: "whole", value: (t) => t.peopleReached },
    ],
    profile.themes,
    "No spend recorded by theme.",
  );
}

function caseStudiesSheet(workbook: ExcelJS.Workbook, profile: DistrictProfile) {
  tableSheet(
    workbook,
    "Case studies",
    [
      { header: "Title", width: 30, format: "wrap", value: (c) => c.title },
      { header: "Project", width: 28, format: "wrap", value: (c) => c.projectTitle },
      { header: "Provider", width: 26, format: "wrap", value: (c) => c.provider },
      { header: "Quarter", width: 12, value: (c) => c.quarter },
      { header: "Themes", width: 24, format: "wrap", value: (c) => c.themes.join("; ") },
      { header: "Outcomes it shows", width: 30, format: "wrap", value: (c) => c.indicators.join("; ") },
      { header: "Story", width: 80, format: "wrap", value: (c) => c.story },
    ],
    profile.caseStudies,
    "No case study has been chosen for this quarter.",
  );
}

function unitCostsSheet(workbook: ExcelJS.Workbook, profile: DistrictProfile) {
  // One row per link (the outcomes counted against a unit cost); a unit cost with none still has its row.
  type Row = { u: ProfileUnitCost; l: ProfileUnitCost["links"][number] | null };
  const rows = profile.unitCosts.flatMap((u): Row[] => (u.links.length ? u.links.map((l) => ({ u, l })) : [{ u, l: null }]));
  tableSheet<Row>(
    workbook,
    "Unit costs",
    [
      { header: "Code", width: 12, value: ({ u }) => u.code },
      { header: "Unit cost", width: 36, format: "wrap", value: ({ u }) => u.item },
      { header: "Value", width: 13, format: "money", value: ({ u }) => pounds(u.valuePence) },
      { header: "Per", width: 16, value: ({ u }) => u.per },
      { header: "Price year", width: 10, value: ({ u }) => u.priceYear },
      { header: `Uprated value (${profile.financialYearLabel} prices)`, width: 14, format: "money", value: ({ u }) => pounds(u.upratedValuePence) },
      { header: "Agency", width: 20, value: ({ u }) => u.agency },
      { header: "Borne by", width: 10, value: ({ u }) => (u.bearer === "council" ? "Council" : "Partners") },
      { header: "Source", width: 40, format: "wrap", value: ({ u }) => u.source },
      { header: "Counted against: project", width: 28, format: "wrap", value: ({ l }) => l?.projectTitle ?? "Not counted against any outcome" },
      { header: "Counted against: indicator", width: 30, format: "wrap", value: ({ l }) => l?.indicatorName ?? null },
      { header: "Outcomes counted", width: 11, value: ({ l }) => l?.outcomes ?? null },
      { header: "Deadweight", width: 11, format: "percent", value: ({ l }) => fraction(l?.deadweightPercent ?? null) },
      { header: "Attribution", width: 11, format: "percent", value: ({ l }) => fraction(l?.attributionPercent ?? null) },
      { header: "Optimism bias", width: 11, format: "percent", value: ({ l }) => fraction(l?.optimismBiasPercent ?? null) },
      { header: "Estimated costs avoided", width: 14, format: "money", value: ({ l }) => pounds(l?.costAvoidedPence ?? null) },
    ],
    rows,
    "No unit costs were used.",
  );
}

function notesSheet(workbook: ExcelJS.Workbook, profile: DistrictProfile) {
  const t = profile.thresholds;
  type Row = [note: string, value: Cell, format?: Format];
  const rows: Row[] = [
    ["Figures come from approved returns only; anything pending is marked. Data as at", asDate(profile.asOf), "date"],
    ["Figures computed", formatDateTime(profile.generatedAt)],
    ["Outputs and outcomes are green at or above this share of target", fraction(t.greenPercent), "percent"],
    ["Outputs and outcomes are amber at or above this share of target, red below", fraction(t.amberPercent), "percent"],
    ["Where lower is better, achievement is target ÷ actual. A project's outputs and outcomes columns show its weakest indicator.", null],
    ["Spend is green within this share of its profile", fraction(t.spendGreenVariancePercent), "plusMinus"],
    ["Spend is amber within this share of its profile, red beyond", fraction(t.spendAmberVariancePercent), "plusMinus"],
    [
      `Estimated costs avoided are not savings: they estimate what the outcomes achieved may have spared public services, using published unit costs uprated to ${profile.financialYearLabel} prices, less deadweight, attribution and optimism bias. Unit costs are uprated by this much a year where no other rate is set`,
      fraction(profile.upratingDefaultPercent),
      "percent",
    ],
    ["A project with several themes counts under each, so the themes add up to more than the district's total.", null],
    ["Questions about this profile", profile.contactEmail],
  ];
  const sheet = tableSheet<Row>(
    workbook,
    "Notes",
    [
      { header: "Note", width: 90, format: "wrap", value: (r) => r[0] },
      { header: "Value", width: 28, value: (r) => r[1] },
    ],
    rows,
    "",
    false,
  );
  rows.forEach((r, i) => styleCell(sheet.getCell(i + 2, 2), r[2]));
}
