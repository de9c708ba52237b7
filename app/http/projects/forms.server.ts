// The project forms (new project, plan, variations) as the server fills them in and answers
// them: what a form's action sends back, and each form filled in from the project as stored.
import type { FormFailure, FormValues } from "~/lib/forms";
import { penceToInput } from "~/lib/money";
import { figureToInput } from "~/lib/figures";
import { budgetField } from "~/lib/budget";
import { indicatorField, targetField } from "~/schemas/projects";
import type { ProjectDetail } from "~/models/projects/detail.server";

/** What a project form's action sends back: what was typed, the problems, and the quarters to draw. */
export type ProjectFormData = FormFailure & { quarters: string[]; notice?: string };

/** The plan form filled in from the project as stored. */
export function planFormValues(detail: Pick<ProjectDetail, "budget" | "indicators" | "version">): FormValues {
  const values: FormValues = { version: String(detail.version) };
  for (const line of detail.budget) values[budgetField(line.quarter, line.category)] = penceToInput(line.amountPence);
  detail.indicators.forEach((i, row) => {
    values[indicatorField(row, "id")] = i.id;
    values[indicatorField(row, "kind")] = i.kind;
    values[indicatorField(row, "name")] = i.name;
    values[indicatorField(row, "definition")] = i.definition;
    values[indicatorField(row, "unit")] = i.unit;
    values[indicatorField(row, "measure")] = i.measure;
    values[indicatorField(row, "direction")] = i.direction;
    values[indicatorField(row, "baseline")] = figureToInput(i.baseline);
    for (const [quarter, value] of Object.entries(i.targets)) values[targetField(row, quarter)] = figureToInput(value);
  });
  return values;
}

/** The variation form filled in from the project as stored. */
export function variationFormValues(detail: Pick<ProjectDetail, "budget" | "indicators" | "version" | "endDate" | "amountPence">): FormValues {
  const values: FormValues = { version: String(detail.version), end_date: detail.endDate, amount: penceToInput(detail.amountPence) };
  for (const line of detail.budget) values[budgetField(line.quarter, line.category)] = penceToInput(line.amountPence);
  detail.indicators.forEach((i, row) => {
    for (const [quarter, value] of Object.entries(i.targets)) values[targetField(row, quarter)] = figureToInput(value);
  });
  return values;
}
