// What the project forms accept: creating a project directly, adjusting its plan before the
// first return, and recording a variation after it. The forms work without JavaScript, so
// rows arrive as flat fields and every message is keyed by the name of the field it belongs
// to: "budget.<quarter>.<category>", "indicators.<row>.<part>",
// "indicators.<row>.target.<quarter>". The grid's quarters follow the project's dates.
//
// Shared by the browser and the server: nothing here touches the database.
import { z } from "zod";
import {
  BUDGET_CATEGORIES, type BudgetCategory, type IndicatorDirection, type IndicatorMeasure, type ProjectStatus,
} from "../../db/schema";
import type { FieldErrors, FormValues } from "~/lib/forms";
import { parseQuarterLabel, quarterLabel, quartersBetween } from "~/lib/financial-year";
import { formatPence } from "~/lib/money";
import {
  INDICATOR_KIND_LABELS, INDICATOR_KINDS, INDICATOR_UNIT_LABELS, INDICATOR_UNITS,
  type IndicatorKind, type IndicatorUnit,
} from "~/schemas/bids";
import { isSensibleIsoDate } from "~/lib/dates";
import { indicatorField, indicatorRows, MAX_INDICATOR_ROWS, rowIsIgnored, targetField } from "~/schemas/indicator-rows";

export { indicatorField, indicatorRows, MAX_INDICATOR_ROWS, rowIsIgnored, targetField };
import type { IndicatorPart } from "~/schemas/indicator-rows";
export type { IndicatorPart };
import { parsePoundsToPence } from "~/lib/figures";
import { indicatorFigureSchema, optionalMoneySchema, versionField } from "~/schemas/fields";
import { BUDGET_CATEGORY_LABELS, budgetField } from "~/lib/budget";
import { checkField } from "~/lib/forms";

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

const text = (v: unknown): string => (typeof v === "string" ? v : "");


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

const dateSchema = (missing: string, format: string) =>
  z.string().trim().min(1, missing).refine(isSensibleIsoDate, format);

const amountSchema = z
  .string()
  .trim()
  .min(1, PROJECT_MESSAGES.amount)
  .transform((v, ctx) => {
    const pence = parsePoundsToPence(v);
    if (pence === null) {
      ctx.addIssue({ code: "custom", message: PROJECT_MESSAGES.amountFormat });
      return z.NEVER;
    }
    return pence;
  })
  .pipe(z.number().int().positive(PROJECT_MESSAGES.amountZero));

/** A money cell of the budget grid: blank is null. */
function budgetCellSchema(quarter: string, category: BudgetCategory) {
  return optionalMoneySchema(`Enter the ${BUDGET_CATEGORY_LABELS[category].toLowerCase()} budget for ${quarter} in pounds, like 1500 or 1,500.00`);
}

export const targetLabel = (row: number, quarter: string) => `The target for ${quarter} for indicator ${row + 1}`;



// ---------------------------------------------------------------------------------------
// The budget grid.

/**
 * The budget cells for the quarters given, as lines (blank cells are left out). Format
 * problems go into errors under the cell's name.
 */
export function parseBudgetGrid(values: FormValues, quarters: readonly string[], errors: FieldErrors): BudgetLineInput[] {
  const lines: BudgetLineInput[] = [];
  for (const quarter of quarters) {
    for (const category of BUDGET_CATEGORIES) {
      const name = budgetField(quarter, category);
      const pence = checkField(budgetCellSchema(quarter, category), name, text(values[name]), errors);
      if (pence !== undefined && pence !== null && pence > 0) lines.push({ quarter, category, amountPence: pence });
    }
  }
  return lines;
}

export function budgetTotal(lines: readonly { amountPence: number }[]): number {
  return lines.reduce((sum, l) => sum + l.amountPence, 0);
}

// ---------------------------------------------------------------------------------------
// Indicator rows.



/**
 * Complete indicator rows: kind, name, definition, unit, measure, direction, an optional
 * baseline and a target for every quarter. Numbered in messages by their row on the page.
 */
export function parseIndicatorRows(values: FormValues, quarters: readonly string[], errors: FieldErrors): IndicatorInput[] {
  const rows = indicatorRows(values).filter((row) => !rowIsIgnored(values, row, quarters));
  if (rows.length === 0) errors.indicators ??= PROJECT_MESSAGES.indicatorsMissing;
  const out: IndicatorInput[] = [];
  for (const row of rows) {
    const n = row + 1;
    const at = (part: IndicatorPart) => text(values[indicatorField(row, part)]);
    const kind = checkField(z.enum(INDICATOR_KINDS, { error: `Select whether indicator ${n} is an output or an outcome` }), indicatorField(row, "kind"), at("kind"), errors);
    const unit = checkField(z.enum(INDICATOR_UNITS, { error: `Select the unit of indicator ${n}` }), indicatorField(row, "unit"), at("unit"), errors);
    const measure = checkField(
      z.enum(INDICATOR_MEASURES, { error: `Select whether indicator ${n} is counted per quarter or as a running total` }),
      indicatorField(row, "measure"), at("measure"), errors,
    );
    const direction = checkField(
      z.enum(INDICATOR_DIRECTIONS, { error: `Select whether a higher or a lower figure is better for indicator ${n}` }),
      indicatorField(row, "direction"), at("direction"), errors,
    );
    const name = checkField(
      z.string().trim().min(1, `Enter a name for indicator ${n}`).max(INDICATOR_NAME_MAX, `The name of indicator ${n} must be ${INDICATOR_NAME_MAX} characters or fewer`),
      indicatorField(row, "name"), at("name"), errors,
    );
    const definition = checkField(
      z.string().trim().min(1, `Enter how indicator ${n} is defined and counted`).max(INDICATOR_DEFINITION_MAX, `The definition of indicator ${n} must be ${INDICATOR_DEFINITION_MAX.toLocaleString("en-GB")} characters or fewer`),
      indicatorField(row, "definition"), at("definition"), errors,
    );
    const baseline = checkField(indicatorFigureSchema(`The baseline for indicator ${n}`, unit ?? ""), indicatorField(row, "baseline"), at("baseline"), errors);
    const targets: Record<string, number> = {};
    let targetsOk = true;
    for (const quarter of quarters) {
      const field = targetField(row, quarter);
      const value = checkField(indicatorFigureSchema(targetLabel(row, quarter), unit ?? ""), field, text(values[field]), errors);
      if (value === undefined) targetsOk = false;
      else if (value === null) {
        errors[field] ??= `Enter the target for ${quarter} for indicator ${n}`;
        targetsOk = false;
      } else targets[quarter] = value;
    }
    if (kind && unit && measure && direction && name !== undefined && definition !== undefined && baseline !== undefined && targetsOk) {
      out.push({ id: at("id").trim() || null, kind, name, definition, unit, measure, direction, baseline, targets, row });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Creating a project directly.

export interface NewProjectParse {
  /** The quarters the dates give (what the grid shows), [] while the dates are not usable. */
  quarters: string[];
  data: NewProjectInput | null;
  errors: FieldErrors;
}

/**
 * The whole new-project form. The choices (providers, districts the officer covers, funding
 * streams) are checked by the caller, which knows the officer.
 */
export function parseNewProjectForm(values: FormValues): NewProjectParse {
  const errors: FieldErrors = {};
  const organisationId = checkField(z.string().trim().min(1, PROJECT_MESSAGES.organisation), "organisation_id", text(values.organisation_id), errors);
  const districtId = checkField(z.string().trim().min(1, PROJECT_MESSAGES.district), "district_id", text(values.district_id), errors);
  const fundingStreamId = checkField(z.string().trim().min(1, PROJECT_MESSAGES.fundingStream), "funding_stream_id", text(values.funding_stream_id), errors);
  const title = checkField(z.string().trim().min(1, PROJECT_MESSAGES.title).max(PROJECT_TITLE_MAX, PROJECT_MESSAGES.titleLength), "title", text(values.title), errors);
  const amountPence = checkField(amountSchema, "amount", text(values.amount), errors);
  const startDate = checkField(dateSchema(PROJECT_MESSAGES.startDate, PROJECT_MESSAGES.startDateFormat), "start_date", text(values.start_date), errors);
  const endDate = checkField(dateSchema(PROJECT_MESSAGES.endDate, PROJECT_MESSAGES.endDateFormat), "end_date", text(values.end_date), errors);
  let quarters: string[] = [];
  if (startDate && endDate) {
    if (endDate <= startDate) errors.end_date ??= PROJECT_MESSAGES.endBeforeStart;
    else {
      quarters = quarterLabelsBetween(startDate, endDate);
      if (quarters.length === 0) errors.end_date ??= PROJECT_MESSAGES.tooLong;
    }
  }
  const budget = parseBudgetGrid(values, quarters, errors);
  if (quarters.length && amountPence !== undefined && !Object.keys(errors).some((k) => k.startsWith("budget."))) {
    const sum = budgetTotal(budget);
    if (sum !== amountPence) errors.budget = budgetSumMessage(sum, amountPence);
  }
  // After the budget, so the error summary lists problems in the order of the page.
  const indicators = parseIndicatorRows(values, quarters, errors);
  if (Object.keys(errors).length) return { quarters, data: null, errors };
  return {
    quarters,
    errors,
    data: {
      organisationId: organisationId!, districtId: districtId!, fundingStreamId: fundingStreamId!, title: title!,
      amountPence: amountPence!, startDate: startDate!, endDate: endDate!, budget, indicators,
    },
  };
}

/** The quarters a half-filled new-project form should show, for "Update quarters". */
export function quartersFromForm(values: FormValues): string[] {
  const start = text(values.start_date).trim();
  const end = text(values.end_date).trim();
  return end > start ? quarterLabelsBetween(start, end) : [];
}

// ---------------------------------------------------------------------------------------
// The plan (before the first return is submitted).

const versionSchema = versionField(PROJECT_MESSAGES.version);

export function parseVersion(values: FormValues): number | null {
  const result = versionSchema.safeParse(text(values.version) || undefined);
  return result.success ? result.data : null;
}

export function parsePlanForm(values: FormValues, ctx: { quarters: readonly string[]; amountPence: number }): { data: PlanInput | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const budget = parseBudgetGrid(values, ctx.quarters, errors);
  if (!Object.keys(errors).some((k) => k.startsWith("budget."))) {
    const sum = budgetTotal(budget);
    if (sum !== ctx.amountPence) errors.budget = budgetSumMessage(sum, ctx.amountPence);
  }
  const indicators = parseIndicatorRows(values, ctx.quarters, errors);
  return Object.keys(errors).length ? { data: null, errors } : { data: { budget, indicators }, errors };
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

/**
 * Formats only: dates, reason, amount, budget cells and targets. Whether locked quarters
 * were changed, and whether the budget adds up, is checked by the model inside the
 * transaction, against the project as it is then.
 */
export function parseVariationForm(values: FormValues, ctx: VariationFormContext): { quarters: string[]; data: VariationInput | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const version = parseVersion(values);
  const agreedOn = checkField(dateSchema(PROJECT_MESSAGES.agreedOn, PROJECT_MESSAGES.agreedOnFormat), "agreed_on", text(values.agreed_on), errors);
  if (agreedOn && agreedOn > ctx.today) errors.agreed_on ??= PROJECT_MESSAGES.agreedOnFuture;
  const reason = checkField(
    z.string().transform((v) => v.replace(/\r\n?/g, "\n").trim()).pipe(z.string().min(1, PROJECT_MESSAGES.reason).max(REASON_MAX, PROJECT_MESSAGES.reasonLength)),
    "reason", text(values.reason), errors,
  );
  const amountPence = checkField(amountSchema, "amount", text(values.amount), errors);
  const endDate = checkField(dateSchema(PROJECT_MESSAGES.endDate, PROJECT_MESSAGES.endDateFormat), "end_date", text(values.end_date), errors);
  let quarters: string[] = [];
  if (endDate) {
    if (endDate <= ctx.startDate) errors.end_date ??= PROJECT_MESSAGES.endBeforeStart;
    else {
      quarters = quarterLabelsBetween(ctx.startDate, endDate);
      if (quarters.length === 0) errors.end_date ??= PROJECT_MESSAGES.tooLong;
    }
  }
  // Budget: every unlocked cell counts (blank is 0); a locked cell only when it was posted.
  const budget: BudgetLineInput[] = [];
  for (const quarter of quarters) {
    for (const category of BUDGET_CATEGORIES) {
      const name = budgetField(quarter, category);
      const posted = values[name];
      if (ctx.locked.has(quarter) && typeof posted !== "string") continue;
      const pence = checkField(budgetCellSchema(quarter, category), name, text(posted), errors);
      if (pence !== undefined) budget.push({ quarter, category, amountPence: pence ?? 0 });
    }
  }
  const targets: Record<string, Record<string, number>> = {};
  ctx.indicators.forEach((indicator, row) => {
    const own: Record<string, number> = {};
    for (const quarter of quarters) {
      const field = targetField(row, quarter);
      const posted = values[field];
      if (ctx.locked.has(quarter) && typeof posted !== "string") continue;
      const value = checkField(indicatorFigureSchema(targetLabel(row, quarter), indicator.unit), field, text(posted), errors);
      if (value === null) {
        if (ctx.locked.has(quarter)) errors[field] ??= lockedTargetMessage(quarter, row, ctx.locked.get(quarter)!);
        else errors[field] ??= `Enter the target for ${quarter} for indicator ${row + 1}`;
      } else if (value !== undefined) own[quarter] = value;
    }
    targets[indicator.id] = own;
  });
  if (version === null) errors.version ??= PROJECT_MESSAGES.version;
  if (Object.keys(errors).length) return { quarters, data: null, errors };
  return {
    quarters,
    errors,
    data: { version: version!, agreedOn: agreedOn!, reason: reason!, endDate: endDate!, amountPence: amountPence!, budget, targets, quarters },
  };
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
