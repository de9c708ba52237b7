// A quarter's returns with their figures, for officers to take away: one row per project and
// indicator (target, figure as last submitted, RAG, the return's status), as CSV or as a
// workbook with numbers as numbers. Filtered by quarter, district and status, within the
// officer's districts. The form is a plain GET form, so the file downloads with or without
// JavaScript and the page stays where it is.
import type { LoaderFunctionArgs, MetaFunction, TypedResponse } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import ExcelJS from "exceljs";
import { getDb } from "../../db/client";
import { ErrorSummary, Select } from "~/components/forms";
import { csvResponse } from "~/lib/csv.server";
import { formatDate, formatDateTime, ukToday } from "~/lib/dates";
import { previousQuarter, quarterLabel, quarterOf } from "~/lib/financial-year";
import { fieldErrorsOf, formValues, type FieldErrors } from "~/lib/forms";
import { requireRole } from "~/http/guards.server";
import { inOfficerScope, officerDistrictScope } from "~/policies/actor";
import { RAG_LABELS } from "~/models/projects/rag.server";
import { RETURN_STATUS_LABELS, RETURN_STATUSES } from "~/models/statuses";
import { listQuarterFigures, type QuarterFigureRow } from "~/models/returns/quarter-figures.server";
import { tableSheet, asDate, type Column } from "~/profiles/xlsx/parts.server";
import { INDICATOR_KIND_LABELS, INDICATOR_UNIT_LABELS } from "~/schemas/bids";
import { returnFiguresFilterSchema } from "~/schemas/return-figures";

export const meta: MetaFunction = () => [{ title: "Download a quarter's returns – Early help portal" }];

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "officer");
  const db = getDb();
  const url = new URL(request.url);
  const [quarters, districts] = await Promise.all([
    db.selectFrom("returns").innerJoin("projects", "projects.id", "returns.project_id").select("returns.quarter").distinct()
      .where((eb) => inOfficerScope(eb, user, "projects.district_id")).orderBy("returns.quarter", "desc").execute(),
    db.selectFrom("districts").select(["id", "name"]).where((eb) => inOfficerScope(eb, user, "districts.id")).orderBy("name").execute(),
  ]);
  const today = ukToday();
  const lastEnded = quarterLabel(previousQuarter(quarterOf(today)));
  const page = {
    quarters: quarters.map((q) => q.quarter),
    districts: districts.map((d) => ({ value: d.id, label: d.name })),
    statuses: RETURN_STATUSES.map((s) => ({ value: s, label: RETURN_STATUS_LABELS[s] })),
    countyWide: officerDistrictScope(user) === null,
    defaults: { quarter: quarters.some((q) => q.quarter === lastEnded) ? lastEnded : (quarters[0]?.quarter ?? ""), district: "", status: "" },
  };
  if (!url.searchParams.has("format")) return json({ ...page, errors: {} as FieldErrors });

  const values = formValues(url.searchParams as unknown as FormData);
  const parsed = returnFiguresFilterSchema.safeParse(values);
  const errors: FieldErrors = parsed.success ? {} : fieldErrorsOf(parsed.error.issues);
  if (parsed.success && parsed.data.district && !districts.some((d) => d.id === parsed.data.district)) errors.district = "Choose one of your districts";
  if (!parsed.success || Object.keys(errors).length || !parsed.data.format) {
    return json({ ...page, defaults: { ...page.defaults, ...stringValues(values) }, errors }, { status: 400 });
  }
  const filters = parsed.data;
  const rows = await listQuarterFigures(db, user, { quarter: filters.quarter, districtId: filters.district, status: filters.status }, today);
  const filename = `returns-${filters.quarter.replace(" ", "-")}`;
  return (filters.format === "csv" ? figuresCsv(rows, `${filename}.csv`) : await figuresXlsx(rows, `${filename}.xlsx`)) as TypedResponse<never>;
}

function stringValues(values: Record<string, string | string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => typeof e[1] === "string"));
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
  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date();
  tableSheet(workbook, "Returns", COLUMNS, rows, "No returns match these filters.");
  const buffer = await workbook.xlsx.writeBuffer();
  return new Response(new Uint8Array(buffer as ArrayBuffer), {
    headers: { "Content-Type": XLSX_TYPE, "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "no-store" },
  });
}

export default function ReturnFigures() {
  const data = useLoaderData<typeof loader>();
  const errors: FieldErrors = data.errors;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/reviews" className="govuk-back-link">Quarterly returns</Link>
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Download a quarter's returns</h1>
        <p className="govuk-body">
          One row for each project and indicator in {data.countyWide ? "every district" : "your districts"}: the target, the figure
          as last submitted, its RAG rating, and where the return stands. Returns not yet submitted have their targets and no
          figures.
        </p>
        {data.quarters.length === 0 ? (
          <p className="govuk-body">There are no returns in your districts yet.</p>
        ) : (
          // A plain form: the answer is a file, which the browser downloads without leaving the page.
          <form method="get" action="/reviews/figures" noValidate>
            <Select name="quarter" label="Quarter" options={data.quarters.map((q) => ({ value: q, label: q }))} defaultValue={data.defaults.quarter} error={errors.quarter} />
            <Select name="district" label="District" options={data.districts} emptyLabel="All your districts" defaultValue={data.defaults.district} error={errors.district} />
            <Select name="status" label="Return status" options={data.statuses} emptyLabel="Any status" defaultValue={data.defaults.status} error={errors.status} />
            <div className="govuk-button-group">
              <button type="submit" name="format" value="xlsx" className="govuk-button" data-module="govuk-button">Download spreadsheet (XLSX)</button>
              <button type="submit" name="format" value="csv" className="govuk-button govuk-button--secondary" data-module="govuk-button">Download CSV</button>
            </div>
          </form>
        )}
        <p className="govuk-body-s">Figures are those of each return's latest submitted version, as of {formatDate(ukToday())}.</p>
      </div>
    </div>
  );
}
