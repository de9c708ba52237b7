import type { LoaderFunctionArgs, MetaFunction, TypedResponse } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Select, TextInput } from "~/components/forms";
import { CsvLink, FilterForm, Pagination, SortableHeader, TableWrapper } from "~/components/lists";
import { csvResponse } from "~/lib/csv.server";
import { formatDate } from "~/lib/dates";
import { optionParam, parseListParams } from "~/lib/lists";
import { listThemes, THEME_SORTS } from "~/models/admin/themes.server";
import { requirePermission } from "~/http/guards.server";

export const meta: MetaFunction = () => [{ title: "Themes – Early help portal" }];

const STATUSES = ["active", "inactive"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:reference-data");
  const url = new URL(request.url);
  const params = parseListParams(url, THEME_SORTS, "name");
  const status = optionParam(url, "status", STATUSES);
  const page = await listThemes(getDb(), params, { status });
  if (params.format === "csv") {
    // Typed as carrying no data, so useLoaderData keeps the page's types.
    return csvResponse(
      "themes.csv",
      ["Name", "Description", "Active", "Last changed"],
      page.items.map((t) => [t.name, t.description, t.isActive, t.updatedAt]),
    ) as TypedResponse<never>;
  }
  return json({ page, params, status });
}

export default function Themes() {
  const { page, params, status } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="govuk-breadcrumbs">
        <ol className="govuk-breadcrumbs__list">
          <li className="govuk-breadcrumbs__list-item"><Link className="govuk-breadcrumbs__link" to="/admin">Admin</Link></li>
        </ol>
      </div>
      <h1 className="govuk-heading-l">Themes</h1>
      <p className="govuk-body">The priorities projects serve. A theme no longer in use is made inactive rather than removed, so older projects keep it.</p>
      <p className="govuk-body">
        <Link className="govuk-button govuk-!-margin-bottom-0" to="/admin/themes/new" role="button" draggable="false" data-module="govuk-button">
          Add a theme
        </Link>
      </p>
      <FilterForm sort={params.sort} dir={params.dir}>
        <TextInput name="q" label="Search by name or description" defaultValue={params.q} width="20" />
        <Select
          name="status"
          label="Status"
          emptyLabel="Active and inactive"
          options={[{ value: "active", label: "Active" }, { value: "inactive", label: "Inactive" }]}
          defaultValue={status}
        />
      </FilterForm>
      <Pagination page={page.page} pageCount={page.pageCount} total={page.total} noun="themes" />
      {page.items.length > 0 ? (
        <TableWrapper caption="Themes">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Themes</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <SortableHeader column="name" label="Name" sort={params.sort} dir={params.dir} />
                <th scope="col" className="govuk-table__header">Description</th>
                <SortableHeader column="status" label="Status" sort={params.sort} dir={params.dir} />
                <SortableHeader column="updated_at" label="Last changed" sort={params.sort} dir={params.dir} />
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {page.items.map((t) => (
                <tr className="govuk-table__row" key={t.id}>
                  <th scope="row" className="govuk-table__header">
                    <Link className="govuk-link" to={`/admin/themes/${t.id}`}>
                      {t.name}<span className="govuk-visually-hidden"> (change)</span>
                    </Link>
                  </th>
                  <td className="govuk-table__cell">{t.description}</td>
                  <td className="govuk-table__cell">
                    {t.isActive ? <strong className="govuk-tag govuk-tag--green">Active</strong> : <strong className="govuk-tag govuk-tag--grey">Inactive</strong>}
                  </td>
                  <td className="govuk-table__cell">{formatDate(t.updatedAt)}</td>
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
