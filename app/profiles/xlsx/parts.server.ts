// The parts every workbook of the profile is made of: the number formats that show figures
// the way the page does, a table with a header row, and the "about" lines above it.
import type ExcelJS from "exceljs";
import { formatDate } from "~/lib/dates";

export type ProfileXlsxStatus = { kind: "draft" } | { kind: "published"; publishedAt: string; edition: number };

const MONEY = '"£"#,##0.00';
const PER_POUND = '"£"0.00';
const PERCENT = "0.0%";
const VARIANCE = "+0.0%;-0.0%;0.0%";
const PLUS_MINUS_PERCENT = '"±"0.0%';
const WHOLE = "#,##0";
const DATE = "d mmm yyyy";

export type Format = "text" | "wrap" | "money" | "perPound" | "percent" | "variance" | "plusMinus" | "whole" | "number" | "date";
const NUM_FMT: Partial<Record<Format, string>> = {
  money: MONEY,
  perPound: PER_POUND,
  percent: PERCENT,
  variance: VARIANCE,
  plusMinus: PLUS_MINUS_PERCENT,
  whole: WHOLE,
  date: DATE,
};

export type Cell = string | number | Date | null;

export const pounds = (pence: number | null): number | null => (pence === null ? null : pence / 100);
export const fraction = (percent: number | null): number | null => (percent === null ? null : percent / 100);
export const asDate = (iso: string | null): Date | null => (iso ? new Date(`${iso.slice(0, 10)}T00:00:00Z`) : null);

export interface Column<T> {
  header: string;
  width: number;
  format?: Format;
  value: (row: T) => Cell;
}

export function styleCell(cell: ExcelJS.Cell, format: Format | undefined) {
  const numFmt = format ? NUM_FMT[format] : undefined;
  // Only numbers and dates take a number format: a word such as "Pending" in a % column stays text.
  if (numFmt && (typeof cell.value === "number" || cell.value instanceof Date)) cell.numFmt = numFmt;
  if (format === "wrap") cell.alignment = { wrapText: true, vertical: "top" };
}

export function styleHeader(row: ExcelJS.Row) {
  row.font = { bold: true };
  row.alignment = { wrapText: true, vertical: "bottom" };
  row.eachCell((cell) => {
    cell.numFmt = "@";
    cell.border = { bottom: { style: "thin" } };
  });
}

/** A table with its header at `headerRow`; returns the row after it. */
export function writeTable<T>(sheet: ExcelJS.Worksheet, columns: Column<T>[], rows: readonly T[], headerRow = 1): number {
  const header = sheet.getRow(headerRow);
  columns.forEach((c, i) => {
    header.getCell(i + 1).value = c.header;
    const column = sheet.getColumn(i + 1);
    column.width = Math.max(column.width ?? 0, c.width);
  });
  styleHeader(header);
  // Long headers wrap over narrow number columns; give the row room, since not every
  // spreadsheet program fits row heights when it opens a file.
  const lines = Math.max(1, ...columns.map((c) => Math.ceil(c.header.length / Math.max(1, c.width - 2))));
  header.height = 15 * Math.min(lines, 4);
  rows.forEach((row, r) => {
    const line = sheet.getRow(headerRow + 1 + r);
    columns.forEach((c, i) => {
      const cell = line.getCell(i + 1);
      cell.value = c.value(row);
      styleCell(cell, c.format);
    });
  });
  return headerRow + 1 + rows.length;
}

/** A sheet that is a single table: header frozen, filters on. */
export function tableSheet<T>(
  workbook: ExcelJS.Workbook,
  name: string,
  columns: Column<T>[],
  rows: readonly T[],
  empty: string,
  filter = true,
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  writeTable(sheet, columns, rows);
  if (rows.length === 0) sheet.getCell(2, 1).value = empty;
  else if (filter) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return sheet;
}

/** Label and value rows above a table (who, what, when, draft or published). */
export function writeAbout(sheet: ExcelJS.Worksheet, pairs: [string, Cell, Format?][]): number {
  pairs.forEach(([label, value, format], i) => {
    const row = sheet.getRow(i + 1);
    row.getCell(1).value = label;
    row.getCell(1).font = { bold: true };
    row.getCell(2).value = value;
    styleCell(row.getCell(2), format);
  });
  return pairs.length + 1;
}

export function statusText(status: ProfileXlsxStatus): string {
  return status.kind === "draft" ? "DRAFT" : `Published ${formatDate(status.publishedAt)}, edition ${status.edition}`;
}

export const ytdWord = "year to date";
