import type { LoaderFunctionArgs, MetaFunction, TypedResponse } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { CsvLink, Pagination, SortableHeader, TableWrapper } from "~/components/lists";
import { csvResponse } from "~/lib/csv.server";
import { formatDate, formatDateTime } from "~/lib/dates";
import { parseListParams } from "~/lib/lists.server";
import { formatPence, penceToInput } from "~/lib/money";
import { TENDER_STATUS_LABELS, TENDER_STATUS_TAG_CLASSES } from "~/schemas/tenders";
import { requirePermission } from "~/http/guards.server";
import { can } from "~/policies/index";
import { hasRole } from "~/policies/actor";
import { TENDER_STATUSES } from "~/models/statuses";
import { listTenders, TENDER_SORTS, tenderListFilters } from "~/models/tenders/list.server";
import { TenderFilters } from "~/components/tenders/tender-filters";

export const meta: MetaFunction = () => [{ title: "Tenders – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "tenders:browse");
  const db = getDb();
  const url = new URL(request.url);
  const params = parseListParams(url, TENDER_SORTS, "closes_at", "desc");
  const isOfficer = hasRole(user, "officer");
  // Providers never see drafts, so they are not offered as a filter.
  const statuses = isOfficer ? TENDER_STATUSES : TENDER_STATUSES.filter((s) => s !== "draft");
  const { filters, districts, themes } = await tenderListFilters(db, url, statuses);
  const page = await listTenders(db, user, params, filters);

  if (params.format === "csv") {
    return csvResponse(
      "tenders.csv",
      ["Reference", "Title", "Status", "Districts", "Themes", "Funding stream", "Maximum budget (£)", "Opens (UK time)", "Closes (UK time)"],
      page.items.map((t) => [
        t.reference,
        t.title,
        TENDER_STATUS_LABELS[t.status],
        t.districts.join("; "),
        t.themes.join("; "),
        t.fundingStreamName,
        penceToInput(t.maxBudgetPence),
        formatDateTime(t.opensAt),
        formatDateTime(t.closesAt),
      ]),
    ) as unknown as TypedResponse<never>;
  }

  return json({
    tenders: page.items.map((t) => ({
      id: t.id,
      reference: t.reference,
      title: t.title,
      status: t.status,
      districts: t.districts.join(", "),
      maxBudget: formatPence(t.maxBudgetPence),
      closes: formatDateTime(t.closesAt),
      opens: formatDate(t.opensAt),
    })),
    page: { page: page.page, pageCount: page.pageCount, total: page.total },
    sort: params.sort,
    dir: params.dir,
    q: params.q,
    filters,
    statuses,
    districts,
    themes,
    canCreate: can(user, "tenders:create"),
    isOfficer,
  });
}

export default function TendersList() {
  const { tenders, page, sort, dir, q, filters, statuses, districts, themes, canCreate, isOfficer } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Tenders</h1>
      <p className="govuk-body">
        {isOfficer
          ? "Tenders in the districts you cover, drafts included."
          : "Funding opportunities from the council. Open tenders can be bid for until their closing time (UK time)."}
      </p>
      {canCreate ? (
        <p className="govuk-body">
          <Link to="/tenders/new" role="button" draggable="false" className="govuk-button govuk-!-margin-bottom-0" data-module="govuk-button">
            Create a tender
          </Link>
        </p>
      ) : null}

      <TenderFilters sort={sort} dir={dir} q={q} filters={filters} statuses={statuses} districts={districts} themes={themes} />

      <Pagination page={page.page} pageCount={page.pageCount} total={page.total} noun="tenders" />

      {tenders.length > 0 ? (
        <TableWrapper caption="Tenders">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Tenders</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <SortableHeader column="reference" label="Reference" sort={sort} dir={dir} />
                <SortableHeader column="title" label="Title" sort={sort} dir={dir} />
                <th scope="col" className="govuk-table__header">Districts</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Maximum budget</th>
                <th scope="col" className="govuk-table__header">Status</th>
                <SortableHeader column="closes_at" label="Closes (UK time)" sort={sort} dir={dir} />
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {tenders.map((t) => (
                <tr className="govuk-table__row" key={t.id}>
                  <td className="govuk-table__cell">{t.reference}</td>
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/tenders/${t.id}`}>{t.title}</Link>
                  </td>
                  <td className="govuk-table__cell">{t.districts}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{t.maxBudget}</td>
                  <td className="govuk-table__cell">
                    <strong className={TENDER_STATUS_TAG_CLASSES[t.status]}>{TENDER_STATUS_LABELS[t.status]}</strong>
                  </td>
                  <td className="govuk-table__cell">{t.closes}</td>
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
