// The officer's queue of quarterly returns in their districts (every district when they are
// county-wide): awaiting review, due soon, overdue, and queried (back with the provider).
// Paged, sortable, searchable, and downloadable as CSV with the same tab and order.
import type { LoaderFunctionArgs, MetaFunction, TypedResponse } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { CsvLink, FilterForm, Pagination, SortableHeader, TableWrapper } from "~/components/lists";
import { csvResponse } from "~/lib/csv.server";
import { formatDate, formatDateTime, ukToday as ukDate } from "~/lib/dates";
import { optionParam } from "~/lib/lists";
import { parseListParams } from "~/lib/lists.server";
import { requireRole } from "~/http/guards.server";
import { officerDistrictScope } from "~/policies/actor";
import { RETURN_STATUS_LABELS, RETURN_STATUS_TAG_CLASSES } from "~/models/statuses";
import { listReviewQueue, REVIEW_SORTS, REVIEW_TAB_HINTS, REVIEW_TAB_LABELS, REVIEW_TABS, reviewQueueCounts, type ReviewTab } from "~/models/returns/review-queue.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Returns: ${data.tabLabel}` : "Returns to review"} – Early help portal` },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "officer");
  const url = new URL(request.url);
  const tab: ReviewTab = optionParam(url, "tab", REVIEW_TABS) || "awaiting";
  const params = parseListParams(url, REVIEW_SORTS, "due_date", "asc");
  const db = getDb();
  const today = ukDate();
  const page = await listReviewQueue(db, user, tab, params, today);

  if (params.format === "csv") {
    return csvResponse(
      `returns-${tab}.csv`,
      ["Project reference", "Project", "Provider", "District", "Quarter", "Due", "Status", "Submitted", "Days overdue"],
      page.items.map((r) => [
        r.projectReference, r.projectTitle, r.providerName, r.districtName, r.quarter, r.dueDate, RETURN_STATUS_LABELS[r.status],
        r.submittedAt ?? "", r.daysOverdue,
      ]),
    ) as TypedResponse<never>;
  }

  const counts = await reviewQueueCounts(db, user, today);
  return json({
    tab,
    tabLabel: REVIEW_TAB_LABELS[tab],
    tabs: REVIEW_TABS.map((t) => ({ key: t, label: REVIEW_TAB_LABELS[t], count: counts[t] })),
    hint: REVIEW_TAB_HINTS[tab],
    scope: officerDistrictScope(user) === null ? "every district" : null,
    returns: page.items.map((r) => ({
      id: r.id,
      projectReference: r.projectReference,
      projectTitle: r.projectTitle,
      providerName: r.providerName,
      districtName: r.districtName,
      quarter: r.quarter,
      due: formatDate(r.dueDate),
      dueDate: r.dueDate,
      status: r.status,
      statusLabel: RETURN_STATUS_LABELS[r.status],
      statusClass: RETURN_STATUS_TAG_CLASSES[r.status],
      submitted: r.submittedAt ? formatDateTime(r.submittedAt) : null,
      daysOverdue: r.daysOverdue,
    })),
    page: { page: page.page, pageCount: page.pageCount, total: page.total },
    sort: params.sort,
    dir: params.dir,
    q: params.q,
  });
}

export default function ReviewQueue() {
  const data = useLoaderData<typeof loader>();
  const { tab, sort, dir, q } = data;
  return (
    <>
      <h1 className="govuk-heading-l">Quarterly returns</h1>
      <p className="govuk-body">Returns for projects in {data.scope ?? "your districts"}.</p>

      <nav aria-label="Returns by where they stand" className="govuk-!-margin-bottom-6">
        <ul className="govuk-list">
          {data.tabs.map((t) => (
            <li key={t.key} className="portal-inline-item">
              {t.key === tab ? (
                <strong aria-current="page">{`${t.label} (${t.count})`}</strong>
              ) : (
                <Link className="govuk-link" to={`?tab=${t.key}`}>{`${t.label} (${t.count})`}</Link>
              )}
            </li>
          ))}
        </ul>
      </nav>

      <h2 className="govuk-heading-m">{data.tabs.find((t) => t.key === tab)?.label}</h2>
      <p className="govuk-hint">{data.hint}</p>

      <FilterForm sort={sort} dir={dir}>
        <input type="hidden" name="tab" value={tab} />
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="q">Project or provider</label>
          <input className="govuk-input govuk-input--width-20" id="q" name="q" type="search" defaultValue={q} />
        </div>
      </FilterForm>

      <Pagination page={data.page.page} pageCount={data.page.pageCount} total={data.page.total} noun="returns" />

      {data.returns.length > 0 ? (
        <TableWrapper caption={`Returns: ${data.tabs.find((t) => t.key === tab)?.label}`}>
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Returns: {data.tabs.find((t) => t.key === tab)?.label}</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <SortableHeader column="project" label="Project" sort={sort} dir={dir} />
                <SortableHeader column="provider" label="Provider" sort={sort} dir={dir} />
                <SortableHeader column="district" label="District" sort={sort} dir={dir} />
                <SortableHeader column="quarter" label="Quarter" sort={sort} dir={dir} />
                <SortableHeader column="due_date" label="Due" sort={sort} dir={dir} />
                <th scope="col" className="govuk-table__header">Status</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {data.returns.map((r) => (
                <tr className="govuk-table__row" key={r.id}>
                  <td className="govuk-table__cell">
                    {/* A return still with the provider opens on its task list, where it can be chased. */}
                    <Link className="govuk-link" to={r.submitted ? `/returns/${r.id}/review` : `/returns/${r.id}`}>
                      {r.projectReference}<span className="govuk-visually-hidden">: {r.quarter} return</span>
                    </Link>
                    <span className="govuk-body-s govuk-!-display-block">{r.projectTitle}</span>
                  </td>
                  <td className="govuk-table__cell">{r.providerName}</td>
                  <td className="govuk-table__cell">{r.districtName}</td>
                  <td className="govuk-table__cell">{r.quarter}</td>
                  <td className="govuk-table__cell">
                    {r.due}
                    {r.daysOverdue > 0 ? (
                      <span className="govuk-body-s govuk-!-display-block">{r.daysOverdue === 1 ? "1 day" : `${r.daysOverdue} days`} overdue</span>
                    ) : null}
                  </td>
                  <td className="govuk-table__cell">
                    <strong className={r.statusClass}>{r.statusLabel}</strong>
                    {r.submitted ? <span className="govuk-body-s govuk-!-display-block">Submitted {r.submitted}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrapper>
      ) : null}

      <CsvLink />
      <p className="govuk-body">
        <Link className="govuk-link" to="/reviews/figures">Download a quarter's returns with their figures</Link> (spreadsheet or CSV: every
        project's targets, figures and RAG ratings).
      </p>
    </>
  );
}
