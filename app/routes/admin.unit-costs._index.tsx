// The unit costs that outcome indicators can count "estimated costs avoided" against: each
// with its original value and price year, and that value uprated to this year's prices.
import type { LoaderFunctionArgs, MetaFunction, TypedResponse } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Select, TextInput } from "~/components/forms";
import { CsvLink } from "~/components/lists";
import { ChangeLink, ReferenceListPage, StatusFilter, StatusTag } from "~/components/reference-data";
import { csvResponse } from "~/lib/csv.server";
import { financialYearLabel, financialYearOf } from "~/lib/financial-year";
import { optionParam } from "~/lib/lists";
import { parseListParams } from "~/lib/lists.server";
import { formatPence } from "~/lib/money";
import { getSettings } from "~/models/admin/settings.server";
import { listUnitCosts, UNIT_COST_SORTS } from "~/models/unit-costs/unit-costs.server";
import { requirePermission } from "~/http/guards.server";
import { getUpratingRates, upratedPence } from "~/models/unit-costs/uprating.server";
import { COST_BEARERS, perUnit } from "~/schemas/unit-costs";

export const meta: MetaFunction = () => [{ title: "Unit costs – Early help portal" }];

const STATUSES = ["active", "inactive"] as const;
const BEARER_LABELS: Record<string, string> = { council: "Council", partners: "Partners" };

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
    <ReferenceListPage
      title="Unit costs"
      intro={
        <>
          <p className="govuk-body">
            What a need costs public services when early help does not prevent it. Officers link an outcome indicator to one of
            these, and each outcome achieved then counts towards the district's estimated costs avoided.
          </p>
          <p className="govuk-body">
            Each value is kept at the prices of the year it was published, and uprated to {yearLabel} prices with the{" "}
            <Link className="govuk-link" to="/admin/uprating">uprating index</Link> ({defaultPercent}% a year where a year has no rate of its own).
            A unit cost no longer in use is made inactive rather than removed, so indicators linked to it keep their figures.
          </p>
        </>
      }
      add={{ to: "/admin/unit-costs/new", label: "Add a unit cost" }}
      filters={{
        sort: params.sort,
        dir: params.dir,
        fields: (
          <>
            <TextInput name="q" label="Search by code, item, agency or source" defaultValue={params.q} width="20" />
            <Select
              name="bearer"
              label="Falls to"
              emptyLabel="Council and partners"
              options={[{ value: "council", label: "Council" }, { value: "partners", label: "Partners" }]}
              defaultValue={filters.bearer}
            />
            <StatusFilter value={filters.status} />
          </>
        ),
      }}
      paging={{ ...page, noun: "unit costs" }}
      items={page.items}
      caption={{ region: "Unit costs", text: `Unit costs, with their values uprated to ${yearLabel} prices` }}
      columns={[
        { label: "Code", sort: "code", cell: (u) => <ChangeLink to={`/admin/unit-costs/${u.id}`}>{u.code}</ChangeLink> },
        {
          label: "Item",
          sort: "item",
          cell: (u) => (
            <>
              {u.item}
              <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">{u.source}</span>
            </>
          ),
        },
        { label: "Original value", sort: "value", numeric: true, cell: (u) => `${formatPence(u.valuePence)} ${perUnit(u.per)}` },
        { label: "Price year", sort: "price_year", cell: (u) => u.priceYearLabel },
        { label: `At ${yearLabel} prices`, numeric: true, cell: (u) => formatPence(u.upratedPence) },
        { label: "Falls to", sort: "bearer", cell: (u) => BEARER_LABELS[u.bearer] ?? u.bearer },
        { label: "Agency", sort: "agency", cell: (u) => u.agency },
        { label: "Status", sort: "status", cell: (u) => <StatusTag active={u.isActive} /> },
      ]}
      footer={<CsvLink />}
    />
  );
}
