// The indicator rows of a form (a bid's proposed indicators, a project's plan): their field
// names, which rows were posted, and which are the spare or removed ones to leave out. One
// naming for both forms, so the shared row components (components/projects/indicator-fields)
// read either.
import type { FormValues } from "~/lib/forms";

/** The most indicator rows a form may post. */
export const MAX_INDICATOR_ROWS = 50;

export type IndicatorPart = "id" | "kind" | "name" | "definition" | "unit" | "measure" | "direction" | "baseline" | "remove";

export const indicatorField = (row: number, part: IndicatorPart) => `indicators.${row}.${part}`;
export const targetField = (row: number, quarter: string) => `indicators.${row}.target.${quarter}`;

const text = (v: unknown): string => (typeof v === "string" ? v : "");

/** The indicator rows a form posted, by their row number, in order. */
export function indicatorRows(values: FormValues | undefined): number[] {
  const rows = new Set<number>();
  for (const key of Object.keys(values ?? {})) {
    const match = /^indicators\.(\d{1,3})\./.exec(key);
    if (match) rows.add(Number(match[1]));
  }
  return [...rows].sort((a, b) => a - b).slice(0, MAX_INDICATOR_ROWS);
}

/** The spare row every form has (left empty) or a row ticked for removal is not kept. */
export function rowIsIgnored(values: FormValues, row: number, quarters: readonly string[]): boolean {
  if (text(values[indicatorField(row, "remove")]) === "yes") return true;
  const typed = [
    text(values[indicatorField(row, "name")]),
    text(values[indicatorField(row, "definition")]),
    text(values[indicatorField(row, "baseline")]),
    ...quarters.map((q) => text(values[targetField(row, q)])),
  ];
  return typed.every((v) => v.trim() === "");
}
