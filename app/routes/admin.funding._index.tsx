import type { LoaderFunctionArgs, MetaFunction, TypedResponse } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Select, TextInput } from "~/components/forms";
import { FilterForm, Pagination, SortableHeader, TableWrapper } from "~/components/lists";
import { csvResponse } from "~/lib/csv.server";
import { financialYearLabel, financialYearOf } from "~/lib/financial-year";
import { parseListParams } from "~/lib/lists";
import { formatPence } from "~/lib/money";
import { ALLOCATIONS_CSV_HEADER, allocationCsvRow, allocationYears, listAllocationsForCsv, listStreams, STREAM_SORTS, yearOptions } from "~/models/funding/streams.server";
import { financialYearParam } from "~/schemas/reference-data";
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
    <>
      <div className="govuk-breadcrumbs">
        <ol className="govuk-breadcrumbs__list">
          <li className="govuk-breadcrumbs__list-item"><Link className="govuk-breadcrumbs__link" to="/admin">Admin</Link></li>
        </ol>
      </div>
      <h1 className="govuk-heading-l">Funding streams and allocations</h1>
      <p className="govuk-body">
        Where the programme's money comes from, and how much of it each district gets each financial year.
        Choose a stream to change its allocations.
      </p>
      <p className="govuk-body">
        <Link className="govuk-button govuk-!-margin-bottom-0" to="/admin/funding/new" role="button" draggable="false" data-module="govuk-button">
          Add a funding stream
        </Link>
      </p>
      <FilterForm sort={params.sort} dir={params.dir}>
        <TextInput name="q" label="Search by name or description" defaultValue={params.q} width="20" />
        <Select name="year" label="Financial year" options={years} defaultValue={String(year)} />
      </FilterForm>
      <Pagination page={page.page} pageCount={page.pageCount} total={page.total} noun="funding streams" />
      {page.items.length > 0 ? (
        <TableWrapper caption={`Funding streams, allocated in ${yearLabel}`}>
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--m">Allocated in {yearLabel}</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <SortableHeader column="name" label="Funding stream" sort={params.sort} dir={params.dir} />
                <SortableHeader column="status" label="Status" sort={params.sort} dir={params.dir} />
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Districts</th>
                <SortableHeader column="total" label={`Allocated in ${yearLabel}`} sort={params.sort} dir={params.dir} numeric />
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {page.items.map((s) => (
                <tr className="govuk-table__row" key={s.id}>
                  <th scope="row" className="govuk-table__header">
                    <Link className="govuk-link" to={`/admin/funding/${s.id}?year=${year}`}>{s.name}</Link>
                    {s.description ? <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0 govuk-!-font-weight-regular">{s.description}</span> : null}
                  </th>
                  <td className="govuk-table__cell">
                    {s.isActive ? <strong className="govuk-tag govuk-tag--green">Active</strong> : <strong className="govuk-tag govuk-tag--grey">Inactive</strong>}
                  </td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{s.districtCount}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(s.totalPence)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrapper>
      ) : null}
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
    </>
  );
}
