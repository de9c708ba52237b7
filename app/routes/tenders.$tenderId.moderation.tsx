import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, Select, Textarea } from "~/components/forms";
import { TableWrapper } from "~/components/lists";
import { formatDateTime } from "~/lib/dates";
import { failure, fieldValue, formValues, parseForm, type FormFailure } from "~/lib/forms";
import { formatPence } from "~/lib/money";
import { consensusFieldPrefix } from "~/schemas/panel";
import { consensusSchema } from "~/schemas/panel.server";
import { auditContext, notFound } from "~/http/guards.server";
import { requireTenderModerator } from "~/http/tenders/access.server";
import { dispatchIntent } from "~/http/intents.server";
import { flash } from "~/services/session.server";
import { WIDE_SPREAD } from "~/models/panel/scoring.server";
import { bidLabel, TENDER_FINISHED_MESSAGE } from "~/models/panel/read.server";
import { getScoringMatrix } from "~/models/panel/matrix.server";
import { recordConsensus } from "~/models/panel/scores.server";
import { allocationChecks } from "~/models/awards/decisions.server";
import { Form } from "~/components/form";
import { TENDER_DECIDED } from "~/models/statuses";
import { AllocationCheckText } from "~/components/awards";
import { RefusedError } from "~/models/errors";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Moderation: ${data.tender.reference}` : "Moderation"} – Early help portal` },
];

/** Moderation is an officer's, once the tender closes and the bids may be opened. */
function requireModeration(request: Request, tenderId: string | undefined) {
  return requireTenderModerator(request, tenderId, (tender) =>
    `Moderation opens when the tender closes on ${formatDateTime(tender.closesAt)}. Until then the bids are sealed.`);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { tender } = await requireModeration(request, params.tenderId);
  const db = getDb();
  const matrix = (await getScoringMatrix(db, tender.id))!;
  const checks = await allocationChecks(db, matrix);
  return json({
    tender: { id: tender.id, reference: tender.reference, title: tender.title },
    finished: TENDER_DECIDED.includes(tender.status),
    wideSpread: WIDE_SPREAD,
    members: matrix.members.map((m) => ({ id: m.userId, name: m.name, submitted: m.submittedAt ? formatDateTime(m.submittedAt) : null })),
    criteria: matrix.criteria,
    bids: matrix.bids.map((b) => ({
      id: b.id,
      label: bidLabel(b),
      organisationName: b.organisationName,
      amountPence: b.amountPence,
      amount: formatPence(b.amountPence),
      status: b.status,
      rank: b.rank,
      totalText: b.totalText,
      missingConsensus: b.missingConsensus,
      allocation: checks[b.id],
      rows: b.rows.map((r) => ({
        criterionId: r.criterionId,
        criterionName: r.criterionName,
        weightPercent: r.weightPercent,
        maxScore: r.maxScore,
        cells: r.cells,
        spread: r.spread,
        consensus: r.consensus,
        weightedText: r.weightedText,
      })),
    })),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, tender } = await requireModeration(request, params.tenderId);
  const form = await request.formData();

  /** Each bid has its own consensus form; the problems come back beside that bid. */
  const consensus = async () => {
    const values = formValues(form);
    const bidId = typeof values.bidId === "string" ? values.bidId : "";
    if (TENDER_DECIDED.includes(tender.status)) return json<FormFailure & { bidId: string }>({ ...failure(values, {}, TENDER_FINISHED_MESSAGE), bidId }, { status: 409 });
    const db = getDb();
    const matrix = (await getScoringMatrix(db, tender.id))!;
    const bid = matrix.bids.find((b) => b.id === bidId);
    if (!bid) notFound("That bid is not part of this tender");
    if (bid.status !== "submitted") return json<FormFailure & { bidId: string }>({ ...failure(values, {}, TENDER_FINISHED_MESSAGE), bidId }, { status: 409 });
    const parsed = parseForm(consensusSchema(matrix.criteria, bid.id), form);
    if (!parsed.ok) return json<FormFailure & { bidId: string }>({ ...parsed, bidId }, { status: 400 });
    try {
      await db.transaction().execute((trx) => recordConsensus(trx, auditContext(user, context), { tenderId: tender.id, bidId: bid.id, entries: parsed.data }));
    } catch (error) {
      // The decisions were recorded while this was being sent: nothing is changed.
      if (error instanceof RefusedError) return json<FormFailure & { bidId: string }>({ ...failure(parsed.values, {}, error.message), bidId }, { status: 409 });
      throw error;
    }
    return redirect(`/tenders/${tender.id}/moderation#bid-${bid.id}`, {
      headers: { "Set-Cookie": await flash(request, { kind: "success", text: `The consensus for ${bidLabel(bid)} is saved.` }) },
    });
  };

  return dispatchIntent(form, { consensus });
}

export default function Moderation() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { tender } = data;
  const submitted = data.members.filter((m) => m.submitted).length;
  const ranked = data.bids.filter((b) => b.totalText !== null);
  return (
    <>
      <Link to={`/tenders/${tender.id}`} className="govuk-back-link">Back to {tender.reference}</Link>
      <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">{tender.reference} {tender.title}</span>
        Moderation
      </h1>
      <p className="govuk-body">
        {submitted} of {data.members.length} panel members have submitted their scores.{" "}
        <Link className="govuk-link" to={`/tenders/${tender.id}/panel`}>See the panel</Link>.
        Download the scoring matrix as <a className="govuk-link" href={`/tenders/${tender.id}/matrix?format=csv`}>CSV</a> or{" "}
        <a className="govuk-link" href={`/tenders/${tender.id}/matrix?format=xlsx`}>Excel</a>.
      </p>
      {data.finished ? <div className="govuk-inset-text">The decisions on this tender have been recorded: the consensus scores are final.</div> : null}

      <TableWrapper caption="Ranking">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">Ranking</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Rank</th>
              <th scope="col" className="govuk-table__header">Bid</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Weighted total</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Amount requested</th>
              <th scope="col" className="govuk-table__header">Allocation check</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {data.bids.map((b) => (
              <tr className="govuk-table__row" key={b.id}>
                <td className="govuk-table__cell govuk-table__cell--numeric">{b.rank ?? "–"}</td>
                <td className="govuk-table__cell"><a className="govuk-link" href={`#bid-${b.id}`}>{b.label}</a></td>
                <td className="govuk-table__cell govuk-table__cell--numeric">
                  {b.totalText !== null ? `${b.totalText}%` : `No total yet: no consensus for ${b.missingConsensus.join(", ")}`}
                </td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{b.amount}</td>
                <td className="govuk-table__cell">
                  <AllocationCheckText check={b.allocation} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrapper>
      {ranked.length < data.bids.length ? (
        <p className="govuk-body">A bid is ranked once every criterion has a consensus score. Equal totals share a rank.</p>
      ) : null}
      {!data.finished && data.bids.length > 0 ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/tenders/${tender.id}/decisions`}>Go to decisions and award</Link>
        </p>
      ) : null}

      {data.bids.map((b) => {
        const mine = result && "bidId" in result && result.bidId === b.id ? result : undefined;
        const prefix = consensusFieldPrefix(b.id);
        return (
          <section key={b.id} id={`bid-${b.id}`} className="govuk-!-margin-top-9">
            <h2 className="govuk-heading-m">{b.label}</h2>
            <p className="govuk-body">
              Amount requested {b.amount}.{" "}
              {b.totalText !== null ? `Weighted total ${b.totalText}%, ranked ${b.rank} of ${data.bids.length}.` : "No weighted total yet."}
            </p>
            <TableWrapper caption={`Members' scores for ${b.label}`}>
              <table className="govuk-table">
                <caption className="govuk-table__caption govuk-table__caption--s">Members' scores</caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">Criterion</th>
                    {data.members.map((m) => (
                      <th scope="col" className="govuk-table__header" key={m.id}>{m.name}</th>
                    ))}
                    <th scope="col" className="govuk-table__header">Spread</th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {b.rows.map((r) => (
                    <tr className="govuk-table__row" key={r.criterionId}>
                      <th scope="row" className="govuk-table__header">
                        {r.criterionName}
                        <span className="govuk-body-s govuk-!-display-block">weight {r.weightPercent}%, out of {r.maxScore}</span>
                      </th>
                      {r.cells.map((c) => (
                        <td className="govuk-table__cell" key={c.userId}>
                          {c.conflict ? "Conflict of interest" : c.score === null ? "Not scored" : (
                            <>
                              <strong>{c.score}</strong>
                              <span className="govuk-body-s govuk-!-display-block">{c.comment}</span>
                            </>
                          )}
                        </td>
                      ))}
                      <td className="govuk-table__cell">
                        {r.spread.spread === null ? "No scores" : r.spread.spread}
                        {r.spread.wide ? <strong className="govuk-tag govuk-tag--orange govuk-!-display-block">{r.spread.flag}</strong> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrapper>

            {data.finished || b.status !== "submitted" ? (
              <ul className="govuk-list">
                {b.rows.map((r) => (
                  <li key={r.criterionId}>
                    <strong>{r.criterionName}:</strong> {r.consensus ? `${r.consensus.score} of ${r.maxScore} – ${r.consensus.rationale}` : "no consensus"}
                  </li>
                ))}
              </ul>
            ) : (
              <Form method="post" noValidate action={`/tenders/${tender.id}/moderation`}>
                <input type="hidden" name="intent" value="consensus" />
                <input type="hidden" name="bidId" value={b.id} />
                <h3 className="govuk-heading-s">Consensus for {b.label}</h3>
                {b.rows.map((r) => (
                  <fieldset className="govuk-fieldset govuk-!-margin-bottom-4" key={r.criterionId}>
                    <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{r.criterionName}</legend>
                    <Select
                      name={`${prefix}score.${r.criterionId}`}
                      label={`Consensus score, 0 to ${r.maxScore}`}
                      emptyLabel="Not agreed yet"
                      options={Array.from({ length: r.maxScore + 1 }, (_, i) => ({ value: String(i), label: String(i) }))}
                      defaultValue={fieldValue(mine?.values, `${prefix}score.${r.criterionId}`, r.consensus?.score)}
                      error={mine?.errors?.[`${prefix}score.${r.criterionId}`]}
                    />
                    <Textarea
                      name={`${prefix}rationale.${r.criterionId}`}
                      label="Rationale"
                      hint="Required with every consensus score. The bidder reads it in their assessment summary."
                      rows={2}
                      defaultValue={fieldValue(mine?.values, `${prefix}rationale.${r.criterionId}`, r.consensus?.rationale)}
                      error={mine?.errors?.[`${prefix}rationale.${r.criterionId}`]}
                    />
                  </fieldset>
                ))}
                <Button>Save the consensus for {b.organisationName}</Button>
              </Form>
            )}
          </section>
        );
      })}
    </>
  );
}
