// The tables of the officer's review page: figures and spend beside their targets and
// profile with their RAG (the word as well as the colour), the people reached, and the
// queries asked so far. They show what the loader worked out; they decide nothing.
import type { SerializeFrom } from "@remix-run/node";
import { TableWrapper } from "~/components/lists";
import type { ReviewIndicator, ReviewPage } from "~/models/returns/review-page.server";

type Serialized<K extends keyof ReviewPage> = SerializeFrom<ReviewPage[K]>;

/** A RAG rating as a tag with its word, or "No RAG" where there is nothing to compare. */
export function Rag({ cell }: { cell: { label: string; tagClass: string } | null }) {
  if (!cell) return <span className="govuk-body-s">No RAG</span>;
  return <strong className={cell.tagClass}>{cell.label}</strong>;
}

/** Text as the provider typed it, line breaks kept. */

/** Outputs or outcomes: each figure beside its target, with the running totals of a cumulative one. */
export function IndicatorTable({ caption, rows, previousCaption }: { caption: string; rows: SerializeFrom<ReviewIndicator>[]; previousCaption: string | null }) {
  if (rows.length === 0) return null;
  return (
    <TableWrapper caption={caption}>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Figure</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Target</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Actual</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Achievement</th>
            <th scope="col" className="govuk-table__header">RAG</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">
              Previous quarter{previousCaption ? <span className="govuk-body-s govuk-!-display-block">{previousCaption}</span> : null}
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {rows.map((i) => (
            <tr className="govuk-table__row" key={i.id}>
              <th scope="row" className="govuk-table__header">
                {i.name}
                <span className="govuk-body-s govuk-!-display-block govuk-!-font-weight-regular">{i.measureText}</span>
                {i.comment ? (
                  <span className="govuk-body-s govuk-!-display-block govuk-!-font-weight-regular portal-pre-line">Provider’s comment: {i.comment}</span>
                ) : null}
              </th>
              <td className="govuk-table__cell govuk-table__cell--numeric">
                {i.target}
                {i.toDate ? <span className="govuk-body-s govuk-!-display-block">{i.toDate.target} to date</span> : null}
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric">
                {i.actual}
                {i.toDate ? <span className="govuk-body-s govuk-!-display-block">{i.toDate.actual} to date</span> : null}
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{i.achievement}</td>
              <td className="govuk-table__cell"><Rag cell={i.rag} /></td>
              <td className="govuk-table__cell govuk-table__cell--numeric">
                {i.previous ? `${i.previous.actual} of ${i.previous.target}` : "–"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrapper>
  );
}

/** Spend per category and in total against the quarter's profile. */
export function SpendTable({ spend }: { spend: Serialized<"spend"> }) {
  return (
    <TableWrapper caption="Spend against the profile">
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-visually-hidden">Spend against the profile</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Category</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Profile</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Spent</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Variance</th>
            <th scope="col" className="govuk-table__header">RAG</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Previous quarter</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {[...spend.lines, spend.total].map((s, index) => {
            const total = index === spend.lines.length;
            return (
              <tr className="govuk-table__row" key={total ? "total" : s.category}>
                <th scope="row" className="govuk-table__header">
                  {s.label}
                  {s.varianceReason ? (
                    <span className="govuk-body-s govuk-!-display-block govuk-!-font-weight-regular portal-pre-line">Reason for the variance: {s.varianceReason}</span>
                  ) : null}
                </th>
                <td className="govuk-table__cell govuk-table__cell--numeric">{s.profile}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{s.actual}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{s.variance}</td>
                <td className="govuk-table__cell"><Rag cell={s.rag} /></td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{s.previous ?? "–"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrapper>
  );
}

/** New and continuing people by age band, with the totals. */
export function PeopleTable({ beneficiaries }: { beneficiaries: Serialized<"beneficiaries"> }) {
  return (
    <TableWrapper caption="People reached by age band">
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-visually-hidden">People reached by age band</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Age band</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">New</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Continuing</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Total</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {beneficiaries.rows.map((b) => (
            <tr className="govuk-table__row" key={b.band}>
              <th scope="row" className="govuk-table__header">{b.band === "adults" ? "Adults" : b.band}</th>
              <td className="govuk-table__cell govuk-table__cell--numeric">{b.newCount}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{b.continuingCount}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{b.total}</td>
            </tr>
          ))}
          <tr className="govuk-table__row">
            <th scope="row" className="govuk-table__header">Total</th>
            <td className="govuk-table__cell govuk-table__cell--numeric">{beneficiaries.totalNew}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{beneficiaries.totalContinuing}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{beneficiaries.total}</td>
          </tr>
        </tbody>
      </table>
    </TableWrapper>
  );
}

/** Every query on the return, with its version, section or figure, and who asked. */
export function QueryTable({ queries }: { queries: Serialized<"queries"> }) {
  return (
        <TableWrapper caption="Queries on this return">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Queries on this return</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Version</th>
                <th scope="col" className="govuk-table__header">Section</th>
                <th scope="col" className="govuk-table__header">Comment</th>
                <th scope="col" className="govuk-table__header">By</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {queries.map((q) => (
                <tr className="govuk-table__row" key={q.id}>
                  <td className="govuk-table__cell">{q.versionNumber}</td>
                  <td className="govuk-table__cell">{q.sectionLabel}{q.figure ? `: ${q.figure}` : ""}</td>
                  <td className="govuk-table__cell portal-pre-line">{q.comment}</td>
                  <td className="govuk-table__cell">{q.by ?? "–"}, {q.at}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrapper>
  );
}
