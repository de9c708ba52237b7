// One monitoring visit: the record, the grades and the actions. Officers covering the
// district close actions (with an optional note); the project's provider reads it all.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, Textarea } from "~/components/forms";
import { formatDate, ukToday } from "~/lib/dates";
import { failure, fieldValue, formValues, parseForm, type FormFailure } from "~/lib/forms";
import { getVisit } from "~/models/visits/read.server";
import { closeVisitAction } from "~/models/visits/record.server";
import { GRADE_LABELS, GRADE_TAG_CLASSES } from "~/schemas/visits";
import { closeActionSchema } from "~/schemas/visits.server";
import { auditContext, notFound } from "~/http/guards.server";
import { refusedForm } from "~/http/errors.server";
import { requireProjectManager, requireProjectViewer } from "~/http/projects/access.server";
import { flash } from "~/services/session.server";
import { can } from "~/policies/index";
import { Form } from "~/components/form";
import { TableWrapper } from "~/components/lists";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Monitoring visit on ${data.visit.date}, ${data.project.reference}` : "Monitoring visit"} – Early help portal` },
];

const REFUSED = "Only a commissioning officer covering the project's district can close a visit's actions.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, project } = await requireProjectViewer(request, params.projectId);
  const visit = await getVisit(getDb(), project.id, params.visitId ?? "");
  if (!visit) notFound("Visit not found");
  const today = ukToday();
  return json({
    project: { id: project.id, reference: project.reference, title: project.title },
    visit: {
      id: visit.id,
      date: formatDate(visit.visitDate),
      officerName: visit.officerName ?? "Not recorded",
      areasSeen: visit.areasSeen,
      findings: visit.findings,
      overallGrade: visit.overallGrade,
      grades: visit.grades,
      recordedBy: visit.recordedByName,
      recordedOn: formatDate(visit.createdAt),
      actions: visit.actions.map((a) => ({
        id: a.id,
        action: a.action,
        owner: a.owner,
        due: formatDate(a.dueDate),
        overdue: a.status === "open" && a.dueDate < today,
        status: a.status,
        closedOn: formatDate(a.closedAt),
        closedBy: a.closedByName,
        closingNote: a.closingNote,
        version: a.version,
      })),
    },
    canClose: can(user, "project:manage", project.record),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, project } = await requireProjectManager(request, params.projectId, REFUSED);
  const db = getDb();
  const visit = await getVisit(db, project.id, params.visitId ?? "");
  if (!visit) notFound("Visit not found");
  const form = await request.formData();
  const values = formValues(form);
  if (values.intent !== "close-action") return json<FormFailure>(failure(values, {}, "This form is out of date: reload the page and try again"), { status: 400 });

  const parsed = parseForm(closeActionSchema(), form);
  if (!parsed.ok) {
    const { form: formError, ...errors } = parsed.errors;
    return json<FormFailure>(failure(values, errors, formError), { status: 400 });
  }
  let closed: { action: string };
  try {
    closed = await db.transaction().execute((trx) =>
      closeVisitAction(trx, auditContext(user, context), {
        visitId: visit.id, actionId: parsed.data.actionId, version: parsed.data.version, closingNote: parsed.data.closingNote, userId: user.id,
      }),
    );
  } catch (error) {
    return refusedForm(error, values);
  }
  return redirect(`/projects/${project.id}/visits/${visit.id}`, {
    headers: { "Set-Cookie": await flash(request, { kind: "success", text: `The action "${shorten(closed.action)}" has been closed.` }) },
  });
}

function shorten(text: string, max = 80): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text.split(/\n{2,}/).map((p, i) => (
        <p className="govuk-body portal-pre-line" key={i}>{p}</p>
      ))}
    </>
  );
}

export default function VisitView() {
  const { project, visit, canClose } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  const open = visit.actions.filter((a) => a.status === "open");
  const closed = visit.actions.filter((a) => a.status === "closed");
  return (
    <>
      <Link to={`/projects/${project.id}/visits`} className="govuk-back-link">Back to the project's visits</Link>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
          <h1 className="govuk-heading-l">
            <span className="govuk-caption-l">{project.reference} – {project.title}</span>
            Monitoring visit on {visit.date}
          </h1>
          <dl className="govuk-summary-list">
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Date</dt>
              <dd className="govuk-summary-list__value">{visit.date}</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Officer</dt>
              <dd className="govuk-summary-list__value">{visit.officerName}</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Overall grade</dt>
              <dd className="govuk-summary-list__value">
                <strong className={GRADE_TAG_CLASSES[visit.overallGrade]}>{visit.overallGrade} {GRADE_LABELS[visit.overallGrade]}</strong>
              </dd>
            </div>
            {visit.recordedBy ? (
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Recorded</dt>
                <dd className="govuk-summary-list__value">{visit.recordedOn} by {visit.recordedBy}</dd>
              </div>
            ) : null}
          </dl>

          <h2 className="govuk-heading-m">Areas seen</h2>
          <Paragraphs text={visit.areasSeen} />
          <h2 className="govuk-heading-m">Findings</h2>
          <Paragraphs text={visit.findings} />

          <TableWrapper caption="Grades">
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-table__caption--m">Grades</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">Area</th>
                  <th scope="col" className="govuk-table__header">Grade</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {visit.grades.map((g) => (
                  <tr className="govuk-table__row" key={g.area}>
                    <th scope="row" className="govuk-table__header">{g.label}</th>
                    <td className="govuk-table__cell">
                      <strong className={GRADE_TAG_CLASSES[g.grade]}>{g.grade} {GRADE_LABELS[g.grade]}</strong>
                    </td>
                  </tr>
                ))}
                <tr className="govuk-table__row">
                  <th scope="row" className="govuk-table__header">Overall</th>
                  <td className="govuk-table__cell">
                    <strong className={GRADE_TAG_CLASSES[visit.overallGrade]}>{visit.overallGrade} {GRADE_LABELS[visit.overallGrade]}</strong>
                  </td>
                </tr>
              </tbody>
            </table>
          </TableWrapper>

          <h2 className="govuk-heading-m">Actions</h2>
          {visit.actions.length === 0 ? <p className="govuk-body">No actions were agreed at this visit.</p> : null}
          {open.length > 0 ? (
            <>
              <h3 className="govuk-heading-s">Open ({open.length})</h3>
              {open.map((a) => (
                <div className="govuk-summary-card" key={a.id} id={`action-${a.id}`}>
                  <div className="govuk-summary-card__title-wrapper">
                    <h4 className="govuk-summary-card__title">
                      Due {a.due}{" "}
                      {a.overdue ? <strong className="govuk-tag govuk-tag--red">Overdue</strong> : <strong className="govuk-tag govuk-tag--blue">Open</strong>}
                    </h4>
                  </div>
                  <div className="govuk-summary-card__content">
                    <dl className="govuk-summary-list">
                      <div className="govuk-summary-list__row">
                        <dt className="govuk-summary-list__key">Action</dt>
                        <dd className="govuk-summary-list__value portal-pre-line">{a.action}</dd>
                      </div>
                      <div className="govuk-summary-list__row">
                        <dt className="govuk-summary-list__key">Owner</dt>
                        <dd className="govuk-summary-list__value">{a.owner}</dd>
                      </div>
                    </dl>
                    {canClose ? (
                      <Form method="post" noValidate>
                        <input type="hidden" name="intent" value="close-action" />
                        <input type="hidden" name="action_id" value={a.id} />
                        <input type="hidden" name="version" value={a.version} />
                        <Textarea
                          name={`closing_note.${a.id}`}
                          label="Closing note (optional)"
                          hint="What was done, or why the action is no longer needed."
                          defaultValue={fieldValue(result?.values, `closing_note.${a.id}`)}
                          error={errors[`closing_note.${a.id}`]}
                          rows={2}
                        />
                        <Button secondary>Close this action</Button>
                      </Form>
                    ) : null}
                  </div>
                </div>
              ))}
            </>
          ) : null}
          {closed.length > 0 ? (
            <TableWrapper caption="Closed actions">
              <table className="govuk-table">
                <caption className="govuk-table__caption govuk-table__caption--s">Closed ({closed.length})</caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">Action</th>
                    <th scope="col" className="govuk-table__header">Owner</th>
                    <th scope="col" className="govuk-table__header">Due</th>
                    <th scope="col" className="govuk-table__header">Closed</th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {closed.map((a) => (
                    <tr className="govuk-table__row" key={a.id}>
                      <td className="govuk-table__cell portal-pre-line">{a.action}</td>
                      <td className="govuk-table__cell">{a.owner}</td>
                      <td className="govuk-table__cell">{a.due}</td>
                      <td className="govuk-table__cell">
                        {a.closedOn}{a.closedBy ? ` by ${a.closedBy}` : ""}
                        {a.closingNote ? <p className="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">{a.closingNote}</p> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrapper>
          ) : null}
        </div>
      </div>
    </>
  );
}
