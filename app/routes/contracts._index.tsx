// GET /contracts – the council's awarded contracts and grants, for anyone: who was paid, how
// much, where, when and how they were chosen, with the Transparency Code's CSV files.
import type { MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { TableWrapper } from "~/components/lists";
import { formatDate } from "~/lib/dates";
import { formatPence } from "~/lib/money";
import { awardQuarters, listPublicAwards } from "~/models/transparency/awards.server";
import { AWARD_PROCEDURE_LABELS } from "~/models/tenders/procedures";

export const meta: MetaFunction = () => [{ title: "Awarded contracts and grants – Early help portal" }];

export async function loader() {
  const awards = await listPublicAwards(getDb());
  return json({
    quarters: awardQuarters(awards),
    awards: awards.map((a) => ({
      reference: a.reference,
      title: a.title,
      supplier: a.supplier.name,
      district: a.district.name,
      amount: formatPence(a.amountPence),
      paid: formatPence(a.disbursedPence),
      period: `${formatDate(a.startDate)} to ${formatDate(a.endDate)}`,
      procedure: AWARD_PROCEDURE_LABELS[a.procedure],
    })),
  });
}

export default function Contracts() {
  const { awards, quarters } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Awarded contracts and grants</h1>
      <p className="govuk-body">
        Every early help project the council has funded: the organisation, the amount, the district, the dates and how it
        was chosen. Published under the Local Government Transparency Code 2015.
      </p>
      <ul className="govuk-list">
        <li><a className="govuk-link" href="/data/transparency/contracts.csv" download>Contracts over £5,000 (CSV)</a></li>
        <li><a className="govuk-link" href="/data/transparency/grants.csv" download>Grants to voluntary, community and social enterprise organisations (CSV)</a></li>
        <li>
          The grants in the 360Giving Data Standard:{" "}
          <a className="govuk-link" href="/data/360giving/grants.json" download>JSON</a>,{" "}
          <a className="govuk-link" href="/data/360giving/grants.csv" download>CSV</a> or{" "}
          <a className="govuk-link" href="/data/360giving/grants.xlsx" download>spreadsheet (XLSX)</a>
        </li>
        <li><a className="govuk-link" href="/data/ocds/releases.json" download>Every tender, award and contract in the Open Contracting Data Standard (JSON)</a></li>
      </ul>
      {quarters.length ? (
        <details className="govuk-details">
          <summary className="govuk-details__summary"><span className="govuk-details__summary-text">The Transparency Code files by quarter</span></summary>
          <div className="govuk-details__text">
            <ul className="govuk-list">
              {quarters.map((q) => (
                <li key={q}>
                  {q}: <a className="govuk-link" href={`/data/transparency/contracts.csv?quarter=${encodeURIComponent(q)}`} download>contracts<span className="govuk-visually-hidden"> awarded in {q}</span></a>,{" "}
                  <a className="govuk-link" href={`/data/transparency/grants.csv?quarter=${encodeURIComponent(q)}`} download>grants<span className="govuk-visually-hidden"> awarded in {q}</span></a>
                </li>
              ))}
            </ul>
          </div>
        </details>
      ) : null}
      {awards.length === 0 ? <p className="govuk-body">Nothing has been awarded yet.</p> : (
        <TableWrapper caption="Awarded contracts and grants">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Awarded contracts and grants</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Project</th>
                <th scope="col" className="govuk-table__header">Organisation</th>
                <th scope="col" className="govuk-table__header">District</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Amount</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Paid so far</th>
                <th scope="col" className="govuk-table__header">Period</th>
                <th scope="col" className="govuk-table__header">How it was chosen</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {awards.map((a) => (
                <tr className="govuk-table__row" key={a.reference}>
                  <td className="govuk-table__cell">{a.title}<br /><span className="govuk-hint govuk-!-display-inline">{a.reference}</span></td>
                  <td className="govuk-table__cell">{a.supplier}</td>
                  <td className="govuk-table__cell">{a.district}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{a.amount}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{a.paid}</td>
                  <td className="govuk-table__cell">{a.period}</td>
                  <td className="govuk-table__cell">{a.procedure}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrapper>
      )}
    </>
  );
}
