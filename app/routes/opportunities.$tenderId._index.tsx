// GET /opportunities/:tenderId – one funding opportunity, for anyone: its notice (what, where,
// how much, when, how bids are scored, documents, amendments, the published answers) and how
// to bid, or its outcome. A tender the policy does not make public is "not found".
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { TenderNotice } from "~/components/tenders/tender-notice";
import { AwardStepsList } from "~/components/awards";
import { ContractDetailsNotice } from "~/components/contracts";
import { formatDate, formatDateTime } from "~/lib/dates";
import { formatPence } from "~/lib/money";
import { formatBytes } from "~/models/files.server";
import { getPublicTender } from "~/models/tenders/public.server";
import { TENDER_STATUS_LABELS, TENDER_STATUS_TAG_CLASSES } from "~/schemas/tenders";
import { getSignedInUser, notFound } from "~/http/guards.server";
import { hasRole } from "~/policies/actor";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? data.tender.title : "Funding opportunity"} – Early help portal` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const tender = await getPublicTender(getDb(), params.tenderId ?? "");
  if (!tender) notFound("Opportunity not found");
  const user = await getSignedInUser(request);
  return json({
    tender: {
      ...tender,
      maxBudget: formatPence(tender.maxBudgetPence),
      attachments: tender.attachments.map((a) => ({ id: a.id, filename: a.filename, size: formatBytes(a.sizeBytes) })),
    },
    // A provider signed in bids from the tender's own page.
    provider: !!user && hasRole(user, "provider") && !!user.organisationId,
  });
}

export default function Opportunity() {
  const { tender: t, provider } = useLoaderData<typeof loader>();
  const biddable = t.status === "open" || t.status === "upcoming";
  return (
    <>
      <Link to="/opportunities" className="govuk-back-link">Back to funding opportunities</Link>
      <span className="govuk-caption-l">{t.reference}</span>
      <h1 className="govuk-heading-l">{t.title}</h1>
      <p className="govuk-body">
        <strong className={TENDER_STATUS_TAG_CLASSES[t.status]}>{TENDER_STATUS_LABELS[t.status]}</strong>{" "}
        {t.status === "upcoming" ? <>Opens for bids on {formatDateTime(t.opensAt)} (UK time). </> : null}
        {t.status === "cancelled" ? null : <>{biddable ? "Closes" : "Closed"} on {formatDateTime(t.closesAt)} (UK time).</>}
      </p>

      {t.status === "cancelled" ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            This opportunity was cancelled{t.cancelledAt ? ` on ${formatDate(t.cancelledAt)}` : ""}. {t.cancelReason ? `The reason given: ${t.cancelReason}` : ""}
          </strong>
        </div>
      ) : null}

      {t.status === "awarded" ? (
        <div className="govuk-inset-text">
          Awarded{t.awardedAt ? ` on ${formatDate(t.awardedAt)}` : ""}{t.awardedTo.length ? ` to ${t.awardedTo.join(", ")}` : ""}.
        </div>
      ) : t.awardSteps ? (
        <div className="govuk-inset-text">
          The council intends to award this contract to {t.awardedTo.join(", ")}.
        </div>
      ) : null}
      {t.awardSteps ? (
        <>
          <h2 className="govuk-heading-m">Award</h2>
          <AwardStepsList steps={t.awardSteps} />
        </>
      ) : null}
      <ContractDetailsNotice contracts={t.contracts} />

      {biddable ? (
        <div className="govuk-inset-text">
          <h2 className="govuk-heading-s">How to bid</h2>
          {provider ? (
            <p className="govuk-body">
              <Link className="govuk-link" to={`/tenders/${t.id}`}>Go to the tender in your account</Link> to ask a question or
              {t.status === "open" ? " bid." : " bid once it opens."}
            </p>
          ) : (
            <ol className="govuk-list govuk-list--number">
              <li><Link className="govuk-link" to="/register">Register your organisation</Link>. The council checks each registration, usually within two working days.</li>
              <li>When you are told your account is ready, <Link className="govuk-link" to={`/sign-in?redirectTo=${encodeURIComponent(`/tenders/${t.id}`)}`}>sign in</Link> and open this tender.</li>
              <li>Write your bid there: you can save it and come back. Submit it before the closing time.</li>
            </ol>
          )}
        </div>
      ) : null}

      <TenderNotice
        tender={t}
        filesAt={`/opportunities/${t.id}/files`}
        calendarAt={t.status === "open" || t.status === "upcoming" ? `/opportunities/${t.id}/calendar.ics` : undefined}
      />
    </>
  );
}
