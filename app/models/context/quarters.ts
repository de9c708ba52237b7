// The quarters context figures are entered for and profiles are drawn for: only quarters
// that have ended, since a figure for a quarter still running is not yet known.
import { parseQuarterLabel, previousQuarter, quarterLabel, quarterOf, type FinancialQuarter } from "~/lib/financial-year";

/** The n quarters ending with `quarter`, oldest first: lastQuarters("2026-27 Q2", 8) → ["2024-25 Q3", …, "2026-27 Q2"]. */
export function lastQuarters(quarter: string, n: number): string[] {
  const end = parseQuarterLabel(quarter);
  if (!end) throw new RangeError(`Not a quarter: ${quarter}`);
  const out: FinancialQuarter[] = [];
  let q = end;
  for (let i = 0; i < n; i += 1) {
    out.push(q);
    q = previousQuarter(q);
  }
  return out.reverse().map(quarterLabel);
}

/** The latest quarter that has ended on `today` (an ISO date): on 2026-12-06 that is 2026-27 Q2. */
export function lastEndedQuarter(today: string): string {
  return quarterLabel(previousQuarter(quarterOf(today)));
}

/** ?quarter= when it is a quarter that has ended, else the latest that has. */
export function contextQuarterFrom(asked: string | null, today: string): string {
  const latest = lastEndedQuarter(today);
  const parsed = asked ? parseQuarterLabel(asked) : null;
  if (!parsed) return latest;
  const label = quarterLabel(parsed);
  return compareQuarters(label, latest) > 0 ? latest : label;
}

/** Quarter labels sort as text only within a century; compare them as numbers. */
export function compareQuarters(a: string, b: string): number {
  const qa = parseQuarterLabel(a);
  const qb = parseQuarterLabel(b);
  if (!qa || !qb) return a.localeCompare(b);
  return qa.year * 4 + qa.quarter - (qb.year * 4 + qb.quarter);
}

/** The quarters to offer in the picker: the `count` that have ended, newest first. */
export function quarterChoices(today: string, count = 12): string[] {
  return lastQuarters(lastEndedQuarter(today), count).reverse();
}
