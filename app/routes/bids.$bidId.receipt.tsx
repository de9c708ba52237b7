// The receipt for a submitted bid: what a provider keeps to show what they sent and when.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { formatDateTime, formatClockOnDate } from "~/lib/dates";
import { formatPence } from "~/lib/money";
import { formatBytes } from "~/models/files.server";
import { getBidDetail } from "~/models/bids/read.server";
import { BID_STATUS_LABELS } from "~/schemas/bids";
import { notFound } from "~/http/guards.server";
import { requireOwnBid } from "~/http/bids/access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Receipt ${data?.receipt.reference ?? ""} – Early help portal` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { bid } = await requireOwnBid(request, params.bidId);
  const detail = await getBidDetail(getDb(), bid.id);
  if (!detail) notFound("Bid not found");
  if (!detail.submittedAt || !detail.fingerprint) throw redirect(`/bids/${bid.id}`);
  return json({
    receipt: {
      bidId: detail.id,
      reference: detail.reference,
      status: detail.status,
      statusLabel: BID_STATUS_LABELS[detail.status],
      tenderReference: detail.tender.reference,
      tenderTitle: detail.tender.title,
      tenderCloses: formatClockOnDate(detail.tender.closesAt),
      organisationName: detail.organisationName,
      title: detail.title,
      amount: detail.amountPence === null ? "Not given" : formatPence(detail.amountPence),
      submitted: `${formatDateTime(detail.submittedAt)} (UK time)`,
      submittedBy: detail.submittedBy?.name ?? null,
      withdrawn: detail.withdrawnAt ? formatDateTime(detail.withdrawnAt) : null,
      needsConfirmation: detail.needsConfirmation && detail.status === "submitted",
      fingerprint: detail.fingerprint,
      attachments: detail.attachments.map((f) => ({ id: f.id, filename: f.filename, size: formatBytes(f.sizeBytes), sha256: f.sha256 })),
    },
  });
}

export default function Receipt() {
  const { receipt: r } = useLoaderData<typeof loader>();
  const rows: [string, string][] = [
    ["Reference", r.reference],
    ["Tender", `${r.tenderReference} – ${r.tenderTitle}`],
    ["Organisation", r.organisationName],
    ["Project", r.title],
    ["Amount requested", r.amount],
    ["Submitted", `${r.submitted}${r.submittedBy ? ` by ${r.submittedBy}` : ""}`],
    ["Status", r.statusLabel],
  ];
  if (r.withdrawn) rows.push(["Withdrawn", r.withdrawn]);
  return (
    <>
      <Link to={`/bids/${r.bidId}`} className="govuk-back-link portal-no-print">Back to your bid</Link>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {r.status === "submitted" ? (
            <div className="govuk-panel govuk-panel--confirmation">
              <h1 className="govuk-panel__title">Bid submitted</h1>
              <div className="govuk-panel__body">
                Your reference
                <br />
                <strong>{r.reference}</strong>
              </div>
            </div>
          ) : (
            <h1 className="govuk-heading-l">Receipt for bid {r.reference}</h1>
          )}
          {r.needsConfirmation ? (
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                The tender changed after you submitted: confirm your bid.{" "}
                <Link className="govuk-link" to={`/bids/${r.bidId}/submit`}>Check and confirm it</Link>
              </strong>
            </div>
          ) : null}
          <dl className="govuk-summary-list">
            {rows.map(([k, v]) => (
              <div className="govuk-summary-list__row" key={k}>
                <dt className="govuk-summary-list__key">{k}</dt>
                <dd className="govuk-summary-list__value">{v}</dd>
              </div>
            ))}
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Fingerprint (SHA-256)</dt>
              <dd className="govuk-summary-list__value portal-break-all">
                <code>{r.fingerprint}</code>
              </dd>
            </div>
          </dl>
          <p className="govuk-body">
            The fingerprint is worked out from everything in your bid: answers, amount, budget, indicators and attachments. Any
            change to the bid would change it. We have e-mailed this receipt to the person who submitted the bid.
          </p>
          {r.attachments.length ? (
            <>
              <h2 className="govuk-heading-m">Attachments</h2>
              <ul className="govuk-list">
                {r.attachments.map((f) => (
                  <li key={f.id}>
                    {f.filename} ({f.size})
                    <br />
                    <span className="govuk-body-s portal-break-all">SHA-256 {f.sha256}</span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {r.status === "submitted" ? (
            <>
              <h2 className="govuk-heading-m">What happens next</h2>
              <p className="govuk-body">
                Your bid stays sealed until the tender closes at {r.tenderCloses}. Then a panel scores the bids, and the council
                tells every bidder its decision with feedback.
              </p>
            </>
          ) : null}
          <p className="govuk-body portal-no-print">
            <Link className="govuk-link" to="/bids">See all your bids</Link>
          </p>
        </div>
      </div>
    </>
  );
}
