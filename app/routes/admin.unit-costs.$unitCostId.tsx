import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary } from "~/components/forms";
import { formatDateTime } from "~/lib/dates";
import { financialYearLabel, financialYearOf } from "~/lib/financial-year";
import { failure, fieldValue, parseForm, type FormFailure } from "~/lib/forms";
import { formatPence, penceToInput } from "~/lib/money";
import { getSettings } from "~/models/admin/settings.server";
import {
  countIndicatorsLinked, getUnitCost, updateUnitCost
} from "~/models/unit-costs/unit-costs.server";
import { auditContext, notFound, requirePermission } from "~/http/guards.server";
import { flash } from "~/services/session.server";
import { UnitCostFields } from "./admin.unit-costs.new";
import { DuplicateError, StaleEditError } from "~/models/errors";
import { getUpratingRates, upratedPence, upratingFactor } from "~/models/unit-costs/uprating.server";
import { unitCostEditSchema } from "~/schemas/unit-costs";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.unitCost.code ?? "Unit cost"} – Early help portal` },
];

const BEARER_LABELS: Record<string, string> = { council: "the council", partners: "partners" };

/** "per year", "per week", but "each" rather than "per each". */
const perUnit = (per: string): string => (per.trim().toLowerCase() === "each" ? "each" : `per ${per}`);

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "unit-costs:manage");
  const db = getDb();
  const unitCost = await getUnitCost(db, params.unitCostId ?? "");
  if (!unitCost) notFound("Unit cost not found");
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

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "unit-costs:manage");
  const id = params.unitCostId ?? "";
  if (!(await getUnitCost(getDb(), id))) notFound("Unit cost not found");
  const result = parseForm(unitCostEditSchema, await request.formData());
  if (!result.ok) return json<FormFailure>(result, { status: 400 });
  const { version, ...input } = result.data;
  try {
    await getDb().transaction().execute((trx) => updateUnitCost(trx, auditContext(user, context), id, version, input));
  } catch (error) {
    if (error instanceof DuplicateError) return json<FormFailure>(failure(result.values, { [error.field]: error.message }), { status: 400 });
    if (error instanceof StaleEditError) return json<FormFailure>(failure(result.values, {}, error.message), { status: 409 });
    throw error;
  }
  return redirect("/admin/unit-costs", {
    headers: { "Set-Cookie": await flash(request, { kind: "success", text: `Unit cost ${input.code} has been updated` }) },
  });
}

export default function EditUnitCost() {
  const { unitCost: u, priceYearLabel, yearLabel, upratedPence, factor, linked } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values;
  const stale = !!result?.formError;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to="/admin/unit-costs">Back to unit costs</Link>
        <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
        <h1 className="govuk-heading-l">
          <span className="govuk-caption-l">Unit cost {u.code}{u.isActive ? "" : " (inactive)"}</span>
          {u.item}
        </h1>
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
        {stale ? (
          <div className="govuk-inset-text">
            <p className="govuk-body">The details saved now, changed {formatDateTime(u.updatedAt)}:</p>
            <ul className="govuk-list">
              <li>Code: {u.code}</li>
              <li>Item: {u.item}</li>
              <li>Value: {formatPence(u.valuePence)} {perUnit(u.per)}, at {priceYearLabel} prices</li>
              <li>Agency: {u.agency}; falls to {BEARER_LABELS[u.bearer] ?? u.bearer}</li>
              <li>Active: {u.isActive ? "yes" : "no"}</li>
            </ul>
            <p className="govuk-body">Saving again replaces them with what is in the form below.</p>
          </div>
        ) : null}
        <h2 className="govuk-heading-m">Change the unit cost</h2>
        <Form method="post" noValidate>
          <input type="hidden" name="version" value={stale ? u.version : fieldValue(values, "version", u.version)} />
          <UnitCostFields
            values={values}
            errors={result?.errors}
            defaults={{
              code: u.code, item: u.item, value: penceToInput(u.valuePence), per: u.per, price_year: priceYearLabel, cost_type: u.costType,
              agency: u.agency, bearer: u.bearer, source: u.source, is_active: u.isActive ? "yes" : "no",
            }}
          />
          <Button>Save changes</Button>
        </Form>
      </div>
    </div>
  );
}
