// Red, amber, green: how a figure stands against its target or a spend against its profile.
// Pure functions: the thresholds always come from the settings (ragThresholds(settings)),
// never from literals in a caller, so a council that moves them sees every page follow.
//
// Boundaries are compared by cross-multiplying (actual × 100 ≥ green% × target) rather than
// by dividing first, so exactly 95% is green and exactly 80% amber, with no floating-point
// noise from the division.
import type { IndicatorDirection, IndicatorMeasure } from "../../../db/schema";
import type { Settings } from "../admin/settings.server";

export type Rag = "green" | "amber" | "red";
export const RAGS: readonly Rag[] = ["green", "amber", "red"];

/** Colour is never the only signal: every RAG is shown with its word. */
export const RAG_LABELS: Record<Rag, string> = { green: "Green", amber: "Amber", red: "Red" };

export const RAG_TAG_CLASSES: Record<Rag, string> = {
  green: "govuk-tag govuk-tag--green",
  amber: "govuk-tag govuk-tag--yellow",
  red: "govuk-tag govuk-tag--red",
};

export interface RagThresholds {
  /** Achievement: green at or above this % of target. */
  greenPercent: number;
  /** Achievement: amber at or above this %, red below. */
  amberPercent: number;
  /** Spend: green within ± this % of the profile. */
  spendGreenVariancePercent: number;
  /** Spend: amber within ± this %, red beyond. */
  spendAmberVariancePercent: number;
}

export function ragThresholds(
  settings: Pick<Settings, "rag_green_percent" | "rag_amber_percent" | "spend_green_variance_percent" | "spend_amber_variance_percent">,
): RagThresholds {
  return {
    greenPercent: settings.rag_green_percent,
    amberPercent: settings.rag_amber_percent,
    spendGreenVariancePercent: settings.spend_green_variance_percent,
    spendAmberVariancePercent: settings.spend_amber_variance_percent,
  };
}

// Figures typed as decimals (12.5) multiply into values like 1249.9999999999998; a tolerance
// far below any meaningful difference keeps a boundary a boundary.
const EPSILON = 1e-9;
const atLeast = (a: number, b: number): boolean => a >= b - EPSILON * Math.max(1, Math.abs(a), Math.abs(b));

export interface IndicatorRag {
  rag: Rag;
  label: string;
  /** Achievement as a percentage (actual ÷ target, or target ÷ actual when lower is better), null when it has no meaning (a target of 0). */
  achievementPercent: number | null;
}

/**
 * One figure against its target.
 * - Higher is better: achievement = actual ÷ target. A target of 0 is met by any actual ≥ 0.
 * - Lower is better: achievement = target ÷ actual. An actual of 0 meets any target ≥ 0; a
 *   target of 0 is met only by an actual of 0.
 * Green at or above the green %, amber at or above the amber %, red below.
 */
export function indicatorRag(
  figure: { actual: number; target: number; direction: IndicatorDirection },
  thresholds: Pick<RagThresholds, "greenPercent" | "amberPercent">,
): IndicatorRag {
  const { actual, target, direction } = figure;
  // The comparison is (numerator / denominator) × 100 against a threshold %.
  let numerator: number;
  let denominator: number;
  if (direction === "lower") {
    // Nothing happened that should not have: met, whatever the target (achievement unbounded).
    if (actual <= 0 && target >= 0) return result("green", null);
    if (target <= 0) return result("red", 0);
    numerator = target;
    denominator = actual;
  } else {
    if (target <= 0) return result(actual >= 0 ? "green" : "red", null);
    numerator = actual;
    denominator = target;
  }
  const achievementPercent = (numerator / denominator) * 100;
  const rag: Rag = atLeast(numerator * 100, thresholds.greenPercent * denominator)
    ? "green"
    : atLeast(numerator * 100, thresholds.amberPercent * denominator)
      ? "amber"
      : "red";
  return result(rag, achievementPercent);

  function result(r: Rag, percent: number | null): IndicatorRag {
    return { rag: r, label: RAG_LABELS[r], achievementPercent: percent === null || !Number.isFinite(percent) ? null : percent };
  }
}

export interface QuarterFigure {
  quarter: string;
  /** null: no figure reported for the quarter (not yet filed). */
  actual: number | null;
  target: number;
}

export interface ToDateFigure {
  actual: number;
  target: number;
  /** Quarters that count: those up to and including the one asked for. */
  quarters: number;
}

/**
 * The figures to date, as the measure asks. A per-quarter indicator's quarters are added up,
 * actuals and targets alike (a quarter with no figure adds nothing to the actual, but its
 * target still counts: what was due is still due). A cumulative indicator's figures are
 * already running totals, as providers are asked to enter them, so the latest quarter up to
 * `upTo` that has a figure is the total to date, against its own target.
 */
export function figuresToDate(measure: IndicatorMeasure, series: readonly QuarterFigure[], upTo: string): ToDateFigure {
  const end = series.findIndex((q) => q.quarter === upTo);
  const counted = end === -1 ? series : series.slice(0, end + 1);
  if (measure === "cumulative") {
    const latest = [...counted].reverse().find((q) => q.actual !== null);
    const last = counted[counted.length - 1];
    return { actual: latest?.actual ?? 0, target: last?.target ?? 0, quarters: counted.length };
  }
  return {
    actual: counted.reduce((sum, q) => sum + (q.actual ?? 0), 0),
    target: counted.reduce((sum, q) => sum + q.target, 0),
    quarters: counted.length,
  };
}

/**
 * The RAG for an indicator in a quarter: that quarter's figure against that quarter's
 * target. For a cumulative indicator both are running totals to date, so the same
 * comparison is the comparison to date.
 */
export function indicatorRagForQuarter(
  indicator: { measure: IndicatorMeasure; direction: IndicatorDirection },
  series: readonly QuarterFigure[],
  quarter: string,
  thresholds: Pick<RagThresholds, "greenPercent" | "amberPercent">,
): (IndicatorRag & { compared: { actual: number; target: number } }) | null {
  const current = series.find((q) => q.quarter === quarter);
  if (!current || current.actual === null) return null;
  const compared = { actual: current.actual, target: current.target };
  return { ...indicatorRag({ actual: compared.actual, target: compared.target, direction: indicator.direction }, thresholds), compared };
}

export interface SpendRag {
  rag: Rag;
  label: string;
  /** (actual − profile) ÷ profile as a percentage; null when the profile is 0. */
  variancePercent: number | null;
}

/**
 * Spend against its profile: variance = (actual − profile) ÷ profile. Green within ± the
 * green %, amber within ± the amber % (both inclusive), red beyond. Under- and overspend
 * count alike. A profile of 0 is green only when nothing was spent.
 */
export function spendRag(
  spend: { actualPence: number; profilePence: number },
  thresholds: Pick<RagThresholds, "spendGreenVariancePercent" | "spendAmberVariancePercent">,
): SpendRag {
  const { actualPence, profilePence } = spend;
  if (profilePence <= 0) {
    const rag: Rag = actualPence === 0 ? "green" : "red";
    return { rag, label: RAG_LABELS[rag], variancePercent: null };
  }
  const deviation = Math.abs(actualPence - profilePence) * 100;
  const rag: Rag = atLeast(thresholds.spendGreenVariancePercent * profilePence, deviation)
    ? "green"
    : atLeast(thresholds.spendAmberVariancePercent * profilePence, deviation)
      ? "amber"
      : "red";
  return { rag, label: RAG_LABELS[rag], variancePercent: ((actualPence - profilePence) / profilePence) * 100 };
}

export { formatPercent, formatVariance } from "~/lib/percent";
