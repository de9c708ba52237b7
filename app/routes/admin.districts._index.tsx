import type { LoaderFunctionArgs, MetaFunction, TypedResponse } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { CsvLink, FilterForm, Pagination, SortableHeader, TableWrapper } from "~/components/lists";
import { TextInput } from "~/components/forms";
import { csvResponse } from "~/lib/csv.server";
import { formatDate } from "~/lib/dates";
import { parseListParams } from "~/lib/lists";
import { DISTRICT_SORTS, listDistricts } from "~/models/admin/districts.server";
import { requirePermission } from "~/http/guards.server";

export const meta: MetaFunction = () => [{ title: "Districts – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:reference-data");
  const url = new URL(request.url);
  const params = parseListParams(url, DISTRICT_SORTS, "name");
  const page = await listDistricts(getDb(), params);
  if (params.format === "csv") {
    // Typed as carrying no data, so useLoaderData keeps the page's types.
    return csvResponse(
      "districts.csv",
      ["Name", "ONS code", "Partnership", "Last changed"],
      page.items.map((d) => [d.name, d.onsCode, d.partnershipName, d.updatedAt]),
    ) as TypedResponse<never>;
  }
  return json({ page, params });
}

export default function Districts() {
  const { page, params } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="govuk-breadcrumbs">
        <ol className="govuk-breadcrumbs__list">
          <li className="govuk-breadcrumbs__list-item"><Link className="govuk-breadcrumbs__link" to="/admin">Admin</Link></li>
        </ol>
      </div>
      <h1 className="govuk-heading-l">Districts</h1>
      <p className="govuk-body">
        <Link className="govuk-button govuk-!-margin-bottom-0" to="/admin/districts/new" role="button" draggable="false" data-module="govuk-button">
          Add a district
        </Link>
      </p>
      <FilterForm sort={params.sort} dir={params.dir}>
        <TextInput name="q" label="Search by name, ONS code or partnership" defaultValue={params.q} width="20" spellCheck={false} />
      </FilterForm>
      <Pagination page={page.page} pageCount={page.pageCount} total={page.total} noun="districts" />
      {page.items.length > 0 ? (
        <TableWrapper caption="Districts">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Districts</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <SortableHeader column="name" label="Name" sort={params.sort} dir={params.dir} />
                <SortableHeader column="ons_code" label="ONS code" sort={params.sort} dir={params.dir} />
                <SortableHeader column="partnership" label="Partnership" sort={params.sort} dir={params.dir} />
                <th scope="col" className="govuk-table__header">Last changed</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {page.items.map((d) => (
                <tr className="govuk-table__row" key={d.id}>
                  <th scope="row" className="govuk-table__header">
                    <Link className="govuk-link" to={`/admin/districts/${d.id}`}>
                      {d.name}<span className="govuk-visually-hidden"> (change)</span>
                    </Link>
                  </th>
                  <td className="govuk-table__cell">{d.onsCode}</td>
                  <td className="govuk-table__cell">{d.partnershipName}</td>
                  <td className="govuk-table__cell">{formatDate(d.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrapper>
      ) : null}
      <CsvLink />
    </>
  );
}
