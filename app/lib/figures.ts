// Figures people type: targets, actuals, counts, context values, amounts of money. One
// rule for every form and import, so the same text gets the same answer everywhere:
//
// - blank is "no figure" (null); surrounding spaces are ignored;
// - a comma is a thousands separator only where it separates groups of three digits
//   ("1,200" is 1200; "12,5" is refused rather than read as 125 or 12.5);
// - a full stop is the decimal point (".5" is 0.5), with at most two decimal places
//   ("12.345" is refused, never rounded);
// - a leading "£" and a trailing "%" are allowed and ignored;
// - negative figures, and figures above a field's maximum, are refused.
//
// No zod here: the browser may import this module.
import { MAX_STORED_INTEGER } from "./forms";

/** A guard against a crafted form, not a policy: no figure the portal keeps is bigger. */
export const FIGURE_MAX = 1_000_000_000;
export const FIGURE_DECIMALS = 2;

export type FigureProblem = "invalid" | "negative" | "not-whole" | "decimals" | "too-big";

export type ParsedFigure = { ok: true; value: number | null } | { ok: false; problem: FigureProblem };

export interface FigureRules {
  /** Only whole numbers (counts of people, sessions). */
  whole?: boolean;
  /** The largest figure allowed; FIGURE_MAX unless given. */
  max?: number;
}

/** The plain digits of what was typed ("1,234.5" → "1234.5"), or null when it is not a figure. */
function plainDigits(typed: string): string | null {
  let text = typed.trim().replace(/^£\s*/, "").replace(/\s*%$/, "");
  if (/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(text)) text = text.replace(/,/g, "");
  return /^(\d+(\.\d*)?|\.\d+)$/.test(text) ? text : null;
}

/** What a person typed as a figure, by the one rule above. Never rounded. */
export function parseFigure(typed: string, rules: FigureRules = {}): ParsedFigure {
  if (typed.trim() === "") return { ok: true, value: null };
  const plain = plainDigits(typed);
  if (plain === null) {
    const unsigned = typed.trim().replace(/^[-−–]\s*/, "");
    return { ok: false, problem: unsigned !== typed.trim() && plainDigits(unsigned) !== null ? "negative" : "invalid" };
  }
  const decimals = plain.includes(".") ? plain.split(".")[1].length : 0;
  const value = Number(plain);
  if (rules.whole && !Number.isInteger(value)) return { ok: false, problem: "not-whole" };
  if (decimals > FIGURE_DECIMALS) return { ok: false, problem: "decimals" };
  if (!Number.isFinite(value) || value > (rules.max ?? FIGURE_MAX)) return { ok: false, problem: "too-big" };
  return { ok: true, value };
}

/**
 * Money typed in pounds ("£1,234.5", "1234", "1,234.56") → whole pence, by the same rule;
 * null when it is not an amount of money. Pence are counted from the digits, not through
 * floating point, so "0.29" is exactly 29.
 */
export function parsePoundsToPence(typed: string): number | null {
  if (typed.trim() === "") return null;
  const plain = plainDigits(typed);
  if (plain === null || typed.trim().endsWith("%")) return null;
  const [pounds, fraction = ""] = plain.split(".");
  if (fraction.length > 2) return null;
  const total = Number(pounds || "0") * 100 + Number(fraction.padEnd(2, "0"));
  // The largest amount an integer column holds on every engine (£21,474,836.47).
  return total <= MAX_STORED_INTEGER ? total : null;
}

/** The usual message for a figure that cannot be kept, naming what it is ("the target for 2026-27 Q1"). */
export function figureMessage(problem: FigureProblem, what: string, rules: FigureRules = {}): string {
  const What = what.charAt(0).toUpperCase() + what.slice(1);
  switch (problem) {
    case "negative":
      return `${What} must be 0 or more`;
    case "not-whole":
      return `${What} must be a whole number, like 20`;
    case "decimals":
      return `${What} must have no more than ${FIGURE_DECIMALS} decimal places`;
    case "too-big":
      return `${What} must be ${(rules.max ?? FIGURE_MAX).toLocaleString("en-GB")} or less`;
    default:
      return `${What} must be a number, like 20`;
  }
}

/** A figure as a form field shows it again: 12 → "12", 72.5 → "72.5", null → "". */
export function figureToInput(value: number | null | undefined): string {
  return value === null || value === undefined ? "" : String(value);
}

/** 1234.5 → "1,234.5"; with a unit of "%" or "£" the unit is written too. */
export function formatFigure(value: number | null | undefined, unit?: string): string {
  if (value === null || value === undefined) return "";
  const text = value.toLocaleString("en-GB", { maximumFractionDigits: FIGURE_DECIMALS });
  return unit === "%" ? `${text}%` : unit === "£" ? `£${text}` : text;
}

/**
 * Targets per quarter as the database keeps them (JSON: {"2026-27 Q1": 20, …}) → numbers
 * only; anything unreadable is no targets rather than an error.
 */
export function parseTargets(json: string): Record<string, number> {
  try {
    const value = JSON.parse(json) as unknown;
    if (!value || typeof value !== "object" || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === "number" && Number.isFinite(v))) as Record<string, number>;
  } catch {
    return {};
  }
}
