import type { LoaderFunctionArgs, MetaFunction, TypedResponse } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Select, TextInput } from "~/components/forms";
import { ReferenceListPage, StatusTag } from "~/components/reference-data";
import { csvResponse } from "~/lib/csv.server";
import { financialYearLabel, financialYearOf } from "~/lib/financial-year";
import { parseListParams } from "~/lib/lists.server";
import { formatPence } from "~/lib/money";
import { ALLOCATIONS_CSV_HEADER, allocationCsvRow, allocationYears, listAllocationsForCsv, listStreams, STREAM_SORTS, yearOptions } from "~/models/funding/streams.server";
import { financialYearParam } from "~/schemas/reference-data.server";
import { requirePermission } from "~/http/guards.server";

export const meta: MetaFunction = () => [{ title: "Funding streams and allocations – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:reference-data");
  const db = getDb();
  const url = new URL(request.url);
  const params = parseListParams(url, STREAM_SORTS, "name");
  const current = financialYearOf(new Date());
  const asked = financialYearParam.safeParse(url.searchParams.get("year") ?? undefined);
  const year = asked.success ? asked.data : current;
  if (params.format === "csv") {
    // Typed as carrying no data, so useLoaderData keeps the page's types.
    // Every stream's allocations: all years, or the year asked for.
    const rows = await listAllocationsForCsv(db, { year: asked.success ? asked.data : null });
    return csvResponse(
      asked.success ? `allocations-${financialYearLabel(year)}.csv` : "allocations.csv",
      ALLOCATIONS_CSV_HEADER,
      rows.map(allocationCsvRow),
    ) as TypedResponse<never>;
  }
  const [page, years] = await Promise.all([listStreams(db, params, year), allocationYears(db)]);
  return json({
    page,
    params,
    year,
    yearLabel: financialYearLabel(year),
    years: yearOptions(years, current, year).map((y) => ({ value: String(y), label: financialYearLabel(y) })),
  });
}

export default function FundingStreams() {
  const { page, params, year, yearLabel, years } = useLoaderData<typeof loader>();
  return (
    <ReferenceListPage
      title="Funding streams and allocations"
      intro={
        <p className="govuk-body">
          Where the programme's money comes from, and how much of it each district gets each financial year.
          Choose a stream to change its allocations.
        </p>
      }
      add={{ to: "/admin/funding/new", label: "Add a funding stream" }}
      filters={{
        sort: params.sort,
        dir: params.dir,
        fields: (
          <>
            <TextInput name="q" label="Search by name or description" defaultValue={params.q} width="20" />
            <Select name="year" label="Financial year" options={years} defaultValue={String(year)} />
          </>
        ),
      }}
      paging={{ ...page, noun: "funding streams" }}
      items={page.items}
      caption={{ region: `Funding streams, allocated in ${yearLabel}`, text: `Allocated in ${yearLabel}`, visible: true }}
      columns={[
        {
          label: "Funding stream",
          sort: "name",
          cell: (s) => (
            <>
              <Link className="govuk-link" to={`/admin/funding/${s.id}?year=${year}`}>{s.name}</Link>
              {s.description ? <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0 govuk-!-font-weight-regular">{s.description}</span> : null}
            </>
          ),
        },
        { label: "Status", sort: "status", cell: (s) => <StatusTag active={s.isActive} /> },
        { label: "Districts", numeric: true, cell: (s) => s.districtCount },
        { label: `Allocated in ${yearLabel}`, sort: "total", numeric: true, cell: (s) => formatPence(s.totalPence) },
      ]}
      footer={
        <ul className="govuk-list portal-no-print">
          <li>
            <Link className="govuk-link" to={`/admin/funding.csv?year=${year}&format=csv`} reloadDocument>
              Download every stream's allocations for {yearLabel} as CSV
            </Link>
          </li>
          <li>
            <Link className="govuk-link" to="/admin/funding.csv?format=csv" reloadDocument>Download the allocations for every year as CSV</Link>
          </li>
        </ul>
      }
    />
  );
}
