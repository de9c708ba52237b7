// A context figure as typed into the grid or a CSV file: what may be stored, and how each
// problem is worded where it is shown.
import { parseFigure } from "~/lib/figures";

/** Far above any district's quarterly figure: a slip of the finger is caught, not stored. */
export const MAX_CONTEXT_VALUE = 10_000_000;

export type ValueCheck = { ok: true; value: number | null } | { ok: false; problem: string };

/**
 * A figure as typed, by the portal's one rule for figures (app/lib/figures.ts): blank (no
 * figure), or a number from 0 to MAX_CONTEXT_VALUE with at most 2 decimal places. The
 * problem is a code: the form and the import each word it for where it is shown.
 */
export function parseContextValue(text: string): ValueCheck {
  const parsed = parseFigure(text, { max: MAX_CONTEXT_VALUE });
  if (parsed.ok) return parsed;
  const problem = { invalid: "not-a-number", "not-whole": "not-a-number", negative: "negative", decimals: "decimals", "too-big": "too-large" }[parsed.problem];
  return { ok: false, problem };
}

/** The message for a figure that cannot be stored, naming the cell: "… for Referrals to children's social care in 2026-27 Q1 …". */
export function contextValueMessage(problem: string, indicatorName: string, quarter: string): string {
  const what = `${indicatorName} in ${quarter}`;
  switch (problem) {
    case "negative": return `${what} must be 0 or more`;
    case "decimals": return `${what} must have no more than 2 decimal places`;
    case "too-large": return `${what} must be 10,000,000 or less`;
    default: return `Enter ${what} as a number, like 120 or 12.5, or leave it blank`;
  }
}

/** The same problems, worded for a line of an imported file. */
export const IMPORT_PROBLEMS: Record<string, string> = {
  negative: "the value must be 0 or more",
  decimals: "the value must have no more than 2 decimal places",
  "too-large": "the value must be 10,000,000 or less",
};
