// An officer creates a project directly, for a grant made without a tender: the provider,
// district, funding stream, amount and dates, the budget profile over the quarters between
// the dates, and the indicators with a target for each quarter. "Update quarters" redraws
// the grids after the dates change, keeping what was typed; everything works without
// JavaScript. Creating writes the project, its budget, indicators and returns, a ledger
// commitment per financial year and the audit, in one transaction.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { BUDGET_CATEGORIES, type BudgetCategory } from "../../db/schema";
import { Button, ErrorSummary, fieldId, Select, TextInput } from "~/components/forms";
import { failure, formValues, type FieldErrors, type FormFailure, type FormValues } from "~/lib/forms";
import { formatPence } from "~/lib/money";
import { createProject, isUniqueViolation, projectFormChoices } from "~/models/projects/projects.server";
import { getSettings } from "~/models/admin/settings.server";
import {
  INDICATOR_DIRECTION_LABELS, INDICATOR_DIRECTIONS, INDICATOR_KIND_LABELS, INDICATOR_KINDS,
  INDICATOR_MEASURE_LABELS, INDICATOR_MEASURES, INDICATOR_UNIT_LABELS, INDICATOR_UNITS, indicatorField, indicatorRows,
  lockedReasonText, parseNewProjectForm, PROJECT_MESSAGES, quartersFromForm, targetField, type LockReason,
} from "~/schemas/projects";
import { auditContext, requirePermission } from "~/http/guards.server";
import { flash } from "~/services/session.server";
import { parsePoundsToPence } from "~/lib/figures";
import { BUDGET_CATEGORY_LABELS, budgetField } from "~/lib/budget";
import { BudgetEditor } from "~/components/budget";

export const meta: MetaFunction = () => [{ title: "Create a project – Early help portal" }];

/** What a project form's action sends back: what was typed, the problems, and the quarters to draw. */
export type ProjectFormData = FormFailure & { quarters: string[]; notice?: string };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "projects:create");
  const choices = await projectFormChoices(getDb(), user);
  return json({ choices });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "projects:create");
  const db = getDb();
  const values = formValues(await request.formData());
  const parsed = parseNewProjectForm(values);

  if (values.intent === "quarters") {
    // Only the dates matter here; the rest is checked when the project is created.
    const errors: FieldErrors = {};
    for (const field of ["start_date", "end_date"]) if (parsed.errors[field]) errors[field] = parsed.errors[field];
    const quarters = quartersFromForm(values);
    return json<ProjectFormData>({
      ...failure(values, errors),
      quarters,
      notice: quarters.length ? `The grids now show the ${quarters.length} quarters from ${quarters[0]} to ${quarters[quarters.length - 1]}.` : undefined,
    }, { status: Object.keys(errors).length ? 400 : 200 });
  }

  const errors: FieldErrors = { ...parsed.errors };
  const choices = await projectFormChoices(db, user);
  const organisationId = typeof values.organisation_id === "string" ? values.organisation_id.trim() : "";
  const districtId = typeof values.district_id === "string" ? values.district_id.trim() : "";
  const streamId = typeof values.funding_stream_id === "string" ? values.funding_stream_id.trim() : "";
  if (organisationId && !choices.organisations.some((o) => o.id === organisationId)) errors.organisation_id = PROJECT_MESSAGES.organisationUnknown;
  if (districtId && !choices.districts.some((d) => d.id === districtId)) errors.district_id = PROJECT_MESSAGES.districtNotCovered;
  if (streamId && !choices.streams.some((s) => s.id === streamId)) errors.funding_stream_id = PROJECT_MESSAGES.fundingStreamUnknown;
  if (!parsed.data || Object.keys(errors).length) {
    return json<ProjectFormData>({ ...failure(values, errors), quarters: parsed.quarters.length ? parsed.quarters : quartersFromForm(values) }, { status: 400 });
  }

  const settings = await getSettings(db);
  const input = parsed.data;
  let created: { id: string; reference: string } | null = null;
  // Two projects numbered at the same moment: the second takes the next number.
  for (let attempt = 1; !created; attempt += 1) {
    try {
      created = await db.transaction().execute((trx) =>
        createProject(trx, auditContext(user, context), input, {
          returnDueDays: settings.return_due_days,
          visitThresholdPence: settings.visit_threshold_pence,
        }),
      );
    } catch (error) {
      if (attempt < 3 && isUniqueViolation(error)) continue;
      throw error;
    }
  }
  return redirect(`/projects/${created.id}`, {
    headers: {
      "Set-Cookie": await flash(request, {
        kind: "success",
        text: `Project ${created.reference} has been created, with its quarterly returns and the money committed in the ledger.`,
      }),
    },
  });
}

export default function NewProject() {
  const { choices } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values: FormValues = result?.values ?? {};
  const errors = result?.errors ?? {};
  const quarters = result?.quarters ?? [];
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : "");
  return (
    <>
      <Link to="/projects" className="govuk-back-link">Back to projects</Link>
      <ErrorSummary errors={errors} formError={result?.formError} submissionId={result?.submissionId} />
      <h1 className="govuk-heading-l">Create a project without a tender</h1>
      <p className="govuk-body">
        For a grant made directly to a provider. The project gets a quarterly return for every quarter it runs in, and its
        amount is committed in the district's ledger for each financial year of its budget.
      </p>
      {result?.notice ? <div className="govuk-inset-text" role="status">{result.notice}</div> : null}
      <Form method="post" noValidate>
        {/* Pressing Enter in a field redraws the quarters: the form's first button decides, so it is this one. */}
        <button type="submit" name="intent" value="quarters" className="govuk-visually-hidden" tabIndex={-1} aria-hidden="true">
          Update quarters
        </button>

        <h2 className="govuk-heading-m">1. The grant</h2>
        <Select
          name="organisation_id"
          label="Provider organisation"
          hint="Approved providers only."
          options={choices.organisations.map((o) => ({ value: o.id, label: o.name }))}
          emptyLabel="Choose a provider"
          defaultValue={text("organisation_id")}
          error={errors.organisation_id}
        />
        <Select
          name="district_id"
          label="District"
          hint={choices.districts.length ? "Districts you cover." : "You do not cover any districts yet: ask an administrator."}
          options={choices.districts.map((d) => ({ value: d.id, label: d.name }))}
          emptyLabel="Choose a district"
          defaultValue={text("district_id")}
          error={errors.district_id}
        />
        <Select
          name="funding_stream_id"
          label="Funding stream"
          options={choices.streams.map((s) => ({ value: s.id, label: s.name }))}
          emptyLabel="Choose a funding stream"
          defaultValue={text("funding_stream_id")}
          error={errors.funding_stream_id}
        />
        <TextInput name="title" label="Project title" defaultValue={text("title")} error={errors.title} />
        <TextInput
          name="amount"
          label="Amount"
          hint="In pounds, like 20000 or 20,000.00."
          prefix="£"
          width="10"
          inputMode="decimal"
          spellCheck={false}
          defaultValue={text("amount")}
          error={errors.amount}
        />
        <TextInput name="start_date" label="Start date" type="date" hint="For example, 2027-04-01" width="10" defaultValue={text("start_date")} error={errors.start_date} />
        <TextInput name="end_date" label="End date" type="date" hint="For example, 2028-03-31" width="10" defaultValue={text("end_date")} error={errors.end_date} />
        <Button name="intent" value="quarters" secondary>Update quarters</Button>

        <h2 className="govuk-heading-m">2. Budget profile</h2>
        {quarters.length ? (
          <BudgetEditor quarters={quarters} values={values} errors={errors} />
        ) : (
          <p className="govuk-body" id={fieldId("budget")} tabIndex={-1}>
            Enter the start and end dates, then select "Update quarters" to fill in the budget and targets for each quarter.
          </p>
        )}

        <h2 className="govuk-heading-m" id={fieldId("indicators")} tabIndex={-1}>3. Indicators</h2>
        <IndicatorFields quarters={quarters} values={values} errors={errors} />

        <div className="govuk-button-group">
          <Button name="intent" value="create">Create the project</Button>
          <Link className="govuk-link" to="/projects">Cancel</Link>
        </div>
      </Form>
    </>
  );
}

// ---------------------------------------------------------------------------------------
// The parts the plan and variation pages share.

function textOf(values: FormValues, name: string): string {
  const v = values[name];
  return typeof v === "string" ? v : "";
}

/** Every posted or stored row, and a spare empty one, so an indicator can be added without JavaScript. */
function rowsToShow(values: FormValues, quarters: string[]): number[] {
  const rows = indicatorRows(values);
  const last = rows.length ? rows[rows.length - 1] : -1;
  const lastUsed = last >= 0 && [
    textOf(values, indicatorField(last, "name")), textOf(values, indicatorField(last, "definition")),
    ...quarters.map((q) => textOf(values, targetField(last, q))),
  ].some((v) => v.trim());
  return last < 0 || lastUsed ? [...rows, last + 1] : rows;
}

function SmallSelect({ name, label, options, value, error }: {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  value: string;
  error?: string;
}) {
  const id = fieldId(name);
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className="govuk-label" htmlFor={id}>{label}</label>
      {error ? <p id={`${id}-error`} className="govuk-error-message"><span className="govuk-visually-hidden">Error:</span> {error}</p> : null}
      <select className={`govuk-select${error ? " govuk-select--error" : ""}`} id={id} name={name} defaultValue={value} aria-describedby={error ? `${id}-error` : undefined}>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </div>
  );
}

/** The indicator rows of the new-project and plan forms. */
export function IndicatorFields({ quarters, values, errors }: { quarters: string[]; values: FormValues; errors: FieldErrors }) {
  const rows = rowsToShow(values, quarters);
  return (
    <>
      <p className="govuk-body">
        What the project will deliver (outputs) and the difference it will make (outcomes), with a target for each quarter.
        To add an indicator, fill in the empty one at the end: another empty one appears when the page comes back.
      </p>
      {errors.indicators ? (
        <p className="govuk-error-message"><span className="govuk-visually-hidden">Error:</span> {errors.indicators}</p>
      ) : null}
      {rows.map((row, index) => {
        const targetErrors = Object.entries(errors).filter(([k]) => k.startsWith(`indicators.${row}.target.`));
        const removeName = indicatorField(row, "remove");
        const id = textOf(values, indicatorField(row, "id"));
        return (
          <fieldset key={row} className="govuk-fieldset govuk-!-margin-bottom-6">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Indicator {row + 1}</legend>
            {id ? <input type="hidden" name={indicatorField(row, "id")} value={id} /> : null}
            <SmallSelect
              name={indicatorField(row, "kind")}
              label="Output or outcome"
              options={INDICATOR_KINDS.map((k) => ({ value: k, label: INDICATOR_KIND_LABELS[k] }))}
              value={textOf(values, indicatorField(row, "kind")) || "output"}
              error={errors[indicatorField(row, "kind")]}
            />
            <TextInput name={indicatorField(row, "name")} label="Name" defaultValue={textOf(values, indicatorField(row, "name"))} error={errors[indicatorField(row, "name")]} />
            <TextInput
              name={indicatorField(row, "definition")}
              label="Definition"
              hint="What counts, and how it is counted."
              defaultValue={textOf(values, indicatorField(row, "definition"))}
              error={errors[indicatorField(row, "definition")]}
            />
            <SmallSelect
              name={indicatorField(row, "unit")}
              label="Unit"
              options={INDICATOR_UNITS.map((u) => ({ value: u, label: INDICATOR_UNIT_LABELS[u] }))}
              value={textOf(values, indicatorField(row, "unit")) || "count"}
              error={errors[indicatorField(row, "unit")]}
            />
            <SmallSelect
              name={indicatorField(row, "measure")}
              label="How the figures add up"
              options={INDICATOR_MEASURES.map((m) => ({ value: m, label: INDICATOR_MEASURE_LABELS[m] }))}
              value={textOf(values, indicatorField(row, "measure")) || "per_quarter"}
              error={errors[indicatorField(row, "measure")]}
            />
            <SmallSelect
              name={indicatorField(row, "direction")}
              label="Which way is better"
              options={INDICATOR_DIRECTIONS.map((d) => ({ value: d, label: INDICATOR_DIRECTION_LABELS[d] }))}
              value={textOf(values, indicatorField(row, "direction")) || "higher"}
              error={errors[indicatorField(row, "direction")]}
            />
            <TextInput
              name={indicatorField(row, "baseline")}
              label="Baseline (optional)"
              hint="Where things stand before the project starts."
              width="5"
              inputMode="decimal"
              spellCheck={false}
              defaultValue={textOf(values, indicatorField(row, "baseline"))}
              error={errors[indicatorField(row, "baseline")]}
            />
            {quarters.length ? (
              <div className={`govuk-form-group${targetErrors.length ? " govuk-form-group--error" : ""}`}>
                <fieldset className="govuk-fieldset">
                  <legend className="govuk-fieldset__legend">Targets by quarter</legend>
                  {targetErrors.map(([k, message]) => (
                    <p key={k} className="govuk-error-message"><span className="govuk-visually-hidden">Error:</span> {message}</p>
                  ))}
                  <div className="govuk-date-input">
                    {quarters.map((quarter) => {
                      const name = targetField(row, quarter);
                      return (
                        <div className="govuk-date-input__item" key={quarter}>
                          <div className="govuk-form-group">
                            <label className="govuk-label govuk-date-input__label" htmlFor={fieldId(name)}>{quarter}</label>
                            <input
                              className={`govuk-input govuk-date-input__input govuk-input--width-4${errors[name] ? " govuk-input--error" : ""}`}
                              id={fieldId(name)}
                              name={name}
                              type="text"
                              inputMode="decimal"
                              spellCheck={false}
                              defaultValue={textOf(values, name)}
                            />
                          </div>
                        </div>
                      );
                    })}
                  </div>
                </fieldset>
              </div>
            ) : null}
            {index < rows.length - 1 || textOf(values, indicatorField(row, "name")) ? (
              <div className="govuk-checkboxes govuk-checkboxes--small">
                <div className="govuk-checkboxes__item">
                  <input
                    className="govuk-checkboxes__input"
                    id={fieldId(removeName)}
                    name={removeName}
                    type="checkbox"
                    value="yes"
                    defaultChecked={textOf(values, removeName) === "yes"}
                  />
                  <label className="govuk-label govuk-checkboxes__label" htmlFor={fieldId(removeName)}>
                    Remove indicator {row + 1}
                  </label>
                </div>
              </div>
            ) : null}
          </fieldset>
        );
      })}
    </>
  );
}
