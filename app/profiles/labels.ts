// The words a profile is read in, shared by the web page, the PDF and the spreadsheets so a
// board member sees the same wording everywhere. Not a .server module: components render these.
import { formatPence, formatWholePounds } from "~/lib/money";
import { formatPercent } from "~/lib/percent";
import type { DistrictProfile, ProfileComparisonRow, ProfileCostAvoided, ProfileProject, ProfileTrendPoint, Rag, Trend } from "./types";
import { PERFORMANCE_RATING_LABELS } from "~/models/projects/performance";
import { AGE_BAND_LABELS } from "~/schemas/returns";
import { SMALL_COUNT } from "~/policies/profiles";
import { PROJECT_RECOMMENDATION_LABELS } from "~/schemas/profiles";
import type { PerformanceRating } from "~/models/projects/performance";

// Colour is never the only signal: every RAG mark carries one of these.
export const RAG_WORDS: Record<Rag, string> = { green: "Green", amber: "Amber", red: "Red" };
export const RAG_LETTERS: Record<Rag, string> = { green: "G", amber: "A", red: "R" };
export const RAGS: readonly Rag[] = ["green", "amber", "red"];

// Words rather than arrows: the PDF's built-in Helvetica has no arrow glyphs.
export const TREND_WORDS: Record<Exclude<Trend, null>, string> = { up: "Up", down: "Down", same: "Same" };

export const VISIT_GRADE_WORDS: Record<number, string> = { 1: "Outstanding", 2: "Good", 3: "Adequate", 4: "Inadequate" };

export const RETURN_STATUS_WORDS: Record<string, string> = {
  not_started: "Not started",
  draft: "Draft",
  submitted: "Submitted",
  queried: "Queried",
  resubmitted: "Resubmitted",
  approved: "Approved",
};

/** "Green", or "–" where there is no figure to rate. */
export function ragWord(rag: Rag | null): string {
  return rag ? RAG_WORDS[rag] : "–";
}

/** "Up", "Down", "Same", or "–" where there is no previous quarter to compare with. */
export function trendWord(trend: Trend): string {
  return trend ? TREND_WORDS[trend] : "–";
}

/** "2 Good", or "Not visited". */
/** The latest visit and the annual performance assessment, in one cell: "2 Good; assessed 2025-26: Good". */
export function visitAndAssessmentText(p: Pick<ProfileProject, "visitGrade" | "assessment">): string {
  const visit = visitGradeText(p.visitGrade);
  return p.assessment ? `${visit}; assessed ${p.assessment.yearLabel}: ${PERFORMANCE_RATING_LABELS[p.assessment.rating]}` : visit;
}

export function visitGradeText(grade: number | null): string {
  if (grade === null) return "Not visited";
  const word = VISIT_GRADE_WORDS[grade];
  return word ? `${grade} ${word}` : String(grade);
}

/** 3.5557 → "£3.56 for every £1 spent"; null (nothing spent yet) → "–". */
export function formatPerPound(perPound: number | null): string {
  if (perPound === null || !Number.isFinite(perPound)) return "–";
  return `${formatPence(Math.round(perPound * 100))} for every £1 spent`;
}

/** What a board reads where nothing could be estimated: never "£0", which reads as failure. */
export const NOT_ESTIMATED = "Not estimated: no outcome linked to a unit cost";

/** "£12,400", or that nothing was estimated. */
export function costAvoidedText(cost: ProfileCostAvoided): string {
  return cost.estimated === false ? NOT_ESTIMATED : formatWholePounds(cost.totalPence);
}

/** "£3.56 for every £1 spent", or "not estimated". */
export function costAvoidedPerPoundText(cost: ProfileCostAvoided): string {
  return cost.estimated === false ? "Not estimated" : formatPerPound(cost.perPound);
}

/** For a spreadsheet cell: the figure, or the words when there is none. */
export function costAvoidedCell<T>(cost: ProfileCostAvoided, figure: T): T | "Not estimated" {
  return cost.estimated === false ? "Not estimated" : figure;
}

/** Which projects the estimate covers, when not all of them: "counted for 2 of 3 projects". */
export function costAvoidedCoverage(cost: ProfileCostAvoided, projects: number): string | null {
  if (cost.countedProjects === undefined || cost.estimated === false || cost.countedProjects >= projects) return null;
  return `counted for ${cost.countedProjects} of ${projects} projects (those with an outcome linked to a unit cost)`;
}

/** The method note's sentence on which projects the estimate covers (empty for profiles published before it was kept). */
export function costAvoidedMethodNote(profile: Pick<DistrictProfile, "projects">): string {
  if (profile.projects.some((p) => p.costAvoided.estimated === undefined)) return "";
  const counted = profile.projects.filter((p) => p.costAvoided.estimated);
  if (counted.length === 0) return "No project here has an outcome linked to a unit cost yet, so none is estimated.";
  if (counted.length === profile.projects.length) return "Every project here has an outcome linked to a unit cost, so every one counts.";
  return `Only projects with an outcome linked to a unit cost count, and only their spend is in "per £1 spent": ${counted.map((p) => p.title).join(", ")}.`;
}

/** Under "People reached this year": "32 this quarter · £559.38 per person reached". */
export function reachDetailText(h: DistrictProfile["headline"]): string {
  const perPerson = h.costPerPersonPence === undefined ? null
    : h.costPerPersonPence === null ? "no one reached yet" : `${formatPence(h.costPerPersonPence)} per person reached`;
  return [`${formatCount(h.peopleReachedQuarter)} this quarter`, perPerson].filter(Boolean).join(" · ");
}

/** The year's reach by age in a line: "0 to 4: 12 (18%) · 5 to 10: 30 (44%) · …"; empty when there is none. */
export function reachByAgeText(h: DistrictProfile["headline"]): string {
  if (!h.reachByAgeBand || h.peopleReachedYear === 0) return "";
  return h.reachByAgeBand.map((b) => `${AGE_BAND_LABELS[b.band]}: ${reachCountText(b.people)}${b.people === null ? "" : ` (${Math.round((b.people / h.peopleReachedYear) * 100)}%)`}`).join(" · ");
}

/** A count of people by age, or that it is kept back because it is small. */
export function reachCountText(people: number | null): string {
  return people === null ? `fewer than ${SMALL_COUNT}` : formatCount(people);
}

/** "Pump priming: allocated £50,000, committed £0, spent £0 · Schools Forum ESI: …"; empty when not kept. */
export function fundingStreamsText(h: DistrictProfile["headline"]): string {
  return (h.byFundingStream ?? []).map((s) =>
    `${s.name}: allocated ${formatWholePounds(s.allocatedPence)}, committed ${formatWholePounds(s.committedPence)}, spent ${formatWholePounds(s.spentPence)}`).join(" · ");
}

/** "Children's services £8,262 (council £8,262, partners £0) · …"; empty when none. */
export function costAvoidedByCategoryText(h: DistrictProfile["headline"]): string {
  return (h.costAvoidedByCategory ?? []).map((c) =>
    `${c.category} ${formatWholePounds(c.totalPence)} (council ${formatWholePounds(c.councilPence)}, partners ${formatWholePounds(c.partnersPence)})`).join(" · ");
}

/** "29.5 per 10,000": children and young people reached this year per 10,000 aged 0 to 19. */
export function per10000Text(per10000: number): string {
  return `${per10000.toLocaleString("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 })} per 10,000`;
}

/** "59 of 20,000 aged 0 to 19 (0.30%), population as at 2025-26 Q1". */
export function populationReachText(reach: NonNullable<DistrictProfile["headline"]["populationReach"]>): string {
  const share = reach.sharePercent.toLocaleString("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${formatCount(reach.childrenReached)} of ${formatCount(reach.population)} aged 0 to 19 (${share}%), population as at ${reach.asAt}`;
}

/** "Good", or that there is nothing to rate yet. */
export function overallRatingText(rating: PerformanceRating | null): string {
  return rating ? PERFORMANCE_RATING_LABELS[rating] : "Not rated yet";
}

/** "Continue with conditions", or that none is made (or, in public, that it is kept back). */
export function recommendationText(r: ProfileProject["recommendation"] | null, forPublic = false): string {
  if (r) return PROJECT_RECOMMENDATION_LABELS[r.recommendation];
  return forPublic ? "Not published" : "None yet";
}

/** A count for people: 1204 → "1,204". */
export function formatCount(n: number): string {
  return n.toLocaleString("en-GB");
}


/** 2 → "2nd": for ranks. */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th";
  return `${n}${suffix}`;
}

/** "2nd of 12", or "–" where no rank is given. */
export function rankText(rank: number | null, of: number): string {
  return rank === null ? "–" : `${ordinal(rank)} of ${of}`;
}

const oneDecimal = (n: number) => n.toLocaleString("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** Each headline figure compared with the county: its label, how it reads, and its unit in the spreadsheets. */
export const COMPARISON_MEASURES: Record<ProfileComparisonRow["key"], { label: string; unit: "people" | "per 10,000" | "GBP" | "percent" | "GBP per GBP"; format: (n: number) => string }> = {
  "people-reached": { label: "People reached this year", unit: "people", format: (n) => formatCount(Math.round(n)) },
  "per-10000": { label: "Children and young people reached per 10,000 aged 0 to 19", unit: "per 10,000", format: oneDecimal },
  "cost-per-person": { label: "Spend per person reached", unit: "GBP", format: (n) => formatPence(Math.round(n)) },
  "spent-of-committed": { label: "Spent of committed", unit: "percent", format: (n) => formatPercent(n) },
  "on-time": { label: "Returns on time", unit: "percent", format: (n) => formatPercent(n) },
  "outputs-green": { label: "Output indicators rated Green this quarter", unit: "percent", format: (n) => formatPercent(n) },
  "outcomes-green": { label: "Outcome indicators rated Green this quarter", unit: "percent", format: (n) => formatPercent(n) },
  "per-pound": { label: "Estimated costs avoided per £1 spent", unit: "GBP per GBP", format: (n) => formatPence(Math.round(n * 100)) },
};

/** A compared figure as text; "–" where there is none (and for costs avoided, that none is estimated). */
export function comparisonText(key: ProfileComparisonRow["key"], value: number | null): string {
  if (value === null) return key === "per-pound" ? "Not estimated" : "–";
  return COMPARISON_MEASURES[key].format(value);
}

export const COMPARISON_NOTE =
  "The county figure divides the county's totals; the median is the middle district's figure. Ranks (1st is highest) are given only " +
  "for rates a board wants high, not for sizes or prices, and only among districts with a figure.";

export type RagGroup = "outputs" | "outcomes" | "spend";

/** The three things a profile rates, in order, as the page, the charts and the PDF name them. */
export const RAG_GROUP_WORDS: Record<RagGroup, string> = { outputs: "Outputs", outcomes: "Outcomes", spend: "Spend" };
export const RAG_GROUP_KEYS: readonly RagGroup[] = ["outputs", "outcomes", "spend"];

export interface TrendMeasure {
  label: string;
  unit: "projects" | "GBP" | "people" | "percent" | "indicators";
  value: (t: ProfileTrendPoint) => number | null;
  format: "count" | "money" | "percent";
  /** Set on the RAG counts, which the page and the PDF show three to a row. */
  ragGroup?: RagGroup;
}

/** The trend's rows, the same on the page, in the PDF and in the spreadsheets. */
export const TREND_MEASURES: readonly TrendMeasure[] = [
  { label: "Projects live", unit: "projects", value: (t) => t.projectsLive, format: "count" },
  { label: "Spend profile", unit: "GBP", value: (t) => t.spendProfilePence, format: "money" },
  { label: "Approved spend", unit: "GBP", value: (t) => t.spendActualPence, format: "money" },
  { label: "People reached in the quarter", unit: "people", value: (t) => t.peopleReached, format: "count" },
  { label: "Outputs: median indicator's % of its target", unit: "percent", value: (t) => t.outputsPercent, format: "percent" },
  { label: "Outcomes: median indicator's % of its target", unit: "percent", value: (t) => t.outcomesPercent, format: "percent" },
  ...RAG_GROUP_KEYS.flatMap((group) => RAGS.map((rag): TrendMeasure => ({
    label: `${RAG_GROUP_WORDS[group]} rated ${RAG_WORDS[rag]}`,
    unit: group === "spend" ? "projects" : "indicators",
    value: (t) => t.rag[group][rag],
    format: "count",
    ragGroup: group,
  }))),
  { label: "Estimated costs avoided in the quarter", unit: "GBP", value: (t) => t.costAvoidedPence, format: "money" },
];

/** The trend's rows other than the RAG counts, which the page and the PDF show three to a cell (trendRagText). */
export const TREND_FIGURES: readonly TrendMeasure[] = TREND_MEASURES.filter((m) => m.ragGroup === undefined);

/** A quarter's RAG counts for one group in one cell: "2, 1, 0" (green, amber, red). */
export function trendRagText(t: ProfileTrendPoint, group: RagGroup, separator = ", "): string {
  return RAGS.map((rag) => formatCount(t.rag[group][rag])).join(separator);
}

/** A trend figure as the page shows it. */
export function trendCellText(measure: TrendMeasure, t: ProfileTrendPoint): string {
  const value = measure.value(t);
  if (value === null) return measure.label.startsWith("Estimated") ? "Not estimated" : "–";
  return measure.format === "money" ? formatWholePounds(value) : measure.format === "percent" ? formatPercent(value) : formatCount(value);
}

export const TREND_NOTE =
  "Each quarter as its own profile gives it, from approved returns only, as known on the profile's date. Outputs and outcomes: the " +
  "median indicator's achievement of its quarterly target. Costs avoided in a quarter: the year to date less the quarter before's, " +
  "at that year's prices.";
