// Variations: changes agreed with the provider once a return has been submitted. Each is
// dated and has a reason; it may change the targets and the budget of the current and future
// quarters, the amount (the ledger commitments follow) and the end date (extending adds the
// new quarters' returns). Past quarters (ended, or with a submitted return) are never
// rewritten: the page shows them as fixed and the server refuses an attempt to change them.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, fieldId, Textarea, TextInput } from "~/components/forms";
import { formatDate, ukToday } from "~/lib/dates";
import { failure, formValues, type FieldErrors, type FormFailure, type FormValues } from "~/lib/forms";
import { getSettings } from "~/models/admin/settings.server";
import { getProjectDetail } from "~/models/projects/detail.server";
import { lockedQuarters, recordVariation } from "~/models/projects/variations.server";
import { lockedReasonText, PROJECT_MESSAGES, targetField, type LockReason } from "~/schemas/projects";
import { parseVariationForm } from "~/schemas/projects.server";
import { auditContext, notFound } from "~/http/guards.server";
import { refusedForm } from "~/http/errors.server";
import { dispatchIntent } from "~/http/intents.server";
import { requireProjectManager } from "~/http/projects/access.server";
import { variationFormValues, type ProjectFormData } from "~/http/projects/forms.server";
import { flash } from "~/services/session.server";
import { BudgetEditor } from "~/components/budget";
import { Form } from "~/components/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Variations${data ? ` – ${data.project.reference}` : ""} – Early help portal` },
];

const MANAGE_MESSAGE = "Only a commissioning officer covering the project's district can record a variation.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { project } = await requireProjectManager(request, params.projectId, MANAGE_MESSAGE);
  const db = getDb();
  const today = ukToday();
  const [detail, locked] = await Promise.all([getProjectDetail(db, project.id, today), lockedQuarters(db, project.id, today)]);
  if (!detail) notFound("Project not found");
  return json({
    project: {
      id: detail.id, reference: detail.reference, title: detail.title, startDate: detail.startDate, endDate: detail.endDate,
      version: detail.version,
    },
    open: detail.firstSubmitted,
    today,
    quarters: detail.quarters,
    locked: Object.fromEntries(locked) as Record<string, LockReason>,
    indicators: detail.indicators.map((i) => ({ id: i.id, name: i.name, unit: i.unit })),
    defaults: { ...variationFormValues(detail), agreed_on: today } as FormValues,
    variations: detail.variations.map((v) => ({
      id: v.id, agreed: formatDate(v.agreedOn), reason: v.reason, changes: v.changes, createdBy: v.createdBy,
    })),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, project } = await requireProjectManager(request, params.projectId, MANAGE_MESSAGE);
  const db = getDb();
  const form = await request.formData();
  const values = formValues(form);
  const today = ukToday();
  const [detail, locked] = await Promise.all([getProjectDetail(db, project.id, today), lockedQuarters(db, project.id, today)]);
  if (!detail) notFound("Project not found");
  if (!detail.firstSubmitted) {
    return json<ProjectFormData>({ ...failure(values, {}, PROJECT_MESSAGES.variationTooEarly), quarters: detail.quarters }, { status: 409 });
  }
  const parsed = parseVariationForm(values, {
    startDate: detail.startDate,
    today,
    indicators: detail.indicators.map((i) => ({ id: i.id, unit: i.unit })),
    locked,
  });
  const quarters = parsed.quarters.length ? parsed.quarters : detail.quarters;

  return dispatchIntent(form, {
    quarters: async () => {
      const errors: FieldErrors = parsed.errors.end_date ? { end_date: parsed.errors.end_date } : {};
      return json<ProjectFormData>({
        ...failure(values, errors),
        quarters,
        notice: errors.end_date ? undefined : `The grids now run to ${quarters[quarters.length - 1]}.`,
      }, { status: errors.end_date ? 400 : 200 });
    },
    record: async () => {
      if (!parsed.data) return json<ProjectFormData>({ ...failure(values, parsed.errors), quarters }, { status: 400 });
      const settings = await getSettings(db);
      const input = parsed.data;
      try {
        await db.transaction().execute((trx) =>
          recordVariation(trx, auditContext(user, context), {
            projectId: project.id,
            input,
            today,
            settings: { returnDueDays: settings.return_due_days, visitThresholdPence: settings.visit_threshold_pence },
            userId: user.id,
          }),
        );
      } catch (error) {
        return refusedForm(error, values, { quarters });
      }
      return redirect(`/projects/${project.id}`, {
        headers: { "Set-Cookie": await flash(request, { kind: "success", text: "The variation has been recorded." }) },
      });
    },
  });
}

export default function Variations() {
  const data = useLoaderData<typeof loader>();
  // Every answer is the form again; one to an unknown intent comes without the quarters.
  const result = useActionData<FormFailure & Partial<ProjectFormData>>();
  const { project, locked, indicators } = data;
  // Fixed cells are not posted: they always show what is stored.
  const values: FormValues = { ...data.defaults, ...(result?.values ?? {}) };
  const errors = result?.errors ?? {};
  const quarters = result?.quarters ?? data.quarters;
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : "");
  const targetErrors = Object.entries(errors).filter(([k]) => /^indicators\.\d+\.target\./.test(k));
  return (
    <>
      <Link to={`/projects/${project.id}`} className="govuk-back-link">Back to the project</Link>
      <ErrorSummary errors={errors} formError={result?.formError} submissionId={result?.submissionId} />
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">{project.reference} – {project.title}</span>
        Variations
      </h1>

      {data.variations.length ? (
        <>
          <h2 className="govuk-heading-m">Agreed variations</h2>
          <ul className="govuk-list">
            {data.variations.map((v) => (
              <li key={v.id} className="govuk-!-margin-bottom-4">
                <strong>Agreed {v.agreed}</strong>{v.createdBy ? `, recorded by ${v.createdBy}` : ""}
                <br />
                Reason: {v.reason}
                {v.changes.length ? (
                  <ul className="govuk-list govuk-list--bullet">
                    {v.changes.map((c) => <li key={c}>{c}</li>)}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="govuk-body">No variations have been agreed.</p>
      )}

      {!data.open ? (
        <div className="govuk-inset-text">
          {PROJECT_MESSAGES.variationTooEarly}{" "}
          <Link className="govuk-link" to={`/projects/${project.id}/plan`}>Adjust the plan</Link>
        </div>
      ) : (
        <>
          <h2 className="govuk-heading-m">Record a variation</h2>
          <p className="govuk-body">
            Targets and budget can change for the current and future quarters only. Quarters that have ended, or whose return has
            been submitted, are fixed.
          </p>
          {result?.notice ? <div className="govuk-inset-text" role="status">{result.notice}</div> : null}
          <Form method="post" noValidate>
            <input type="hidden" name="version" value={project.version} />
            <button type="submit" name="intent" value="quarters" className="govuk-visually-hidden" tabIndex={-1} aria-hidden="true">
              Update quarters
            </button>
            <TextInput name="agreed_on" label="Date agreed" type="date" hint={`For example, ${data.today}`} width="10" defaultValue={text("agreed_on")} error={errors.agreed_on} />
            <Textarea name="reason" label="Reason for the variation" hint="Why the change was agreed, in words the provider and auditors will recognise." defaultValue={text("reason")} error={errors.reason} rows={4} />
            <TextInput name="amount" label="Amount" prefix="£" width="10" inputMode="decimal" spellCheck={false} defaultValue={text("amount")} error={errors.amount} />
            <TextInput
              name="end_date"
              label="End date"
              type="date"
              hint={`The project started on ${formatDate(project.startDate)}. Extending it adds a return for each new quarter.`}
              width="10"
              defaultValue={text("end_date")}
              error={errors.end_date}
            />
            <Button name="intent" value="quarters" secondary>Update quarters</Button>

            <h3 className="govuk-heading-s">Budget profile</h3>
            <BudgetEditor quarters={quarters} values={values} errors={errors} locked={Object.fromEntries(Object.entries(locked).map(([q, reason]) => [q, lockedReasonText(reason)]))} hint="In pounds. The budget must add up to the amount." />

            <div className={`govuk-form-group${targetErrors.length ? " govuk-form-group--error" : ""}`} id={fieldId("targets")}>
              <fieldset className="govuk-fieldset">
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Targets by quarter</legend>
                {targetErrors.map(([k, message]) => (
                  <p key={k} className="govuk-error-message"><span className="govuk-visually-hidden">Error:</span> {message}</p>
                ))}
                <div className="portal-table-wrapper" role="region" aria-label="Targets" tabIndex={0}>
                  <table className="govuk-table">
                    <thead className="govuk-table__head">
                      <tr className="govuk-table__row">
                        <th scope="col" className="govuk-table__header">Indicator</th>
                        {quarters.map((q) => (
                          <th key={q} scope="col" className="govuk-table__header">
                            {q}
                            {locked[q] ? <span className="govuk-hint govuk-!-margin-bottom-0">Fixed: {lockedReasonText(locked[q])}</span> : null}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody className="govuk-table__body">
                      {indicators.map((indicator, row) => (
                        <tr className="govuk-table__row" key={indicator.id}>
                          <th scope="row" className="govuk-table__header">{row + 1}. {indicator.name}</th>
                          {quarters.map((quarter) => {
                            const name = targetField(row, quarter);
                            if (locked[quarter]) {
                              return <td key={quarter} className="govuk-table__cell govuk-table__cell--numeric">{text(name) || "–"}</td>;
                            }
                            return (
                              <td key={quarter} className="govuk-table__cell">
                                <label className="govuk-visually-hidden" htmlFor={fieldId(name)}>{indicator.name}, {quarter}</label>
                                <input
                                  className={`govuk-input govuk-input--width-4${errors[name] ? " govuk-input--error" : ""}`}
                                  id={fieldId(name)}
                                  name={name}
                                  type="text"
                                  inputMode="decimal"
                                  spellCheck={false}
                                  defaultValue={text(name)}
                                  aria-invalid={errors[name] ? true : undefined}
                                />
                              </td>
                            );
                          })}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </fieldset>
            </div>

            <div className="govuk-button-group">
              <Button name="intent" value="record">Record the variation</Button>
              <Link className="govuk-link" to={`/projects/${project.id}`}>Cancel</Link>
            </div>
          </Form>
        </>
      )}
    </>
  );
}
