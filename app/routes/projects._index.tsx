// Projects in delivery: an officer's districts, or a provider's own organisation's. Filtered by
// district, provider, funding stream and status, searched, sorted and paged from the URL; the
// same list downloads as CSV (projects.csv) and as a workbook (projects.xlsx).
import type { LoaderFunctionArgs, MetaFunction, TypedResponse } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { CsvLink, FilterForm, Pagination, SortableHeader, TableWrapper } from "~/components/lists";
import { csvResponse } from "~/lib/csv.server";
import { formatDate } from "~/lib/dates";
import { formatPence, penceToInput } from "~/lib/money";
import { readProjectList } from "~/http/projects/list.server";
import { PROJECT_STATUS_LABELS, PROJECT_STATUSES, PROJECT_STATUS_TAG_CLASSES } from "~/schemas/projects";
import { can } from "~/policies/index";
import { hasRole } from "~/policies/actor";

export const meta: MetaFunction = () => [{ title: "Projects – Early help portal" }];

const PROJECT_EXPORT_HEADER = [
  "Reference", "Title", "Provider", "District", "Funding stream", "Status", "Amount (£)", "Start date", "End date", "Visit required",
];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, params, filters, choices, page } = await readProjectList(request);

  if (params.format === "csv") {
    return csvResponse(
      "projects.csv",
      PROJECT_EXPORT_HEADER,
      page.items.map((p) => [
        p.reference, p.title, p.organisationName, p.districtName, p.fundingStreamName, PROJECT_STATUS_LABELS[p.status],
        penceToInput(p.amountPence), p.startDate, p.endDate, p.visitRequired,
      ]),
    ) as unknown as TypedResponse<never>;
  }

  return json({
    projects: page.items.map((p) => ({
      id: p.id,
      reference: p.reference,
      title: p.title,
      provider: p.organisationName,
      district: p.districtName,
      stream: p.fundingStreamName,
      status: p.status,
      amount: formatPence(p.amountPence),
      start: formatDate(p.startDate),
      end: formatDate(p.endDate),
    })),
    page: { page: page.page, pageCount: page.pageCount, total: page.total },
    sort: params.sort,
    dir: params.dir,
    q: params.q,
    filters,
    choices,
    canCreate: can(user, "projects:create"),
    isOfficer: hasRole(user, "officer"),
  });
}

function XlsxLink() {
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  params.delete("page");
  params.delete("format");
  const query = params.toString();
  return (
    <p className="govuk-body portal-no-print">
      <Link className="govuk-link" to={`/projects.xlsx${query ? `?${query}` : ""}`} reloadDocument>
        Download as a spreadsheet (XLSX)
      </Link>
    </p>
  );
}

export default function ProjectsList() {
  const { projects, page, sort, dir, q, filters, choices, canCreate, isOfficer } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Projects</h1>
      <p className="govuk-body">
        {isOfficer ? "Projects in the districts you cover." : "Your organisation's projects."}
      </p>
      {canCreate ? (
        <p className="govuk-body">
          <Link to="/projects/new" role="button" draggable="false" className="govuk-button govuk-!-margin-bottom-0" data-module="govuk-button">
            Create a project without a tender
          </Link>
        </p>
      ) : null}

      <FilterForm sort={sort} dir={dir}>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="q">Reference, title or provider</label>
          <input className="govuk-input govuk-input--width-20" id="q" name="q" type="search" defaultValue={q} spellCheck={false} />
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="district">District</label>
          <select className="govuk-select" id="district" name="district" defaultValue={filters.districtId}>
            <option value="">Any district</option>
            {choices.districts.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
          </select>
        </div>
        {choices.organisations.length ? (
          <div className="govuk-form-group">
            <label className="govuk-label" htmlFor="provider">Provider</label>
            <select className="govuk-select" id="provider" name="provider" defaultValue={filters.organisationId}>
              <option value="">Any provider</option>
              {choices.organisations.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
            </select>
          </div>
        ) : null}
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="stream">Funding stream</label>
          <select className="govuk-select" id="stream" name="stream" defaultValue={filters.fundingStreamId}>
            <option value="">Any funding stream</option>
            {choices.streams.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="status">Status</label>
          <select className="govuk-select" id="status" name="status" defaultValue={filters.status}>
            <option value="">Any status</option>
            {PROJECT_STATUSES.map((s) => <option key={s} value={s}>{PROJECT_STATUS_LABELS[s]}</option>)}
          </select>
        </div>
      </FilterForm>

      <Pagination page={page.page} pageCount={page.pageCount} total={page.total} noun="projects" />

      {projects.length > 0 ? (
        <TableWrapper caption="Projects">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Projects</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <SortableHeader column="reference" label="Reference" sort={sort} dir={dir} />
                <SortableHeader column="title" label="Title" sort={sort} dir={dir} />
                <th scope="col" className="govuk-table__header">Provider</th>
                <th scope="col" className="govuk-table__header">District</th>
                <th scope="col" className="govuk-table__header">Funding stream</th>
                <SortableHeader column="amount" label="Amount" sort={sort} dir={dir} numeric />
                <SortableHeader column="start" label="Runs" sort={sort} dir={dir} />
                <th scope="col" className="govuk-table__header">Status</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {projects.map((p) => (
                <tr className="govuk-table__row" key={p.id}>
                  <td className="govuk-table__cell">{p.reference}</td>
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/projects/${p.id}`}>{p.title}</Link>
                  </td>
                  <td className="govuk-table__cell">{p.provider}</td>
                  <td className="govuk-table__cell">{p.district}</td>
                  <td className="govuk-table__cell">{p.stream}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{p.amount}</td>
                  <td className="govuk-table__cell">{p.start} to {p.end}</td>
                  <td className="govuk-table__cell">
                    <strong className={PROJECT_STATUS_TAG_CLASSES[p.status]}>{PROJECT_STATUS_LABELS[p.status]}</strong>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrapper>
      ) : null}

      <CsvLink />
      <XlsxLink />
    </>
  );
}
