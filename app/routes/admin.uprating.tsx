// The uprating index: the annual rate that brings a unit cost from its price year to each
// later year's prices. A year without a rate of its own uses the default from the settings.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, TextInput } from "~/components/forms";
import { TableWrapper } from "~/components/lists";
import { formatDate } from "~/lib/dates";
import { financialYearLabel, financialYearOf, parseFinancialYear } from "~/lib/financial-year";
import { failure, fieldValue, formValues, parseForm, type FormFailure } from "~/lib/forms";
import { formatPercent } from "~/lib/percent";
import { getSettings } from "~/models/admin/settings.server";
import { auditContext, requirePermission } from "~/http/guards.server";
import { dispatchIntent } from "~/http/intents.server";
import { flash } from "~/services/session.server";
import { deleteUpratingRate, listUpratingYears, setUpratingRate } from "~/models/unit-costs/uprating.server";
import { upratingRateSchema } from "~/schemas/unit-costs.server";
import { Form } from "~/components/form";

export const meta: MetaFunction = () => [{ title: "Uprating index – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "unit-costs:manage");
  const db = getDb();
  const year = financialYearOf(new Date());
  const settings = await getSettings(db);
  const years = await listUpratingYears(db, year, settings.uprating_default_percent);
  // "Change" on a row fills the form with that year and its rate.
  const asked = parseFinancialYear(new URL(request.url).searchParams.get("year") ?? "");
  const chosen = asked === null ? undefined : years.find((y) => y.year === asked);
  return json({
    yearLabel: financialYearLabel(year),
    defaultPercent: settings.uprating_default_percent,
    years,
    form: {
      financial_year: asked === null ? "" : financialYearLabel(asked),
      rate_percent: chosen?.ownRatePercent === null || chosen === undefined ? "" : String(chosen.ownRatePercent),
    },
  });
}

/** Two buttons: "Save the rate" for a year, and "Clear" on a row that has a rate of its own. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "unit-costs:manage");
  const form = await request.formData();
  const audit = auditContext(user, context);
  return dispatchIntent(form, {
    set: async () => {
      const result = parseForm(upratingRateSchema, form);
      if (!result.ok) return json<FormFailure>(result, { status: 400 });
      const { financial_year: year, rate_percent: rate } = result.data;
      await getDb().transaction().execute((trx) => setUpratingRate(trx, audit, year, rate));
      return redirect("/admin/uprating", {
        headers: { "Set-Cookie": await flash(request, { kind: "success", text: `The rate going into ${financialYearLabel(year)} is now ${formatPercent(rate)}` }) },
      });
    },
    clear: async () => {
      const values = formValues(form);
      const year = parseFinancialYear(typeof values.financial_year === "string" ? values.financial_year : "");
      if (year === null) return json<FormFailure>(failure(values, {}, "Choose a year whose rate to clear"), { status: 400 });
      const cleared = await getDb().transaction().execute((trx) => deleteUpratingRate(trx, audit, year));
      const label = financialYearLabel(year);
      return redirect("/admin/uprating", {
        headers: {
          "Set-Cookie": await flash(request, {
            kind: cleared ? "success" : "info",
            text: cleared ? `The rate for ${label} has been cleared: the default rate applies to it` : `${label} had no rate of its own`,
          }),
        },
      });
    },
  });
}

export default function Uprating() {
  const { yearLabel, defaultPercent, years, form } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values;
  return (
    <>
      <div className="govuk-breadcrumbs">
        <ol className="govuk-breadcrumbs__list">
          <li className="govuk-breadcrumbs__list-item"><Link className="govuk-breadcrumbs__link" to="/admin">Admin</Link></li>
          <li className="govuk-breadcrumbs__list-item"><Link className="govuk-breadcrumbs__link" to="/admin/unit-costs">Unit costs</Link></li>
        </ol>
      </div>
      <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
      <h1 className="govuk-heading-l">Uprating index</h1>
      <p className="govuk-body">
        Unit costs are published at the prices of one year. To count them at this year's prices, each is uprated by the rate
        going into every year after its price year, one year at a time. A year without a rate of its own uses the default
        of {formatPercent(defaultPercent)}, which you can change in the <Link className="govuk-link" to="/admin/settings">settings</Link>.
      </p>
      <p className="govuk-body">
        Use a published index, such as the GDP deflator from HM Treasury, so the figures can be checked.
      </p>

      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m" id="rate-form">Set a year's rate</h2>
          <Form method="post" noValidate aria-labelledby="rate-form">
            <input type="hidden" name="intent" value="set" />
            <TextInput
              name="financial_year"
              label="Financial year"
              hint="The year the rate takes prices into, like 2020-21 (from 2019-20 prices)."
              defaultValue={fieldValue(values, "financial_year", form.financial_year)}
              error={result?.errors.financial_year}
              width="5"
            />
            <TextInput
              name="rate_percent"
              label="Rate, per cent"
              hint="Like 2 or 2.75. A fall in prices is a negative rate, like -0.5."
              defaultValue={fieldValue(values, "rate_percent", form.rate_percent)}
              error={result?.errors.rate_percent}
              width="4"
              inputMode="decimal"
            />
            <Button>Save the rate</Button>
          </Form>
        </div>
      </div>

      <h2 className="govuk-heading-m">Rates in force</h2>
      <TableWrapper caption="Uprating rates by financial year">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-visually-hidden">
            Uprating rate going into each financial year, newest first, and what £1 at that year's prices is worth at {yearLabel} prices
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Financial year</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Rate going into the year</th>
              <th scope="col" className="govuk-table__header">Where the rate comes from</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">£1 at this year's prices, at {yearLabel} prices</th>
              <th scope="col" className="govuk-table__header"><span className="govuk-visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {years.map((y) => (
              <tr className="govuk-table__row" key={y.year}>
                <th scope="row" className="govuk-table__header">{y.label}</th>
                <td className="govuk-table__cell govuk-table__cell--numeric">{formatPercent(y.ratePercent)}</td>
                <td className="govuk-table__cell">
                  {y.ownRatePercent === null ? "The default" : `Set for this year${y.updatedAt ? ` on ${formatDate(y.updatedAt)}` : ""}`}
                </td>
                <td className="govuk-table__cell govuk-table__cell--numeric">£{y.factorToReportingYear.toFixed(4)}</td>
                <td className="govuk-table__cell">
                  <Link className="govuk-link" to={`/admin/uprating?year=${y.label}#rate-form`}>
                    {y.ownRatePercent === null ? "Set" : "Change"}<span className="govuk-visually-hidden"> the rate for {y.label}</span>
                  </Link>
                  {y.ownRatePercent !== null ? (
                    <Form method="post" className="govuk-!-display-inline govuk-!-margin-left-2">
                      <input type="hidden" name="financial_year" value={y.label} />
                      <button type="submit" name="intent" value="clear" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
                        Clear<span className="govuk-visually-hidden"> the rate for {y.label}</span>
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrapper>
    </>
  );
}
