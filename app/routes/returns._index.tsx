// The organisation's quarterly returns: every provider of the organisation sees the same
// list, and only their own organisation's. Filter by what needs doing (due, overdue, queried)
// or what is done (submitted, approved); paged, sortable, searchable, and as CSV.
import type { LoaderFunctionArgs, MetaFunction, TypedResponse } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { CsvLink, FilterForm, Pagination, SortableHeader, TableWrapper } from "~/components/lists";
import { csvResponse } from "~/lib/csv.server";
import { formatDate, formatDateTime, ukToday as ukDate } from "~/lib/dates";
import { optionParam } from "~/lib/lists";
import { parseListParams } from "~/lib/lists.server";
import { forbidden, requireUser } from "~/http/guards.server";
import { hasRole } from "~/policies/actor";
import { RETURN_STATUS_LABELS, RETURN_STATUS_TAG_CLASSES } from "~/models/statuses";
import { listProviderReturns, PROVIDER_RETURN_FILTER_LABELS, PROVIDER_RETURN_FILTERS, PROVIDER_RETURN_SORTS } from "~/models/returns/provider-list.server";

export const meta: MetaFunction = () => [{ title: "Your returns – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!hasRole(user, "provider") || !user.organisationId) forbidden(user, "Only providers file quarterly returns.");
  const url = new URL(request.url);
  const params = parseListParams(url, PROVIDER_RETURN_SORTS, "due_date", "asc");
  const filters = { show: optionParam(url, "show", PROVIDER_RETURN_FILTERS) };
  const db = getDb();
  const today = ukDate();
  const [page, organisation] = await Promise.all([
    listProviderReturns(db, user, params, filters, today),
    db.selectFrom("organisations").select("name").where("id", "=", user.organisationId).executeTakeFirst(),
  ]);

  if (params.format === "csv") {
    return csvResponse(
      "returns.csv",
      ["Project reference", "Project", "District", "Quarter", "Due", "Status", "Overdue", "Late", "Submitted", "Last changed"],
      page.items.map((r) => [
        r.projectReference,
        r.projectTitle,
        r.districtName,
        r.quarter,
        r.dueDate,
        RETURN_STATUS_LABELS[r.status],
        r.overdue,
        r.late,
        formatDateTime(r.submittedAt),
        formatDateTime(r.updatedAt),
      ]),
    ) as TypedResponse<never>;
  }

  return json({
    organisationName: organisation?.name ?? "Your organisation",
    returns: page.items.map((r) => ({
      id: r.id,
      projectReference: r.projectReference,
      projectTitle: r.projectTitle,
      districtName: r.districtName,
      quarter: r.quarter,
      due: formatDate(r.dueDate),
      status: r.status,
      statusLabel: RETURN_STATUS_LABELS[r.status],
      statusClass: RETURN_STATUS_TAG_CLASSES[r.status],
      overdue: r.overdue,
      late: r.late,
      submitted: r.submittedAt ? formatDateTime(r.submittedAt) : "",
    })),
    page: { page: page.page, pageCount: page.pageCount, total: page.total },
    sort: params.sort,
    dir: params.dir,
    q: params.q,
    filters,
    filterOptions: PROVIDER_RETURN_FILTERS.map((f) => ({ value: f, label: PROVIDER_RETURN_FILTER_LABELS[f] })),
  });
}

export default function ReturnsList() {
  const { organisationName, returns, page, sort, dir, q, filters, filterOptions } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">{organisationName}</span>
        Your returns
      </h1>
      <p className="govuk-body">
        Each of your projects files a return every quarter, due a few weeks after the quarter ends. Everyone in your organisation
        sees and can work on these returns.
      </p>

      <FilterForm sort={sort} dir={dir}>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="q">Project or quarter</label>
          <input className="govuk-input govuk-input--width-20" id="q" name="q" type="search" defaultValue={q} />
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="show">Show</label>
          <select className="govuk-select" id="show" name="show" defaultValue={filters.show}>
            <option value="">All returns</option>
            {filterOptions.map((o) => (
              <option key={o.value} value={o.value}>{o.label}</option>
            ))}
          </select>
        </div>
      </FilterForm>

      <Pagination page={page.page} pageCount={page.pageCount} total={page.total} noun="returns" />

      {returns.length > 0 ? (
        <TableWrapper caption="Your returns">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Your returns</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <SortableHeader column="project" label="Project" sort={sort} dir={dir} />
                <SortableHeader column="quarter" label="Quarter" sort={sort} dir={dir} />
                <SortableHeader column="due_date" label="Due" sort={sort} dir={dir} />
                <SortableHeader column="status" label="Status" sort={sort} dir={dir} />
                <th scope="col" className="govuk-table__header">Submitted</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {returns.map((r) => (
                <tr className="govuk-table__row" key={r.id}>
                  <td className="govuk-table__cell">
                    {r.projectReference}
                    <span className="govuk-body-s govuk-!-display-block">{r.projectTitle}, {r.districtName}</span>
                  </td>
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/returns/${r.id}`}>
                      {r.quarter}<span className="govuk-visually-hidden"> return for {r.projectReference}</span>
                    </Link>
                  </td>
                  <td className="govuk-table__cell">{r.due}</td>
                  <td className="govuk-table__cell">
                    <strong className={r.statusClass}>{r.statusLabel}</strong>
                    {r.overdue ? <strong className="govuk-tag govuk-tag--red govuk-!-margin-top-1">Overdue</strong> : null}
                    {r.late ? <strong className="govuk-tag govuk-tag--red govuk-!-margin-top-1">Late</strong> : null}
                  </td>
                  <td className="govuk-table__cell">{r.submitted}</td>
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
