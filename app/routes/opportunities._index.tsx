// GET /opportunities – the council's funding opportunities, for anyone: no sign-in. Open and
// upcoming tenders, and closed and awarded ones with their outcome. Bookmarkable filters.
// Which tenders appear is the tender policy's (isPublicTender): never a draft.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Pagination, SortableHeader, TableWrapper } from "~/components/lists";
import { formatDateTime } from "~/lib/dates";
import { parseListParams } from "~/lib/lists.server";
import { formatPence } from "~/lib/money";
import { TENDER_STATUS_LABELS, TENDER_STATUS_TAG_CLASSES } from "~/schemas/tenders";
import { TENDER_STATUSES } from "~/models/statuses";
import { listTenders, TENDER_SORTS, tenderListFilters } from "~/models/tenders/list.server";
import { TenderFilters } from "~/components/tenders/tender-filters";
import { winnersByTender } from "~/models/tenders/public.server";

export const meta: MetaFunction = () => [{ title: "Funding opportunities – Early help portal" }];

const PUBLIC_STATUSES = TENDER_STATUSES.filter((s) => s !== "draft");

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb();
  const url = new URL(request.url);
  const params = { ...parseListParams(url, TENDER_SORTS, "closes_at", "desc"), format: "html" as const };
  const { filters, districts, themes } = await tenderListFilters(db, url, PUBLIC_STATUSES);
  const page = await listTenders(db, "public", params, filters);
  const winners = await winnersByTender(db, page.items.filter((t) => t.status === "awarded").map((t) => t.id));
  return json({
    tenders: page.items.map((t) => ({
      id: t.id,
      reference: t.reference,
      title: t.title,
      status: t.status,
      districts: t.districts.join(", "),
      maxBudget: formatPence(t.maxBudgetPence),
      opens: formatDateTime(t.opensAt),
      closes: formatDateTime(t.closesAt),
      awardedTo: winners.get(t.id) ?? [],
    })),
    page: { page: page.page, pageCount: page.pageCount, total: page.total },
    sort: params.sort,
    dir: params.dir,
    q: params.q,
    filters,
    statuses: PUBLIC_STATUSES,
    districts,
    themes,
  });
}

export default function Opportunities() {
  const { tenders, page, sort, dir, q, filters, statuses, districts, themes } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Funding opportunities</h1>
      <p className="govuk-body">
        The council funds early help projects (family support, youth work, parenting, domestic abuse prevention) through
        open tenders in each district. Any charity, community group or social enterprise may bid. Read an opportunity
        without signing in; to bid, <Link className="govuk-link" to="/register">register your organisation</Link>.
      </p>

      <TenderFilters sort={sort} dir={dir} q={q} filters={filters} statuses={statuses} districts={districts} themes={themes} />

      <Pagination page={page.page} pageCount={page.pageCount} total={page.total} noun="opportunities" one="opportunity" />

      {tenders.length > 0 ? (
        <TableWrapper caption="Funding opportunities">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Funding opportunities</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <SortableHeader column="title" label="Opportunity" sort={sort} dir={dir} />
                <th scope="col" className="govuk-table__header">Districts</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Up to</th>
                <th scope="col" className="govuk-table__header">Status</th>
                <SortableHeader column="closes_at" label="Closes (UK time)" sort={sort} dir={dir} />
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {tenders.map((t) => (
                <tr className="govuk-table__row" key={t.id}>
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/opportunities/${t.id}`}>{t.title}</Link>
                    <br />
                    <span className="govuk-hint govuk-!-display-inline">{t.reference}</span>
                  </td>
                  <td className="govuk-table__cell">{t.districts}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{t.maxBudget}</td>
                  <td className="govuk-table__cell">
                    <strong className={TENDER_STATUS_TAG_CLASSES[t.status]}>{TENDER_STATUS_LABELS[t.status]}</strong>
                    {t.awardedTo.length ? <><br />to {t.awardedTo.join(", ")}</> : null}
                    {t.status === "upcoming" ? <><br />opens {t.opens}</> : null}
                  </td>
                  <td className="govuk-table__cell">{t.closes}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrapper>
      ) : null}
    </>
  );
}
