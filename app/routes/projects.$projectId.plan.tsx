// Adjusting a project's plan (indicators, targets, budget profile) before its first return is
// submitted. The save carries the project's version: if someone changed the project since
// the page was loaded, it is refused (409) and what was typed comes back. Once a return has
// been submitted this page refuses, and changes are variations.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, fieldId } from "~/components/forms";
import { failure, formValues, type FormFailure } from "~/lib/forms";
import { formatPence } from "~/lib/money";
import { getProjectDetail } from "~/models/projects/detail.server";
import { updatePlan } from "~/models/projects/plan.server";
import { hasSubmittedReturn } from "~/models/projects/projects.server";
import { PROJECT_MESSAGES } from "~/schemas/projects";
import { parsePlanForm, parseVersion } from "~/schemas/projects.server";
import { auditContext, notFound } from "~/http/guards.server";
import { refusedForm } from "~/http/errors.server";
import { requireProjectManager } from "~/http/projects/access.server";
import { planFormValues } from "~/http/projects/forms.server";
import { flash } from "~/services/session.server";
import { BudgetEditor } from "~/components/budget";
import { IndicatorFields } from "~/components/projects/indicator-fields";
import { Form } from "~/components/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Adjust the plan${data ? ` – ${data.project.reference}` : ""} – Early help portal` },
];

const MANAGE_MESSAGE = "Only a commissioning officer covering the project's district can adjust its plan.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { project } = await requireProjectManager(request, params.projectId, MANAGE_MESSAGE);
  const detail = await getProjectDetail(getDb(), project.id);
  if (!detail) notFound("Project not found");
  return json({
    project: {
      id: detail.id, reference: detail.reference, title: detail.title, amount: formatPence(detail.amountPence), version: detail.version,
    },
    locked: detail.firstSubmitted,
    quarters: detail.quarters,
    defaults: planFormValues(detail),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, project } = await requireProjectManager(request, params.projectId, MANAGE_MESSAGE);
  const db = getDb();
  const values = formValues(await request.formData());
  if (await hasSubmittedReturn(db, project.id)) {
    return json<FormFailure>(failure(values, {}, PROJECT_MESSAGES.planLocked), { status: 409 });
  }
  const version = parseVersion(values);
  if (version === null) return json<FormFailure>(failure(values, {}, PROJECT_MESSAGES.version), { status: 400 });
  const detail = await getProjectDetail(db, project.id);
  if (!detail) notFound("Project not found");
  const parsed = parsePlanForm(values, { quarters: detail.quarters, amountPence: detail.amountPence });
  if (!parsed.data) return json<FormFailure>(failure(values, parsed.errors), { status: 400 });
  const input = parsed.data;
  try {
    await db.transaction().execute((trx) => updatePlan(trx, auditContext(user, context), { projectId: project.id, version, input }));
  } catch (error) {
    return refusedForm(error, values);
  }
  return redirect(`/projects/${project.id}`, {
    headers: { "Set-Cookie": await flash(request, { kind: "success", text: "The plan has been saved: indicators, targets and budget profile." }) },
  });
}

export default function AdjustPlan() {
  const { project, locked, quarters, defaults } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values ?? defaults;
  const errors = result?.errors ?? {};
  return (
    <>
      <Link to={`/projects/${project.id}`} className="govuk-back-link">Back to the project</Link>
      <ErrorSummary errors={errors} formError={result?.formError} submissionId={result?.submissionId} />
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">{project.reference} – {project.title}</span>
        Adjust the plan
      </h1>
      {locked ? (
        <>
          <div className="govuk-inset-text">{PROJECT_MESSAGES.planLocked}</div>
          <p className="govuk-body">
            <Link className="govuk-link" to={`/projects/${project.id}/variations`}>Record a variation</Link>
          </p>
        </>
      ) : (
        <>
          <p className="govuk-body">
            Until the provider submits the first return, you can change the indicators, their targets and the budget profile. The
            budget must still add up to the amount, {project.amount}. Money moved between financial years moves the ledger
            commitments with it.
          </p>
          <Form method="post" noValidate>
            {/* The version as loaded now: after a refused stale save, saving again (having checked) replaces the other change. */}
            <input type="hidden" name="version" value={project.version} />
            <button type="submit" name="intent" value="save" className="govuk-visually-hidden" tabIndex={-1} aria-hidden="true">
              Save the plan
            </button>
            <h2 className="govuk-heading-m">Budget profile</h2>
            <BudgetEditor quarters={quarters} values={values} errors={errors} />
            <h2 className="govuk-heading-m" id={fieldId("indicators")} tabIndex={-1}>Indicators</h2>
            <IndicatorFields quarters={quarters} values={values} errors={errors} />
            <div className="govuk-button-group">
              <Button name="intent" value="save">Save the plan</Button>
              <Link className="govuk-link" to={`/projects/${project.id}`}>Cancel</Link>
            </div>
          </Form>
        </>
      )}
    </>
  );
}
