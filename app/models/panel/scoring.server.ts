// The panel's arithmetic, pure and exported for the unit tests. Weighted totals are kept as
// exact fractions (Σ score × weight × (L ÷ max) over L, the least common multiple of the
// maximum scores) so ties are ties and 79.95 never becomes 80.0 by accident; they are
// rounded only when shown.

export interface ScoringCriterion {
  id: string;
  weightPercent: number;
  maxScore: number;
}

/** An exact weighted total: value = numerator ÷ denominator, a percentage of 100. */
export interface WeightedTotal {
  numerator: number;
  denominator: number;
  value: number;
}

function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y) [x, y] = [y, x % y];
  return x;
}

const lcm = (a: number, b: number): number => (a / gcd(a, b)) * b;

/**
 * Σ over criteria of score ÷ max score × weight, exactly. null when any criterion has no
 * score yet: a partial total would rank a half-scored bid below a complete one.
 */
export function weightedTotal(
  criteria: readonly ScoringCriterion[],
  scores: Readonly<Record<string, number | null | undefined>>,
): WeightedTotal | null {
  if (criteria.length === 0) return null;
  for (const c of criteria) {
    if (!Number.isInteger(c.maxScore) || c.maxScore <= 0) throw new RangeError(`A criterion's maximum score must be a positive whole number, got ${c.maxScore}`);
  }
  const denominator = criteria.reduce((l, c) => lcm(l, c.maxScore), 1);
  let numerator = 0;
  for (const c of criteria) {
    const score = scores[c.id];
    if (score === null || score === undefined) return null;
    numerator += score * c.weightPercent * (denominator / c.maxScore);
  }
  return { numerator, denominator, value: numerator / denominator };
}

/** One criterion's contribution, score ÷ max × weight, as an exact fraction. */
export function weightedScore(score: number, weightPercent: number, maxScore: number): WeightedTotal {
  return { numerator: score * weightPercent, denominator: maxScore, value: (score * weightPercent) / maxScore };
}

/** A fraction to one decimal place, halves rounded away from zero: 319/4 → "79.8". */
export function formatOneDecimal(fraction: { numerator: number; denominator: number }): string {
  const { numerator, denominator } = fraction;
  const negative = numerator < 0 !== denominator < 0 && numerator !== 0;
  const n = Math.abs(numerator);
  const d = Math.abs(denominator);
  const tenths = Math.floor((20 * n + d) / (2 * d));
  const textValue = `${Math.floor(tenths / 10)}.${tenths % 10}`;
  return negative && tenths > 0 ? `-${textValue}` : textValue;
}

/** The same rounding as a number, for spreadsheets. */
export function roundOneDecimal(fraction: { numerator: number; denominator: number }): number {
  return Number(formatOneDecimal(fraction));
}

/** Compares two exact totals: negative when a < b. */
export function compareTotals(a: WeightedTotal, b: WeightedTotal): number {
  return a.numerator * b.denominator - b.numerator * a.denominator;
}

export interface Ranked<T> {
  item: T;
  /** 1 is the highest total; equal totals share a rank and the next rank is skipped (1, 1, 3). null when unscored. */
  rank: number | null;
}

/** Highest total first; ties keep their given order and share a rank; unscored ones last. */
export function rankByTotal<T>(items: readonly T[], totalOf: (item: T) => WeightedTotal | null): Ranked<T>[] {
  const indexed = items.map((item, index) => ({ item, index, total: totalOf(item) }));
  const scored = indexed.filter((x) => x.total !== null);
  const unscored = indexed.filter((x) => x.total === null);
  scored.sort((a, b) => compareTotals(b.total!, a.total!) || a.index - b.index);
  const ranked: Ranked<T>[] = scored.map((x) => ({
    item: x.item,
    rank: 1 + scored.filter((y) => compareTotals(y.total!, x.total!) > 0).length,
  }));
  return [...ranked, ...unscored.map((x) => ({ item: x.item, rank: null }))];
}

/** Scores this far apart or more are flagged for discussion before a consensus is agreed. */
export const WIDE_SPREAD = 2;

export interface Spread {
  /** max − min of the members' scores; null when nobody has scored. */
  spread: number | null;
  wide: boolean;
  /** Words for the flag, so it never rests on colour alone; "" when not flagged. */
  flag: string;
}

export function scoreSpread(scores: readonly number[]): Spread {
  if (scores.length === 0) return { spread: null, wide: false, flag: "" };
  const spread = Math.max(...scores) - Math.min(...scores);
  const wide = spread >= WIDE_SPREAD;
  return {
    spread,
    wide,
    flag: wide ? `Wide spread: ${spread} points between the highest and lowest score. Discuss before agreeing the consensus.` : "",
  };
}
