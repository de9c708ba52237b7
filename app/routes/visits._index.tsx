// The officer's monitoring-visit page: projects in their districts due a visit this
// financial year (with the date of the last one), and the open actions from past visits,
// overdue ones flagged. Both downloadable as CSV.
import type { LoaderFunctionArgs, MetaFunction, TypedResponse } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { getDb } from "../../db/client";
import { CsvLink, FilterForm, Pagination, SortableHeader, TableWrapper } from "~/components/lists";
import { csvResponse } from "~/lib/csv.server";
import { formatDate, ukToday } from "~/lib/dates";
import { CSV_ROW_LIMIT, optionParam } from "~/lib/lists";
import { parseListParams } from "~/lib/lists.server";
import { formatPence, penceToInput } from "~/lib/money";
import { getSettings } from "~/models/admin/settings.server";
import { currentFinancialYear } from "~/models/visits/read.server";
import { listOpenActions, listVisitsDue, VISITS_DUE_SORTS } from "~/models/visits/due.server";
import { forbidden, requireUser } from "~/http/guards.server";
import { hasRole, inOfficerScope, officerDistrictScope } from "~/policies/actor";

export const meta: MetaFunction = () => [{ title: "Monitoring visits – Early help portal" }];

/** Open actions shown on the page; the CSV has them all. */
const ACTIONS_ON_PAGE = 200;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!hasRole(user, "officer")) forbidden(user, "Monitoring visits are for commissioning officers.");
  const db = getDb();
  const url = new URL(request.url);
  const params = parseListParams(url, VISITS_DUE_SORTS, "last_visit", "asc");
  const settings = await getSettings(db);
  const today = ukToday();
  const fy = currentFinancialYear(today);

  const districts = await db.selectFrom("districts").select(["id", "name"]).where((eb) => inOfficerScope(eb, user, "districts.id"))
    .orderBy("name").orderBy("id").execute();
  const filters = { districtId: optionParam(url, "district", districts.map((d) => d.id)) };
  const list = url.searchParams.get("list") === "actions" ? "actions" : "due";

  if (params.format === "csv") {
    if (list === "actions") {
      const actions = await listOpenActions(db, user, { ...filters, q: params.q }, { today, limit: CSV_ROW_LIMIT });
      return csvResponse(
        "open-visit-actions.csv",
        ["Project reference", "Project", "Provider", "District", "Visit date", "Action", "Owner", "Due date", "Overdue"],
        actions.items.map((a) => [a.reference, a.title, a.organisationName, a.districtName, a.visitDate, a.action, a.owner, a.dueDate, a.overdue]),
      ) as unknown as TypedResponse<never>;
    }
    const due = await listVisitsDue(db, user, params, filters, { today, thresholdPence: settings.visit_threshold_pence });
    return csvResponse(
      `visits-due-${fy.label}.csv`,
      ["Project reference", "Project", "Provider", "District", "Amount (£)", "Start date", "End date", "Last visit"],
      due.items.map((p) => [
        p.reference, p.title, p.organisationName, p.districtName, penceToInput(p.amountPence), p.startDate, p.endDate, p.lastVisitDate ?? "Never",
      ]),
    ) as unknown as TypedResponse<never>;
  }

  const [due, actions] = await Promise.all([
    listVisitsDue(db, user, params, filters, { today, thresholdPence: settings.visit_threshold_pence }),
    listOpenActions(db, user, { ...filters, q: params.q }, { today, limit: ACTIONS_ON_PAGE }),
  ]);
  return json({
    financialYear: fy.label,
    threshold: formatPence(settings.visit_threshold_pence),
    dueCount: due.total,
    due: due.items.map((p) => ({
      projectId: p.projectId,
      reference: p.reference,
      title: p.title,
      organisationName: p.organisationName,
      districtName: p.districtName,
      amount: formatPence(p.amountPence),
      lastVisit: p.lastVisitDate ? formatDate(p.lastVisitDate) : "Never visited",
    })),
    page: { page: due.page, pageCount: due.pageCount, total: due.total },
    actions: actions.items.map((a) => ({
      id: a.id,
      visitId: a.visitId,
      projectId: a.projectId,
      reference: a.reference,
      organisationName: a.organisationName,
      action: a.action,
      owner: a.owner,
      due: formatDate(a.dueDate),
      overdue: a.overdue,
      visitDate: formatDate(a.visitDate),
    })),
    actionsTotal: actions.total,
    actionsOverdue: actions.overdue,
    sort: params.sort,
    dir: params.dir,
    q: params.q,
    filters,
    districts,
    countyWide: officerDistrictScope(user) === null,
  });
}

export default function VisitsPage() {
  const {
    financialYear, threshold, dueCount, due, page, actions, actionsTotal, actionsOverdue, sort, dir, q, filters, districts, countyWide,
  } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const actionsCsv = (() => {
    const params = new URLSearchParams(search);
    params.set("format", "csv");
    params.set("list", "actions");
    params.delete("page");
    return `/visits.csv?${params.toString()}`;
  })();
  return (
    <>
      <h1 className="govuk-heading-l">Monitoring visits</h1>
      <p className="govuk-body">
        Active projects over the visit threshold ({threshold}) need a quality monitoring visit each financial year.
        {countyWide ? " You see every district." : " You see the districts you cover."}
      </p>

      <FilterForm sort={sort} dir={dir}>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="q">Project reference, title or provider</label>
          <input className="govuk-input govuk-input--width-20" id="q" name="q" type="search" defaultValue={q} spellCheck={false} />
        </div>
        {districts.length > 1 ? (
          <div className="govuk-form-group">
            <label className="govuk-label" htmlFor="district">District</label>
            <select className="govuk-select" id="district" name="district" defaultValue={filters.districtId}>
              <option value="">Any district</option>
              {districts.map((d) => (
                <option key={d.id} value={d.id}>{d.name}</option>
              ))}
            </select>
          </div>
        ) : null}
      </FilterForm>

      <h2 className="govuk-heading-m" id="due">
        Visits due in {financialYear}: {dueCount}
      </h2>
      <p className="govuk-body">Projects with no visit dated in {financialYear} yet, never visited first.</p>
      <Pagination page={page.page} pageCount={page.pageCount} total={page.total} noun="projects" />
      {due.length > 0 ? (
        <TableWrapper caption={`Visits due in ${financialYear}`}>
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Visits due in {financialYear}</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <SortableHeader column="reference" label="Project" sort={sort} dir={dir} />
                <SortableHeader column="provider" label="Provider" sort={sort} dir={dir} />
                <SortableHeader column="district" label="District" sort={sort} dir={dir} />
                <SortableHeader column="amount" label="Amount" sort={sort} dir={dir} numeric />
                <SortableHeader column="last_visit" label="Last visit" sort={sort} dir={dir} />
                <th scope="col" className="govuk-table__header"><span className="govuk-visually-hidden">Record</span></th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {due.map((p) => (
                <tr className="govuk-table__row" key={p.projectId}>
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/projects/${p.projectId}/visits`}>{p.reference}</Link>
                    <br />
                    <span className="govuk-body-s">{p.title}</span>
                  </td>
                  <td className="govuk-table__cell">{p.organisationName}</td>
                  <td className="govuk-table__cell">{p.districtName}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{p.amount}</td>
                  <td className="govuk-table__cell">{p.lastVisit}</td>
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/projects/${p.projectId}/visits/new`}>
                      Record a visit<span className="govuk-visually-hidden"> to {p.reference}</span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrapper>
      ) : null}
      <CsvLink label="Download visits due as CSV" to="/visits.csv" />

      <h2 className="govuk-heading-m" id="actions">
        Open actions: {actionsTotal}
        {actionsOverdue > 0 ? <>, <span className="govuk-!-font-weight-bold">{actionsOverdue} overdue</span></> : null}
      </h2>
      {actions.length === 0 ? (
        <p className="govuk-body">No open actions from visits.</p>
      ) : (
        <>
          {actionsTotal > actions.length ? (
            <p className="govuk-body">Showing the {actions.length} due soonest. Download the CSV for all of them.</p>
          ) : null}
          <TableWrapper caption="Open actions">
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-visually-hidden">Open actions from visits, soonest due first</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">Due</th>
                  <th scope="col" className="govuk-table__header">Action</th>
                  <th scope="col" className="govuk-table__header">Owner</th>
                  <th scope="col" className="govuk-table__header">Project</th>
                  <th scope="col" className="govuk-table__header">Visit</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {actions.map((a) => (
                  <tr className="govuk-table__row" key={a.id}>
                    <td className="govuk-table__cell">
                      {a.due}
                      {a.overdue ? <><br /><strong className="govuk-tag govuk-tag--red">Overdue</strong></> : null}
                    </td>
                    <td className="govuk-table__cell portal-pre-line">{a.action}</td>
                    <td className="govuk-table__cell">{a.owner}</td>
                    <td className="govuk-table__cell">
                      {a.reference}
                      <br />
                      <span className="govuk-body-s">{a.organisationName}</span>
                    </td>
                    <td className="govuk-table__cell">
                      <Link className="govuk-link" to={`/projects/${a.projectId}/visits/${a.visitId}#action-${a.id}`}>
                        {a.visitDate}<span className="govuk-visually-hidden"> visit to {a.reference}</span>
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrapper>
        </>
      )}
      <p className="govuk-body portal-no-print">
        <Link className="govuk-link" to={actionsCsv} reloadDocument>Download open actions as CSV</Link>
      </p>
    </>
  );
}
