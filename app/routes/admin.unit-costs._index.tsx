// The unit costs that outcome indicators can count "estimated costs avoided" against: each
// with its original value and price year, and that value uprated to this year's prices.
import type { LoaderFunctionArgs, MetaFunction, TypedResponse } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Select, TextInput } from "~/components/forms";
import { CsvLink, FilterForm, Pagination, SortableHeader, TableWrapper } from "~/components/lists";
import { csvResponse } from "~/lib/csv.server";
import { financialYearLabel, financialYearOf } from "~/lib/financial-year";
import { optionParam, parseListParams } from "~/lib/lists";
import { formatPence } from "~/lib/money";
import { getSettings } from "~/models/admin/settings.server";
import { listUnitCosts, UNIT_COST_SORTS } from "~/models/unit-costs/unit-costs.server";
import { requirePermission } from "~/http/guards.server";
import { getUpratingRates, upratedPence } from "~/models/unit-costs/uprating.server";
import { COST_BEARERS } from "~/schemas/unit-costs";

export const meta: MetaFunction = () => [{ title: "Unit costs – Early help portal" }];

const STATUSES = ["active", "inactive"] as const;
const BEARER_LABELS: Record<string, string> = { council: "Council", partners: "Partners" };

/** "per year", "per week", but "each" rather than "per each". */
const perUnit = (per: string): string => (per.trim().toLowerCase() === "each" ? "each" : `per ${per}`);

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "unit-costs:manage");
  const db = getDb();
  const url = new URL(request.url);
  const params = parseListParams(url, UNIT_COST_SORTS, "code");
  const filters = { status: optionParam(url, "status", STATUSES), bearer: optionParam(url, "bearer", COST_BEARERS) };
  const year = financialYearOf(new Date());
  const [page, rates, settings] = await Promise.all([listUnitCosts(db, params, filters), getUpratingRates(db), getSettings(db)]);
  const items = page.items.map((u) => ({
    ...u,
    priceYearLabel: financialYearLabel(u.priceYear),
    upratedPence: upratedPence(u.valuePence, u.priceYear, year, rates, settings.uprating_default_percent),
  }));
  const yearLabel = financialYearLabel(year);
  if (params.format === "csv") {
    // Typed as carrying no data, so useLoaderData keeps the page's types.
    return csvResponse(
      "unit-costs.csv",
      ["Code", "Item", "Value (£)", "Per", "Price year", `Uprated to ${yearLabel} (£)`, "Cost type", "Agency", "Falls to", "Source", "Active"],
      items.map((u) => [
        u.code, u.item, (u.valuePence / 100).toFixed(2), u.per, u.priceYearLabel, (u.upratedPence / 100).toFixed(2), u.costType, u.agency,
        BEARER_LABELS[u.bearer], u.source, u.isActive,
      ]),
    ) as TypedResponse<never>;
  }
  return json({ page: { ...page, items }, params, filters, yearLabel, defaultPercent: settings.uprating_default_percent });
}

export default function UnitCosts() {
  const { page, params, filters, yearLabel, defaultPercent } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="govuk-breadcrumbs">
        <ol className="govuk-breadcrumbs__list">
          <li className="govuk-breadcrumbs__list-item"><Link className="govuk-breadcrumbs__link" to="/admin">Admin</Link></li>
        </ol>
      </div>
      <h1 className="govuk-heading-l">Unit costs</h1>
      <p className="govuk-body">
        What a need costs public services when early help does not prevent it. Officers link an outcome indicator to one of
        these, and each outcome achieved then counts towards the district's estimated costs avoided.
      </p>
      <p className="govuk-body">
        Each value is kept at the prices of the year it was published, and uprated to {yearLabel} prices with the{" "}
        <Link className="govuk-link" to="/admin/uprating">uprating index</Link> ({defaultPercent}% a year where a year has no rate of its own).
        A unit cost no longer in use is made inactive rather than removed, so indicators linked to it keep their figures.
      </p>
      <p className="govuk-body">
        <Link className="govuk-button govuk-!-margin-bottom-0" to="/admin/unit-costs/new" role="button" draggable="false" data-module="govuk-button">
          Add a unit cost
        </Link>
      </p>
      <FilterForm sort={params.sort} dir={params.dir}>
        <TextInput name="q" label="Search by code, item, agency or source" defaultValue={params.q} width="20" />
        <Select
          name="bearer"
          label="Falls to"
          emptyLabel="Council and partners"
          options={[{ value: "council", label: "Council" }, { value: "partners", label: "Partners" }]}
          defaultValue={filters.bearer}
        />
        <Select
          name="status"
          label="Status"
          emptyLabel="Active and inactive"
          options={[{ value: "active", label: "Active" }, { value: "inactive", label: "Inactive" }]}
          defaultValue={filters.status}
        />
      </FilterForm>
      <Pagination page={page.page} pageCount={page.pageCount} total={page.total} noun="unit costs" />
      {page.items.length > 0 ? (
        <TableWrapper caption="Unit costs">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Unit costs, with their values uprated to {yearLabel} prices</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <SortableHeader column="code" label="Code" sort={params.sort} dir={params.dir} />
                <SortableHeader column="item" label="Item" sort={params.sort} dir={params.dir} />
                <SortableHeader column="value" label="Original value" sort={params.sort} dir={params.dir} numeric />
                <SortableHeader column="price_year" label="Price year" sort={params.sort} dir={params.dir} />
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">At {yearLabel} prices</th>
                <SortableHeader column="bearer" label="Falls to" sort={params.sort} dir={params.dir} />
                <SortableHeader column="agency" label="Agency" sort={params.sort} dir={params.dir} />
                <SortableHeader column="status" label="Status" sort={params.sort} dir={params.dir} />
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {page.items.map((u) => (
                <tr className="govuk-table__row" key={u.id}>
                  <th scope="row" className="govuk-table__header">
                    <Link className="govuk-link" to={`/admin/unit-costs/${u.id}`}>
                      {u.code}<span className="govuk-visually-hidden"> (change)</span>
                    </Link>
                  </th>
                  <td className="govuk-table__cell">
                    {u.item}
                    <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">{u.source}</span>
                  </td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(u.valuePence)} {perUnit(u.per)}</td>
                  <td className="govuk-table__cell">{u.priceYearLabel}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(u.upratedPence)}</td>
                  <td className="govuk-table__cell">{BEARER_LABELS[u.bearer] ?? u.bearer}</td>
                  <td className="govuk-table__cell">{u.agency}</td>
                  <td className="govuk-table__cell">
                    {u.isActive ? <strong className="govuk-tag govuk-tag--green">Active</strong> : <strong className="govuk-tag govuk-tag--grey">Inactive</strong>}
                  </td>
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
