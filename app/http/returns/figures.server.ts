// A quarter's returns with their figures as a file (app/routes/reviews.figures.tsx asks,
// reviews.figures_.download.tsx answers): the officer's filters read and checked once, here,
// and the rows written as CSV or as a workbook with numbers as numbers and dates as dates.
import { newWorkbook } from "~/lib/workbook.server";
import { getDb } from "../../../db/client";
import { csvResponse } from "~/lib/csv.server";
import { formatDateTime, ukToday } from "~/lib/dates";
import { fieldErrorsOf, formValues, type FieldErrors } from "~/lib/forms";
import type { SignedInUser } from "~/models/accounts/users.server";
import { RAG_LABELS } from "~/models/projects/rag.server";
import { RETURN_STATUS_LABELS } from "~/models/statuses";
import { listQuarterFigures, type QuarterFigureRow } from "~/models/returns/quarter-figures.server";
import { inOfficerScope } from "~/policies/actor";
import { tableSheet, asDate, type Column } from "~/profiles/xlsx/parts.server";
import { INDICATOR_KIND_LABELS, INDICATOR_UNIT_LABELS } from "~/schemas/bids";
import { returnFiguresFilterSchema, type ReturnFiguresFilter } from "~/schemas/return-figures.server";
import { XLSX_CONTENT_TYPE } from "~/http/files.server";


/** The districts the officer may choose from: their own (every district when county-wide). */
export function figuresDistricts(user: SignedInUser) {
  return getDb().selectFrom("districts").select(["id", "name"]).where((eb) => inOfficerScope(eb, user, "districts.id")).orderBy("name").execute();
}

export type FiguresRequest =
  | { ok: true; filters: ReturnFiguresFilter & { format: "csv" | "xlsx" } }
  | { ok: false; values: Record<string, string>; errors: FieldErrors };

/** The filters as the form sent them in the address, checked; a district must be one of the officer's. */
export async function readFiguresRequest(url: URL, user: SignedInUser): Promise<FiguresRequest> {
  const values = formValues(url.searchParams as unknown as FormData);
  const text = Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => typeof e[1] === "string"));
  const parsed = returnFiguresFilterSchema.safeParse(values);
  const errors: FieldErrors = parsed.success ? {} : fieldErrorsOf(parsed.error.issues);
  if (parsed.success && parsed.data.district && !(await figuresDistricts(user)).some((d) => d.id === parsed.data.district)) {
    errors.district = "Choose one of your districts";
  }
  if (!parsed.success || Object.keys(errors).length || !parsed.data.format) {
    if (parsed.success && !parsed.data.format) errors.format = "Choose CSV or XLSX";
    return { ok: false, values: text, errors };
  }
  return { ok: true, filters: { ...parsed.data, format: parsed.data.format } };
}

/** The file itself. */
export async function figuresFile(user: SignedInUser, filters: ReturnFiguresFilter & { format: "csv" | "xlsx" }): Promise<Response> {
  const rows = await listQuarterFigures(getDb(), user, { quarter: filters.quarter, districtId: filters.district, status: filters.status }, ukToday());
  const filename = `returns-${filters.quarter.replace(" ", "-")}`;
  return filters.format === "csv" ? figuresCsv(rows, `${filename}.csv`) : figuresXlsx(rows, `${filename}.xlsx`);
}

const statusText = (r: QuarterFigureRow) => `${RETURN_STATUS_LABELS[r.status]}${r.overdue ? " (overdue)" : ""}`;

/** The columns, once: the CSV writes them as text, the workbook with numbers and dates. */
const COLUMNS: Column<QuarterFigureRow>[] = [
  { header: "Quarter", width: 12, value: (r) => r.quarter },
  { header: "Project reference", width: 16, value: (r) => r.projectReference },
  { header: "Project", width: 32, value: (r) => r.projectTitle },
  { header: "Provider", width: 28, value: (r) => r.providerName },
  { header: "District", width: 16, value: (r) => r.districtName },
  { header: "Return status", width: 16, value: statusText },
  { header: "Late", width: 8, value: (r) => (r.late ? "Yes" : "No") },
  { header: "Due", width: 13, format: "date", value: (r) => asDate(r.dueDate) },
  { header: "Submitted", width: 20, value: (r) => (r.submittedAt ? formatDateTime(r.submittedAt) : "") },
  { header: "Indicator", width: 32, value: (r) => r.indicator?.name ?? "No indicators" },
  { header: "Output or outcome", width: 12, value: (r) => (r.indicator ? INDICATOR_KIND_LABELS[r.indicator.kind] : "") },
  { header: "Unit", width: 10, value: (r) => (r.indicator ? INDICATOR_UNIT_LABELS[r.indicator.unit as keyof typeof INDICATOR_UNIT_LABELS] ?? r.indicator.unit : "") },
  { header: "Target", width: 10, format: "number", value: (r) => r.target },
  { header: "Actual", width: 10, format: "number", value: (r) => r.actual },
  { header: "RAG", width: 8, value: (r) => (r.rag ? RAG_LABELS[r.rag] : "") },
  { header: "Comment", width: 40, format: "wrap", value: (r) => r.comment ?? "" },
];

function figuresCsv(rows: QuarterFigureRow[], filename: string): Response {
  return csvResponse(filename, COLUMNS.map((c) => c.header), rows.map((r) => COLUMNS.map((c) => {
    const v = c.value(r);
    return v instanceof Date ? v.toISOString().slice(0, 10) : v ?? "";
  })));
}

async function figuresXlsx(rows: QuarterFigureRow[], filename: string): Promise<Response> {
  const workbook = await newWorkbook();
  workbook.created = new Date();
  tableSheet(workbook, "Returns", COLUMNS, rows, "No returns match these filters.");
  const buffer = await workbook.xlsx.writeBuffer();
  return new Response(new Uint8Array(buffer as ArrayBuffer), {
    headers: { "Content-Type": XLSX_CONTENT_TYPE, "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "no-store" },
  });
}

