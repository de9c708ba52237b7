// The organisation's bids: every provider of the organisation sees the same list, and only
// their own organisation's. Paged, sortable, filterable, and downloadable as CSV.
import type { LoaderFunctionArgs, MetaFunction, TypedResponse } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { CsvLink, FilterForm, Pagination, SortableHeader, TableWrapper } from "~/components/lists";
import { csvResponse } from "~/lib/csv.server";
import { formatDateTime, formatClockOnDate } from "~/lib/dates";
import { optionParam } from "~/lib/lists";
import { parseListParams } from "~/lib/lists.server";
import { formatPence, penceToInput } from "~/lib/money";
import { BID_STATUS_LABELS, BID_STATUS_TAG_CLASSES } from "~/schemas/bids";
import { forbidden, requireUser } from "~/http/guards.server";
import { hasRole } from "~/policies/actor";
import { BID_STATUSES } from "~/models/statuses";
import { TENDER_STATUS_LABELS } from "~/schemas/tenders";
import { BID_SORTS, listOwnBids } from "~/models/bids/list.server";

export const meta: MetaFunction = () => [{ title: "Your bids – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!hasRole(user, "provider") || !user.organisationId) forbidden(user, "Only providers have bids.");
  const url = new URL(request.url);
  const params = parseListParams(url, BID_SORTS, "updated_at", "desc");
  const filters = { status: optionParam(url, "status", BID_STATUSES) };
  const db = getDb();
  const [page, organisation] = await Promise.all([
    listOwnBids(db, user, params, filters),
    db.selectFrom("organisations").select("name").where("id", "=", user.organisationId).executeTakeFirst(),
  ]);

  if (params.format === "csv") {
    return csvResponse(
      "bids.csv",
      ["Reference", "Tender reference", "Tender", "Project", "District", "Status", "Needs confirming", "Amount (£)", "Tender closes", "Submitted", "Last changed"],
      page.items.map((b) => [
        b.reference,
        b.tenderReference,
        b.tenderTitle,
        b.title,
        b.districtName,
        BID_STATUS_LABELS[b.status],
        b.needsConfirmation,
        b.amountPence === null ? null : penceToInput(b.amountPence),
        formatDateTime(b.closesAt),
        formatDateTime(b.submittedAt),
        formatDateTime(b.updatedAt),
      ]),
    ) as TypedResponse<never>;
  }

  return json({
    organisationName: organisation?.name ?? "Your organisation",
    bids: page.items.map((b) => ({
      id: b.id,
      tenderId: b.tenderId,
      tenderReference: b.tenderReference,
      tenderTitle: b.tenderTitle,
      title: b.title,
      districtName: b.districtName,
      status: b.status,
      statusLabel: BID_STATUS_LABELS[b.status],
      statusClass: BID_STATUS_TAG_CLASSES[b.status],
      needsConfirmation: b.needsConfirmation && b.status === "submitted",
      amount: b.amountPence === null ? "" : formatPence(b.amountPence),
      closes: formatClockOnDate(b.closesAt),
      tenderStatus: TENDER_STATUS_LABELS[b.tenderStatus],
      updated: formatDateTime(b.updatedAt),
    })),
    page: { page: page.page, pageCount: page.pageCount, total: page.total },
    sort: params.sort,
    dir: params.dir,
    q: params.q,
    filters,
  });
}

export default function BidsList() {
  const { organisationName, bids, page, sort, dir, q, filters } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">{organisationName}</span>
        Your bids
      </h1>
      <p className="govuk-body">
        Everyone in your organisation sees and can work on these bids. To start a bid, open the tender and choose “Start or continue your bid”.
      </p>

      <FilterForm sort={sort} dir={dir}>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="q">Tender or project</label>
          <input className="govuk-input govuk-input--width-20" id="q" name="q" type="search" defaultValue={q} />
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="status">Status</label>
          <select className="govuk-select" id="status" name="status" defaultValue={filters.status}>
            <option value="">Any status</option>
            {BID_STATUSES.map((s) => (
              <option key={s} value={s}>{BID_STATUS_LABELS[s]}</option>
            ))}
          </select>
        </div>
      </FilterForm>

      <Pagination page={page.page} pageCount={page.pageCount} total={page.total} noun="bids" />

      {bids.length > 0 ? (
        <TableWrapper caption="Your bids">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Your bids</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <SortableHeader column="tender" label="Tender" sort={sort} dir={dir} />
                <th scope="col" className="govuk-table__header">Project</th>
                <SortableHeader column="status" label="Status" sort={sort} dir={dir} />
                <SortableHeader column="amount" label="Amount" sort={sort} dir={dir} numeric />
                <SortableHeader column="closes_at" label="Tender closes" sort={sort} dir={dir} />
                <SortableHeader column="updated_at" label="Last changed" sort={sort} dir={dir} />
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {bids.map((b) => (
                <tr className="govuk-table__row" key={b.id}>
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/bids/${b.id}`}>
                      {b.tenderReference}<span className="govuk-visually-hidden"> bid</span>
                    </Link>
                    <br />
                    <span className="govuk-body-s">{b.tenderTitle}</span>
                  </td>
                  <td className="govuk-table__cell">
                    {b.title || "No title yet"}
                    {b.districtName ? <span className="govuk-body-s govuk-!-display-block">{b.districtName}</span> : null}
                  </td>
                  <td className="govuk-table__cell">
                    <strong className={b.statusClass}>{b.statusLabel}</strong>
                    {b.needsConfirmation ? (
                      <strong className="govuk-tag govuk-tag--yellow govuk-!-margin-top-1">Confirm your bid</strong>
                    ) : null}
                  </td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{b.amount}</td>
                  <td className="govuk-table__cell">
                    {b.closes}
                    <span className="govuk-body-s govuk-!-display-block">{b.tenderStatus}</span>
                  </td>
                  <td className="govuk-table__cell">{b.updated}</td>
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
