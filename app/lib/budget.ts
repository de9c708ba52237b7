// A budget profile: an amount per quarter and category (staff, delivery, overheads, other),
// as bids propose, projects plan and returns report against. Field names, labels and the
// sums a budget table shows live here once. No server code: pages import it.
import { BUDGET_CATEGORIES, type BudgetCategory } from "../../db/schema";
import { financialYearOf, parseQuarterLabel } from "./financial-year";

export { BUDGET_CATEGORIES, type BudgetCategory };

export const BUDGET_CATEGORY_LABELS: Record<BudgetCategory, string> = {
  staff: "Staff",
  delivery: "Delivery",
  overheads: "Overheads",
  other: "Other",
};

export interface BudgetLine {
  quarter: string;
  category: BudgetCategory;
  amountPence: number;
}

/** The form field for one cell of the budget grid. */
export const budgetField = (quarter: string, category: BudgetCategory) => `budget.${quarter}.${category}`;

export interface BudgetSums {
  /** Quarters in order: the ones asked for, and any a line names. */
  quarters: string[];
  rows: { quarter: string; cells: Record<BudgetCategory, number>; totalPence: number }[];
  categoryTotals: Record<BudgetCategory, number>;
  totalPence: number;
}

const zeroes = (): Record<BudgetCategory, number> => ({ staff: 0, delivery: 0, overheads: 0, other: 0 });

/** A budget added up by quarter and by category. */
export function sumBudget(lines: readonly BudgetLine[], quarters: readonly string[] = []): BudgetSums {
  const all = [...new Set([...quarters, ...lines.map((l) => l.quarter)])];
  // Quarter labels ("2026-27 Q1") sort as text in time order.
  all.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rows = all.map((quarter) => {
    const cells = zeroes();
    for (const l of lines) if (l.quarter === quarter) cells[l.category] += l.amountPence;
    return { quarter, cells, totalPence: BUDGET_CATEGORIES.reduce((t, c) => t + cells[c], 0) };
  });
  const categoryTotals = zeroes();
  for (const r of rows) for (const c of BUDGET_CATEGORIES) categoryTotals[c] += r.cells[c];
  return { quarters: all, rows, categoryTotals, totalPence: rows.reduce((t, r) => t + r.totalPence, 0) };
}

/**
 * What a budget commits per financial year (for the ledger, at award and at every plan
 * change): lines grouped by the year of their quarter ("2027-28 Q1" → 2027). A line whose
 * quarter cannot be read, and any difference between the lines and the amount, count in
 * the year the project starts, so the commitments always add up to the amount.
 */
export function commitmentsByYear(lines: readonly { quarter: string; amountPence: number }[], amountPence: number, startDate: string): Map<number, number> {
  const startYear = financialYearOf(startDate);
  const byYear = new Map<number, number>();
  const add = (year: number, pence: number) => byYear.set(year, (byYear.get(year) ?? 0) + pence);
  let total = 0;
  for (const line of lines) {
    add(parseQuarterLabel(line.quarter)?.year ?? startYear, line.amountPence);
    total += line.amountPence;
  }
  if (total !== amountPence) add(startYear, amountPence - total);
  for (const [year, pence] of byYear) if (pence === 0) byYear.delete(year);
  return new Map([...byYear.entries()].sort((a, b) => a[0] - b[0]));
}
