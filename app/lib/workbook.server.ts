// A new XLSX workbook, with exceljs loaded when the first one is made: most requests never make
// one, and loading it at start cost every server about 28 MB of memory and a quarter second.
import type ExcelJS from "exceljs";

export async function newWorkbook(): Promise<ExcelJS.Workbook> {
  const { default: excel } = await import("exceljs");
  return new excel.Workbook();
}
