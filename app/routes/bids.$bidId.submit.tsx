// Check your answers, declare, submit. The same page confirms a submitted bid after a
// material amendment to the tender. The tender's status is worked out from the clock when the
// button is pressed: a bid a second late is refused and stays a draft. Pressing the button
// twice submits once and says so.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, fieldId } from "~/components/forms";
import { formatDateTime, formatClockOnDate } from "~/lib/dates";
import { failure, formValues, type FieldErrors, type FormFailure, readVersion } from "~/lib/forms";
import { getSettings } from "~/models/admin/settings.server";
import { MESSAGES } from "~/schemas/bids";
import { bidConfirmedEmail, bidReceiptEmail, type BidReceiptArgs } from "~/models/bids/mail.server";
import { auditContext, notFound } from "~/http/guards.server";
import { dispatchIntent } from "~/http/intents.server";
import { appUrl } from "~/services/app-url.server";
import { sendMailAfterCommit } from "~/services/mail.server";
import { flash } from "~/services/session.server";
import { BudgetTable } from "~/components/budget";
import { notOpenMessage } from "~/models/bids/load.server";
import { bidView, getBidDetail, problemsWith, type BidDetail } from "~/models/bids/read.server";
import { confirmBid, submitBid, type ConfirmOutcome, type SubmitOutcome } from "~/models/bids/submit.server";
import { requireOwnBid } from "~/http/bids/access.server";
import { BID_LIVE } from "~/models/statuses";
import { Form } from "~/components/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.mode === "confirm" ? "Confirm your bid" : "Check your answers before submitting your bid"} – Early help portal` },
];

interface Problem {
  field: string;
  message: string;
  href: string;
}

function problemLinks(bidId: string, errors: FieldErrors): Problem[] {
  return Object.entries(errors).map(([field, message]) => ({ field, message, href: `/bids/${bidId}#${fieldId(field)}` }));
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { bid } = await requireOwnBid(request, params.bidId);
  const detail = await getBidDetail(getDb(), bid.id);
  if (!detail) notFound("Bid not found");
  if (detail.status === "submitted" && !detail.needsConfirmation) throw redirect(`/bids/${bid.id}/receipt`);
  if (!BID_LIVE.includes(detail.status)) throw redirect(`/bids/${bid.id}`);
  const mode = detail.status === "draft" ? ("submit" as const) : ("confirm" as const);
  const closed = detail.tender.status !== "open" ? notOpenMessage(detail.tender, mode === "submit" ? "submitted" : "confirmed") : null;
  return json({
    mode,
    closed,
    problems: problemLinks(bid.id, problemsWith(detail)),
    bid: { id: detail.id, version: detail.version, reference: detail.reference, organisationName: detail.organisationName },
    tender: { reference: detail.tender.reference, title: detail.tender.title, closes: formatClockOnDate(detail.tender.closesAt) },
    view: bidView(detail),
  });
}

type SubmitFailure = FormFailure & { problems?: Problem[] };

function receiptArgs(request: Request, detail: BidDetail, to: { email: string; name: string }, councilName: string, at: string): BidReceiptArgs {
  return {
    to: to.email,
    name: to.name,
    councilName,
    organisationName: detail.organisationName,
    tenderReference: detail.tender.reference,
    tenderTitle: detail.tender.title,
    bidReference: detail.reference,
    bidTitle: detail.title,
    amountPence: detail.amountPence,
    at,
    fingerprint: detail.fingerprint ?? "",
    attachments: detail.attachments.map((f) => ({ filename: f.filename, sha256: f.sha256 })),
    link: appUrl(`/bids/${detail.id}/receipt`),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  // The clock is read once, as the request arrives, and every check below uses it.
  const now = new Date();
  const { user, bid } = await requireOwnBid(request, params.bidId, now);
  const db = getDb();
  const form = await request.formData();
  const values = formValues(form);
  const version = readVersion(values.version);

  /** Submitting a draft and confirming a submitted bid after an amendment run the same checks. */
  const send = async (intent: "submit" | "confirm") => {

    if (intent === "submit" && bid.status === "submitted") {
      const row = await db.selectFrom("bids").select("submitted_at").where("id", "=", bid.id).executeTakeFirstOrThrow();
      return redirect(`/bids/${bid.id}/receipt`, {
        headers: {
          "Set-Cookie": await flash(request, {
            kind: "info",
            text: `You have already submitted this bid, at ${formatDateTime(row.submitted_at)}. It was submitted once: this is your receipt.`,
          }),
        },
      });
    }
    if (bid.tender.status !== "open") {
      return json<SubmitFailure>(failure(values, {}, notOpenMessage(bid.tender, intent === "submit" ? "submitted" : "confirmed")), { status: 400 });
    }
    if (version === null) return json<SubmitFailure>(failure(values, {}, MESSAGES.version), { status: 400 });
    if (values.declaration !== "yes") return json<SubmitFailure>(failure(values, { declaration: MESSAGES.declaration }), { status: 400 });

    const audit = auditContext(user, context);
    const args = { bidId: bid.id, version, userId: user.id };
    const outcome = await db.transaction().execute(
      (trx): Promise<SubmitOutcome | ConfirmOutcome> => (intent === "submit" ? submitBid(trx, audit, args, now) : confirmBid(trx, audit, args, now)),
    );

    switch (outcome.outcome) {
      case "refused":
        return json<SubmitFailure>(failure(values, {}, outcome.message), { status: outcome.status });
      case "incomplete":
        return json<SubmitFailure>(
          {
            ...failure(values, {}, intent === "submit"
              ? "Your bid is not complete yet. Nothing has been submitted."
              : "Your bid does not answer the tender as it is now. To change it, withdraw it and start again: your answers are copied into the new draft."),
            problems: problemLinks(bid.id, outcome.errors),
          },
          { status: 400 },
        );
      case "already-submitted":
        return redirect(`/bids/${bid.id}/receipt`, {
          headers: {
            "Set-Cookie": await flash(request, {
              kind: "info",
              text: `You have already submitted this bid, at ${formatDateTime(outcome.submittedAt)}. It was submitted once: this is your receipt.`,
            }),
          },
        });
      case "already-confirmed":
        return redirect(`/bids/${bid.id}`, {
          headers: { "Set-Cookie": await flash(request, { kind: "info", text: "This bid has already been confirmed." }) },
        });
      default:
        break;
    }

    // Only once the submission has committed does the receipt go out.
    const [detail, settings] = await Promise.all([getBidDetail(db, bid.id, now), getSettings(db)]);
    let sent = false;
    if (detail) {
      const mail = receiptArgs(request, detail, { email: user.email, name: user.name }, settings.council_name, outcome.outcome === "submitted" ? outcome.submittedAt : now.toISOString());
      sent = await sendMailAfterCommit(outcome.outcome === "submitted" ? bidReceiptEmail(mail) : bidConfirmedEmail(mail));
    }
    const done = outcome.outcome === "submitted" ? "Your bid has been submitted" : "Your bid has been confirmed";
    const text = sent ? `${done}. We have e-mailed a receipt to ${user.email}.` : `${done}. We could not e-mail your receipt: keep this page, or print it.`;
    return redirect(`/bids/${bid.id}/receipt`, { headers: { "Set-Cookie": await flash(request, { kind: "success", text }) } });
  };

  return dispatchIntent(form, { submit: () => send("submit"), confirm: () => send("confirm") });
}

export default function CheckYourAnswers() {
  const { mode, closed, problems: loadedProblems, bid, tender, view } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const problems = result && "problems" in result && result.problems ? result.problems : loadedProblems;
  const change = (anchor: string, what: string) => (
    <dd className="govuk-summary-list__actions">
      {mode === "submit" ? (
        <Link className="govuk-link" to={`/bids/${bid.id}#${anchor}`}>
          Change<span className="govuk-visually-hidden"> {what}</span>
        </Link>
      ) : null}
    </dd>
  );
  return (
    <>
      <Link to={`/bids/${bid.id}`} className="govuk-back-link">Back to your bid</Link>
      <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">{tender.reference} – {tender.title}</span>
        {mode === "confirm" ? "Check and confirm your bid" : "Check your answers before submitting your bid"}
      </h1>
      {mode === "confirm" ? (
        <div className="govuk-inset-text">
          The tender changed after you submitted: confirm your bid. Until you do, it is flagged to the council as not confirmed.
        </div>
      ) : null}

      {closed ? <div className="govuk-inset-text">{closed}</div> : null}

      {problems.length ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
          <div className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            {mode === "submit" ? "Before you can submit, complete your bid:" : "Your bid does not answer the tender as it is now:"}
            <ul className="govuk-list govuk-list--bullet govuk-!-margin-top-2">
              {problems.map((p) => (
                <li key={p.field}>
                  <Link className="govuk-link" to={p.href}>{p.message}</Link>
                </li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}

      <h2 className="govuk-heading-m">About the project</h2>
      <dl className="govuk-summary-list govuk-!-margin-bottom-9">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">District</dt>
          <dd className="govuk-summary-list__value">{view.district ?? "Not chosen"}</dd>
          {change(fieldId("district_id"), "district")}
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Project title</dt>
          <dd className="govuk-summary-list__value">{view.title || "Not given"}</dd>
          {change("title", "project title")}
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Amount requested</dt>
          <dd className="govuk-summary-list__value">{view.amount ?? "Not given"}</dd>
          {change("amount", "amount")}
        </div>
      </dl>

      <h2 className="govuk-heading-m">Your answers</h2>
      <dl className="govuk-summary-list govuk-!-margin-bottom-9">
        {view.answers.map((a) => (
          <div className="govuk-summary-list__row" key={a.questionId}>
            <dt className="govuk-summary-list__key">Question {a.position}: {a.text}</dt>
            <dd className="govuk-summary-list__value">
              <p className="govuk-body portal-pre-wrap">{a.answer || "Not answered"}</p>
              <p className="govuk-hint govuk-!-margin-bottom-0">{a.words} of {a.wordLimit} words</p>
            </dd>
            {change(fieldId(`answer.${a.questionId}`), `answer to question ${a.position}`)}
          </div>
        ))}
      </dl>

      <h2 className="govuk-heading-m">Budget</h2>
      <BudgetTable lines={view.budget.lines} quarters={view.budget.quarters} caption="Budget by quarter" />
      {mode === "submit" ? (
        <p className="govuk-body"><Link className="govuk-link" to={`/bids/${bid.id}#budget`}>Change the budget</Link></p>
      ) : null}

      <h2 className="govuk-heading-m">Indicators</h2>
      {view.indicators.length ? (
        <div className="portal-table-wrapper" role="region" aria-label="Indicators" tabIndex={0}>
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Proposed indicators and their targets</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Indicator</th>
                <th scope="col" className="govuk-table__header">Unit</th>
                {view.indicators[0].targets.map((t) => (
                  <th key={t.quarter} scope="col" className="govuk-table__header govuk-table__header--numeric">{t.quarter}</th>
                ))}
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {view.indicators.map((i) => (
                <tr className="govuk-table__row" key={i.position}>
                  <th scope="row" className="govuk-table__header">
                    {i.kind}: {i.name}
                    <span className="govuk-body-s govuk-!-display-block">{i.definition}</span>
                  </th>
                  <td className="govuk-table__cell">{i.unit}</td>
                  {i.targets.map((t) => (
                    <td key={t.quarter} className="govuk-table__cell govuk-table__cell--numeric">{t.value || "–"}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="govuk-body">No indicators.</p>
      )}
      {mode === "submit" ? (
        <p className="govuk-body"><Link className="govuk-link" to={`/bids/${bid.id}#indicators`}>Change the indicators</Link></p>
      ) : null}

      <h2 className="govuk-heading-m">Attachments</h2>
      {view.attachments.length ? (
        <ul className="govuk-list">
          {view.attachments.map((f) => (
            <li key={f.id}>
              <a className="govuk-link" href={`/bids/${bid.id}/files/${f.id}`} download>{f.filename}</a> ({f.size})
            </li>
          ))}
        </ul>
      ) : (
        <p className="govuk-body">No attachments.</p>
      )}

      {!closed && problems.length === 0 ? (
        <Form method="post" noValidate>
          <input type="hidden" name="version" value={bid.version} />
          <input type="hidden" name="intent" value={mode} />
          <h2 className="govuk-heading-m">Declaration</h2>
          <div className={`govuk-form-group${result?.errors.declaration ? " govuk-form-group--error" : ""}`}>
            <fieldset className="govuk-fieldset" aria-describedby={result?.errors.declaration ? "declaration-error" : undefined}>
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Confirm your bid</legend>
              {result?.errors.declaration ? (
                <p id="declaration-error" className="govuk-error-message">
                  <span className="govuk-visually-hidden">Error:</span> {result.errors.declaration}
                </p>
              ) : null}
              <div className="govuk-checkboxes govuk-checkboxes--small">
                <div className="govuk-checkboxes__item">
                  <input className="govuk-checkboxes__input" id="declaration" name="declaration" type="checkbox" value="yes" />
                  <label className="govuk-label govuk-checkboxes__label" htmlFor="declaration">
                    I confirm that the information in this bid is correct and complete, and that I may submit it on behalf of{" "}
                    {bid.organisationName}.
                  </label>
                </div>
              </div>
            </fieldset>
          </div>
          <p className="govuk-body">
            {mode === "submit"
              ? `Once submitted, the bid is sealed until the tender closes at ${tender.closes}. You will get a receipt by e-mail.`
              : "Confirming seals your bid again against the tender as it is now. You will get a receipt by e-mail."}
          </p>
          <Button>{mode === "submit" ? "Submit your bid" : "Confirm your bid"}</Button>
        </Form>
      ) : null}
    </>
  );
}
