import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { TableWrapper } from "~/components/lists";
import { formatDate } from "~/lib/dates";
import { formatPence } from "~/lib/money";
import { getSettings } from "~/models/admin/settings.server";
import { notFound } from "~/http/guards.server";
import { requireBidOutcome } from "~/http/bids/access.server";
import { getAssessmentSummary, getAwardRecord } from "~/models/awards/decisions.server";
import { awardStepViews } from "~/models/awards/stages";
import { AwardStepsList } from "~/components/awards";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Assessment summary: ${data.summary.tenderReference}` : "Assessment summary"} – Early help portal` },
];

/**
 * The bidder's own assessment summary, once the decision is made. Another organisation's
 * bid is "not found"; the bidder's own, before the decision, says when it will be ready.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { bid } = await requireBidOutcome(request, params.bidId);
  const db = getDb();
  const [summary, settings] = await Promise.all([getAssessmentSummary(db, bid.id), getSettings(db)]);
  if (!summary) notFound();
  const award = (await getAwardRecord(db, summary.tenderId))!;
  return json({
    councilName: settings.council_name,
    // Every bidder follows the award's steps: the notice, the standstill and the contract.
    awardSteps: awardStepViews(award),
    summary: {
      ...summary,
      amount: formatPence(summary.amountPence),
      decided: formatDate(summary.decidedAt),
    },
  });
}

export default function AssessmentSummaryPage() {
  const { summary: s, councilName, awardSteps } = useLoaderData<typeof loader>();
  const lost = s.outcome === "unsuccessful";
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <h1 className="govuk-heading-l">
          <span className="govuk-caption-l">{s.tenderReference} {s.tenderTitle}</span>
          Assessment summary
        </h1>
        {lost ? (
          <div className="govuk-inset-text">
            <h2 className="govuk-heading-m">Your bid was not successful</h2>
            <p className="govuk-body">{s.organisationName}: {s.bidTitle || "your bid"}</p>
          </div>
        ) : (
          <div className="govuk-panel govuk-panel--confirmation">
            <h2 className="govuk-panel__title">Your bid was successful</h2>
            <div className="govuk-panel__body">{s.organisationName}: {s.bidTitle || "your bid"}</div>
          </div>
        )}
        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Decision made</dt>
            <dd className="govuk-summary-list__value">{s.decided}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Amount requested</dt>
            <dd className="govuk-summary-list__value">{s.amount}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Your weighted total</dt>
            <dd className="govuk-summary-list__value">{s.totalText ? `${s.totalText}%` : "Not scored"}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Your rank</dt>
            <dd className="govuk-summary-list__value">{s.rank ? `${s.rank} of ${s.of}` : `Not ranked (${s.of} bids assessed)`}</dd>
          </div>
          {lost ? (
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">{s.successfulTotals.length === 1 ? "The successful bid's total" : "The successful bids' totals"}</dt>
              <dd className="govuk-summary-list__value">{s.successfulTotals.map((t) => `${t}%`).join(", ") || "None"}</dd>
            </div>
          ) : null}
        </dl>
        <h2 className="govuk-heading-m">The award's steps</h2>
        <AwardStepsList steps={awardSteps} />

        <p className="govuk-body">
          The panel scored each criterion from 0 to its maximum. A criterion's weighted score is the score divided by the maximum,
          times the criterion's weight; the weighted total is the sum, out of 100.
        </p>
        <TableWrapper caption="How your bid was scored">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--m">How your bid was scored</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Criterion</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Weight</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Your score</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Weighted</th>
                {lost ? <th scope="col" className="govuk-table__header govuk-table__header--numeric">Successful bid's score</th> : null}
                <th scope="col" className="govuk-table__header">Why the panel gave this score</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {s.criteria.map((c) => (
                <tr className="govuk-table__row" key={c.name}>
                  <th scope="row" className="govuk-table__header">{c.name}</th>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{c.weightPercent}%</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{c.score === null ? "–" : `${c.score} of ${c.maxScore}`}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{c.weightedText ?? "–"}</td>
                  {lost ? (
                    <td className="govuk-table__cell govuk-table__cell--numeric">
                      {c.successfulScore === null ? "–" : `${c.successfulScore} of ${c.maxScore}`}
                    </td>
                  ) : null}
                  <td className="govuk-table__cell">{c.rationale}</td>
                </tr>
              ))}
              <tr className="govuk-table__row">
                <th scope="row" className="govuk-table__header">Total</th>
                <td className="govuk-table__cell govuk-table__cell--numeric">100%</td>
                <td className="govuk-table__cell"></td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{s.totalText ?? "–"}</td>
                {lost ? <td className="govuk-table__cell govuk-table__cell--numeric">{s.successfulTotals[0] ?? "–"}</td> : null}
                <td className="govuk-table__cell"></td>
              </tr>
            </tbody>
          </table>
        </TableWrapper>

        <h2 className="govuk-heading-m">{lost ? "Why your bid was not successful" : "Feedback from the panel"}</h2>
        <p className="govuk-body portal-pre-line">{s.feedback}</p>
        <p className="govuk-body">
          If you have questions about this assessment, contact {councilName}'s commissioning team.
        </p>
      </div>
    </div>
  );
}
