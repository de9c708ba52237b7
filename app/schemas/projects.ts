// What the project forms accept: creating a project directly, adjusting its plan before the
// first return, and recording a variation after it. The forms work without JavaScript, so
// rows arrive as flat fields and every message is keyed by the name of the field it belongs
// to: "budget.<quarter>.<category>", "indicators.<row>.<part>",
// "indicators.<row>.target.<quarter>". The grid's quarters follow the project's dates.
//
// Shared by the browser and the server: nothing here touches the database.
// The schemas are in projects.server.ts; this module holds what pages may import too (no zod here,
// which would reach the browser).
import type { BudgetCategory, IndicatorDirection, IndicatorMeasure, ProjectStatus } from "../../db/schema";
import type { FieldErrors, FormValues } from "~/lib/forms";
import { parseQuarterLabel, quarterLabel, quartersBetween } from "~/lib/financial-year";
import { formatPence } from "~/lib/money";
import { INDICATOR_KIND_LABELS, INDICATOR_KINDS, INDICATOR_UNIT_LABELS, INDICATOR_UNITS, type IndicatorKind, type IndicatorUnit } from "~/schemas/bids";
import { isSensibleIsoDate } from "~/lib/dates";
import { indicatorField, indicatorRows, MAX_INDICATOR_ROWS, rowIsIgnored, targetField } from "~/schemas/indicator-rows";
import type { IndicatorPart } from "~/schemas/indicator-rows";
import { BUDGET_CATEGORY_LABELS } from "~/lib/budget";

export { indicatorField, indicatorRows, MAX_INDICATOR_ROWS, rowIsIgnored, targetField };

export type { IndicatorPart };

export { BUDGET_CATEGORY_LABELS, INDICATOR_KIND_LABELS, INDICATOR_KINDS, INDICATOR_UNIT_LABELS, INDICATOR_UNITS };

export type { IndicatorKind, IndicatorUnit };

export const PROJECT_STATUSES: readonly ProjectStatus[] = ["active", "suspended", "completed", "terminated"];

export const PROJECT_STATUS_TAG_CLASSES: Record<ProjectStatus, string> = {
  active: "govuk-tag govuk-tag--green",
  suspended: "govuk-tag govuk-tag--orange",
  completed: "govuk-tag govuk-tag--blue",
  terminated: "govuk-tag govuk-tag--red",
};

export const PROJECT_SORTS = ["reference", "title", "amount", "start"] as const;

export type ProjectSort = (typeof PROJECT_SORTS)[number];

export const INDICATOR_MEASURES = ["per_quarter", "cumulative"] as const satisfies readonly IndicatorMeasure[];

export const INDICATOR_MEASURE_LABELS: Record<IndicatorMeasure, string> = {
  per_quarter: "Per quarter",
  cumulative: "Cumulative (running total)",
};

export const INDICATOR_DIRECTIONS = ["higher", "lower"] as const satisfies readonly IndicatorDirection[];

export const INDICATOR_DIRECTION_LABELS: Record<IndicatorDirection, string> = {
  higher: "Higher is better",
  lower: "Lower is better",
};

export const PROJECT_TITLE_MAX = 200;

export const INDICATOR_NAME_MAX = 200;

export const INDICATOR_DEFINITION_MAX = 1000;

export const REASON_MAX = 2000;

/** The longest project the grid is drawn for: 5 years of quarters. */
export const MAX_PROJECT_QUARTERS = 20;

/** The most indicator rows one form may post: a guard against a crafted form, not a policy. */
export const PROJECT_MESSAGES = {
  organisation: "Select the provider organisation",
  organisationUnknown: "Select a provider organisation from the list",
  district: "Select the district",
  districtNotCovered: "Select a district you cover",
  fundingStream: "Select the funding stream",
  fundingStreamUnknown: "Select a funding stream from the list",
  title: "Enter the project title",
  titleLength: `The title must be ${PROJECT_TITLE_MAX} characters or fewer`,
  amount: "Enter the amount",
  amountFormat: "Enter the amount in pounds, like 20000 or 20,000.00",
  amountZero: "The amount must be more than £0.00",
  startDate: "Enter the start date",
  startDateFormat: "The start date must be a real date, like 2027-04-01",
  endDate: "Enter the end date",
  endDateFormat: "The end date must be a real date, like 2028-03-31",
  endBeforeStart: "The end date must be after the start date",
  tooLong: `A project can run for at most ${MAX_PROJECT_QUARTERS / 4} years`,
  indicatorsMissing: "Add at least one indicator with a target for each quarter",
  version: "This form is out of date. Reload the page and try again",
  planLocked:
    "A return for this project has been submitted, so its plan can no longer be adjusted here. Record a variation instead.",
  variationTooEarly:
    "No return for this project has been submitted yet, so there is nothing to vary: adjust the plan instead.",
  agreedOn: "Enter the date the variation was agreed",
  agreedOnFormat: "The date the variation was agreed must be a real date, like 2027-01-15",
  agreedOnFuture: "The date the variation was agreed cannot be in the future",
  reason: "Enter the reason for the variation",
  reasonLength: `The reason must be ${REASON_MAX.toLocaleString("en-GB")} characters or fewer`,
  noChange: "The variation changes nothing. Change a target, the budget, the amount or the end date",
  notActive: "This project is not active, so it cannot be changed.",
  fileMissing: "Select a document to upload",
} as const;

export function budgetSumMessage(sumPence: number, amountPence: number): string {
  return `The budget adds up to ${formatPence(sumPence)} but the amount is ${formatPence(amountPence)}`;
}

export function lockedReasonText(reason: LockReason): string {
  return reason === "submitted" ? "its return has been submitted" : "that quarter has ended";
}

export function lockedTargetMessage(quarter: string, row: number, reason: LockReason): string {
  return `The target for ${quarter} for indicator ${row + 1} cannot be changed: ${lockedReasonText(reason)}`;
}

export function lockedBudgetMessage(quarter: string, category: BudgetCategory, reason: LockReason): string {
  return `The ${BUDGET_CATEGORY_LABELS[category].toLowerCase()} budget for ${quarter} cannot be changed: ${lockedReasonText(reason)}`;
}

export function lockedEndMessage(quarter: string, reason: LockReason): string {
  return `The end date cannot be moved before the end of ${quarter}: ${lockedReasonText(reason)}`;
}

export function startedReturnEndMessage(quarter: string): string {
  return `The end date cannot be moved before the end of ${quarter}: its return has been started`;
}

/** Why a quarter of a project can no longer be rewritten. */
export type LockReason = "ended" | "submitted";

// ---------------------------------------------------------------------------------------
// Field names.

// ---------------------------------------------------------------------------------------
// What the forms produce.

export interface BudgetLineInput {
  quarter: string;
  category: BudgetCategory;
  amountPence: number;
}

export interface IndicatorInput {
  /** The stored indicator this row edits (plan form), or null for a new one. */
  id: string | null;
  kind: IndicatorKind;
  name: string;
  definition: string;
  unit: IndicatorUnit;
  measure: IndicatorMeasure;
  direction: IndicatorDirection;
  baseline: number | null;
  targets: Record<string, number>;
  /** The row the form posted it in. */
  row: number;
}

export interface PlanInput {
  budget: BudgetLineInput[];
  indicators: IndicatorInput[];
}

export interface NewProjectInput extends PlanInput {
  organisationId: string;
  districtId: string;
  fundingStreamId: string;
  title: string;
  amountPence: number;
  startDate: string;
  endDate: string;
}

export interface VariationInput {
  version: number;
  agreedOn: string;
  reason: string;
  endDate: string;
  amountPence: number;
  /** Every cell of the unlocked quarters (blank is 0), plus any locked cell that was posted. */
  budget: BudgetLineInput[];
  /** Per indicator id, the targets posted (locked quarters only when posted). */
  targets: Record<string, Record<string, number>>;
  /** The quarters the variation leaves the project with. */
  quarters: string[];
}

// ---------------------------------------------------------------------------------------
// Small parsers.

export const text = (v: unknown): string => (typeof v === "string" ? v : "");

/** The quarters between two dates as labels, or [] when they make no sense. */
export function quarterLabelsBetween(start: string, end: string): string[] {
  if (!isSensibleIsoDate(start) || !isSensibleIsoDate(end) || end < start) return [];
  // Checked before counting: a century between the dates is refused, not walked through.
  if (Number(end.slice(0, 4)) - Number(start.slice(0, 4)) > MAX_PROJECT_QUARTERS / 4 + 1) return [];
  const quarters = quartersBetween(start, end);
  return quarters.length > MAX_PROJECT_QUARTERS ? [] : quarters.map(quarterLabel);
}

/** Quarter labels in time order. */
export function sortQuarters(labels: Iterable<string>): string[] {
  const key = (l: string) => {
    const q = parseQuarterLabel(l);
    return q ? q.year * 10 + q.quarter : Number.MAX_SAFE_INTEGER;
  };
  return [...new Set(labels)].sort((a, b) => key(a) - key(b) || a.localeCompare(b));
}

export const targetLabel = (row: number, quarter: string) => `The target for ${quarter} for indicator ${row + 1}`;

export function budgetTotal(lines: readonly { amountPence: number }[]): number {
  return lines.reduce((sum, l) => sum + l.amountPence, 0);
}

// ---------------------------------------------------------------------------------------
// Creating a project directly.

export interface NewProjectParse {
  /** The quarters the dates give (what the grid shows), [] while the dates are not usable. */
  quarters: string[];
  data: NewProjectInput | null;
  errors: FieldErrors;
}

/** The quarters a half-filled new-project form should show, for "Update quarters". */
export function quartersFromForm(values: FormValues): string[] {
  const start = text(values.start_date).trim();
  const end = text(values.end_date).trim();
  return end > start ? quarterLabelsBetween(start, end) : [];
}

// ---------------------------------------------------------------------------------------
// Variations (after the first return is submitted).

export interface VariationFormContext {
  startDate: string;
  /** Today in the UK, ISO: the date agreed cannot be after it. */
  today: string;
  /** The project's indicators in order: row n of the form is the nth of these. */
  indicators: readonly { id: string; unit: string }[];
  /** Quarters that can no longer be rewritten. */
  locked: ReadonlyMap<string, LockReason>;
}

// ---------------------------------------------------------------------------------------
// Filling forms in from stored records.

// Labels live here, not in projects.server.ts, because pages render them in the browser.
export const PROJECT_STATUS_LABELS: Record<ProjectStatus, string> = {
  active: "Active",
  suspended: "Suspended",
  completed: "Completed",
  terminated: "Terminated",
};
