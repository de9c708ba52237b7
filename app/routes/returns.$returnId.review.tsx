// An officer reviews a submitted return: every figure beside its target or profile with its
// RAG (the word as well as the colour), last quarter's figures for comparison, the people
// reached, the narrative, case studies, evidence, earlier queries and versions. Then either
// a query back to the provider (comments per section and per figure) or approval, which
// locks the return and records its spend in the district ledger.
//
// The provider of the return may open this page too and sees the same figures, but never
// the officer's forms.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, fieldId, Textarea } from "~/components/forms";
import { TableWrapper } from "~/components/lists";
import { failure, fieldValue, formValues, parseForm, type FormFailure } from "~/lib/forms";
import { formatPence } from "~/lib/money";
import { formatBytes } from "~/models/files.server";
import { ragThresholds } from "~/models/projects/rag.server";
import {
  approvedEmail, approveReturn, coversReturn, explainRefusal, getReviewPage, labelComments, QUERY_SECTIONS, queryEmail,
  queryFiguresOf, queryReturn, reviewBlockedReason, type ReviewIndicator,
} from "~/models/returns/review.server";
import { getSettings } from "~/models/admin/settings.server";
import { querySchema, reviewIntentSchema, REVIEW_MESSAGES } from "~/schemas/return-review";
import { bidderRecipients } from "~/models/awards/mail.server";
import { auditContext, forbidden } from "~/http/guards.server";
import { appUrl } from "~/services/mail-templates.server";
import { sendMailAfterCommit } from "~/services/mail.server";
import { flash } from "~/services/session.server";
import { can } from "~/policies/index";
import { requireReturnViewer } from "~/http/returns/access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Review the ${data.return.quarter} return: ${data.project.reference}` : "Review a return"} – Early help portal` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, ret: loaded } = await requireReturnViewer(request, params.returnId);
  const db = getDb();
  const settings = await getSettings(db);
  const thresholds = ragThresholds(settings);
  const { queryFigures, ...page } = await getReviewPage(db, loaded, thresholds);
  const isOfficer = coversReturn(user, loaded);
  const canReview = can(user, "return:review", loaded.record);
  return json({
    ...page,
    // Sizes are written on the server: formatBytes lives in a .server module the browser lacks.
    evidence: page.evidence.map((f) => ({ ...f, sizeText: formatBytes(f.size) })),
    thresholds: {
      figures: `Green at or above ${thresholds.greenPercent}% of the target, amber from ${thresholds.amberPercent}% up to ${thresholds.greenPercent}%, red below ${thresholds.amberPercent}%.`,
      spend: `Green within ±${thresholds.spendGreenVariancePercent}% of the profile, amber within ±${thresholds.spendAmberVariancePercent}%, red beyond.`,
    },
    // The officer's part of the page. Never sent to the provider.
    officer: isOfficer
      ? {
          canReview,
          version: loaded.version,
          blocked: canReview ? null : await reviewBlockedReason(db, loaded.id),
          sections: QUERY_SECTIONS,
          figures: queryFigures,
        }
      : null,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, ret: loaded } = await requireReturnViewer(request, params.returnId);
  if (!coversReturn(user, loaded)) {
    forbidden(user, "Only a commissioning officer covering this district can query or approve a return.");
  }
  const form = await request.formData();
  const values = formValues(form);
  const intent = reviewIntentSchema.safeParse(values);
  if (!intent.success) {
    const message = intent.error.issues.some((i) => i.path[0] === "version") ? REVIEW_MESSAGES.version : REVIEW_MESSAGES.intent;
    return json<FormFailure>(failure(values, {}, message), { status: 400 });
  }
  const db = getDb();
  const { version } = intent.data;
  // The officer covers the district; the rule then turns on the return's state: a return
  // already queried or approved, or changed since the page was opened, is a clear 409.
  if (!can(user, "return:review", loaded.record) || loaded.version !== version) {
    return json<FormFailure>(failure(values, {}, await explainRefusal(db, loaded.id, version)), { status: 409 });
  }
  const settings = await getSettings(db);
  const project = await db
    .selectFrom("projects")
    .select(["id", "reference", "title", "organisation_id"])
    .where("id", "=", loaded.projectId)
    .executeTakeFirstOrThrow();
  const audit = auditContext(user, context);

  if (intent.data.intent === "query") {
    const figures = await queryFiguresOf(db, loaded.projectId);
    const parsed = parseForm(querySchema(figures), form);
    if (!parsed.ok) return json<FormFailure>(parsed, { status: 400 });
    const outcome = await db.transaction().execute((trx) =>
      queryReturn(trx, audit, { returnId: loaded.id, expectedVersion: version, officerId: user.id, comments: parsed.data }),
    );
    if (outcome.outcome === "refused") return json<FormFailure>(failure(values, {}, outcome.message), { status: outcome.status });
    // The query has committed: now tell the provider exactly what was asked.
    const failed: string[] = [];
    const recipients = await bidderRecipients(db, project.organisation_id);
    for (const r of recipients) {
      const ok = await sendMailAfterCommit(
        queryEmail({
          to: r.email, name: r.name, officerName: user.name, quarter: loaded.quarter, projectReference: project.reference,
          projectTitle: project.title, organisationName: r.organisationName, comments: labelComments(parsed.data, figures),
          link: appUrl(request, `/returns/${loaded.id}`), councilName: settings.council_name,
        }),
      );
      if (!ok) failed.push(r.email);
    }
    const count = parsed.data.length;
    const text = [
      `The ${loaded.quarter} return for ${project.reference} has been queried with ${count === 1 ? "1 comment" : `${count} comments`} and is back with the provider.`,
      recipients.length === 0
        ? "The provider has no one to e-mail: tell them another way."
        : failed.length
          ? `The e-mail to ${failed.join(", ")} could not be sent: tell them another way.`
          : `${recipients.length === 1 ? "1 person has" : `${recipients.length} people have`} been e-mailed your comments.`,
    ].join(" ");
    return redirect(`/returns/${loaded.id}/review`, { headers: { "Set-Cookie": await flash(request, { kind: "success", text }) } });
  }

  const outcome = await db.transaction().execute((trx) =>
    approveReturn(trx, audit, { returnId: loaded.id, expectedVersion: version, officerId: user.id }),
  );
  if (outcome.outcome === "refused") return json<FormFailure>(failure(values, {}, outcome.message), { status: outcome.status });
  const spend = formatPence(outcome.value.spendPence);
  for (const r of await bidderRecipients(db, project.organisation_id)) {
    await sendMailAfterCommit(
      approvedEmail({
        to: r.email, name: r.name, quarter: loaded.quarter, projectReference: project.reference, projectTitle: project.title,
        spend, link: appUrl(request, `/returns/${loaded.id}`), councilName: settings.council_name,
      }),
    );
  }
  const text = `The ${loaded.quarter} return for ${project.reference} is approved and locked. Its spend of ${spend} is recorded in the district ledger.`;
  return redirect(`/returns/${loaded.id}/review`, { headers: { "Set-Cookie": await flash(request, { kind: "success", text }) } });
}

function Rag({ cell }: { cell: { label: string; tagClass: string } | null }) {
  if (!cell) return <span className="govuk-body-s">No RAG</span>;
  return <strong className={cell.tagClass}>{cell.label}</strong>;
}

const pre = { whiteSpace: "pre-line" } as const;

function IndicatorTable({ caption, rows, previousCaption }: { caption: string; rows: SerializeFrom<ReviewIndicator>[]; previousCaption: string | null }) {
  if (rows.length === 0) return null;
  return (
    <TableWrapper caption={caption}>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Figure</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Target</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Actual</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Achievement</th>
            <th scope="col" className="govuk-table__header">RAG</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">
              Previous quarter{previousCaption ? <span className="govuk-body-s govuk-!-display-block">{previousCaption}</span> : null}
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {rows.map((i) => (
            <tr className="govuk-table__row" key={i.id}>
              <th scope="row" className="govuk-table__header">
                {i.name}
                <span className="govuk-body-s govuk-!-display-block govuk-!-font-weight-regular">{i.measureText}</span>
                {i.comment ? (
                  <span className="govuk-body-s govuk-!-display-block govuk-!-font-weight-regular" style={pre}>Provider’s comment: {i.comment}</span>
                ) : null}
              </th>
              <td className="govuk-table__cell govuk-table__cell--numeric">
                {i.target}
                {i.toDate ? <span className="govuk-body-s govuk-!-display-block">{i.toDate.target} to date</span> : null}
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric">
                {i.actual}
                {i.toDate ? <span className="govuk-body-s govuk-!-display-block">{i.toDate.actual} to date</span> : null}
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{i.achievement}</td>
              <td className="govuk-table__cell"><Rag cell={i.rag} /></td>
              <td className="govuk-table__cell govuk-table__cell--numeric">
                {i.previous ? `${i.previous.actual} of ${i.previous.target}` : "–"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrapper>
  );
}

export default function ReviewReturn() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const r = data.return;
  const officer = data.officer;
  const values = result && !result.ok ? result.values : undefined;
  const errors = result && !result.ok ? result.errors : undefined;
  const intent = values?.intent;
  const queryErrors = intent === "query" ? errors : undefined;
  const outputs = data.indicators.filter((i) => i.kind === "output");
  const outcomes = data.indicators.filter((i) => i.kind === "outcome");
  const previousCaption = data.previousQuarter
    ? data.previousQuarter.approved
      ? data.previousQuarter.quarter
      : `${data.previousQuarter.quarter} (${data.previousQuarter.statusLabel.toLowerCase()}, not yet approved)`
    : null;

  return (
    <>
      <Link to={officer ? "/reviews" : "/"} className="govuk-back-link">{officer ? "Back to returns to review" : "Back"}</Link>
      <ErrorSummary errors={errors} formError={result && !result.ok ? result.formError : undefined} submissionId={result && !result.ok ? result.submissionId : undefined} />
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">{data.project.reference} {data.project.title} – {data.project.providerName}, {data.project.districtName}</span>
        {officer ? `Review the ${r.quarter} return` : `${r.quarter} return`}
      </h1>

      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Status</dt>
          <dd className="govuk-summary-list__value"><strong className={r.statusClass}>{r.statusLabel}</strong></dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Due</dt>
          <dd className="govuk-summary-list__value">{r.due}{r.late ? " (submitted late)" : ""}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Submitted</dt>
          <dd className="govuk-summary-list__value">{r.submittedAt ? `${r.submittedAt}${r.submittedBy ? ` by ${r.submittedBy}` : ""}` : "Not yet submitted"}</dd>
        </div>
        {r.approvedAt ? (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Approved</dt>
            <dd className="govuk-summary-list__value">{r.approvedAt}{r.approvedBy ? ` by ${r.approvedBy}` : ""}</dd>
          </div>
        ) : null}
      </dl>

      {!r.submitted ? <div className="govuk-inset-text">The provider has not submitted this return yet. What they have entered so far is shown below.</div> : null}

      <h2 className="govuk-heading-m">Outputs and outcomes</h2>
      <p className="govuk-body">{data.thresholds.figures} A cumulative figure compares the running total to date with the target to date.</p>
      <IndicatorTable caption="Outputs" rows={outputs} previousCaption={previousCaption} />
      <IndicatorTable caption="Outcomes" rows={outcomes} previousCaption={previousCaption} />

      <h2 className="govuk-heading-m">Spend</h2>
      <p className="govuk-body">{data.thresholds.spend}</p>
      <TableWrapper caption="Spend against the profile">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-visually-hidden">Spend against the profile</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Category</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Profile</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Spent</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Variance</th>
              <th scope="col" className="govuk-table__header">RAG</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Previous quarter</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {[...data.spend.lines, data.spend.total].map((s, index) => {
              const total = index === data.spend.lines.length;
              return (
                <tr className="govuk-table__row" key={total ? "total" : s.category}>
                  <th scope="row" className="govuk-table__header">
                    {s.label}
                    {s.varianceReason ? (
                      <span className="govuk-body-s govuk-!-display-block govuk-!-font-weight-regular" style={pre}>Reason for the variance: {s.varianceReason}</span>
                    ) : null}
                  </th>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{s.profile}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{s.actual}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{s.variance}</td>
                  <td className="govuk-table__cell"><Rag cell={s.rag} /></td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{s.previous ?? "–"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrapper>

      <h2 className="govuk-heading-m">People reached</h2>
      <TableWrapper caption="People reached by age band">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-visually-hidden">People reached by age band</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Age band</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">New</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Continuing</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Total</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {data.beneficiaries.rows.map((b) => (
              <tr className="govuk-table__row" key={b.band}>
                <th scope="row" className="govuk-table__header">{b.band === "adults" ? "Adults" : b.band}</th>
                <td className="govuk-table__cell govuk-table__cell--numeric">{b.newCount}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{b.continuingCount}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{b.total}</td>
              </tr>
            ))}
            <tr className="govuk-table__row">
              <th scope="row" className="govuk-table__header">Total</th>
              <td className="govuk-table__cell govuk-table__cell--numeric">{data.beneficiaries.totalNew}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{data.beneficiaries.totalContinuing}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{data.beneficiaries.total}</td>
            </tr>
          </tbody>
        </table>
      </TableWrapper>
      {data.beneficiaries.previousTotal !== null ? (
        <p className="govuk-body">Previous quarter: {data.beneficiaries.previousTotal} people in total.</p>
      ) : null}

      <h2 className="govuk-heading-m">Narrative</h2>
      <dl className="govuk-summary-list">
        {data.narrative.map((n) => (
          <div className="govuk-summary-list__row" key={n.label}>
            <dt className="govuk-summary-list__key">{n.label}</dt>
            <dd className="govuk-summary-list__value" style={pre}>{n.text || "Not given"}</dd>
          </div>
        ))}
      </dl>

      <h2 className="govuk-heading-m">Case studies</h2>
      {data.caseStudies.length === 0 ? <p className="govuk-body">No case studies.</p> : null}
      {data.caseStudies.map((c) => (
        <div className="govuk-summary-card" key={c.id}>
          <div className="govuk-summary-card__title-wrapper">
            <h3 className="govuk-summary-card__title">{c.title}</h3>
          </div>
          <div className="govuk-summary-card__content">
            <p className="govuk-body" style={pre}>{c.story}</p>
            <p className="govuk-body-s">
              Themes: {c.themes.length ? c.themes.join(", ") : "none"}. Consent {c.consent ? "confirmed" : "not confirmed"}.
            </p>
          </div>
        </div>
      ))}

      <h2 className="govuk-heading-m">Evidence</h2>
      {data.evidence.length === 0 ? (
        <p className="govuk-body">No evidence files.</p>
      ) : (
        <ul className="govuk-list govuk-list--bullet">
          {data.evidence.map((f) => (
            <li key={f.id}>
              <Link className="govuk-link" to={`/returns/${r.id}/evidence/${f.id}`} reloadDocument>{f.filename}</Link> ({f.sizeText}, uploaded {f.uploaded})
            </li>
          ))}
        </ul>
      )}

      <h2 className="govuk-heading-m">Queries</h2>
      {data.queries.length === 0 ? (
        <p className="govuk-body">This return has not been queried.</p>
      ) : (
        <TableWrapper caption="Queries on this return">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Queries on this return</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Version</th>
                <th scope="col" className="govuk-table__header">Section</th>
                <th scope="col" className="govuk-table__header">Comment</th>
                <th scope="col" className="govuk-table__header">By</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {data.queries.map((q) => (
                <tr className="govuk-table__row" key={q.id}>
                  <td className="govuk-table__cell">{q.versionNumber}</td>
                  <td className="govuk-table__cell">{q.sectionLabel}{q.figure ? `: ${q.figure}` : ""}</td>
                  <td className="govuk-table__cell" style={pre}>{q.comment}</td>
                  <td className="govuk-table__cell">{q.by ?? "–"}, {q.at}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrapper>
      )}

      <h2 className="govuk-heading-m">Versions</h2>
      {data.versions.length === 0 ? (
        <p className="govuk-body">No version has been submitted yet.</p>
      ) : (
        <>
          <ul className="govuk-list">
            {data.versions.map((v) => (
              <li key={v.number}>Version {v.number}: submitted {v.submittedAt}{v.submittedBy ? ` by ${v.submittedBy}` : ""}</li>
            ))}
          </ul>
          <p className="govuk-body">
            <Link className="govuk-link" to={`/returns/${r.id}/versions`}>
              {data.versions.length > 1 ? "Compare the versions" : "See the submitted version"}
            </Link>
          </p>
        </>
      )}

      {officer ? (
        officer.canReview ? (
          <>
            <h2 className="govuk-heading-l govuk-!-margin-top-8" id="review">Your review</h2>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="query" />
              <input type="hidden" name="version" value={officer.version} />
              <fieldset className="govuk-fieldset">
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
                  <h3 className="govuk-fieldset__heading">Query the return</h3>
                </legend>
                <p className="govuk-body">
                  Write what the provider needs to answer or change, on any section or figure. Leave the rest empty. The provider is e-mailed exactly
                  what you write, and the return goes back to them until they resubmit it.
                </p>
                {officer.sections.map((s) => (
                  <div key={s.key}>
                    <Textarea
                      name={`section.${s.key}`}
                      label={`Comment on ${s.label.toLowerCase()}`}
                      error={queryErrors?.[`section.${s.key}`]}
                      defaultValue={fieldValue(intent === "query" ? values : undefined, `section.${s.key}`)}
                      rows={3}
                    />
                    {officer.figures.filter((f) => f.section === s.key).map((f) => (
                      <Textarea
                        key={f.indicatorId}
                        name={`figure.${f.indicatorId}`}
                        label={`Comment on the figure: ${f.label}`}
                        error={queryErrors?.[`figure.${f.indicatorId}`]}
                        defaultValue={fieldValue(intent === "query" ? values : undefined, `figure.${f.indicatorId}`)}
                        rows={2}
                      />
                    ))}
                  </div>
                ))}
              </fieldset>
              <Button secondary>Send the query to the provider</Button>
            </Form>

            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="approve" />
              <input type="hidden" name="version" value={officer.version} />
              <h3 className="govuk-heading-m">Approve the return</h3>
              <p className="govuk-body">
                Approving locks the return: the provider can no longer change it, and its spend of {data.spend.total.actual} is recorded as spent in the
                district ledger.
              </p>
              <Button>Approve the return</Button>
            </Form>
          </>
        ) : (
          <div className="govuk-inset-text" id={fieldId("review")}>{officer.blocked}</div>
        )
      ) : null}
    </>
  );
}
