// The programme's own trend: each of the last eight quarters as that quarter's profile gives
// it, so a trend point is never worked out by a rule of its own. Pure: it reads computed
// profiles' digests (digest.ts), one per quarter, for one district or for the whole county.
import { parseQuarterLabel } from "~/lib/financial-year";
import type { ProfileDigest, ProfileIndicator, ProfileTrendPoint, RagCounts } from "~/profiles/types";
import { lastQuarters } from "../context/quarters";
import { emptyCounts } from "./figures";

export const TREND_QUARTERS = 8;

/**
 * The quarters a trend ending with `quarter` needs: its eight, and the quarter before the
 * oldest when that is not a Q1 (costs avoided in a quarter are its year to date less the
 * quarter before's).
 */
export function trendQuarters(quarter: string): { shown: string[]; needed: string[] } {
  const shown = lastQuarters(quarter, TREND_QUARTERS);
  const oldest = parseQuarterLabel(shown[0])!;
  return { shown, needed: oldest.quarter === 1 ? shown : lastQuarters(quarter, TREND_QUARTERS + 1) };
}

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: ArrayLike<number>): number | null {
  if (values.length === 0) return null;
  // A typed array sorts numbers as numbers, many times faster than an array with a comparator.
  const sorted = Float64Array.from(values).sort();
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const add = (a: RagCounts, b: RagCounts): RagCounts => ({ green: a.green + b.green, amber: a.amber + b.amber, red: a.red + b.red });

function medianAchievement(profiles: readonly ProfileDigest[], kind: ProfileIndicator["kind"]): number | null {
  const all = new Float64Array(profiles.reduce((n, p) => n + p.quarterAchievementPercents[kind].length, 0));
  let at = 0;
  for (const p of profiles) {
    all.set(p.quarterAchievementPercents[kind], at);
    at += p.quarterAchievementPercents[kind].length;
  }
  return median(all);
}

function costAvoidedToDate(profiles: readonly ProfileDigest[]): { pence: number; estimated: boolean } {
  return {
    pence: profiles.reduce((total, p) => total + p.headline.costAvoided.totalPence, 0),
    estimated: profiles.some((p) => p.headline.costAvoided.estimated !== false),
  };
}

/**
 * One quarter of the trend over the given profiles (one district's, or every district's for
 * the county), all for `quarter`; `before` are the same districts' profiles for the quarter
 * before, or null when it is in another financial year (or not computed).
 */
export function trendPointOf(quarter: string, profiles: readonly ProfileDigest[], before: readonly ProfileDigest[] | null): ProfileTrendPoint {
  const spend = profiles.map((p) => p.spendByQuarter.find((s) => s.quarter === quarter));
  const toDate = costAvoidedToDate(profiles);
  const sameYearBefore = before && parseQuarterLabel(quarter)!.quarter > 1 ? costAvoidedToDate(before).pence : 0;
  return {
    quarter,
    projectsLive: profiles.reduce((total, p) => total + p.headline.projectsLive, 0),
    spendProfilePence: spend.reduce((total, s) => total + (s?.profilePence ?? 0), 0),
    spendActualPence: spend.reduce((total, s) => total + (s?.actualPence ?? 0), 0),
    peopleReached: profiles.reduce((total, p) => total + p.headline.peopleReachedQuarter, 0),
    outputsPercent: medianAchievement(profiles, "output"),
    outcomesPercent: medianAchievement(profiles, "outcome"),
    rag: {
      outputs: profiles.reduce((c, p) => add(c, p.headline.rag.outputs), emptyCounts()),
      outcomes: profiles.reduce((c, p) => add(c, p.headline.rag.outcomes), emptyCounts()),
      spend: profiles.reduce((c, p) => add(c, p.headline.rag.spend), emptyCounts()),
    },
    costAvoidedPence: toDate.estimated ? toDate.pence - sameYearBefore : null,
  };
}

/**
 * The trend over `shown` quarters from profiles computed for each quarter in `needed`
 * (keyed quarter → district id → digest), for the given districts together.
 */
export function trendOf(
  districtIds: readonly string[],
  quarters: { shown: readonly string[]; needed: readonly string[] },
  byQuarter: ReadonlyMap<string, ReadonlyMap<string, ProfileDigest>>,
): ProfileTrendPoint[] {
  const pick = (quarter: string | undefined): ProfileDigest[] | null => {
    const map = quarter ? byQuarter.get(quarter) : undefined;
    return map ? districtIds.map((id) => map.get(id)).filter((p): p is ProfileDigest => !!p) : null;
  };
  return quarters.shown.map((quarter) => {
    const index = quarters.needed.indexOf(quarter);
    return trendPointOf(quarter, pick(quarter) ?? [], pick(quarters.needed[index - 1]));
  });
}
