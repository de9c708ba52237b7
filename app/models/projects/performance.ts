// The annual performance assessment (Procurement Act 2023 s71): each year a contract is
// rated good, approaching target, requires improvement or inadequate against its KPIs. The
// portal proposes a rating from the year's figures (each indicator's RAG to date, from the
// approved returns) and its monitoring visits' grades; an officer confirms it, or chooses
// another and says why. The rule is here once, for the page, the profile and the tests.
import type { PerformanceRating } from "../../../db/schema";
import type { Rag } from "./rag.server";

export type { PerformanceRating };
export const PERFORMANCE_RATINGS: readonly PerformanceRating[] = ["good", "approaching_target", "requires_improvement", "inadequate"];

export const PERFORMANCE_RATING_LABELS: Record<PerformanceRating, string> = {
  good: "Good",
  approaching_target: "Approaching target",
  requires_improvement: "Requires improvement",
  inadequate: "Inadequate",
};

export const PERFORMANCE_RATING_TAG_CLASSES: Record<PerformanceRating, string> = {
  good: "govuk-tag govuk-tag--green",
  approaching_target: "govuk-tag govuk-tag--blue",
  requires_improvement: "govuk-tag govuk-tag--yellow",
  inadequate: "govuk-tag govuk-tag--red",
};

export interface PerformanceBasis {
  /** Each indicator's RAG for the year to date, from approved returns. */
  rags: Rag[];
  /** The year's monitoring visits' overall grades: 1 Outstanding, 2 Good, 3 Adequate, 4 Inadequate. */
  visitGrades: number[];
}

/**
 * The rating the year's figures suggest, or null with nothing to go on:
 * - inadequate: a visit graded Inadequate, or more than half the indicators red;
 * - requires improvement: more than a quarter red, or a visit graded Adequate with any red;
 * - good: no red, at least three quarters green, and no visit below Good;
 * - approaching target: anything else.
 */
export function proposeRating(basis: PerformanceBasis): PerformanceRating | null {
  const { rags, visitGrades } = basis;
  if (rags.length === 0 && visitGrades.length === 0) return null;
  const worstVisit = visitGrades.length ? Math.max(...visitGrades) : null;
  const red = rags.filter((r) => r === "red").length;
  const green = rags.filter((r) => r === "green").length;
  // Shares compared by cross-multiplying, so exactly a half or a quarter is not "more than".
  if (worstVisit === 4 || red * 2 > rags.length) return "inadequate";
  if (red * 4 > rags.length || (worstVisit === 3 && red > 0)) return "requires_improvement";
  if (red === 0 && green * 4 >= rags.length * 3 && (worstVisit === null || worstVisit <= 2)) return "good";
  return "approaching_target";
}
