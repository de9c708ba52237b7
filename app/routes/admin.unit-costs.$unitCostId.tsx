import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { ReferenceFormPage } from "~/components/reference-data";
import { UnitCostFields } from "~/components/reference-fields";
import { financialYearLabel, financialYearOf } from "~/lib/financial-year";
import { formatPence, penceToInput } from "~/lib/money";
import { getSettings } from "~/models/admin/settings.server";
import { countIndicatorsLinked, getUnitCost, updateUnitCost, type UnitCost } from "~/models/unit-costs/unit-costs.server";
import { getUpratingRates, upratedPence, upratingFactor } from "~/models/unit-costs/uprating.server";
import { perUnit } from "~/schemas/unit-costs";
import { unitCostEditSchema } from "~/schemas/unit-costs.server";
import { changeReference, requireReferenceRecord, type ReferenceGuard } from "~/http/admin/reference-data.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.unitCost.code ?? "Unit cost"} – Early help portal` },
];

const BEARER_LABELS: Record<string, string> = { council: "the council", partners: "partners" };

const unitCostGuard = (id: string | undefined): ReferenceGuard<UnitCost> => ({
  permission: "unit-costs:manage",
  load: () => getUnitCost(getDb(), id ?? ""),
  notFoundMessage: "Unit cost not found",
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { record: unitCost } = await requireReferenceRecord(request, unitCostGuard(params.unitCostId));
  const db = getDb();
  const year = financialYearOf(new Date());
  const [rates, settings, linked] = await Promise.all([getUpratingRates(db), getSettings(db), countIndicatorsLinked(db, unitCost.id)]);
  const defaultPercent = settings.uprating_default_percent;
  return json({
    unitCost,
    priceYearLabel: financialYearLabel(unitCost.priceYear),
    yearLabel: financialYearLabel(year),
    upratedPence: upratedPence(unitCost.valuePence, unitCost.priceYear, year, rates, defaultPercent),
    factor: upratingFactor(unitCost.priceYear, year, rates, defaultPercent),
    linked,
  });
}

export const action = (args: ActionFunctionArgs) =>
  changeReference(args, {
    ...unitCostGuard(args.params.unitCostId),
    schema: unitCostEditSchema,
    change: (trx, audit, record, { version, ...input }) => updateUnitCost(trx, audit, record.id, version, input),
    done: (input) => ({ to: "/admin/unit-costs", text: `Unit cost ${input.code} has been updated` }),
  });

export default function EditUnitCost() {
  const { unitCost: u, priceYearLabel, yearLabel, upratedPence, factor, linked } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <ReferenceFormPage
      back={{ to: "/admin/unit-costs", label: "Back to unit costs" }}
      heading={{ caption: `Unit cost ${u.code}${u.isActive ? "" : " (inactive)"}`, title: u.item }}
      result={result}
      record={u}
      summary={
        <>
          <dl className="govuk-summary-list">
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Original value</dt>
              <dd className="govuk-summary-list__value">{formatPence(u.valuePence)} {perUnit(u.per)}, at {priceYearLabel} prices</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">At {yearLabel} prices</dt>
              <dd className="govuk-summary-list__value">
                {formatPence(upratedPence)} {perUnit(u.per)}
                <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">
                  uprated by {factor.toFixed(4)} with the <Link className="govuk-link" to="/admin/uprating">uprating index</Link>
                </span>
              </dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Falls to</dt>
              <dd className="govuk-summary-list__value">{BEARER_LABELS[u.bearer] ?? u.bearer} ({u.agency})</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Used by</dt>
              <dd className="govuk-summary-list__value">
                {linked === 0 ? "No outcome indicators" : `${linked} outcome ${linked === 1 ? "indicator" : "indicators"}`}
              </dd>
            </div>
          </dl>
          {linked > 0 ? (
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                Changing the value or price year changes the estimated costs avoided on every live profile that counts these
                indicators. Published profiles keep the figures they were published with.
              </strong>
            </div>
          ) : null}
        </>
      }
      saved={
        <>
          <li>Code: {u.code}</li>
          <li>Item: {u.item}</li>
          <li>Value: {formatPence(u.valuePence)} {perUnit(u.per)}, at {priceYearLabel} prices</li>
          <li>Agency: {u.agency}; falls to {BEARER_LABELS[u.bearer] ?? u.bearer}</li>
          <li>Active: {u.isActive ? "yes" : "no"}</li>
        </>
      }
      formHeading={<h2 className="govuk-heading-m">Change the unit cost</h2>}
      submit="Save changes"
    >
      <UnitCostFields
        values={result?.values}
        errors={result?.errors}
        current={{
          code: u.code, item: u.item, value: penceToInput(u.valuePence), per: u.per, price_year: priceYearLabel, cost_type: u.costType,
          agency: u.agency, bearer: u.bearer, source: u.source, is_active: u.isActive ? "yes" : "no",
        }}
      />
    </ReferenceFormPage>
  );
}
