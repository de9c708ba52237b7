// One district's context indicators: the active indicators down the side, eight quarters
// across, ending with the chosen one. The whole grid is saved together or not at all.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, fieldId, Select } from "~/components/forms";
import { TableWrapper } from "~/components/lists";
import { parseQuarterLabel, quarterLabel, quarterMonths } from "~/lib/financial-year";
import { failure, fieldValue, formValues, type FieldErrors, type FormFailure } from "~/lib/forms";
import { auditContext } from "~/http/guards.server";
import { requireDistrictAccess } from "~/http/profiles/access.server";
import { contextField, GRID_QUARTERS } from "~/schemas/context";
import { flash } from "~/services/session.server";
import { ukToday } from "~/lib/dates";
import { StaleEditError } from "~/models/errors";
import { refusedForm } from "~/http/errors.server";
import { contextQuarterFrom, lastQuarters, quarterChoices } from "~/models/context/quarters";
import { contextValueMessage, parseContextValue } from "~/models/context/values";
import { listContextIndicators } from "~/models/context/indicators.server";
import { getContextGrid, saveContextValues, type ContextCellInput } from "~/models/context/grid.server";
import { Form } from "~/components/form";

/** A figure as it goes back into its input: plain digits, no separators, up to 2 dp as stored. */
const toInput = (value: number | null): string => (value === null ? "" : String(value));

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.district.name ?? "District"}: context indicators – Early help portal` },
];

const districtFor = (request: Request, districtId: string | undefined) =>
  requireDistrictAccess(request, districtId, "context:edit", "Only the district's commissioning officers and administrators enter its context figures.");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { district } = await districtFor(request, params.districtId);
  const url = new URL(request.url);
  const quarter = contextQuarterFrom(url.searchParams.get("quarter"), ukToday());
  const grid = await getContextGrid(getDb(), district.id, lastQuarters(quarter, GRID_QUARTERS));
  const choices = quarterChoices(ukToday());
  if (!choices.includes(quarter)) choices.push(quarter);
  return json({
    district: { id: district.id, name: district.name },
    quarter,
    quarterMonths: quarterMonths(parseQuarterLabel(quarter)!),
    choices,
    grid,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, district } = await districtFor(request, params.districtId);
  const db = getDb();
  const values = formValues(await request.formData());
  const asked = typeof values.quarter === "string" ? parseQuarterLabel(values.quarter) : null;
  const quarter = asked ? quarterLabel(asked) : null;
  // Figures are for quarters that have ended: the picker offers no others.
  if (!quarter || contextQuarterFrom(quarter, ukToday()) !== quarter) {
    return json<FormFailure>(failure(values, {}, "Choose a quarter that has ended, then enter the figures again."), { status: 400 });
  }
  const quarters = lastQuarters(quarter, GRID_QUARTERS);

  // Every cell the form sent, for any indicator: one added since the form was shown has no
  // field and is left alone; one retired since is still saved as typed.
  const errors: FieldErrors = {};
  const cells: ContextCellInput[] = [];
  for (const indicator of await listContextIndicators(db)) {
    for (const q of quarters) {
      const name = contextField(indicator.id, q);
      const typed = values[name];
      if (typeof typed !== "string") continue;
      const checked = parseContextValue(typed);
      if (checked.ok) cells.push({ indicatorId: indicator.id, quarter: q, value: checked.value });
      else errors[name] = contextValueMessage(checked.problem, indicator.name, q);
    }
  }
  if (Object.keys(errors).length > 0) return json<FormFailure>(failure(values, errors), { status: 400 });
  if (cells.length === 0) return json<FormFailure>(failure(values, {}, "There were no figures in the form. Reload the page and try again."), { status: 400 });

  const snapshot = typeof values.snapshot === "string" ? values.snapshot : "";
  let changed: number;
  try {
    changed = await db.transaction().execute((trx) => saveContextValues(trx, auditContext(user, context), district.id, cells, snapshot));
  } catch (error) {
    return refusedForm(error, values, { stale: error instanceof StaleEditError });
  }
  const text =
    changed === 0
      ? `No figures for ${district.name} were changed`
      : `${district.name}'s figures have been saved: ${changed} ${changed === 1 ? "figure" : "figures"} changed`;
  return redirect(`/context/${district.id}?quarter=${encodeURIComponent(quarter)}`, {
    headers: { "Set-Cookie": await flash(request, { kind: "success", text }) },
  });
}

export default function ContextDistrict() {
  const { district, quarter, quarterMonths: months, choices, grid } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // What was typed goes back only into the grid it was typed in.
  const typed = result && result.values.quarter === quarter ? result.values : undefined;
  const errors = typed ? result?.errors : undefined;
  const stale = !!typed && !!result && "stale" in result && !!result.stale;
  const lastQuarter = grid.quarters[grid.quarters.length - 1];
  return (
    <>
      <Link className="govuk-back-link" to="/context">Back to context indicators</Link>
      <ErrorSummary errors={errors} formError={result?.formError} submissionId={result?.submissionId} />
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">Context indicators</span>
        {district.name}
      </h1>
      <form method="get" className="portal-filters" aria-label="Choose the latest quarter to show">
        <Select
          name="quarter"
          label="Show the 8 quarters up to"
          options={choices.map((q) => ({ value: q, label: q }))}
          defaultValue={quarter}
        />
        <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
          Show quarters
        </button>
      </form>

      {grid.indicators.length === 0 ? (
        <p className="govuk-body">There are no context indicators in use. An administrator can add them.</p>
      ) : (
        <Form method="post" noValidate>
          <input type="hidden" name="quarter" value={quarter} />
          {/* The figures as read: the save is refused if someone else changed them since. */}
          <input type="hidden" name="snapshot" value={stale ? grid.snapshot : fieldValue(typed, "snapshot", grid.snapshot)} />
          <p className="govuk-body" id="context-hint">
            Enter whole numbers or numbers with up to 2 decimal places, 0 or more. Leave a box blank where there is no figure;
            clearing a box removes its figure. The latest quarter shown is {quarter} ({months}).
          </p>
          <TableWrapper caption={`Context indicators for ${district.name}`}>
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-table__caption--m">
                Context indicators for {district.name}, {grid.quarters[0]} to {lastQuarter}
              </caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">Indicator</th>
                  {grid.quarters.map((q) => (
                    <th scope="col" className="govuk-table__header" key={q}>{q}</th>
                  ))}
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {grid.indicators.map((indicator) => (
                  <tr className="govuk-table__row" key={indicator.id}>
                    <th scope="row" className="govuk-table__header">
                      {indicator.name}
                      {indicator.description ? <span className="govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0">{indicator.description}</span> : null}
                    </th>
                    {grid.quarters.map((q) => {
                      const name = contextField(indicator.id, q);
                      const id = fieldId(name);
                      const error = errors?.[name];
                      return (
                        <td className="govuk-table__cell" key={q}>
                          <div className={`govuk-form-group govuk-!-margin-bottom-0${error ? " govuk-form-group--error" : ""}`}>
                            <label className="govuk-label govuk-visually-hidden" htmlFor={id}>
                              {indicator.name}, {q}
                            </label>
                            {error ? (
                              <p id={`${id}-error`} className="govuk-error-message">
                                <span className="govuk-visually-hidden">Error:</span> {error}
                              </p>
                            ) : null}
                            <input
                              className={`govuk-input govuk-input--width-5${error ? " govuk-input--error" : ""}`}
                              id={id}
                              name={name}
                              type="text"
                              inputMode="decimal"
                              spellCheck={false}
                              autoComplete="off"
                              defaultValue={fieldValue(typed, name, toInput(grid.values[indicator.id]?.[q] ?? null))}
                              aria-describedby={error ? `context-hint ${id}-error` : "context-hint"}
                              aria-invalid={error ? true : undefined}
                            />
                          </div>
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrapper>
          <Button>Save figures</Button>
        </Form>
      )}
      <p className="govuk-body">
        <Link className="govuk-link" to="/context/import">Import figures from a CSV file</Link>
        {" · "}
        <Link className="govuk-link" to={`/context.csv?district=${encodeURIComponent(district.id)}`} reloadDocument>
          Download {district.name}'s figures as CSV
        </Link>
      </p>
    </>
  );
}
