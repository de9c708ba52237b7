import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, Checkbox, ErrorSummary, Textarea } from "~/components/forms";
import { AwardStepsList, DecisionCard, OverrideFields } from "~/components/awards";
import { ContractDetailsNotice } from "~/components/contracts";
import { formatDate, formatDateTime, ukToday } from "~/lib/dates";
import { failure, fieldValue, parseForm, type FormFailure } from "~/lib/forms";
import { formatPence } from "~/lib/money";
import { getSettings } from "~/models/admin/settings.server";
import { awardSchema } from "~/schemas/panel.server";
import { awardNoticeSchema, enterContractSchema } from "~/schemas/awards.server";
import { sendAssessmentSummaryEmails } from "~/models/awards/mail.server";
import { auditContext } from "~/http/guards.server";
import { dispatchIntent } from "~/http/intents.server";
import { flash } from "~/services/session.server";
import { OvercommitmentError } from "~/models/errors";
import { refusedForm } from "~/http/errors.server";
import { requireTenderModerator } from "~/http/tenders/access.server";
import { BID_STATUS_LABELS } from "~/schemas/bids";
import { bidLabel } from "~/models/panel/read.server";
import { getScoringMatrix } from "~/models/panel/matrix.server";
import { recordDecisions } from "~/models/awards/intention.server";
import { publishAwardNotice, recordSummariesSent } from "~/models/awards/notice.server";
import { enterContract } from "~/models/awards/contract.server";
import { getAwardRecord, getDecisionsPage } from "~/models/awards/decisions.server";
import { getContractDetails } from "~/models/awards/contract-details.server";
import { awardStage, awardStepViews } from "~/models/awards/stages";
import { PROCEDURE_LABELS, procedureSteps } from "~/models/tenders/procedures";
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
  const [page, record, contracts, projects] = await Promise.all([
    getDecisionsPage(db, tender.id), getAwardRecord(db, tender.id), getContractDetails(db, tender.id),
    db.selectFrom("projects").select(["id", "reference"]).where("tender_id", "=", tender.id).execute(),
  ]);
  const award = record!;
  const stage = awardStage(award, ukToday());
  return json({
    tender: {
      id: tender.id, reference: tender.reference, title: tender.title,
      contract: `${formatDate(page!.matrix.tender.contractStart)} to ${formatDate(page!.matrix.tender.contractEnd)}`,
      stream: page!.matrix.tender.fundingStream.name,
      procedure: PROCEDURE_LABELS[award.procedure],
    },
    steps: awardStepViews(award),
    stage: stage.next === "standstill" ? { ...stage, lastDay: formatDate(stage.lastDay), contractFrom: formatDate(stage.contractFrom) } : stage,
    waivable: procedureSteps(award.procedure).standstillWaivable,
    overrideGiven: award.award_override_reason !== null,
    bids: page!.matrix.bids.map((b) => ({
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
      allocation: page!.checks[b.id],
      commitments: page!.commitments[b.id].map((c) => ({ year: c.yearLabel, amount: formatPence(c.pence) })),
    })),
    contracts,
    projectLinks: Object.fromEntries(projects.map((p) => [p.reference, `/projects/${p.id}`])),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, tender } = await requireDecider(request, params.tenderId);
  const form = await request.formData();
  const db = getDb();
  const audit = auditContext(user, context);
  const done = async (text: string) =>
    redirect(`/tenders/${tender.id}/decisions`, { headers: { "Set-Cookie": await flash(request, { kind: "success", text }) } });

  return dispatchIntent(form, {
    // Step 1: every decision at once, then every bidder told their summary is ready.
    decide: async () => {
      const matrix = (await getScoringMatrix(db, tender.id))!;
      const open = matrix.bids.filter((b) => b.status === "submitted");
      const parsed = parseForm(awardSchema(open.map((b) => ({ id: b.id, label: b.organisationName }))), form);
      if (!parsed.ok) return json<FormFailure>(parsed, { status: 400 });
      let result;
      try {
        result = await db.transaction().execute((trx) => recordDecisions(trx, audit, { tenderId: tender.id, input: parsed.data }));
      } catch (error) {
        // Going beyond the allocation needs the override ticked and a reason: point at it.
        if (error instanceof OvercommitmentError) {
          return json<FormFailure>(failure(parsed.values, { override: "To award anyway, tick the box and give the reason" }, error.message), { status: 409 });
        }
        return refusedForm(error, parsed.values);
      }
      const settings = await getSettings(db);
      const mail = await sendAssessmentSummaryEmails(db, {
        tender: { reference: tender.reference, title: tender.title },
        councilName: settings.council_name,
        bids: result.decided,
      });
      if (mail.failed.length === 0) {
        await db.transaction().execute((trx) => recordSummariesSent(trx, audit, { tenderId: tender.id, how: "e-mail" }));
      }
      return done([
        `The decisions on ${tender.reference} are recorded.`,
        mail.failed.length
          ? `The assessment summary could not be e-mailed to ${mail.failed.join(", ")}: send it another way, then record that below.`
          : `${mail.sent === 1 ? "1 bidder contact has" : `${mail.sent} bidder contacts have`} been told their assessment summary is ready.`,
      ].join(" "));
    },
    // Step 2, when an e-mail failed: the officer has sent those summaries another way.
    "summaries-sent": async () => {
      try {
        await db.transaction().execute((trx) => recordSummariesSent(trx, audit, { tenderId: tender.id, how: "another way" }));
      } catch (error) {
        return refusedForm(error, {});
      }
      return done("Recorded: every bidder has its assessment summary.");
    },
    // Step 3, light touch: the contract award notice starts the standstill, or waives it.
    notice: async () => {
      const parsed = parseForm(awardNoticeSchema, form);
      if (!parsed.ok) return json<FormFailure>(parsed, { status: 400 });
      let notice;
      try {
        notice = await db.transaction().execute((trx) => publishAwardNotice(trx, audit, { tenderId: tender.id, waiverReason: parsed.data.waiverReason }));
      } catch (error) {
        return refusedForm(error, parsed.values);
      }
      return done(notice.standstillLastDay
        ? `The contract award notice is published. The standstill ends at the end of ${formatDate(notice.standstillLastDay)}: the contract can be entered from ${formatDate(notice.contractFrom)}.`
        : "The contract award notice is published and the standstill waived: the contract can be entered now.");
    },
    // The last step: the contract entered, the projects live.
    enter: async () => {
      const parsed = parseForm(enterContractSchema, form);
      if (!parsed.ok) return json<FormFailure>(parsed, { status: 400 });
      const settings = await getSettings(db);
      let result;
      try {
        result = await db.transaction().execute((trx) =>
          enterContract(trx, audit, {
            tenderId: tender.id, overrideReason: parsed.data.overrideReason,
            visitThresholdPence: settings.visit_threshold_pence, returnDueDays: settings.return_due_days,
          }));
      } catch (error) {
        if (error instanceof OvercommitmentError) {
          return json<FormFailure>(failure(parsed.values, { override: "To enter the contract anyway, tick the box and give the reason" }, error.message), { status: 409 });
        }
        return refusedForm(error, parsed.values);
      }
      const projects = result.projects.map((p) => p.reference).join(", ");
      return done(`${tender.reference} is awarded: the contract is entered. ${result.projects.length === 1 ? "1 project" : `${result.projects.length} projects`} created: ${projects}.`);
    },
  });
}

export default function Decisions() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { tender, stage } = data;
  const anyExceeds = data.bids.some((b) => b.allocation?.exceeds);
  return (
    <>
      <Link to={`/tenders/${tender.id}/moderation`} className="govuk-back-link">Back to moderation</Link>
      <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">{tender.reference} {tender.title}</span>
        Decisions and award
      </h1>
      <p className="govuk-body">Contract {tender.contract}, funded from {tender.stream}. {tender.procedure}.</p>

      <h2 className="govuk-heading-m">Award steps</h2>
      <AwardStepsList steps={data.steps} />

      {stage.next === "decide" ? (
        data.bids.length === 0 ? (
          <p className="govuk-body">No bids were submitted, so there is nothing to decide.</p>
        ) : (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="decide" />
            <p className="govuk-body">
              Choose a decision for every bid and write the feedback the bidder will read. Recording the decisions applies them all at
              once and e-mails every bidder that their assessment summary is ready. No money is committed and no project is created
              until the contract is entered.
            </p>
            {data.bids.map((b) => <DecisionCard key={b.id} bid={b} values={result?.values} errors={result?.errors} />)}
            <h2 className="govuk-heading-m">Going beyond the allocation</h2>
            {anyExceeds ? (
              <div className="govuk-warning-text">
                <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
                <strong className="govuk-warning-text__text">
                  <span className="govuk-visually-hidden">Warning</span>
                  At least one bid asks for more than remains of its district's allocation. The decisions are refused unless you tick
                  the override and give the reason.
                </strong>
              </div>
            ) : null}
            <OverrideFields values={result?.values} errors={result?.errors} label="Award even where this commits more than remains of the allocation" />
            <Button>Record the decisions</Button>
          </Form>
        )
      ) : (
        <>
          <h2 className="govuk-heading-m">Decisions</h2>
          {data.bids.map((b) => (
            <div className="govuk-summary-card" key={b.id}>
              <div className="govuk-summary-card__title-wrapper">
                <h3 className="govuk-summary-card__title">{b.label}: {b.statusLabel}</h3>
              </div>
              <div className="govuk-summary-card__content">
                <p className="govuk-body">Rank {b.rank ?? "–"}, weighted total {b.totalText ?? "–"}%, {b.amount} requested. Decided {b.decided ?? "–"}.</p>
                <p className="govuk-body portal-pre-line">{b.feedback}</p>
              </div>
            </div>
          ))}
        </>
      )}

      {stage.next === "send-summaries" ? (
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="summaries-sent" />
          <h2 className="govuk-heading-m">Assessment summaries</h2>
          <p className="govuk-body">
            At least one bidder could not be e-mailed. Send them their assessment summary another way (they can also read it on the
            portal), then record it here: the contract award notice waits for every bidder to have theirs.
          </p>
          <Button>Record that every bidder has its summary</Button>
        </Form>
      ) : null}

      {stage.next === "publish-notice" ? (
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="notice" />
          <h2 className="govuk-heading-m">Contract award notice</h2>
          <p className="govuk-body">
            Publishing the notice starts the standstill: 8 working days, counting the day of publication, during which a bidder may
            challenge the decision. The contract can be entered the day after it ends.
          </p>
          {data.waivable ? (
            <>
              <Checkbox name="waive" label="Waive the standstill (allowed for a light-touch contract)" defaultChecked={result?.values?.waive === "yes"} error={result?.errors?.waive} />
              <Textarea name="waiverReason" label="Why the standstill is waived" hint="Required if you waive it. Bidders and the audit log see it." rows={3}
                defaultValue={fieldValue(result?.values, "waiverReason")} error={result?.errors?.waiverReason} />
            </>
          ) : null}
          <Button>Publish the contract award notice</Button>
        </Form>
      ) : null}

      {stage.next === "standstill" ? (
        <div className="govuk-inset-text">
          The standstill ends at the end of {stage.lastDay}. The contract can be entered from {stage.contractFrom}.
        </div>
      ) : null}

      {stage.next === "enter-contract" ? (
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="enter" />
          <h2 className="govuk-heading-m">Enter the contract</h2>
          <p className="govuk-body">
            Entering the contract makes each successful bid a live project with its budget, indicators and quarterly returns, and
            commits its money in the district ledger. It cannot be undone here.
          </p>
          {data.overrideGiven ? null : (
            <OverrideFields values={result?.values} errors={result?.errors} label="Enter the contract even where it commits more than remains of the allocation" />
          )}
          <Button>Enter the contract</Button>
        </Form>
      ) : null}

      {stage.next === "done" ? <ContractDetailsNotice contracts={data.contracts} projectLinks={data.projectLinks} /> : null}
    </>
  );
}
