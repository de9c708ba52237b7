// CSV downloads. csv-stringify does the quoting; we add the defence against formula
// injection, since these files are opened in spreadsheets.
import { stringify } from "csv-stringify/sync";

export type CsvCell = string | number | null | undefined | boolean;

/** A cell that a spreadsheet would run as a formula is prefixed with an apostrophe. */
function neutralise(cell: CsvCell): string | number {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "number") return cell;
  if (typeof cell === "boolean") return cell ? "Yes" : "No";
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

export function toCsv(header: string[], rows: CsvCell[][]): string {
  return stringify([header, ...rows.map((row) => row.map(neutralise))], { record_delimiter: "\r\n" });
}

export const CSV_CONTENT_TYPE = "text/csv; charset=utf-8";

/** The file: with a byte-order mark, so Excel reads it as UTF-8 (names with accents, "£"). */
export function csvFile(header: string[], rows: CsvCell[][]): string {
  return `\uFEFF${toCsv(header, rows)}`;
}

export function csvResponse(filename: string, header: string[], rows: CsvCell[][]): Response {
  return new Response(csvFile(header, rows), {
    headers: {
      "Content-Type": CSV_CONTENT_TYPE,
      "Content-Disposition": `attachment; filename="${filename.replace(/[^a-z0-9._-]/gi, "_")}"`,
      "Cache-Control": "no-store",
    },
  });
}
