// The return's task list (GOV.UK task list pattern): its seven sections and where each
// stands, when it is due, and, when the council has queried it, exactly what they asked,
// section by section and figure by figure. "Check and submit" once every section is done.
//
// Officers covering the district see the same page read-only, with a link to review it;
// so does the provider once the return is submitted or approved.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { formatDateTime, ukToday as ukDate } from "~/lib/dates";
import {
  RETURN_SECTION_HINTS, RETURN_SECTION_LABELS, returnSectionHref, SECTION_STATE_LABELS, SECTION_STATE_TAG_CLASSES,
} from "~/schemas/returns";
import { can } from "~/policies/index";
import { requireFilingPage, requireReturnChaser } from "~/http/returns/access.server";
import { auditContext } from "~/http/guards.server";
import { refusedForm } from "~/http/errors.server";
import { dispatchIntent } from "~/http/intents.server";
import { chaseEmail, claimChase, sendChase, type ChaseClaim } from "~/models/returns/chase.server";
import { flash } from "~/services/session.server";
import { appUrl } from "~/services/app-url.server";
import { Button, ErrorSummary } from "~/components/forms";
import { Form } from "~/components/form";
import { formValues } from "~/lib/forms";
import { RETURN_STATUS_TAG_CLASSES } from "~/models/statuses";
import { incompleteSections, queryLabel, returnSummary } from "~/models/returns/detail.server";
import { notYetSubmittable } from "~/models/returns/submission-window";
import { getSettings } from "~/models/admin/settings.server";
import { getDb } from "../../db/client";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `${data.summary.quarter} return – ${data.summary.projectReference}` : "Quarterly return"} – Early help portal` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, ret, own, editable, detail, statuses } = await requireFilingPage(request, params.returnId, { editOnly: false });
  const summary = returnSummary(detail, ukDate());
  const incomplete = incompleteSections(statuses);
  const db = getDb();
  const [settings, reminded] = await Promise.all([
    getSettings(db),
    db.selectFrom("returns").leftJoin("users", "users.id", "returns.reminded_by").select(["returns.reminded_at", "users.name"])
      .where("returns.id", "=", detail.id).executeTakeFirstOrThrow(),
  ]);
  return json({
    canRemind: summary.overdue && can(user, "return:remind", ret.record),
    lastReminder: !own && reminded.reminded_at ? `${formatDateTime(reminded.reminded_at)}${reminded.name ? ` by ${reminded.name}` : ""}` : null,
    own,
    editable,
    canReview: can(user, "return:review", ret.record),
    summary: { ...summary, statusClass: RETURN_STATUS_TAG_CLASSES[detail.status] },
    sections: statuses.map((s) => ({
      section: s.section,
      label: RETURN_SECTION_LABELS[s.section],
      hint: RETURN_SECTION_HINTS[s.section],
      href: returnSectionHref(detail.id, s.section),
      state: s.state,
      stateLabel: SECTION_STATE_LABELS[s.state],
      stateClass: SECTION_STATE_TAG_CLASSES[s.state],
    })),
    queried: detail.status === "queried",
    queries: detail.status === "queried"
      ? detail.queries.map((q) => ({ id: q.id, label: queryLabel(q, detail.indicators), comment: q.comment, asked: formatDateTime(q.createdAt) }))
      : [],
    doneCount: statuses.length - incomplete.length,
    readyToSubmit: editable && incomplete.length === 0,
    notYet: editable ? notYetSubmittable(detail.periodEnd, settings.return_early_days, ukDate()) : null,
    versions: detail.versions.map((v) => ({ number: v.number, submitted: formatDateTime(v.submittedAt) })),
  });
}

/** "Send a reminder": an officer chases the overdue return (app/models/returns/chase.server.ts). */
export async function action(args: ActionFunctionArgs) {
  const { request, params, context } = args;
  const { user, ret } = await requireReturnChaser(request, params.returnId);
  const form = await request.formData();
  return dispatchIntent(form, {
    remind: async () => {
      const db = getDb();
      let claim: ChaseClaim;
      try {
        claim = await db.transaction().execute((trx) => claimChase(trx, auditContext(user, context), { returnId: ret.id, officerId: user.id }));
      } catch (error) {
        return refusedForm(error, formValues(form));
      }
      const [detail, settings] = await Promise.all([
        db.selectFrom("projects").select(["reference", "title"]).where("id", "=", ret.projectId).executeTakeFirstOrThrow(),
        getSettings(db),
      ]);
      const sent = await sendChase(db, auditContext(user, context), claim, (to) => chaseEmail({
        to: to.email, name: to.name, organisationName: to.organisationName, officerName: user.name, officerEmail: user.email,
        councilName: settings.council_name, quarter: ret.quarter, projectReference: detail.reference, projectTitle: detail.title,
        dueDate: ret.dueDate, link: appUrl(`/returns/${ret.id}`),
      }));
      const text = sent
        ? `A reminder has been e-mailed to ${sent === 1 ? "1 person" : `${sent} people`} at the provider.`
        : "The reminder could not be e-mailed to anyone at the provider. Nothing has been sent: try again later, or contact them another way.";
      return redirect(`/returns/${ret.id}`, { headers: { "Set-Cookie": await flash(request, { kind: sent ? "success" : "info", text }) } });
    },
  });
}

export default function ReturnTaskList() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { summary, sections } = data;
  return (
    <>
      {data.own ? (
        <Link to="/returns" className="govuk-back-link">Your returns</Link>
      ) : (
        <Link to={`/projects/${summary.projectId}`} className="govuk-back-link">Back to the project</Link>
      )}
      <ErrorSummary formError={result?.formError} submissionId={result?.submissionId} />
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">{summary.projectReference} – {summary.projectTitle}</span>
        {summary.quarter} quarterly return
      </h1>

      <dl className="govuk-summary-list govuk-!-margin-bottom-6">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Status</dt>
          <dd className="govuk-summary-list__value">
            <strong className={summary.statusClass}>{summary.statusLabel}</strong>
            {summary.late ? <strong className="govuk-tag govuk-tag--red govuk-!-margin-left-2">Late</strong> : null}
            {summary.overdue ? <strong className="govuk-tag govuk-tag--red govuk-!-margin-left-2">Overdue</strong> : null}
          </dd>
        </div>
        {!data.own ? (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Provider</dt>
            <dd className="govuk-summary-list__value">{summary.organisationName}</dd>
          </div>
        ) : null}
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Project</dt>
          <dd className="govuk-summary-list__value">
            <Link className="govuk-link" to={`/projects/${summary.projectId}`}>{summary.projectReference}</Link> – {summary.projectTitle}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">District</dt>
          <dd className="govuk-summary-list__value">{summary.districtName}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Period</dt>
          <dd className="govuk-summary-list__value">{summary.period}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Due</dt>
          <dd className="govuk-summary-list__value">
            {summary.due}
            {summary.overdue ? " – this return is overdue. You can still submit it: it will be marked as late." : ""}
          </dd>
        </div>
        {summary.submitted ? (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">{data.versions.length > 1 ? "Last submitted" : "Submitted"}</dt>
            <dd className="govuk-summary-list__value">
              {summary.submitted}{summary.submittedBy ? ` by ${summary.submittedBy}` : ""}
              {summary.firstSubmitted && data.versions.length > 1 ? (
                <span className="govuk-body-s govuk-!-display-block">First submitted {summary.firstSubmitted}</span>
              ) : null}
            </dd>
          </div>
        ) : null}
        {summary.approved ? (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Approved</dt>
            <dd className="govuk-summary-list__value">{summary.approved}</dd>
          </div>
        ) : null}
      </dl>

      {data.canRemind || data.lastReminder ? (
        <div className="govuk-!-margin-bottom-6">
          {data.lastReminder ? <p className="govuk-body">An officer last sent a reminder at {data.lastReminder}.</p> : null}
          {data.canRemind ? (
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="remind" />
              <p className="govuk-body">The provider is reminded each week while a return is overdue. You can also e-mail them a reminder now, once a day.</p>
              <Button secondary>Send a reminder</Button>
            </Form>
          ) : null}
        </div>
      ) : null}

      {data.queried && data.queries.length ? (
        <div className="govuk-notification-banner" role="region" aria-labelledby="queried-title" data-module="govuk-notification-banner">
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="queried-title">Important</h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">The council has asked about this return</p>
            <p className="govuk-body">Change the sections marked “Queried”, then check and submit the return again.</p>
            <dl className="govuk-summary-list">
              {data.queries.map((q) => (
                <div className="govuk-summary-list__row" key={q.id}>
                  <dt className="govuk-summary-list__key">{q.label}</dt>
                  <dd className="govuk-summary-list__value portal-pre-wrap">{q.comment}</dd>
                </div>
              ))}
            </dl>
          </div>
        </div>
      ) : null}

      {!data.editable ? (
        <div className="govuk-inset-text">
          {data.own
            ? summary.status === "approved"
              ? "This return has been approved. It can no longer be changed."
              : "This return has been submitted. You cannot change it unless the council queries it."
            : "You are reading this return. Only the provider can change it."}
          {data.canReview ? (
            <>
              {" "}
              <Link className="govuk-link" to={`/returns/${summary.id}/review`}>Review this return</Link>
            </>
          ) : null}
        </div>
      ) : null}

      {data.editable ? (
        <>
          <h2 className="govuk-heading-m">Fill in the figures in a spreadsheet</h2>
          <p className="govuk-body">
            If you keep your figures in a spreadsheet, you can fill in the outputs, outcomes and spend there instead of here.
          </p>
          <ul className="govuk-list">
            <li><a className="govuk-link" href={`/returns/${summary.id}/spreadsheet.xlsx`} download>Download as a spreadsheet</a></li>
            <li><Link className="govuk-link" to={`/returns/${summary.id}/spreadsheet`}>Upload the spreadsheet</Link></li>
          </ul>
        </>
      ) : null}

      <h2 className="govuk-heading-m">
        {data.editable ? `Sections (${data.doneCount} of ${sections.length} completed)` : "Sections"}
      </h2>
      <ul className="govuk-task-list">
        {sections.map((s) => (
          <li key={s.section} className={`govuk-task-list__item${data.editable ? " govuk-task-list__item--with-link" : ""}`}>
            <div className="govuk-task-list__name-and-hint">
              {data.editable ? (
                <Link className="govuk-link govuk-task-list__link" to={s.href} aria-describedby={`${s.section}-status`}>
                  {s.label}
                </Link>
              ) : (
                <span>{s.label}</span>
              )}
              <div className="govuk-task-list__hint">{s.hint}</div>
            </div>
            <div className="govuk-task-list__status" id={`${s.section}-status`}>
              {s.stateClass ? <strong className={s.stateClass}>{s.stateLabel}</strong> : s.stateLabel}
            </div>
          </li>
        ))}
      </ul>

      {data.editable ? (
        data.readyToSubmit ? (
          <>
            <h2 className="govuk-heading-m">Submit</h2>
            {data.notYet ? (
              <>
                <p className="govuk-body">Every section is complete. {data.notYet}</p>
                <Link className="govuk-link" to={`/returns/${summary.id}/check`}>Check your answers</Link>
              </>
            ) : (
              <>
                <p className="govuk-body">Every section is complete. Check your answers, then submit the return.</p>
                <Link className="govuk-button" to={`/returns/${summary.id}/check`}>Check and submit</Link>
              </>
            )}
          </>
        ) : (
          <>
            <h2 className="govuk-heading-m">Submit</h2>
            <p className="govuk-body">
              You can check and submit the return once every section is complete. You have completed {data.doneCount} of {sections.length}.
              {data.notYet ? ` ${data.notYet}` : null}
            </p>
          </>
        )
      ) : (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/returns/${summary.id}/check`}>Read the return's answers in full</Link>
        </p>
      )}

      {data.versions.length ? (
        <>
          <h2 className="govuk-heading-m">Submitted versions</h2>
          <ul className="govuk-list">
            {data.versions.map((v) => (
              <li key={v.number}>Version {v.number}, submitted {v.submitted}</li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
