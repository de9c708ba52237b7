// The zod schemas of ~/schemas/projects: checked on the server only (a .server module never reaches
// the browser, and any page importing zod would carry all of it there). The words, limits and
// field names they use are in projects.ts, which pages may import.
import { z } from "zod";
import { BUDGET_CATEGORIES, type BudgetCategory } from "../../db/schema";
import type { FieldErrors, FormValues } from "~/lib/forms";
import { INDICATOR_KINDS, INDICATOR_UNITS } from "~/schemas/bids";
import { isSensibleIsoDate } from "~/lib/dates";
import { indicatorField, indicatorRows, rowIsIgnored, targetField } from "~/schemas/indicator-rows";
import type { IndicatorPart } from "~/schemas/indicator-rows";
import { parsePoundsToPence } from "~/lib/figures";
import { indicatorFigureSchema, optionalMoneySchema, versionField } from "~/schemas/fields.server";
import { BUDGET_CATEGORY_LABELS, budgetField } from "~/lib/budget";
import { checkField } from "~/lib/forms";
import { BudgetLineInput, INDICATOR_DEFINITION_MAX, INDICATOR_DIRECTIONS, INDICATOR_MEASURES, INDICATOR_NAME_MAX, IndicatorInput, NewProjectParse, PROJECT_MESSAGES, PROJECT_TITLE_MAX, PlanInput, REASON_MAX, VariationFormContext, VariationInput, budgetSumMessage, budgetTotal, lockedTargetMessage, quarterLabelsBetween, targetLabel, text } from "./projects";

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
