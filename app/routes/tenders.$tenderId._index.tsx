import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { getDb } from "../../db/client";
import { TableWrapper } from "~/components/lists";
import { Button, ErrorSummary, Textarea } from "~/components/forms";
import { RichText } from "~/components/rich-text";
import { formatDate, formatDateTime } from "~/lib/dates";
import { failure, fieldValue, formValues, parseForm, type FormFailure } from "~/lib/forms";
import { formatPence } from "~/lib/money";
import { formatBytes } from "~/models/files.server";
import { askSchema, publishSchema, TENDER_STATUS_LABELS, TENDER_STATUS_TAG_CLASSES } from "~/schemas/tenders";
import { auditContext, notFound } from "~/http/guards.server";
import { refusedForm } from "~/http/errors.server";
import { dispatchIntent } from "~/http/intents.server";
import { flash } from "~/services/session.server";
import { can } from "~/policies/index";
import { hasRole } from "~/policies/actor";
import { isCancellable, isEditable } from "~/models/tenders/status.server";
import { countSubmittedBids, getTenderDetail, organisationBidStatus } from "~/models/tenders/read.server";
import { publishTender } from "~/models/tenders/change.server";
import { askClarification, listClarificationQueue, listOwnPendingClarifications } from "~/models/tenders/clarifications.server";
import { requireTender, requireTenderProvider } from "~/http/tenders/access.server";
import { BID_STATUS_LABELS } from "~/schemas/bids";
import { Form } from "~/components/form";

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
      contractStart: detail.contractStart,
      contractEnd: detail.contractEnd,
      opensAt: detail.opensAt,
      closesAt: detail.closesAt,
      publishedAt: detail.publishedAt,
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
          canAsk: detail.status === "open",
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
    const parsed = parseForm(askSchema, form);
    if (!parsed.ok) return json<FormFailure>(parsed, { status: 400 });
    await db.transaction().execute((trx) =>
      askClarification(trx, auditContext(user, context), { tenderId: tender.id, organisationId, userId: user.id, question: parsed.data.question }),
    );
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

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value">{children}</dd>
    </div>
  );
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

      <h2 className="govuk-heading-m">Summary</h2>
      <dl className="govuk-summary-list">
        <Row label="Reference">{t.reference}</Row>
        <Row label="Status">{TENDER_STATUS_LABELS[t.status]}</Row>
        <Row label="Districts">{t.districts.join(", ")}</Row>
        <Row label="Funding stream">{t.fundingStream}</Row>
        <Row label="Themes">{t.themes.length ? t.themes.join(", ") : "None given"}</Row>
        <Row label="Maximum budget">{t.maxBudget}</Row>
        <Row label="Contract">{formatDate(t.contractStart)} to {formatDate(t.contractEnd)}</Row>
        <Row label="Opens for bids">{formatDateTime(t.opensAt)} (UK time)</Row>
        <Row label="Closing date">{formatDateTime(t.closesAt)} (UK time)</Row>
        {t.publishedAt ? <Row label="Published">{formatDate(t.publishedAt)}</Row> : null}
      </dl>

      <h2 className="govuk-heading-m">Specification</h2>
      <RichText text={t.specification} headingLevel={3} />

      <h2 className="govuk-heading-m">Documents</h2>
      {t.attachments.length ? (
        <ul className="govuk-list">
          {t.attachments.map((a) => (
            <li key={a.id}>
              <a className="govuk-link" href={`${base}/files/${a.id}`} download>
                {a.filename}
              </a>{" "}
              <span className="govuk-hint govuk-!-display-inline">({a.size})</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="govuk-body">No documents are attached.</p>
      )}

      <h2 className="govuk-heading-m">How bids are scored</h2>
      <TableWrapper caption="Evaluation criteria">
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-visually-hidden">Evaluation criteria</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Criterion</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Weight</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Maximum score</th>
            <th scope="col" className="govuk-table__header">Guidance</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {t.criteria.map((c) => (
            <tr className="govuk-table__row" key={c.id}>
              <th scope="row" className="govuk-table__header">{c.name}</th>
              <td className="govuk-table__cell govuk-table__cell--numeric">{c.weightPercent}%</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{c.maxScore}</td>
              <td className="govuk-table__cell">{c.guidance}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </TableWrapper>

      <h2 className="govuk-heading-m">Questions for bidders</h2>
      {t.questions.length ? (
        <ol className="govuk-list govuk-list--number">
          {t.questions.map((q) => (
            <li key={q.id}>
              {q.text}
              <br />
              <span className="govuk-hint">
                Up to {q.wordLimit.toLocaleString("en-GB")} words{q.criterion ? `. Scored under ${q.criterion}` : ""}.
              </span>
            </li>
          ))}
        </ol>
      ) : (
        <p className="govuk-body">No questions yet.</p>
      )}

      <h2 className="govuk-heading-m">Amendments</h2>
      {t.amendments.length ? (
        <ul className="govuk-list">
          {t.amendments.map((a) => (
            <li key={a.id} className="govuk-!-margin-bottom-4">
              <strong>{formatDateTime(a.createdAt)}</strong>
              {a.material ? <> <strong className="govuk-tag govuk-tag--orange">Material change</strong></> : null}
              <br />
              {a.summary}
              {a.changedFields.length ? (
                <>
                  <br />
                  <span className="govuk-hint">Changed: {a.changedFields.join(", ")}.</span>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="govuk-body">The tender has not been amended.</p>
      )}

      <h2 className="govuk-heading-m">Clarification questions and answers</h2>
      {t.clarifications.length ? (
        <dl className="govuk-summary-list">
          {t.clarifications.map((c) => (
            <div className="govuk-summary-list__row" key={c.id}>
              <dt className="govuk-summary-list__key">{c.question}</dt>
              <dd className="govuk-summary-list__value">
                {c.answer}
                <br />
                <span className="govuk-hint">Answered {formatDate(c.answeredAt)}</span>
              </dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="govuk-body">No questions have been answered yet.</p>
      )}

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
