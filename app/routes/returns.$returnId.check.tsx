// Check your answers, declare, submit. Every section's answers with a "Change" link; the
// declaration and the button appear once every section is complete. Submitting stores a
// snapshot of the whole return as its next version, in one transaction with the status
// change and the audit event. Pressing the button twice submits once and says so.
//
// When the return cannot be changed (submitted, approved, or an officer reading it), the same
// page shows the answers read-only.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary } from "~/components/forms";
import { formatDateTime, ukToday as ukDate } from "~/lib/dates";
import { failure, formValues, type FormFailure } from "~/lib/forms";
import { formatBytes } from "~/models/files.server";
import { getSettings } from "~/models/admin/settings.server";
import {
  RETURN_MESSAGES, RETURN_SECTION_LABELS, RETURN_SECTIONS, returnSectionHref, type ReturnSection,
} from "~/schemas/returns";
import { declarationSchema } from "~/schemas/returns.server";
import { auditContext, forbidden } from "~/http/guards.server";
import { flash } from "~/services/session.server";
import { can } from "~/policies/index";
import { requireFilingPage, requireReturnViewer } from "~/http/returns/access.server";
import { returnLockedMessage } from "~/policies/returns";
import { RETURN_AWAITING_REVIEW } from "~/models/statuses";
import { incompleteSections, returnSummary } from "~/models/returns/detail.server";
import { returnAnswersView, submitReturn } from "~/models/returns/submit.server";
import { notYetSubmittable } from "~/models/returns/submission-window";
import { notifyReturnSubmitted } from "~/models/notifications/notify.server";
import { Form } from "~/components/form";
import { TableWrapper } from "~/components/lists";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: `${data?.mode === "check" ? "Check your answers before submitting your return" : "Quarterly return answers"} – ${data?.summary.quarter ?? ""} – Early help portal`,
  },
];

interface Problem {
  section: ReturnSection;
  label: string;
  href: string;
}

function problemsFor(returnId: string, sections: readonly ReturnSection[]): Problem[] {
  return sections.map((section) => ({ section, label: RETURN_SECTION_LABELS[section], href: returnSectionHref(returnId, section) }));
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, ret, own, editable, detail, statuses } = await requireFilingPage(request, params.returnId, { editOnly: false });
  const settings = await getSettings(getDb());
  return json({
    mode: editable ? ("check" as const) : ("view" as const),
    own,
    canReview: can(user, "return:review", ret.record),
    summary: returnSummary(detail, ukDate()),
    problems: problemsFor(detail.id, incompleteSections(statuses)),
    notYet: editable ? notYetSubmittable(detail.periodEnd, settings.return_early_days, ukDate()) : null,
    answers: returnAnswersView(detail, settings.spend_green_variance_percent, formatBytes),
    variancePercent: settings.spend_green_variance_percent,
  });
}

type SubmitFailure = FormFailure & { problems?: Problem[] };

async function alreadySubmitted(request: Request, returnId: string, submittedAt: string | null) {
  return redirect(`/returns/${returnId}`, {
    headers: {
      "Set-Cookie": await flash(request, {
        kind: "info",
        text: `You have already submitted this return${submittedAt ? `, at ${formatDateTime(submittedAt)}` : ""}. It was submitted once: nothing more has been sent.`,
      }),
    },
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  // The clock is read once, as the request arrives: lateness is judged by it.
  const now = new Date();
  const { user, ret, own, editable } = await requireReturnViewer(request, params.returnId);
  const db = getDb();
  if (own && RETURN_AWAITING_REVIEW.includes(ret.status)) {
    const row = await db.selectFrom("returns").select("submitted_at").where("id", "=", ret.id).executeTakeFirstOrThrow();
    return alreadySubmitted(request, ret.id, row.submitted_at);
  }
  if (!editable) forbidden(user, returnLockedMessage(ret.status, own));

  const values = formValues(await request.formData());
  const parsed = declarationSchema.safeParse(values);
  if (!parsed.success) {
    const versionProblem = parsed.error.issues.find((i) => i.path[0] === "version");
    if (versionProblem) return json<SubmitFailure>(failure(values, {}, RETURN_MESSAGES.version), { status: 400 });
    return json<SubmitFailure>(failure(values, { declaration: RETURN_MESSAGES.declaration }), { status: 400 });
  }

  const outcome = await db.transaction().execute((trx) =>
    submitReturn(trx, auditContext(user, context), { returnId: ret.id, version: parsed.data.version, userId: user.id }, now),
  );
  switch (outcome.outcome) {
    case "already-submitted":
      if (RETURN_AWAITING_REVIEW.includes(outcome.status)) return alreadySubmitted(request, ret.id, outcome.submittedAt);
      return json<SubmitFailure>(failure(values, {}, returnLockedMessage(outcome.status, true)), { status: 409 });
    case "stale":
      return json<SubmitFailure>(failure(values, {}, outcome.message), { status: 409 });
    case "too-early":
      return json<SubmitFailure>(failure(values, {}, outcome.message), { status: 400 });
    case "incomplete":
      return json<SubmitFailure>(
        {
          ...failure(values, {}, `You cannot submit this return yet. Complete these sections first: ${outcome.sections.map((s) => RETURN_SECTION_LABELS[s]).join(", ")}.`),
          problems: problemsFor(ret.id, outcome.sections),
        },
        { status: 400 },
      );
    default:
      break;
  }
  await notifyReturnSubmitted(db, { returnId: ret.id, record: { ...ret.record, status: outcome.status }, resubmitted: outcome.status === "resubmitted", late: outcome.late });
  const done = outcome.status === "resubmitted" ? "Your changes have been submitted" : "Your return has been submitted";
  const lateNote = outcome.late ? " It was submitted after its due date, so it is marked as late." : "";
  return redirect(`/returns/${ret.id}`, {
    headers: {
      "Set-Cookie": await flash(request, {
        kind: "success",
        text: `${done} (version ${outcome.versionNumber}). The council will review it and may ask you about it.${lateNote}`,
      }),
    },
  });
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function CheckYourAnswers() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { summary, mode } = data;
  const problems = result && "problems" in result && result.problems ? result.problems : data.problems;
  const checking = mode === "check";
  return (
    <>
      <Link to={`/returns/${summary.id}`} className="govuk-back-link">Back to the return</Link>
      <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">{summary.projectReference} – {summary.quarter} return</span>
        {checking ? "Check your answers before submitting your return" : "Quarterly return answers"}
      </h1>
      {!checking ? (
        <p className="govuk-body">
          Status: <strong>{summary.statusLabel}</strong>
          {summary.submitted ? `. Submitted ${summary.submitted}${summary.submittedBy ? ` by ${summary.submittedBy}` : ""}` : ""}
          {summary.late ? " (late)" : ""}.
          {data.canReview ? (
            <>
              {" "}
              <Link className="govuk-link" to={`/returns/${summary.id}/review`}>Review this return</Link>
            </>
          ) : null}
        </p>
      ) : null}

      {checking && problems.length ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
          <div className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            Before you can submit, complete these sections:
            <ul className="govuk-list govuk-list--bullet govuk-!-margin-top-2">
              {problems.map((p) => (
                <li key={p.section}>
                  <Link className="govuk-link" to={p.href}>{p.label}</Link>
                </li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}

      {checking && data.notYet ? <div className="govuk-inset-text">{data.notYet}</div> : null}

      <Answers data={data} />

      {checking && problems.length === 0 && !data.notYet ? (
        <Form method="post" noValidate>
          <input type="hidden" name="version" value={summary.version} />
          <h2 className="govuk-heading-m">Declaration</h2>
          <div className={`govuk-form-group${result?.errors.declaration ? " govuk-form-group--error" : ""}`}>
            <fieldset className="govuk-fieldset" aria-describedby={result?.errors.declaration ? "declaration-error" : undefined}>
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Confirm your return</legend>
              {result?.errors.declaration ? (
                <p id="declaration-error" className="govuk-error-message">
                  <span className="govuk-visually-hidden">Error:</span> {result.errors.declaration}
                </p>
              ) : null}
              <div className="govuk-checkboxes govuk-checkboxes--small">
                <div className="govuk-checkboxes__item">
                  <input className="govuk-checkboxes__input" id="declaration" name="declaration" type="checkbox" value="yes" />
                  <label className="govuk-label govuk-checkboxes__label" htmlFor="declaration">
                    I confirm that the information in this return is correct and complete to the best of my knowledge, that the case
                    studies have consent and identify no one, and that I may submit it on behalf of {summary.organisationName}.
                  </label>
                </div>
              </div>
            </fieldset>
          </div>
          <p className="govuk-body">
            Once submitted, the return cannot be changed unless the council queries it.
            {summary.overdue ? ` It was due on ${summary.due}, so it will be marked as late.` : ` It is due on ${summary.due}.`}
          </p>
          <Button>Submit your return</Button>
        </Form>
      ) : null}
    </>
  );
}

function Section({ title, section, data, children }: { title: string; section: ReturnSection; data: LoaderData; children: ReactNode }) {
  return (
    <div className="govuk-summary-card">
      <div className="govuk-summary-card__title-wrapper">
        <h2 className="govuk-summary-card__title">{title}</h2>
        {data.mode === "check" ? (
          <ul className="govuk-summary-card__actions">
            <li className="govuk-summary-card__action">
              <Link className="govuk-link" to={returnSectionHref(data.summary.id, section)}>
                Change<span className="govuk-visually-hidden"> {title.toLowerCase()}</span>
              </Link>
            </li>
          </ul>
        ) : null}
      </div>
      <div className="govuk-summary-card__content">{children}</div>
    </div>
  );
}

function Rows({ rows, empty }: { rows: { key: string; value: string; notes: string[] }[]; empty: string }) {
  if (!rows.length) return <p className="govuk-body">{empty}</p>;
  return (
    <dl className="govuk-summary-list">
      {rows.map((r) => (
        <div className="govuk-summary-list__row" key={r.key}>
          <dt className="govuk-summary-list__key">{r.key}</dt>
          <dd className="govuk-summary-list__value">
            {r.value}
            {r.notes.map((n, i) => (
              <span key={i} className="govuk-body-s govuk-!-display-block portal-pre-wrap">{n}</span>
            ))}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Answers({ data }: { data: LoaderData }) {
  const { answers, summary } = data;
  const sections: Record<ReturnSection, ReactNode> = {
    outputs: <Rows rows={answers.outputs} empty="This project has no output indicators." />,
    outcomes: <Rows rows={answers.outcomes} empty="This project has no outcome indicators." />,
    spend: (
      <>
        <Rows rows={answers.spend} empty="No spend." />
        <p className="govuk-body">Total spent {answers.spendTotal.actual} against a profile of {answers.spendTotal.profile}.</p>
      </>
    ),
    beneficiaries: (
      <TableWrapper caption="Beneficiaries by age">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-visually-hidden">Beneficiaries by age</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Age</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">New</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Continuing</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Total</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {answers.beneficiaries.map((b) => (
              <tr className="govuk-table__row" key={b.band}>
                <th scope="row" className="govuk-table__header">{b.band}</th>
                <td className="govuk-table__cell govuk-table__cell--numeric">{b.newCount.toLocaleString("en-GB")}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{b.continuingCount.toLocaleString("en-GB")}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{b.total.toLocaleString("en-GB")}</td>
              </tr>
            ))}
            <tr className="govuk-table__row">
              <th scope="row" className="govuk-table__header">Total</th>
              <td className="govuk-table__cell govuk-table__cell--numeric">{answers.beneficiaryTotals.newCount.toLocaleString("en-GB")}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{answers.beneficiaryTotals.continuingCount.toLocaleString("en-GB")}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric"><strong>{answers.beneficiaryTotals.total.toLocaleString("en-GB")}</strong></td>
            </tr>
          </tbody>
        </table>
      </TableWrapper>
    ),
    narrative: (
      <dl className="govuk-summary-list">
        {answers.narrative.map((n) => (
          <div className="govuk-summary-list__row" key={n.key}>
            <dt className="govuk-summary-list__key">{n.key}</dt>
            <dd className="govuk-summary-list__value portal-pre-wrap">{n.value || "Not given"}</dd>
          </div>
        ))}
      </dl>
    ),
    case_studies: answers.caseStudies.length ? (
      <>
        {answers.caseStudies.map((c) => (
          <div key={c.id} className="govuk-!-margin-bottom-6">
            <h3 className="govuk-heading-s">{c.title}</h3>
            <p className="govuk-body portal-pre-wrap">{c.story}</p>
            <dl className="govuk-summary-list govuk-summary-list--no-border">
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Themes</dt>
                <dd className="govuk-summary-list__value">{c.themes}</dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Outcomes it shows</dt>
                <dd className="govuk-summary-list__value">{c.indicators}</dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Consent</dt>
                <dd className="govuk-summary-list__value">{c.consent}</dd>
              </div>
              {c.override ? (
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Checked as not personal data</dt>
                  <dd className="govuk-summary-list__value">{c.override}</dd>
                </div>
              ) : null}
            </dl>
          </div>
        ))}
      </>
    ) : (
      <p className="govuk-body">No case studies.</p>
    ),
    evidence: answers.evidence.length ? (
      <ul className="govuk-list">
        {answers.evidence.map((f) => (
          <li key={f.id}>
            <a className="govuk-link" href={`/returns/${summary.id}/evidence/${f.id}`} download>{f.filename}</a> ({f.size})
          </li>
        ))}
      </ul>
    ) : (
      <p className="govuk-body">No files.</p>
    ),
  };
  return (
    <>
      {RETURN_SECTIONS.map((section) => (
        <Section key={section} title={RETURN_SECTION_LABELS[section]} section={section} data={data}>
          {sections[section]}
        </Section>
      ))}
    </>
  );
}
