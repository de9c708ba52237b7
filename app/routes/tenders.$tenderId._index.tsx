import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, Textarea } from "~/components/forms";
import { formatDate, formatDateTime } from "~/lib/dates";
import { failure, fieldValue, formValues, parseForm, type FormFailure } from "~/lib/forms";
import { formatPence } from "~/lib/money";
import { formatBytes } from "~/models/files.server";
import { TENDER_STATUS_LABELS, TENDER_STATUS_TAG_CLASSES } from "~/schemas/tenders";
import { askSchema, publishSchema } from "~/schemas/tenders.server";
import { auditContext, notFound } from "~/http/guards.server";
import { refusedForm } from "~/http/errors.server";
import { dispatchIntent } from "~/http/intents.server";
import { flash } from "~/services/session.server";
import { can } from "~/policies/index";
import { hasRole } from "~/policies/actor";
import { isCancellable, isEditable } from "~/models/tenders/status.server";
import { countSubmittedBids, getTenderDetail, organisationBidStatus } from "~/models/tenders/read.server";
import { publishTender } from "~/models/tenders/change.server";
import { askClarification, listClarificationQueue, listOwnPendingClarifications, questionsOpen } from "~/models/tenders/clarifications.server";
import { requireTender, requireTenderProvider } from "~/http/tenders/access.server";
import { notifyClarificationAsked } from "~/models/notifications/notify.server";
import { BID_STATUS_LABELS } from "~/schemas/bids";
import { Form } from "~/components/form";
import { TenderNotice } from "~/components/tenders/tender-notice";
import { isPublicTender } from "~/policies/tenders";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `${data.tender.reference}: ${data.tender.title}` : "Tender"} – Early help portal` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const now = new Date();
  const { user, tender } = await requireTender(request, params.tenderId, "tender:view", now);
  const db = getDb();
  const detail = await getTenderDetail(db, tender.id, now);
  if (!detail) notFound("Tender not found");
  const canManage = can(user, "tender:manage", tender.record);
  const organisationId = hasRole(user, "provider") ? user.organisationId : null;
  const [submittedBids, questionsWaiting, ownQuestions, bidStatus] = await Promise.all([
    canManage ? countSubmittedBids(db, tender.id) : Promise.resolve(null),
    canManage ? listClarificationQueue(db, tender.id).then((q) => q.length) : Promise.resolve(null),
    organisationId ? listOwnPendingClarifications(db, tender.id, organisationId) : Promise.resolve([]),
    organisationId ? organisationBidStatus(db, tender.id, organisationId) : Promise.resolve(null),
  ]);
  const criterionNames = new Map(detail.criteria.map((c) => [c.id, c.name]));
  return json({
    tender: {
      id: detail.id,
      reference: detail.reference,
      title: detail.title,
      specification: detail.specification,
      status: detail.status,
      storedStatus: detail.storedStatus,
      version: detail.version,
      fundingStream: detail.fundingStream.name,
      maxBudget: formatPence(detail.maxBudgetPence),
      procedure: detail.procedure,
      contractStart: detail.contractStart,
      contractEnd: detail.contractEnd,
      opensAt: detail.opensAt,
      closesAt: detail.closesAt,
      clarificationsCloseAt: detail.clarificationsCloseAt,
      publishedAt: detail.publishedAt,
      isPublic: isPublicTender(detail),
      cancelledAt: detail.cancelledAt,
      cancelReason: detail.cancelReason,
      districts: detail.districts.map((d) => d.name),
      themes: detail.themes.map((t) => t.name),
      criteria: detail.criteria.map((c) => ({ id: c.id, name: c.name, weightPercent: c.weightPercent, guidance: c.guidance, maxScore: c.maxScore })),
      questions: detail.questions.map((q) => ({
        id: q.id, text: q.text, wordLimit: q.wordLimit, criterion: q.criterionId ? (criterionNames.get(q.criterionId) ?? null) : null,
      })),
      amendments: detail.amendments,
      clarifications: detail.clarifications,
      attachments: detail.attachments.map((a) => ({ id: a.id, filename: a.filename, size: formatBytes(a.sizeBytes) })),
    },
    officer: canManage
      ? {
          submittedBids,
          questionsWaiting,
          canEdit: isEditable(detail.status),
          canPublish: detail.storedStatus === "draft",
          canCancel: isCancellable(detail.status),
          canModerate: can(user, "tender:moderate", tender.record),
        }
      : null,
    panel: can(user, "panel:take-part", tender.record),
    provider: organisationId
      ? {
          canBid: detail.status === "open",
          bidStatus: bidStatus ? BID_STATUS_LABELS[bidStatus] : null,
          ownQuestions,
          canAsk: questionsOpen(detail),
          questionsClosed: detail.status === "open" && !questionsOpen(detail) && detail.clarificationsCloseAt
            ? `Questions closed at ${formatDateTime(detail.clarificationsCloseAt)} (UK time). The answers already given are above.`
            : null,
        }
      : null,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  // Whatever was sent, someone who may not see the tender learns nothing about it.
  await requireTender(request, params.tenderId, "tender:view");
  const form = await request.formData();
  const db = getDb();

  const publish = async () => {
    const { user, tender } = await requireTender(request, params.tenderId, "tender:manage");
    const parsed = parseForm(publishSchema, form);
    if (!parsed.ok) return json<FormFailure>(failure(parsed.values, {}, parsed.errors.version), { status: 400 });
    try {
      await db.transaction().execute((trx) => publishTender(trx, auditContext(user, context), tender.id, parsed.data.version));
    } catch (error) {
      return refusedForm(error, parsed.values);
    }
    return redirect(`/tenders/${tender.id}`, {
      headers: {
        "Set-Cookie": await flash(request, {
          kind: "success",
          text: `${tender.reference} is published. Providers can see it now, and bid from ${formatDateTime(tender.opensAt)} (UK time).`,
        }),
      },
    });
  };

  const ask = async () => {
    const { user, tender, organisationId } = await requireTenderProvider(request, params.tenderId, "Only providers can ask questions about a tender.");
    if (tender.status !== "open") {
      return json<FormFailure>(failure(formValues(form), {}, "This tender is not open, so questions can no longer be asked."), { status: 409 });
    }
    if (!questionsOpen(tender)) {
      return json<FormFailure>(failure(formValues(form), {}, `Questions about this tender closed at ${formatDateTime(tender.clarificationsCloseAt)} (UK time), so no more can be asked.`), { status: 409 });
    }
    const parsed = parseForm(askSchema, form);
    if (!parsed.ok) return json<FormFailure>(parsed, { status: 400 });
    await db.transaction().execute((trx) =>
      askClarification(trx, auditContext(user, context), { tenderId: tender.id, organisationId, userId: user.id, question: parsed.data.question }),
    );
    await notifyClarificationAsked(db, { tender, organisationId, question: parsed.data.question });
    return redirect(`/tenders/${tender.id}`, {
      headers: {
        "Set-Cookie": await flash(request, {
          kind: "success",
          text: "Your question has been sent to the council. When it is answered, the question and answer are published on this page for every bidder, without your name.",
        }),
      },
    });
  };

  return dispatchIntent(form, { publish, ask });
}

export default function TenderPage() {
  const { tender: t, officer, panel, provider } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const base = `/tenders/${t.id}`;
  return (
    <>
      <Link to="/tenders" className="govuk-back-link">Back to tenders</Link>
      <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
      <span className="govuk-caption-l">{t.reference}</span>
      <h1 className="govuk-heading-l">{t.title}</h1>
      <p className="govuk-body">
        <strong className={TENDER_STATUS_TAG_CLASSES[t.status]}>{TENDER_STATUS_LABELS[t.status]}</strong>{" "}
        {t.status === "upcoming" ? <>Opens for bids on {formatDateTime(t.opensAt)} (UK time). </> : null}
        {t.status === "cancelled" ? null : (
          <>
            {t.status === "draft" || t.status === "upcoming" || t.status === "open" ? "Closes" : "Closed"} on {formatDateTime(t.closesAt)} (UK time).
          </>
        )}
      </p>

      {t.status === "cancelled" ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            This tender was cancelled on {formatDate(t.cancelledAt)}. The reason given: {t.cancelReason}
          </strong>
        </div>
      ) : null}

      {t.isPublic ? (
        <p className="govuk-body">
          Anyone can read this tender, without signing in, on <Link className="govuk-link" to={`/opportunities/${t.id}`}>its public page</Link>.
        </p>
      ) : null}

      {officer ? (
        <div className="govuk-inset-text">
          {t.storedStatus === "draft" ? (
            <p className="govuk-body">This is a draft: providers cannot see it until it is published.</p>
          ) : (
            <p className="govuk-body">
              {officer.submittedBids === 1 ? "1 bid has" : `${officer.submittedBids ?? 0} bids have`} been submitted.
              {t.status === "open" || t.status === "upcoming" ? " Bids stay sealed until the closing time." : null}
            </p>
          )}
          <ul className="govuk-list">
            {officer.canEdit ? (
              <li>
                <Link className="govuk-link" to={`${base}/edit`}>
                  {t.storedStatus === "draft" ? "Edit the draft" : "Amend the tender"}
                </Link>
              </li>
            ) : null}
            <li>
              <Link className="govuk-link" to={`${base}/clarifications`}>
                Clarification questions{officer.questionsWaiting ? ` (${officer.questionsWaiting} waiting for an answer)` : ""}
              </Link>
            </li>
            <li><Link className="govuk-link" to={`${base}/panel`}>Evaluation panel</Link></li>
            <li><Link className="govuk-link" to={`${base}/conflicts`}>Conflicts assessment</Link></li>
            {officer.canModerate ? <li><Link className="govuk-link" to={`${base}/moderation`}>Moderation and decisions</Link></li> : null}
            {officer.canCancel ? <li><Link className="govuk-link" to={`${base}/cancel`}>Cancel the tender</Link></li> : null}
          </ul>
          {officer.canPublish ? (
            <Form method="post" noValidate>
              <input type="hidden" name="version" value={t.version} />
              <p className="govuk-body">
                When you publish it, providers can see the tender straight away and bid from the opening time.
              </p>
              <Button name="intent" value="publish">Publish the tender</Button>
            </Form>
          ) : null}
        </div>
      ) : null}

      {panel ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/panel/${t.id}`}>Declare interests and score the bids</Link>
        </p>
      ) : null}

      {provider?.canBid ? (
        <p className="govuk-body">
          <Link to={`${base}/bid`} role="button" draggable="false" className="govuk-button govuk-!-margin-bottom-0" data-module="govuk-button">
            {provider.bidStatus ? "Continue your bid" : "Start or continue your bid"}
          </Link>
          {provider.bidStatus ? <span className="govuk-body govuk-!-margin-left-3">Your bid: {provider.bidStatus}</span> : null}
        </p>
      ) : provider?.bidStatus ? (
        <p className="govuk-body">Your organisation's bid: {provider.bidStatus}.</p>
      ) : null}

      <TenderNotice
        tender={t}
        filesAt={`${base}/files`}
        calendarAt={t.status === "open" || t.status === "upcoming" ? `/opportunities/${t.id}/calendar.ics` : undefined}
      />

      {provider ? (
        <>
          {provider.ownQuestions.length ? (
            <>
              <h3 className="govuk-heading-s">Your questions waiting for an answer</h3>
              <ul className="govuk-list govuk-list--bullet">
                {provider.ownQuestions.map((q) => (
                  <li key={q.id}>
                    {q.question} <span className="govuk-hint govuk-!-display-inline">(asked {formatDateTime(q.askedAt)})</span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {provider.questionsClosed ? <p className="govuk-body">{provider.questionsClosed}</p> : null}
          {provider.canAsk ? (
            <div className="govuk-grid-row">
              <div className="govuk-grid-column-two-thirds">
                <Form method="post" noValidate>
                  <Textarea
                    name="question"
                    label="Ask the council a question about this tender"
                    hint="Only the council sees who asked. The question and its answer are published here for every bidder."
                    defaultValue={fieldValue(result?.values, "question")}
                    error={result?.errors.question}
                    rows={4}
                  />
                  <Button name="intent" value="ask" secondary>Send your question</Button>
                </Form>
              </div>
            </div>
          ) : null}
        </>
      ) : null}
    </>
  );
}
