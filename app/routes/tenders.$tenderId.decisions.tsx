import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, fieldId, Radios, Textarea } from "~/components/forms";
import { TableWrapper } from "~/components/lists";
import { formatDate, formatDateTime } from "~/lib/dates";
import { failure, fieldValue, formValues, parseForm, type FormFailure } from "~/lib/forms";
import { formatPence } from "~/lib/money";
import { getSettings } from "~/models/admin/settings.server";
import { awardSchema } from "~/schemas/panel";
import { sendAssessmentSummaryEmails } from "~/models/awards/mail.server";
import { auditContext } from "~/http/guards.server";
import { flash } from "~/services/session.server";
import { OvercommitmentError } from "~/models/errors";
import { refusedForm } from "~/http/errors.server";
import { requireTenderModerator } from "~/http/tenders/access.server";
import { BID_STATUS_LABELS } from "~/schemas/bids";
import { bidLabel } from "~/models/panel/read.server";
import { getScoringMatrix } from "~/models/panel/matrix.server";
import { awardTender } from "~/models/awards/award.server";
import { getDecisionsPage } from "~/models/awards/decisions.server";
import { Form } from "~/components/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Decisions: ${data.tender.reference}` : "Decisions"} – Early help portal` },
];

/** Decisions are an officer's, once the tender closes and the panel has scored. */
function requireDecider(request: Request, tenderId: string | undefined) {
  return requireTenderModerator(request, tenderId, (tender) =>
    `Decisions can be made once the tender closes on ${formatDateTime(tender.closesAt)} and the panel has scored the bids.`);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { tender } = await requireDecider(request, params.tenderId);
  const db = getDb();
  const page = (await getDecisionsPage(db, tender.id))!;
  const projects = await db
    .selectFrom("projects")
    .select(["id", "reference", "title", "amount_pence", "bid_id"])
    .where("tender_id", "=", tender.id)
    .orderBy("reference")
    .execute();
  return json({
    tender: {
      id: tender.id, reference: tender.reference, title: tender.title,
      contract: `${formatDate(page.matrix.tender.contractStart)} to ${formatDate(page.matrix.tender.contractEnd)}`,
      stream: page.matrix.tender.fundingStream.name,
    },
    awarded: tender.storedStatus === "awarded",
    bids: page.matrix.bids.map((b) => ({
      id: b.id,
      label: bidLabel(b),
      organisationName: b.organisationName,
      amount: formatPence(b.amountPence),
      status: b.status,
      statusLabel: BID_STATUS_LABELS[b.status],
      feedback: b.feedback,
      decided: b.decidedAt ? formatDateTime(b.decidedAt) : null,
      rank: b.rank,
      totalText: b.totalText,
      missingConsensus: b.missingConsensus,
      allocation: page.checks[b.id],
      commitments: page.commitments[b.id].map((c) => ({ year: c.yearLabel, amount: formatPence(c.pence) })),
    })),
    projects: projects.map((p) => ({ id: p.id, reference: p.reference, title: p.title, amount: formatPence(Number(p.amount_pence)), bidId: p.bid_id })),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, tender } = await requireDecider(request, params.tenderId);
  const form = await request.formData();
  const db = getDb();
  if (tender.storedStatus === "awarded") {
    return json<FormFailure>(failure(formValues(form), {}, "This tender has already been awarded. Nothing has been changed."), { status: 409 });
  }
  const matrix = (await getScoringMatrix(db, tender.id))!;
  const open = matrix.bids.filter((b) => b.status === "submitted");
  const parsed = parseForm(awardSchema(open.map((b) => ({ id: b.id, label: b.organisationName }))), form);
  if (!parsed.ok) return json<FormFailure>(parsed, { status: 400 });
  const settings = await getSettings(db);
  let result;
  try {
    result = await db.transaction().execute((trx) =>
      awardTender(trx, auditContext(user, context), { tenderId: tender.id, input: parsed.data, visitThresholdPence: settings.visit_threshold_pence, returnDueDays: settings.return_due_days }),
    );
  } catch (error) {
    // Going beyond the allocation needs the override ticked and a reason: point at it.
    if (error instanceof OvercommitmentError) {
      return json<FormFailure>(
        failure(parsed.values, { override: "To award anyway, tick the box and give the reason" }, error.message),
        { status: 409 },
      );
    }
    return refusedForm(error, parsed.values);
  }
  // The award has committed: now tell every bidder their assessment summary is ready.
  const mail = await sendAssessmentSummaryEmails(db, {
    tender: { reference: tender.reference, title: tender.title },
    councilName: settings.council_name,
    bids: result.decided,
  });
  const projects = result.projects.map((p) => p.reference).join(", ");
  const text = [
    `${tender.reference} is awarded. ${result.projects.length === 1 ? "1 project" : `${result.projects.length} projects`} created: ${projects}.`,
    mail.failed.length
      ? `The e-mail to ${mail.failed.join(", ")} could not be sent: tell them their assessment summary is ready another way.`
      : `${mail.sent === 1 ? "1 bidder contact has" : `${mail.sent} bidder contacts have`} been told their assessment summary is ready.`,
  ].join(" ");
  return redirect(`/tenders/${tender.id}/decisions`, { headers: { "Set-Cookie": await flash(request, { kind: "success", text }) } });
}

export default function Decisions() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { tender } = data;
  const anyExceeds = data.bids.some((b) => b.allocation?.exceeds);
  return (
    <>
      <Link to={`/tenders/${tender.id}/moderation`} className="govuk-back-link">Back to moderation</Link>
      <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">{tender.reference} {tender.title}</span>
        Decisions and award
      </h1>
      <p className="govuk-body">Contract {tender.contract}, funded from {tender.stream}.</p>

      {data.awarded ? (
        <>
          <div className="govuk-inset-text">This tender has been awarded. Each bidder can read their assessment summary.</div>
          <TableWrapper caption="Projects created">
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-table__caption--m">Projects created</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">Reference</th>
                  <th scope="col" className="govuk-table__header">Title</th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">Amount</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {data.projects.map((p) => (
                  <tr className="govuk-table__row" key={p.id}>
                    <td className="govuk-table__cell">{p.reference}</td>
                    <td className="govuk-table__cell">{p.title}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{p.amount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrapper>
          <h2 className="govuk-heading-m">Decisions</h2>
          {data.bids.map((b) => (
            <div className="govuk-summary-card" key={b.id}>
              <div className="govuk-summary-card__title-wrapper">
                <h3 className="govuk-summary-card__title">{b.label}: {b.statusLabel}</h3>
              </div>
              <div className="govuk-summary-card__content">
                <p className="govuk-body">
                  Rank {b.rank ?? "–"}, weighted total {b.totalText ?? "–"}%, {b.amount} requested. Decided {b.decided ?? "–"}.
                </p>
                <p className="govuk-body portal-pre-line">{b.feedback}</p>
              </div>
            </div>
          ))}
        </>
      ) : data.bids.length === 0 ? (
        <p className="govuk-body">No bids were submitted, so there is nothing to decide.</p>
      ) : (
        <Form method="post" noValidate>
          <p className="govuk-body">
            Choose a decision for every bid and write the feedback the bidder will read. Awarding applies every decision at once:
            successful bids become projects and commit their budget in the district ledger, and every bidder is e-mailed that their
            assessment summary is ready. It cannot be undone here.
          </p>
          {data.bids.map((b) => (
            <div className="govuk-summary-card" key={b.id}>
              <div className="govuk-summary-card__title-wrapper">
                <h2 className="govuk-summary-card__title">{b.rank ? `${b.rank}. ` : ""}{b.label}</h2>
              </div>
              <div className="govuk-summary-card__content">
                <dl className="govuk-summary-list">
                  <div className="govuk-summary-list__row">
                    <dt className="govuk-summary-list__key">Weighted total</dt>
                    <dd className="govuk-summary-list__value">
                      {b.totalText !== null ? `${b.totalText}%` : `Not complete: record a consensus for ${b.missingConsensus.join(", ")} at moderation`}
                    </dd>
                  </div>
                  <div className="govuk-summary-list__row">
                    <dt className="govuk-summary-list__key">Amount requested</dt>
                    <dd className="govuk-summary-list__value">{b.amount}</dd>
                  </div>
                  <div className="govuk-summary-list__row">
                    <dt className="govuk-summary-list__key">Would commit</dt>
                    <dd className="govuk-summary-list__value">{b.commitments.map((c) => `${c.amount} in ${c.year}`).join("; ") || "Nothing"}</dd>
                  </div>
                  <div className="govuk-summary-list__row">
                    <dt className="govuk-summary-list__key">Allocation check</dt>
                    <dd className="govuk-summary-list__value">
                      {b.allocation ? (b.allocation.exceeds ? <strong>{b.allocation.message}</strong> : b.allocation.message) : "This bid has no district."}
                    </dd>
                  </div>
                </dl>
                <Radios
                  name={`decision.${b.id}`}
                  legend={`Decision on the bid from ${b.organisationName}`}
                  inline
                  options={[
                    { value: "successful", label: "Successful" },
                    { value: "unsuccessful", label: "Unsuccessful" },
                  ]}
                  defaultValue={fieldValue(result?.values, `decision.${b.id}`)}
                  error={result?.errors?.[`decision.${b.id}`]}
                />
                <Textarea
                  name={`feedback.${b.id}`}
                  label={`Feedback for ${b.organisationName}`}
                  hint="The bidder reads this in their assessment summary: the strengths of their bid and, if it lost, why."
                  rows={5}
                  defaultValue={fieldValue(result?.values, `feedback.${b.id}`)}
                  error={result?.errors?.[`feedback.${b.id}`]}
                />
              </div>
            </div>
          ))}
          <h2 className="govuk-heading-m">Going beyond the allocation</h2>
          {anyExceeds ? (
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                At least one bid asks for more than remains of its district's allocation. The award is refused unless you tick the
                override and give the reason.
              </strong>
            </div>
          ) : null}
          <div className={`govuk-form-group${result?.errors?.override ? " govuk-form-group--error" : ""}`}>
            {result?.errors?.override ? (
              <p id="override-error" className="govuk-error-message"><span className="govuk-visually-hidden">Error:</span> {result.errors.override}</p>
            ) : null}
            <div className="govuk-checkboxes govuk-checkboxes--small">
              <div className="govuk-checkboxes__item">
                <input
                  className="govuk-checkboxes__input"
                  id={fieldId("override")}
                  name="override"
                  type="checkbox"
                  value="yes"
                  defaultChecked={result?.values?.override === "yes"}
                  aria-describedby={result?.errors?.override ? "override-error" : undefined}
                />
                <label className="govuk-label govuk-checkboxes__label" htmlFor={fieldId("override")}>
                  Award even where this commits more than remains of the allocation
                </label>
              </div>
            </div>
          </div>
          <Textarea
            name="overrideReason"
            label="Reason for going beyond the allocation"
            hint="Required if you tick the box above. It is kept in the audit log."
            rows={3}
            defaultValue={fieldValue(result?.values, "overrideReason")}
            error={result?.errors?.overrideReason}
          />
          <Button>Award the tender</Button>
        </Form>
      )}
    </>
  );
}
