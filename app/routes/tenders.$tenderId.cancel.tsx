import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, Textarea } from "~/components/forms";
import { fieldValue, parseForm, type FormFailure } from "~/lib/forms";
import { getSettings } from "~/models/admin/settings.server";
import { TENDER_STATUS_LABELS } from "~/schemas/tenders";
import { cancelSchema } from "~/schemas/tenders.server";
import { auditContext } from "~/http/guards.server";
import { sendMailAfterCommit } from "~/services/mail.server";
import { appUrl } from "~/services/app-url.server";
import { flash } from "~/services/session.server";
import { cancellationEmail } from "~/models/tenders/mail.server";
import { refusedForm } from "~/http/errors.server";
import { isCancellable } from "~/models/tenders/status.server";
import { bidderRecipients, cancelTender } from "~/models/tenders/change.server";
import { requireTender } from "~/http/tenders/access.server";
import { Form } from "~/components/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Cancel ${data?.tender.reference ?? "a tender"} – Early help portal` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { tender } = await requireTender(request, params.tenderId, "tender:manage");
  const recipients = await bidderRecipients(getDb(), tender.id);
  return json({
    tender: {
      id: tender.id,
      reference: tender.reference,
      title: tender.title,
      status: tender.status,
      version: tender.version,
      cancellable: isCancellable(tender.status),
    },
    biddingOrganisations: new Set(recipients.map((r) => r.organisationId)).size,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, tender } = await requireTender(request, params.tenderId, "tender:manage");
  const parsed = parseForm(cancelSchema, await request.formData());
  if (!parsed.ok) return json<FormFailure>(parsed, { status: 400 });
  const db = getDb();
  let cancelled: Awaited<ReturnType<typeof cancelTender>>;
  try {
    cancelled = await db.transaction().execute((trx) =>
      cancelTender(trx, auditContext(user, context), { tenderId: tender.id, version: parsed.data.version, reason: parsed.data.reason }),
    );
  } catch (error) {
    return refusedForm(error, parsed.values);
  }

  // The cancellation has committed: now tell everyone who was bidding, and why.
  const { council_name: councilName } = await getSettings(db);
  const link = appUrl(`/tenders/${tender.id}`);
  let sent = 0;
  for (const r of cancelled.recipients) {
    const ok = await sendMailAfterCommit(
      cancellationEmail({
        to: r.email, name: r.name, councilName, reference: cancelled.reference, title: cancelled.title, link, reason: parsed.data.reason,
      }),
    );
    if (ok) sent += 1;
  }
  const told = cancelled.recipients.length === 0
    ? ""
    : sent === cancelled.recipients.length
      ? ` ${sent === 1 ? "1 person" : `${sent} people`} bidding for it ${sent === 1 ? "has" : "have"} been e-mailed the reason.`
      : ` Only ${sent} of ${cancelled.recipients.length} bidders could be e-mailed: tell the others another way.`;
  return redirect(`/tenders/${tender.id}`, {
    headers: { "Set-Cookie": await flash(request, { kind: "success", text: `${cancelled.reference} is cancelled.${told}` }) },
  });
}

export default function CancelTender() {
  const { tender, biddingOrganisations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const back = `/tenders/${tender.id}`;
  return (
    <>
      <Link to={back} className="govuk-back-link">Back to {tender.reference}</Link>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
          <span className="govuk-caption-l">{tender.reference}</span>
          <h1 className="govuk-heading-l">Cancel the tender</h1>
          {tender.cancellable ? (
            <>
              <p className="govuk-body">{tender.title}</p>
              <div className="govuk-warning-text">
                <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
                <strong className="govuk-warning-text__text">
                  <span className="govuk-visually-hidden">Warning</span>
                  Cancelling cannot be undone. No more bids can be made and none will be evaluated.
                  {biddingOrganisations > 0
                    ? ` ${biddingOrganisations === 1 ? "1 organisation is" : `${biddingOrganisations} organisations are`} bidding: they will be e-mailed the reason.`
                    : ""}
                </strong>
              </div>
              <Form method="post" noValidate>
                <input type="hidden" name="version" value={tender.version} />
                <Textarea
                  name="reason"
                  label="Why is the tender being cancelled?"
                  hint="This is shown to anyone on the tender's public page and e-mailed to everyone bidding: give no one's name or personal details."
                  defaultValue={fieldValue(result?.values, "reason")}
                  error={result?.errors.reason}
                  rows={5}
                />
                <div className="govuk-button-group">
                  <Button warning>Cancel the tender</Button>
                  <Link className="govuk-link" to={back}>Keep the tender</Link>
                </div>
              </Form>
            </>
          ) : (
            <p className="govuk-body">
              This tender is {TENDER_STATUS_LABELS[tender.status].toLowerCase()}, so it cannot be cancelled.
            </p>
          )}
        </div>
      </div>
    </>
  );
}
