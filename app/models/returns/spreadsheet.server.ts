// A return as a spreadsheet, for providers who keep their figures in one: outputs, outcomes
// and spend on a sheet each, the labels locked, the cells to fill open and checked by Excel as
// they are typed, and instructions. Read back, every cell goes through the same parsers as the
// web sections (parseIndicatorSection, parseSpendSection), so the rules and the words are the
// same, with the sheet and cell in front: "Outputs!D6: Enter a whole number for …".
//
// A hidden sheet says which return the file is for, which template made it and the return's
// version when it was downloaded: a file for another return, from an older template, or from
// before the return last changed on the web is refused, never merged.
import type ExcelJS from "exceljs";
import type { FieldErrors, FormValues } from "~/lib/forms";
import { newWorkbook } from "~/lib/workbook.server";
import { BUDGET_CATEGORY_LABELS } from "~/lib/budget";
import { FIGURE_MAX, formatFigure } from "~/lib/figures";
import { penceToInput } from "~/lib/money";
import {
  actualField, commentField, COMMENT_MAX, parseIndicatorSection, parseSpendSection, reasonField, spendField,
  type IndicatorEntry, type SpendEntry,
} from "~/schemas/returns";
import type { Executor } from "../../../db/client";
import type { AuditContext } from "~/models/audit/record.server";
import type { ReturnDetail } from "./detail.server";
import { saveIndicatorSection, saveSpendSection } from "./sections.server";

/** Changes whenever the layout does: a file made by another layout is refused. */
export const RETURN_TEMPLATE = "early-help-return/1";

const ABOUT = "About";
const FIRST_ROW = 6;
const COLUMNS = { id: 1, label: 2, target: 3, actual: 4, comment: 5 } as const;
const INPUT_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFF2CC" } };

type IndicatorKind = "output" | "outcome";
const SHEET: Record<IndicatorKind | "spend", string> = { output: "Outputs", outcome: "Outcomes", spend: "Spend" };

function header(sheet: ExcelJS.Worksheet, title: string, detail: ReturnDetail, headings: string[]) {
  sheet.getCell("B1").value = title;
  sheet.getCell("B1").font = { bold: true, size: 14 };
  sheet.getCell("B2").value = `${detail.projectReference} ${detail.projectTitle}, ${detail.quarter} (${detail.organisationName})`;
  sheet.getCell("B3").value = "Fill in the yellow cells only. The other cells are locked.";
  const row = sheet.getRow(FIRST_ROW - 1);
  headings.forEach((h, i) => {
    const cell = row.getCell(i + 2);
    cell.value = h;
    cell.font = { bold: true };
  });
  sheet.getColumn(COLUMNS.id).hidden = true;
  sheet.getColumn(COLUMNS.label).width = 45;
  sheet.getColumn(COLUMNS.target).width = 18;
  sheet.getColumn(COLUMNS.actual).width = 16;
  sheet.getColumn(COLUMNS.comment).width = 60;
}

function openCell(cell: ExcelJS.Cell, value: ExcelJS.CellValue, validation: ExcelJS.DataValidation) {
  cell.value = value;
  cell.protection = { locked: false };
  cell.fill = INPUT_FILL;
  cell.dataValidation = validation;
}

const commentValidation = (prompt: string): ExcelJS.DataValidation => ({
  type: "textLength", operator: "lessThanOrEqual", formulae: [COMMENT_MAX], allowBlank: true, showErrorMessage: true,
  errorTitle: "Too long", error: `Up to ${COMMENT_MAX.toLocaleString("en-GB")} characters`, showInputMessage: true, prompt,
});

async function lock(sheet: ExcelJS.Worksheet) {
  // No password: the lock keeps labels from being changed by accident, and the upload checks everything anyway.
  await sheet.protect("", { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });
}

/** The return's outputs, outcomes and spend as an XLSX workbook to fill in. */
export async function returnWorkbook(detail: ReturnDetail, variancePercent: number): Promise<Buffer> {
  const workbook = await newWorkbook();
  workbook.creator = "Early help portal";

  const instructions = workbook.addWorksheet("Instructions");
  instructions.getColumn(1).width = 100;
  [
    `Quarterly return for ${detail.projectReference} ${detail.projectTitle}, ${detail.quarter}`,
    "",
    "1. Fill in the yellow cells on the Outputs, Outcomes and Spend sheets. Leave a cell empty if you do not have the figure yet.",
    "2. Counts are whole numbers, like 12. Other figures may have up to 2 decimal places. Money is in pounds, like 3750 or 3750.50.",
    "3. Explain in the comment any figure more than 20% away from its target, and any spend further from its profile than " +
      `${variancePercent}%.`,
    "4. Save the file, then choose \"Upload the spreadsheet\" on the return's task list in the portal.",
    "5. The portal checks every cell. If any is wrong, nothing is saved and it tells you which cells to fix.",
    "6. Then check the return in the portal, add the other sections (beneficiaries, narrative, case studies) and submit it there.",
    "",
    "This file is for this return only. If the return is changed in the portal after you download it, download it again.",
  ].forEach((line, i) => {
    instructions.getCell(i + 1, 1).value = line;
  });
  instructions.getCell(1, 1).font = { bold: true, size: 14 };

  for (const kind of ["output", "outcome"] as const) {
    const sheet = workbook.addWorksheet(SHEET[kind]);
    header(sheet, kind === "output" ? "Outputs" : "Outcomes", detail, ["Indicator", "Target this quarter", "Actual", "Comment"]);
    detail.indicators.filter((i) => i.kind === kind).forEach((indicator, n) => {
      const row = FIRST_ROW + n;
      sheet.getCell(row, COLUMNS.id).value = indicator.id;
      sheet.getCell(row, COLUMNS.label).value = `${indicator.name} (${indicator.unit}${indicator.measure === "cumulative" ? ", total to date" : ""})`;
      sheet.getCell(row, COLUMNS.target).value = indicator.target === null ? "No target" : formatFigure(indicator.target, indicator.unit);
      const whole = indicator.unit === "count";
      openCell(sheet.getCell(row, COLUMNS.actual), indicator.actual, {
        type: whole ? "whole" : "decimal", operator: "between", formulae: [0, FIGURE_MAX], allowBlank: true, showErrorMessage: true,
        errorTitle: "Not a figure", error: whole ? "Enter a whole number, like 12" : "Enter a number, like 12 or 12.5",
        showInputMessage: true, prompt: whole ? "A whole number, like 12" : "A number, like 12.5",
      });
      openCell(sheet.getCell(row, COLUMNS.comment), indicator.comment, commentValidation("Why the figure is more than 20% away from its target"));
    });
    await lock(sheet);
  }

  const spend = workbook.addWorksheet(SHEET.spend);
  header(spend, "Spend", detail, ["Budget category", "Profile this quarter (£)", "Spent (£)", "Reason for any variance"]);
  detail.spend.forEach((line, n) => {
    const row = FIRST_ROW + n;
    spend.getCell(row, COLUMNS.id).value = line.category;
    spend.getCell(row, COLUMNS.label).value = BUDGET_CATEGORY_LABELS[line.category];
    spend.getCell(row, COLUMNS.target).value = line.profilePence / 100;
    spend.getCell(row, COLUMNS.target).numFmt = "#,##0.00";
    openCell(spend.getCell(row, COLUMNS.actual), line.amountPence === null ? null : line.amountPence / 100, {
      type: "decimal", operator: "between", formulae: [0, 100_000_000], allowBlank: true, showErrorMessage: true,
      errorTitle: "Not an amount", error: "Enter the amount in pounds, like 3750 or 3750.50", showInputMessage: true, prompt: "Pounds, like 3750.50",
    });
    spend.getCell(row, COLUMNS.actual).numFmt = "#,##0.00";
    openCell(spend.getCell(row, COLUMNS.comment), line.varianceReason, commentValidation("Why spend is further from its profile than allowed"));
  });
  await lock(spend);

  const about = workbook.addWorksheet(ABOUT, { state: "veryHidden" });
  about.getCell("A1").value = "template";
  about.getCell("B1").value = RETURN_TEMPLATE;
  about.getCell("A2").value = "return";
  about.getCell("B2").value = detail.id;
  about.getCell("A3").value = "version";
  about.getCell("B3").value = detail.version;
  await lock(about);

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export type WorkbookReading =
  | { ok: true; version: number; outputs: ReadSection<IndicatorEntry>; outcomes: ReadSection<IndicatorEntry>; spend: ReadSection<SpendEntry> }
  | { ok: false; problem: string }
  | { ok: false; cells: string[] };

/** A section's entries, and whether every figure it needs is there (it is then marked complete). */
export interface ReadSection<T> {
  entries: T[];
  complete: boolean;
}

/** A return's spreadsheet unpacks to well under 1 MB; far more is not one of ours (or is a zip bomb). */
const MAX_UNPACKED_BYTES = 20 * 1024 * 1024;

/**
 * The total unpacked size an XLSX (a zip) declares in its central directory, read before
 * anything is unpacked; null when it is not a zip this can read.
 */
export function unpackedSize(bytes: Uint8Array): number | null {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record is in the last 64 KB + 22 bytes.
  for (let at = data.length - 22; at >= Math.max(0, data.length - 65_557); at--) {
    if (data.readUInt32LE(at) !== 0x06054b50) continue;
    const entries = data.readUInt16LE(at + 10);
    let entry = data.readUInt32LE(at + 16);
    let total = 0;
    for (let i = 0; i < entries; i++) {
      if (entry + 46 > data.length || data.readUInt32LE(entry) !== 0x02014b50) return null;
      const size = data.readUInt32LE(entry + 24);
      // 0xffffffff: the size is in a ZIP64 field, which no spreadsheet of ours needs.
      if (size === 0xffffffff) return Number.MAX_SAFE_INTEGER;
      total += size;
      entry += 46 + data.readUInt16LE(entry + 28) + data.readUInt16LE(entry + 30) + data.readUInt16LE(entry + 32);
    }
    return total;
  }
  return null;
}

export const SPREADSHEET_PROBLEMS = {
  unreadable: "The selected file could not be read as a spreadsheet. Upload the .xlsx file downloaded from this return",
  tooLarge: "The selected spreadsheet holds far more than a return's spreadsheet does. Upload the .xlsx file downloaded from this return",
  notOurs: "The selected spreadsheet was not made by the portal for a return. Download this return's spreadsheet and fill that in",
  oldTemplate: "The selected spreadsheet was made by an older version of the portal. Download this return's spreadsheet again and copy your figures into it",
  otherReturn: "The selected spreadsheet is for a different return. Download the spreadsheet from this return and fill that in",
  changedRows: "Rows have been added, removed or moved on the selected spreadsheet. Download this return's spreadsheet again and fill in only the yellow cells",
} as const;

/** A formula whose value was never worked out (saved by a program that does not calculate): not a figure. */
const UNCALCULATED = "uncalculated formula";

/**
 * A cell's value as the text a person typed: numbers as written, a formula's result, rich text
 * joined. A number shown as a percentage ("50%", which Excel keeps as 0.5) reads as 50.
 */
function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (typeof value === "number" && typeof cell.numFmt === "string" && cell.numFmt.includes("%")) return String(Math.round(value * 100 * 1e6) / 1e6);
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("formula" in value || "sharedFormula" in value) {
      const result = (value as { result?: unknown }).result;
      return result === undefined || result === null ? UNCALCULATED : typeof result === "object" ? UNCALCULATED : String(result);
    }
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("text" in value) return String(value.text);
    if ("error" in value) return String(value.error);
  }
  return "";
}

/**
 * Reads a filled-in spreadsheet against the return as it is now. Every cell is checked: the
 * answer is either everything to save, or a message per wrong cell naming it, or why the
 * whole file is refused.
 */
export async function readReturnWorkbook(bytes: Uint8Array, detail: ReturnDetail, variancePercent: number): Promise<WorkbookReading> {
  const size = unpackedSize(bytes);
  if (size === null) return { ok: false, problem: SPREADSHEET_PROBLEMS.unreadable };
  if (size > MAX_UNPACKED_BYTES) return { ok: false, problem: SPREADSHEET_PROBLEMS.tooLarge };
  const workbook = await newWorkbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    return { ok: false, problem: SPREADSHEET_PROBLEMS.unreadable };
  }
  const about = workbook.getWorksheet(ABOUT);
  if (!about) return { ok: false, problem: SPREADSHEET_PROBLEMS.notOurs };
  const template = cellText(about.getCell("B1"));
  if (!template.startsWith("early-help-return/")) return { ok: false, problem: SPREADSHEET_PROBLEMS.notOurs };
  if (template !== RETURN_TEMPLATE) return { ok: false, problem: SPREADSHEET_PROBLEMS.oldTemplate };
  if (cellText(about.getCell("B2")) !== detail.id) return { ok: false, problem: SPREADSHEET_PROBLEMS.otherReturn };
  const version = Number(cellText(about.getCell("B3")));
  if (!Number.isInteger(version) || version < 1) return { ok: false, problem: SPREADSHEET_PROBLEMS.notOurs };

  // Field names as the web forms use them, each with the cell it was read from.
  const values: FormValues = {};
  const cellOf = new Map<string, string>();
  const read = (sheetName: string, ids: string[], field: (id: string) => { actual: string; comment: string }): boolean => {
    const sheet = workbook.getWorksheet(sheetName);
    if (!sheet) return false;
    for (const [n, id] of ids.entries()) {
      const row = FIRST_ROW + n;
      if (cellText(sheet.getCell(row, COLUMNS.id)) !== id) return false;
      const names = field(id);
      values[names.actual] = cellText(sheet.getCell(row, COLUMNS.actual)).trim();
      values[names.comment] = cellText(sheet.getCell(row, COLUMNS.comment));
      cellOf.set(names.actual, `${sheetName}!${sheet.getCell(row, COLUMNS.actual).address}`);
      cellOf.set(names.comment, `${sheetName}!${sheet.getCell(row, COLUMNS.comment).address}`);
    }
    // Nothing typed below the last row: a row added there would otherwise be ignored.
    return cellText(sheet.getCell(FIRST_ROW + ids.length, COLUMNS.id)) === "";
  };
  const indicatorRows = (kind: IndicatorKind) => detail.indicators.filter((i) => i.kind === kind);
  const shapeOk =
    read(SHEET.output, indicatorRows("output").map((i) => i.id), (id) => ({ actual: actualField(id), comment: commentField(id) })) &&
    read(SHEET.outcome, indicatorRows("outcome").map((i) => i.id), (id) => ({ actual: actualField(id), comment: commentField(id) })) &&
    read(SHEET.spend, detail.spend.map((l) => l.category), (category) => ({ actual: spendField(category as never), comment: reasonField(category as never) }));
  if (!shapeOk) return { ok: false, problem: SPREADSHEET_PROBLEMS.changedRows };

  // Spend comes from Excel as a number of pounds; the web form's parser reads pounds as text.
  for (const line of detail.spend) {
    const name = spendField(line.category);
    const typed = values[name] as string;
    if (/^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(typed) && Number.isFinite(Number(typed))) {
      // Excel keeps 3750.5 as 3750.5 and sometimes 0.1 + 0.2 as 0.30000000000000004: pence are what count.
      const pounds = Number(typed);
      values[name] = Math.abs(pounds * 100 - Math.round(pounds * 100)) < 1e-6 ? penceToInput(Math.round(pounds * 100)) : typed;
    }
  }

  // Each section parsed as if marked complete; a section short only of figures is saved as in progress.
  const section = <T>(parse: (complete: boolean) => { entries: T[]; errors: FieldErrors }) => {
    const strict = parse(true);
    if (Object.keys(strict.errors).length === 0) return { section: { entries: strict.entries, complete: true }, errors: {} };
    const lenient = parse(false);
    return { section: { entries: lenient.entries, complete: false }, errors: lenient.errors };
  };
  const indicatorForm = (kind: IndicatorKind) => indicatorRows(kind).map((i) => ({ id: i.id, name: i.name, unit: i.unit, target: i.target }));
  const outputs = section((complete) => parseIndicatorSection(values, indicatorForm("output"), complete));
  const outcomes = section((complete) => parseIndicatorSection(values, indicatorForm("outcome"), complete));
  const spend = section((complete) => parseSpendSection(values, detail.spend.map((l) => ({ category: l.category, profilePence: l.profilePence })), complete, variancePercent));

  const errors = { ...outputs.errors, ...outcomes.errors, ...spend.errors };
  const cells = Object.entries(errors).map(([field, message]) => `${cellOf.get(field) ?? field}: ${message}`);
  if (cells.length) return { ok: false, cells };
  return { ok: true, version, outputs: outputs.section, outcomes: outcomes.section, spend: spend.section };
}

/**
 * Saves what a spreadsheet held, as the three web sections would, in the caller's
 * transaction: under the version the file was downloaded at, so a return changed on the web
 * since then is refused (StaleReturnError) rather than overwritten.
 */
export async function saveReturnWorkbook(
  trx: Executor,
  audit: AuditContext,
  returnId: string,
  reading: Extract<WorkbookReading, { ok: true }>,
): Promise<{ version: number }> {
  let { version } = reading;
  ({ version } = await saveIndicatorSection(trx, audit, { returnId, version, complete: reading.outputs.complete, kind: "output", entries: reading.outputs.entries }));
  ({ version } = await saveIndicatorSection(trx, audit, { returnId, version, complete: reading.outcomes.complete, kind: "outcome", entries: reading.outcomes.entries }));
  ({ version } = await saveSpendSection(trx, audit, { returnId, version, complete: reading.spend.complete, entries: reading.spend.entries }));
  return { version };
}
