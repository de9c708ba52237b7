import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, Select, Textarea } from "~/components/forms";
import { formatDate, formatDateTime } from "~/lib/dates";
import { fieldValue, parseForm, type FormFailure } from "~/lib/forms";
import { formatPence } from "~/lib/money";
import { formatBytes } from "~/models/files.server";
import { lateConflictSchema, scoresSchema } from "~/schemas/panel.server";
import { auditContext, forbidden, notFound } from "~/http/guards.server";
import { flash } from "~/services/session.server";
import { refusedForm } from "~/http/errors.server";
import { dispatchIntent } from "~/http/intents.server";
import { requirePanelBid } from "~/http/panel/access.server";
import { can } from "~/policies/index";
import { BudgetTable } from "~/components/budget";
import { getTenderDetail } from "~/models/tenders/read.server";
import { bidLabel } from "~/models/panel/read.server";
import { getScoringMatrix } from "~/models/panel/matrix.server";
import { getBidForPanel, getMemberScores, getSubmittedAt } from "~/models/panel/workspace.server";
import { declareLateConflict, saveScores } from "~/models/panel/scores.server";
import { Form } from "~/components/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Score: ${data.bid.label}` : "Score a bid"} – Early help portal` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, bid } = await requirePanelBid(request, params);
  const db = getDb();
  const [detail, tender, mine, submittedAt] = await Promise.all([
    getBidForPanel(db, bid.id),
    getTenderDetail(db, bid.tenderId),
    getMemberScores(db, bid.id, user.id),
    getSubmittedAt(db, bid.tenderId, user.id),
  ]);
  if (!detail || !tender) notFound();
  // Other members' scores only once this member has submitted their own.
  let others: { criterionId: string; scores: { name: string; text: string; comment: string | null }[]; consensus: string | null }[] | null = null;
  if (submittedAt) {
    const matrix = await getScoringMatrix(db, bid.tenderId);
    const row = matrix?.bids.find((b) => b.id === bid.id);
    const names = new Map((matrix?.members ?? []).map((m) => [m.userId, m.name]));
    others = (row?.rows ?? []).map((r) => ({
      criterionId: r.criterionId,
      scores: r.cells
        .filter((c) => c.userId !== user.id)
        .map((c) => ({
          name: names.get(c.userId) ?? "Panel member",
          text: c.conflict ? "Conflict of interest declared" : c.score === null ? "Not scored" : `${c.score} of ${r.maxScore}`,
          comment: c.comment,
        })),
      consensus: r.consensus ? `${r.consensus.score} of ${r.maxScore}: ${r.consensus.rationale}` : null,
    }));
  }
  return json({
    tender: { id: tender.id, reference: tender.reference, title: tender.title },
    bid: {
      id: detail.id,
      label: bidLabel(detail),
      title: detail.title,
      organisationName: detail.organisationName,
      district: detail.districtName,
      amount: formatPence(detail.amountPence),
      submitted: formatDateTime(detail.submittedAt),
      answers: detail.answers,
      budget: detail.budget,
      indicators: detail.indicators,
      attachments: detail.attachments.map((a) => ({ ...a, size: formatBytes(a.sizeBytes) })),
    },
    criteria: tender.criteria,
    mine,
    locked: submittedAt !== null,
    submitted: submittedAt ? formatDateTime(submittedAt) : null,
    others,
    contract: `${formatDate(tender.contractStart)} to ${formatDate(tender.contractEnd)}`,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, bid } = await requirePanelBid(request, params);
  const db = getDb();
  const form = await request.formData();
  const audit = auditContext(user, context);
  const detail = await getBidForPanel(db, bid.id);
  const label = detail ? bidLabel(detail) : "this bid";

  const save = async () => {
    if (!can(user, "panel:score-bid", bid.record)) forbidden(user, "You cannot score this bid.");
    const tender = await getTenderDetail(db, bid.tenderId);
    const parsed = parseForm(scoresSchema(tender?.criteria ?? []), form);
    if (!parsed.ok) return json<FormFailure>(parsed, { status: 400 });
    try {
      await db.transaction().execute((trx) =>
        saveScores(trx, audit, { tenderId: bid.tenderId, bidId: bid.id, userId: user.id, entries: parsed.data }),
      );
    } catch (error) {
      return refusedForm(error, parsed.values);
    }
    const scored = parsed.data.filter((e) => e.score !== null).length;
    return redirect(`/panel/${bid.tenderId}/bids/${bid.id}`, {
      headers: {
        "Set-Cookie": await flash(request, {
          kind: "success",
          text: `Your scores for ${label} are saved: ${scored} of ${parsed.data.length} criteria scored.`,
        }),
      },
    });
  };

  const conflict = async () => {
    const parsed = parseForm(lateConflictSchema(label), form);
    if (!parsed.ok) return json<FormFailure>(parsed, { status: 400 });
    try {
      await db.transaction().execute((trx) =>
        declareLateConflict(trx, audit, { tenderId: bid.tenderId, bidId: bid.id, userId: user.id, reason: parsed.data.reason }),
      );
    } catch (error) {
      return refusedForm(error, parsed.values);
    }
    return redirect(`/panel/${bid.tenderId}`, {
      headers: { "Set-Cookie": await flash(request, { kind: "success", text: "Your conflict of interest is recorded. You will not see that bid again, and any scores you gave it are deleted." }) },
    });
  };

  return dispatchIntent(form, { save, conflict });
}

export default function ScoreBid() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { bid, tender } = data;
  const othersFor = (criterionId: string) => data.others?.find((o) => o.criterionId === criterionId);
  return (
    <>
      <Link to={`/panel/${tender.id}`} className="govuk-back-link">Back to the bids for {tender.reference}</Link>
      <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">{tender.reference} {tender.title}</span>
        {bid.title || bid.organisationName}
      </h1>
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Organisation</dt>
          <dd className="govuk-summary-list__value">{bid.organisationName}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">District</dt>
          <dd className="govuk-summary-list__value">{bid.district ?? "Not given"}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Amount requested</dt>
          <dd className="govuk-summary-list__value">{bid.amount}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Contract</dt>
          <dd className="govuk-summary-list__value">{data.contract}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Submitted</dt>
          <dd className="govuk-summary-list__value">{bid.submitted}</dd>
        </div>
      </dl>

      <h2 className="govuk-heading-m">Answers</h2>
      {bid.answers.map((a) => (
        <div key={a.questionId} className="govuk-!-margin-bottom-6">
          <h3 className="govuk-heading-s">{a.position}. {a.question}</h3>
          <p className="govuk-body portal-pre-line">{a.answer || "No answer given."}</p>
        </div>
      ))}

      <h2 className="govuk-heading-m">Budget by quarter</h2>
      <BudgetTable lines={bid.budget} caption="Budget by quarter" />

      <h2 className="govuk-heading-m">Proposed indicators</h2>
      {bid.indicators.length === 0 ? <p className="govuk-body">None proposed.</p> : (
        <ul className="govuk-list govuk-list--bullet">
          {bid.indicators.map((i, n) => (
            <li key={n}>
              <strong>{i.name}</strong> ({i.kind}, {i.unit}): {i.definition}.{" "}
              Targets: {Object.entries(i.targets).map(([q, t]) => `${q} ${t}`).join(", ") || "none"}
            </li>
          ))}
        </ul>
      )}
      {bid.attachments.length ? (
        <>
          <h2 className="govuk-heading-m">Attachments</h2>
          <ul className="govuk-list">
            {bid.attachments.map((a) => (
              <li key={a.id}>
                <a className="govuk-link" href={`/bids/${bid.id}/files/${a.id}`} download>{a.filename}</a> ({a.size})
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2 className="govuk-heading-m">Your scores</h2>
      {data.locked ? (
        <div className="govuk-inset-text">
          You submitted your scores on {data.submitted}. They are locked: ask the commissioning officer to reopen them if you need to
          change one.
        </div>
      ) : (
        <p className="govuk-body">
          Give each criterion a score and a comment explaining it. You can save part-way and come back; a criterion left blank stays
          unscored.
        </p>
      )}
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="save" />
        {data.criteria.map((c) => {
          const saved = data.mine[c.id];
          const others = othersFor(c.id);
          return (
            <fieldset className="govuk-fieldset govuk-!-margin-bottom-6" key={c.id}>
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
                {c.name} <span className="govuk-body">(weight {c.weightPercent}%)</span>
              </legend>
              <p className="govuk-hint">{c.guidance}</p>
              {data.locked ? (
                <p className="govuk-body">
                  <strong>Your score:</strong> {saved ? `${saved.score} of ${c.maxScore}` : "Not scored"}
                  {saved ? <span className="govuk-!-display-block">{saved.comment}</span> : null}
                </p>
              ) : (
                <>
                  <Select
                    name={`score.${c.id}`}
                    label={`Score for ${c.name}, 0 to ${c.maxScore}`}
                    emptyLabel="Not scored yet"
                    options={Array.from({ length: c.maxScore + 1 }, (_, i) => ({ value: String(i), label: String(i) }))}
                    defaultValue={fieldValue(result?.values, `score.${c.id}`, saved?.score)}
                    error={result?.errors?.[`score.${c.id}`]}
                  />
                  <Textarea
                    name={`comment.${c.id}`}
                    label={`Comment on ${c.name}`}
                    hint="Required with every score: the evidence in the bid for it."
                    rows={3}
                    defaultValue={fieldValue(result?.values, `comment.${c.id}`, saved?.comment)}
                    error={result?.errors?.[`comment.${c.id}`]}
                  />
                </>
              )}
              {others ? (
                <div className="govuk-inset-text">
                  <p className="govuk-body govuk-!-font-weight-bold">Other members</p>
                  <ul className="govuk-list">
                    {others.scores.map((s, i) => (
                      <li key={i}>
                        {s.name}: {s.text}
                        {s.comment ? <span className="govuk-body-s govuk-!-display-block">{s.comment}</span> : null}
                      </li>
                    ))}
                  </ul>
                  <p className="govuk-body">Consensus: {others.consensus ?? "not agreed yet"}</p>
                </div>
              ) : null}
            </fieldset>
          );
        })}
        {data.locked ? null : <Button>Save my scores</Button>}
      </Form>

      {data.locked ? null : (
        <details className="govuk-details">
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">I have found a conflict of interest with this bid</span>
          </summary>
          <div className="govuk-details__text">
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="conflict" />
              <p className="govuk-body">
                If you declare a conflict now, any scores you gave this bid are deleted and you will not see it again.
              </p>
              <Textarea name="reason" label="The reason for your conflict of interest" rows={3} error={result?.errors?.reason} defaultValue={fieldValue(result?.values, "reason")} />
              <Button warning>Declare a conflict of interest</Button>
            </Form>
          </div>
        </details>
      )}
    </>
  );
}
