// The words a profile is read in, shared by the web page, the PDF and the spreadsheets so a
// board member sees the same wording everywhere. Not a .server module: components render these.
import { formatPence, formatWholePounds } from "~/lib/money";
import type { DistrictProfile, ProfileCostAvoided, ProfileProject, Rag, Trend } from "./types";
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

