// An officer reviews a submitted return: every figure beside its target or profile with its
// RAG (the word as well as the colour), last quarter's figures for comparison, the people
// reached, the narrative, case studies, evidence, earlier queries and versions. Then either
// a query back to the provider (comments per section and per figure) or approval, which
// locks the return and records its spend in the district ledger.
//
// The provider of the return may open this page too and sees the same figures, but never
// the officer's forms.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, TypedResponse } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, fieldId, Textarea } from "~/components/forms";
import { IndicatorTable, PeopleTable, QueryTable, SpendTable } from "~/components/returns/review-tables";
import { failure, fieldValue, formValues, parseForm, type FormFailure } from "~/lib/forms";
import { formatPence } from "~/lib/money";
import { formatBytes } from "~/models/files.server";
import { ragThresholds } from "~/models/projects/rag.server";
import { getSettings } from "~/models/admin/settings.server";
import { QUERY_SECTIONS, REVIEW_MESSAGES } from "~/schemas/return-review";
import { querySchema, reviewVersionSchema } from "~/schemas/return-review.server";
import { bidderRecipients } from "~/models/awards/mail.server";
import { auditContext } from "~/http/guards.server";
import { refusedForm } from "~/http/errors.server";
import { dispatchIntent } from "~/http/intents.server";
import { appUrl } from "~/services/app-url.server";
import { sendMailAfterCommit } from "~/services/mail.server";
import { flash } from "~/services/session.server";
import { can } from "~/policies/index";
import { requireReturnOfficer, requireReturnViewer } from "~/http/returns/access.server";
import { getReviewPage } from "~/models/returns/review-page.server";
import { approveReturn, explainRefusal, queryFiguresOf, queryReturn, reviewBlockedReason } from "~/models/returns/review-decision.server";
import { approvedEmail, labelComments, queryEmail } from "~/models/returns/review-emails.server";
import { Form } from "~/components/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Review the ${data.return.quarter} return: ${data.project.reference}` : "Review a return"} – Early help portal` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, ret: loaded } = await requireReturnViewer(request, params.returnId);
  const db = getDb();
  const settings = await getSettings(db);
  const thresholds = ragThresholds(settings);
  const { queryFigures, ...page } = await getReviewPage(db, loaded, thresholds);
  const isOfficer = can(user, "project:manage", loaded.record.project);
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
  const { user, ret: loaded } = await requireReturnOfficer(request, params.returnId);
  const form = await request.formData();
  const values = formValues(form);
  const db = getDb();
  const audit = auditContext(user, context);

  /** Both decisions start the same: the version the officer saw, and the return still waiting for review at it. */
  const decide = async (run: (version: number) => Promise<TypedResponse<FormFailure> | TypedResponse<never>>) => {
    const parsed = reviewVersionSchema.safeParse(values);
    if (!parsed.success) return json<FormFailure>(failure(values, {}, REVIEW_MESSAGES.version), { status: 400 });
    const { version } = parsed.data;
    // The officer covers the district; the rule then turns on the return's state: a return
    // already queried or approved, or changed since the page was opened, is a clear 409.
    if (!can(user, "return:review", loaded.record) || loaded.version !== version) {
      return json<FormFailure>(failure(values, {}, await explainRefusal(db, loaded.id, version)), { status: 409 });
    }
    try {
      return await run(version);
    } catch (error) {
      return refusedForm(error, values);
    }
  };
  const project = () =>
    db.selectFrom("projects").select(["id", "reference", "title", "organisation_id"]).where("id", "=", loaded.projectId).executeTakeFirstOrThrow();
  const done = async (text: string) =>
    redirect(`/returns/${loaded.id}/review`, { headers: { "Set-Cookie": await flash(request, { kind: "success", text }) } });

  return dispatchIntent(form, {
    query: () => decide(async (version) => {
      const figures = await queryFiguresOf(db, loaded.projectId);
      const parsed = parseForm(querySchema(figures), form);
      if (!parsed.ok) return json<FormFailure>(parsed, { status: 400 });
      await db.transaction().execute((trx) =>
        queryReturn(trx, audit, { returnId: loaded.id, expectedVersion: version, officerId: user.id, comments: parsed.data }),
      );
      // The query has committed: now tell the provider exactly what was asked.
      const [settings, p] = await Promise.all([getSettings(db), project()]);
      const failed: string[] = [];
      const recipients = await bidderRecipients(db, p.organisation_id);
      for (const r of recipients) {
        const ok = await sendMailAfterCommit(
          queryEmail({
            to: r.email, name: r.name, officerName: user.name, quarter: loaded.quarter, projectReference: p.reference,
            projectTitle: p.title, organisationName: r.organisationName, comments: labelComments(parsed.data, figures),
            link: appUrl(`/returns/${loaded.id}`), councilName: settings.council_name,
          }),
        );
        if (!ok) failed.push(r.email);
      }
      const count = parsed.data.length;
      return done([
        `The ${loaded.quarter} return for ${p.reference} has been queried with ${count === 1 ? "1 comment" : `${count} comments`} and is back with the provider.`,
        recipients.length === 0
          ? "The provider has no one to e-mail: tell them another way."
          : failed.length
            ? `The e-mail to ${failed.join(", ")} could not be sent: tell them another way.`
            : `${recipients.length === 1 ? "1 person has" : `${recipients.length} people have`} been e-mailed your comments.`,
      ].join(" "));
    }),
    approve: () => decide(async (version) => {
      const approved = await db.transaction().execute((trx) =>
        approveReturn(trx, audit, { returnId: loaded.id, expectedVersion: version, officerId: user.id }),
      );
      const [settings, p] = await Promise.all([getSettings(db), project()]);
      const spend = formatPence(approved.spendPence);
      for (const r of await bidderRecipients(db, p.organisation_id)) {
        await sendMailAfterCommit(
          approvedEmail({
            to: r.email, name: r.name, quarter: loaded.quarter, projectReference: p.reference, projectTitle: p.title,
            spend, link: appUrl(`/returns/${loaded.id}`), councilName: settings.council_name,
          }),
        );
      }
      return done(`The ${loaded.quarter} return for ${p.reference} is approved and locked. Its spend of ${spend} is recorded in the district ledger.`);
    }),
  });
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
      <SpendTable spend={data.spend} />

      <h2 className="govuk-heading-m">People reached</h2>
      <PeopleTable beneficiaries={data.beneficiaries} />
      {data.beneficiaries.previousTotal !== null ? (
        <p className="govuk-body">Previous quarter: {data.beneficiaries.previousTotal} people in total.</p>
      ) : null}

      <h2 className="govuk-heading-m">Narrative</h2>
      <dl className="govuk-summary-list">
        {data.narrative.map((n) => (
          <div className="govuk-summary-list__row" key={n.label}>
            <dt className="govuk-summary-list__key">{n.label}</dt>
            <dd className="govuk-summary-list__value portal-pre-line">{n.text || "Not given"}</dd>
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
            <p className="govuk-body portal-pre-line">{c.story}</p>
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
        <QueryTable queries={data.queries} />
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
