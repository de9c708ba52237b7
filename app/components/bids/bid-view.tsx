// A bid read-only: where it stands, and its contents as the council, the panel or the
// bidder reads them once it can no longer be changed.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { BudgetTable } from "~/components/budget";
import type { BidView } from "~/models/bids/read.server";

export interface BidStatusFacts {
  statusLabel: string;
  statusClass: string;
  status: string;
  reference: string;
  organisationName: string;
  updated: string;
  lastChangedBy: string | null;
  submitted: string | null;
  submittedBy: string | null;
  withdrawn: string | null;
  fingerprint: string | null;
}

/** After a material amendment: the bidder is asked to confirm their bid; others are told it is not confirmed yet. */
export function NeedsConfirmationBanner({ bidId, own, canConfirm, closes }: { bidId: string; own: boolean; canConfirm: boolean; closes: string }) {
  return (
    <div className="govuk-notification-banner" role="region" aria-labelledby="confirm-title" data-module="govuk-notification-banner">
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="confirm-title">Important</h2>
      </div>
      <div className="govuk-notification-banner__content">
        {own ? (
          <>
            <p className="govuk-notification-banner__heading">The tender changed after you submitted: confirm your bid</p>
            <p className="govuk-body">
              The council made a material change to the tender. Check your bid still answers it, then confirm it
              before {closes}.
            </p>
            {canConfirm ? (
              <p className="govuk-body">
                <Link className="govuk-notification-banner__link" to={`/bids/${bidId}/submit`}>Check and confirm your bid</Link>
              </p>
            ) : null}
          </>
        ) : (
          <p className="govuk-notification-banner__heading">
            The tender changed after this bid was submitted and the provider has not confirmed it since.
          </p>
        )}
      </div>
    </div>
  );
}

/** Where the bid stands; another organisation's bid is named. */
export function BidStatusSummary({ bid, closes, own }: { bid: BidStatusFacts; closes: string; own: boolean }) {
  const rows: [string, ReactNode][] = [
    ["Status", <strong key="s" className={bid.statusClass}>{bid.statusLabel}</strong>],
    ["Reference", bid.reference],
  ];
  if (!own) rows.push(["Organisation", bid.organisationName]);
  rows.push(["Tender closes", closes]);
  if (bid.submitted) rows.push(["Submitted", `${bid.submitted}${bid.submittedBy ? ` by ${bid.submittedBy}` : ""}`]);
  if (bid.withdrawn) rows.push(["Withdrawn", bid.withdrawn]);
  if (bid.status === "draft") rows.push(["Last saved", `${bid.updated}${bid.lastChangedBy ? ` by ${bid.lastChangedBy}` : ""}`]);
  if (bid.fingerprint && bid.status !== "draft") rows.push(["Fingerprint", <code key="f">{bid.fingerprint}</code>]);
  return (
    <dl className="govuk-summary-list govuk-!-margin-bottom-6">
      {rows.map(([key, value]) => (
        <div className="govuk-summary-list__row" key={key}>
          <dt className="govuk-summary-list__key">{key}</dt>
          <dd className={`govuk-summary-list__value${key === "Fingerprint" ? " portal-break-all" : ""}`}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The bid's contents, with its attachments to download. */
export function BidContents({ bidId, view }: { bidId: string; view: BidView }) {
  return (
    <>
      <h2 className="govuk-heading-m">About the project</h2>
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">District</dt>
          <dd className="govuk-summary-list__value">{view.district ?? "Not chosen"}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Project title</dt>
          <dd className="govuk-summary-list__value">{view.title || "Not given"}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Amount requested</dt>
          <dd className="govuk-summary-list__value">{view.amount ?? "Not given"}</dd>
        </div>
      </dl>

      <h2 className="govuk-heading-m">Answers</h2>
      {view.answers.map((a) => (
        <div key={a.questionId} className="govuk-!-margin-bottom-6">
          <h3 className="govuk-heading-s">Question {a.position}: {a.text}</h3>
          <p className="govuk-hint">
            {a.words} of {a.wordLimit} words{a.criterion ? `. Scored under ${a.criterion}` : ""}
          </p>
          <p className="govuk-body portal-pre-wrap">{a.answer || "Not answered"}</p>
        </div>
      ))}

      <h2 className="govuk-heading-m">Budget</h2>
      <BudgetTable lines={view.budget.lines} quarters={view.budget.quarters} caption="Budget by quarter" />
      <IndicatorTable view={view} />

      <h2 className="govuk-heading-m" id="attachments">Attachments</h2>
      {view.attachments.length ? (
        <ul className="govuk-list">
          {view.attachments.map((f) => (
            <li key={f.id}>
              <a className="govuk-link" href={`/bids/${bidId}/files/${f.id}`} download>
                {f.filename}
              </a>{" "}
              ({f.size})
            </li>
          ))}
        </ul>
      ) : (
        <p className="govuk-body">No attachments.</p>
      )}
    </>
  );
}

function IndicatorTable({ view }: { view: BidView }) {
  return (
    <>
      <h2 className="govuk-heading-m">Indicators</h2>
      {view.indicators.length ? (
        view.indicators.map((i) => (
          <div key={i.position} className="govuk-!-margin-bottom-6">
            <h3 className="govuk-heading-s">{i.kind}: {i.name || "No name"}</h3>
            <p className="govuk-body">{i.definition}</p>
            <p className="govuk-body-s">Unit: {i.unit}</p>
            <table className="govuk-table govuk-table--small-text-until-tablet">
              <caption className="govuk-table__caption govuk-visually-hidden">Targets for {i.name}</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  {i.targets.map((t) => (
                    <th key={t.quarter} scope="col" className="govuk-table__header govuk-table__header--numeric">{t.quarter}</th>
                  ))}
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                <tr className="govuk-table__row">
                  {i.targets.map((t) => (
                    <td key={t.quarter} className="govuk-table__cell govuk-table__cell--numeric">{t.value || "–"}</td>
                  ))}
                </tr>
              </tbody>
            </table>
          </div>
        ))
      ) : (
        <p className="govuk-body">No indicators.</p>
      )}
    </>
  );
}
