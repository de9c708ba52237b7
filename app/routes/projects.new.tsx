// An officer creates a project directly, for a grant made without a tender: the provider,
// district, funding stream, amount and dates, the budget profile over the quarters between
// the dates, and the indicators with a target for each quarter. "Update quarters" redraws
// the grids after the dates change, keeping what was typed; everything works without
// JavaScript. Creating writes the project, its budget, indicators and returns, a ledger
// commitment per financial year and the audit, in one transaction.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, fieldId, Select, TextInput } from "~/components/forms";
import { failure, formValues, type FieldErrors, type FormFailure, type FormValues } from "~/lib/forms";
import { createProject, projectFormChoices } from "~/models/projects/create.server";
import { getSettings } from "~/models/admin/settings.server";
import { PROJECT_MESSAGES, quartersFromForm } from "~/schemas/projects";
import { parseNewProjectForm } from "~/schemas/projects.server";
import { auditContext, requirePermission } from "~/http/guards.server";
import { dispatchIntent } from "~/http/intents.server";
import type { ProjectFormData } from "~/http/projects/forms.server";
import { flash } from "~/services/session.server";
import { BudgetEditor } from "~/components/budget";
import { IndicatorFields } from "~/components/projects/indicator-fields";
import { Form } from "~/components/form";

export const meta: MetaFunction = () => [{ title: "Create a project – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "projects:create");
  const choices = await projectFormChoices(getDb(), user);
  return json({ choices });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "projects:create");
  const form = await request.formData();
  const values = formValues(form);
  const parsed = parseNewProjectForm(values);

  return dispatchIntent(form, {
    quarters: async () => {
      // Only the dates matter here; the rest is checked when the project is created.
      const errors: FieldErrors = {};
      for (const field of ["start_date", "end_date"]) if (parsed.errors[field]) errors[field] = parsed.errors[field];
      const quarters = quartersFromForm(values);
      return json<ProjectFormData>({
        ...failure(values, errors),
        quarters,
        notice: quarters.length ? `The grids now show the ${quarters.length} quarters from ${quarters[0]} to ${quarters[quarters.length - 1]}.` : undefined,
      }, { status: Object.keys(errors).length ? 400 : 200 });
    },
    create: async () => {
      const db = getDb();
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
      // Two projects made at the same moment take numbers one after the other from the counter.
      const created = await db.transaction().execute((trx) =>
        createProject(trx, auditContext(user, context), input, {
          returnDueDays: settings.return_due_days,
          visitThresholdPence: settings.visit_threshold_pence,
        }),
      );
      return redirect(`/projects/${created.id}`, {
        headers: {
          "Set-Cookie": await flash(request, {
            kind: "success",
            text: `Project ${created.reference} has been created, with its quarterly returns and the money committed in the ledger.`,
          }),
        },
      });
    },
  });
}

export default function NewProject() {
  const { choices } = useLoaderData<typeof loader>();
  // Every answer is the form again; one to an unknown intent comes without the quarters.
  const result = useActionData<FormFailure & Partial<ProjectFormData>>();
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
