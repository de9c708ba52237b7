import type { LoaderFunctionArgs, MetaFunction, TypedResponse } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { CsvLink, FilterForm, Pagination, SortableHeader, TableWrapper } from "~/components/lists";
import { csvResponse } from "~/lib/csv.server";
import { formatDate } from "~/lib/dates";
import { optionParam } from "~/lib/lists";
import { parseListParams } from "~/lib/lists.server";
import { listOrganisations, ORGANISATION_SORTS } from "~/models/organisations/organisations.server";
import { ORGANISATION_STATUSES, ORGANISATION_TYPES, STATUS_LABELS, TYPE_LABELS, type OrganisationStatus } from "~/schemas/organisations";
import { requirePermission } from "~/http/guards.server";
import { can } from "~/policies/index";

export const meta: MetaFunction = () => [{ title: "Organisations – Early help portal" }];

const STATUS_TAG_CLASSES: Record<OrganisationStatus, string> = {
  pending: "govuk-tag govuk-tag--yellow",
  approved: "govuk-tag govuk-tag--green",
  rejected: "govuk-tag govuk-tag--grey",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "organisations:list");
  const url = new URL(request.url);
  const params = parseListParams(url, ORGANISATION_SORTS, "name");
  const filters = {
    status: optionParam(url, "status", ORGANISATION_STATUSES),
    type: optionParam(url, "type", ORGANISATION_TYPES),
  };
  const page = await listOrganisations(getDb(), params, filters);

  if (params.format === "csv") {
    // Typed as carrying no data, so the page's useLoaderData sees only the JSON below.
    return csvResponse(
      "organisations.csv",
      [
        "Name", "Type", "Status", "Organisation identifier", "Charity number", "Company number", "Address", "Postcode",
        "Contact name", "Contact e-mail", "Registered or added",
      ],
      page.items.map((o) => [
        o.name,
        TYPE_LABELS[o.type],
        STATUS_LABELS[o.status],
        o.orgIdentifier,
        o.charityNumber,
        o.companyNumber,
        o.address,
        o.postcode,
        o.contactName,
        o.contactEmail,
        formatDate(o.createdAt),
      ]),
    ) as unknown as TypedResponse<never>;
  }

  return json({
    organisations: page.items.map((o) => ({
      id: o.id,
      name: o.name,
      type: o.type,
      status: o.status,
      orgIdentifier: o.orgIdentifier,
      postcode: o.postcode,
      created: formatDate(o.createdAt),
    })),
    page: { page: page.page, pageCount: page.pageCount, total: page.total },
    sort: params.sort,
    dir: params.dir,
    q: params.q,
    filters,
    canCreate: can(user, "organisations:create"),
  });
}

export default function OrganisationsList() {
  const { organisations, page, sort, dir, q, filters, canCreate } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Organisations</h1>
      <p className="govuk-body">
        Providers that registered themselves wait here for a commissioning officer to approve them before they can bid.
      </p>
      {canCreate ? (
        <p className="govuk-body">
          <Link to="/organisations/new" role="button" draggable="false" className="govuk-button govuk-!-margin-bottom-0" data-module="govuk-button">
            Add an organisation
          </Link>
        </p>
      ) : null}

      <FilterForm sort={sort} dir={dir}>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="q">Name, identifier or postcode</label>
          <input className="govuk-input govuk-input--width-20" id="q" name="q" type="search" defaultValue={q} spellCheck={false} />
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="status">Status</label>
          <select className="govuk-select" id="status" name="status" defaultValue={filters.status}>
            <option value="">Any status</option>
            {ORGANISATION_STATUSES.map((s) => (
              <option key={s} value={s}>{STATUS_LABELS[s]}</option>
            ))}
          </select>
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="type">Type</label>
          <select className="govuk-select" id="type" name="type" defaultValue={filters.type}>
            <option value="">Any type</option>
            {ORGANISATION_TYPES.map((t) => (
              <option key={t} value={t}>{TYPE_LABELS[t]}</option>
            ))}
          </select>
        </div>
      </FilterForm>

      <Pagination page={page.page} pageCount={page.pageCount} total={page.total} noun="organisations" />

      {organisations.length > 0 ? (
        <TableWrapper caption="Organisations">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Organisations</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <SortableHeader column="name" label="Name" sort={sort} dir={dir} />
                <SortableHeader column="type" label="Type" sort={sort} dir={dir} />
                <th scope="col" className="govuk-table__header">Identifier</th>
                <th scope="col" className="govuk-table__header">Postcode</th>
                <SortableHeader column="status" label="Status" sort={sort} dir={dir} />
                <SortableHeader column="created_at" label="Registered or added" sort={sort} dir={dir} />
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {organisations.map((o) => (
                <tr className="govuk-table__row" key={o.id}>
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/organisations/${o.id}`}>{o.name}</Link>
                  </td>
                  <td className="govuk-table__cell">{TYPE_LABELS[o.type]}</td>
                  <td className="govuk-table__cell">{o.orgIdentifier ?? ""}</td>
                  <td className="govuk-table__cell">{o.postcode ?? ""}</td>
                  <td className="govuk-table__cell">
                    <strong className={STATUS_TAG_CLASSES[o.status]}>{STATUS_LABELS[o.status]}</strong>
                  </td>
                  <td className="govuk-table__cell">{o.created}</td>
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
