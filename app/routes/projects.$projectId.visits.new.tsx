// Recording a quality monitoring visit: the date, the officer, what was seen and found, a
// grade per area and overall, and the actions agreed. All written in one transaction with
// its audit event. Works without JavaScript: "Add another action" posts the form back with
// one more row, keeping what was typed.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, Radios, Select, Textarea, TextInput } from "~/components/forms";
import { formatDate, ukToday } from "~/lib/dates";
import { failure, fieldValue, formValues, parseForm, type FieldErrors, type FormValues } from "~/lib/forms";
import { getSettings } from "~/models/admin/settings.server";
import { getProjectSummary, visitOfficerChoices } from "~/models/visits/read.server";
import { recordVisit } from "~/models/visits/record.server";
import { ACTION_SLOTS, actionSlotsIn, GRADE_LABELS, GRADES, MAX_ACTION_SLOTS, VISIT_AREAS } from "~/schemas/visits";
import { visitFormSchema } from "~/schemas/visits.server";
import { auditContext, notFound } from "~/http/guards.server";
import { dispatchIntent } from "~/http/intents.server";
import { requireProjectManager } from "~/http/projects/access.server";
import { flash } from "~/services/session.server";
import { Form } from "~/components/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Record a monitoring visit${data ? ` for ${data.project.reference}` : ""} – Early help portal` },
];

const REFUSED = "Only a commissioning officer covering the project's district can record a monitoring visit.";

/** What the action sends back: what was typed, the problems, and how many action rows to show. */
interface VisitFormData {
  ok: false;
  errors: FieldErrors;
  values: FormValues;
  submissionId: string;
  formError?: string;
  actionSlots?: number;
}

/** The project as the form shows it, and the officers who may be named as the visitor. */
async function formContext(project: { id: string; districtId: string }) {
  const db = getDb();
  const settings = await getSettings(db);
  const [summary, officers] = await Promise.all([
    getProjectSummary(db, project.id, settings.visit_threshold_pence),
    visitOfficerChoices(db, project.districtId),
  ]);
  if (!summary) notFound("Project not found");
  return { summary, officers };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, project } = await requireProjectManager(request, params.projectId, REFUSED);
  const { summary, officers } = await formContext(project);
  return json({
    project: { id: summary.id, reference: summary.reference, title: summary.title, organisationName: summary.organisationName, districtName: summary.districtName },
    officers,
    defaults: { officer_id: user.id, visit_date: "" } as FormValues,
    today: ukToday(),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, project } = await requireProjectManager(request, params.projectId, REFUSED);
  const form = await request.formData();
  const values = formValues(form);
  return dispatchIntent(form, {
    "add-action": async () => {
      const slots = Math.max(ACTION_SLOTS, actionSlotsIn(values));
      return json<VisitFormData>({ ...failure(values, {}), actionSlots: Math.min(slots + 1, MAX_ACTION_SLOTS) });
    },
    save: async () => {
      const { summary, officers } = await formContext(project);
      const parsed = parseForm(
        visitFormSchema({
          today: ukToday(),
          projectStart: summary.startDate,
          projectStartText: formatDate(summary.startDate),
          officerIds: officers.map((o) => o.id),
        }),
        form,
      );
      if (!parsed.ok) return json<VisitFormData>(parsed, { status: 400 });

      const outcome = await getDb().transaction().execute((trx) =>
        recordVisit(trx, auditContext(user, context), { projectId: project.id, recordedBy: user.id }, parsed.data),
      );
      const text = outcome.outcome === "recorded"
        ? `The monitoring visit on ${formatDate(parsed.data.visitDate)} has been recorded${parsed.data.actions.length ? ` with ${parsed.data.actions.length === 1 ? "1 action" : `${parsed.data.actions.length} actions`}` : ""}.`
        : "This visit had already been recorded: it has not been saved twice.";
      return redirect(`/projects/${project.id}/visits/${outcome.visitId}`, {
        headers: { "Set-Cookie": await flash(request, { kind: outcome.outcome === "recorded" ? "success" : "info", text }) },
      });
    },
  });
}

export default function RecordVisit() {
  const { project, officers, defaults, today } = useLoaderData<typeof loader>();
  // Every answer is the form again, with the number of action rows when one was added.
  const result = useActionData<VisitFormData>();
  const values = result?.values;
  const errors = result?.errors ?? {};
  const value = (name: string) => fieldValue(values, name, typeof defaults[name] === "string" ? (defaults[name] as string) : "");
  const actionSlots = Math.min(MAX_ACTION_SLOTS, Math.max(ACTION_SLOTS, actionSlotsIn(values), result?.actionSlots ?? 0));
  const gradeOptions = GRADES.map((g) => ({ value: String(g), label: `${g} ${GRADE_LABELS[g]}` }));

  return (
    <>
      <Link to={`/projects/${project.id}/visits`} className="govuk-back-link">Back to the project's visits</Link>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
          <h1 className="govuk-heading-l">
            <span className="govuk-caption-l">{project.reference} – {project.title}</span>
            Record a monitoring visit
          </h1>
          <p className="govuk-body">{project.organisationName}, {project.districtName}.</p>
          <Form method="post" noValidate>
            {/* Pressing Enter in a field records the visit: the form's first button decides, so it is this one. */}
            <button type="submit" name="intent" value="save" className="govuk-visually-hidden" tabIndex={-1} aria-hidden="true">
              Record the visit
            </button>
            <TextInput
              name="visit_date"
              label="Date of the visit"
              type="date"
              hint={`Today or earlier. For example, ${today}`}
              defaultValue={value("visit_date")}
              error={errors.visit_date}
              width="10"
            />
            <Select
              name="officer_id"
              label="Officer who made the visit"
              options={officers.map((o) => ({ value: o.id, label: o.name }))}
              defaultValue={value("officer_id")}
              emptyLabel="Choose an officer"
              error={errors.officer_id}
            />
            <Textarea
              name="areas_seen"
              label="Areas seen"
              hint="The sessions, records and people seen on the visit."
              defaultValue={value("areas_seen")}
              error={errors.areas_seen}
              rows={4}
            />
            <Textarea name="findings" label="Findings" defaultValue={value("findings")} error={errors.findings} rows={8} />

            <h2 className="govuk-heading-m">Grades</h2>
            <p className="govuk-body">Grade each area from 1 Outstanding to 4 Inadequate.</p>
            {VISIT_AREAS.map((area) => (
              <Radios
                key={area.key}
                name={`grades.${area.key}`}
                legend={area.label}
                options={gradeOptions}
                defaultValue={value(`grades.${area.key}`)}
                error={errors[`grades.${area.key}`]}
                inline
              />
            ))}
            <Radios
              name="overall_grade"
              legend="Overall grade"
              options={gradeOptions}
              defaultValue={value("overall_grade")}
              error={errors.overall_grade}
              inline
            />

            <div className="govuk-form-group">
              <fieldset className="govuk-fieldset" aria-describedby="actions-hint">
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
                  <h2 className="govuk-fieldset__heading">Actions</h2>
                </legend>
                <div id="actions-hint" className="govuk-hint">
                  What the provider or the council agreed to do, who owns it and when it is due. Leave a row empty to leave it out.
                </div>
                {Array.from({ length: actionSlots }, (_, i) => (
                  <fieldset className="govuk-fieldset govuk-!-margin-bottom-6" key={`action-${i}`}>
                    <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Action {i + 1}</legend>
                    <Textarea
                      name={`actions.${i}.action`}
                      label="Action"
                      defaultValue={value(`actions.${i}.action`)}
                      error={errors[`actions.${i}.action`]}
                      rows={2}
                    />
                    <TextInput
                      name={`actions.${i}.owner`}
                      label="Owner"
                      hint="A person or a role, like the project manager"
                      defaultValue={value(`actions.${i}.owner`)}
                      error={errors[`actions.${i}.owner`]}
                      width="20"
                    />
                    <TextInput
                      name={`actions.${i}.due_date`}
                      label="Due date"
                      type="date"
                      hint="For example, 2027-01-31"
                      defaultValue={value(`actions.${i}.due_date`)}
                      error={errors[`actions.${i}.due_date`]}
                      width="10"
                    />
                  </fieldset>
                ))}
                {actionSlots < MAX_ACTION_SLOTS ? (
                  <Button secondary name="intent" value="add-action" preventDoubleClick={false}>Add another action</Button>
                ) : null}
              </fieldset>
            </div>

            <div className="govuk-button-group">
              <Button name="intent" value="save">Record the visit</Button>
              <Link className="govuk-link" to={`/projects/${project.id}/visits`}>Cancel</Link>
            </div>
          </Form>
        </div>
      </div>
    </>
  );
}
