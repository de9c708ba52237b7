import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, Radios, Textarea } from "~/components/forms";
import { TenderFormFields } from "~/components/tenders/tender-form";
import { formatDateTime, utcIsoToUkLocal } from "~/lib/dates";
import { failure, fieldValue, formValues, parseForm, type FieldErrors } from "~/lib/forms";
import { formatBytes } from "~/models/files.server";
import { getSettings } from "~/models/admin/settings.server";
import { TENDER_STATUS_LABELS } from "~/schemas/tenders";
import { tenderFormSchema } from "~/schemas/tenders.server";
import { auditContext, notFound } from "~/http/guards.server";
import { refusedForm } from "~/http/errors.server";
import { dispatchIntent } from "~/http/intents.server";
import { checkedUploads, readUploadForm } from "~/http/uploads.server";
import { requireTender } from "~/http/tenders/access.server";
import { addRowResponse, choiceProblems, choicesFor, tenderFormProblems, tenderFormValues, type TenderFormData } from "~/http/tenders/form.server";
import { sendMailAfterCommit } from "~/services/mail.server";
import { appUrl } from "~/services/app-url.server";
import { flash } from "~/services/session.server";
import { amendmentEmail } from "~/models/tenders/mail.server";
import { isEditable } from "~/models/tenders/status.server";
import { CHANGE_LABELS, getTenderDetail } from "~/models/tenders/read.server";
import { updateTender, type TenderUpdateResult } from "~/models/tenders/change.server";
import { Form } from "~/components/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.tender.published ? "Amend" : "Edit"} ${data?.tender.reference ?? "a tender"} – Early help portal` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, tender } = await requireTender(request, params.tenderId, "tender:manage");
  const db = getDb();
  const detail = await getTenderDetail(db, tender.id);
  if (!detail) notFound("Tender not found");
  return json({
    tender: {
      id: detail.id,
      reference: detail.reference,
      title: detail.title,
      version: detail.version,
      status: detail.status,
      published: detail.storedStatus === "published",
      editable: isEditable(detail.status),
      closesAt: detail.closesAt,
    },
    choices: await choicesFor(db, user, detail),
    defaults: tenderFormValues(detail),
    attachments: detail.attachments.map((a) => ({ id: a.id, filename: a.filename, size: formatBytes(a.sizeBytes) })),
  });
}

async function sendAmendmentEmails(request: Request, tenderId: string, result: TenderUpdateResult): Promise<number> {
  if (!result.amendment || result.recipients.length === 0) return 0;
  const { council_name: councilName } = await getSettings(getDb());
  const link = appUrl(`/tenders/${tenderId}`);
  const changedFields = Object.keys(result.changes).map((k) => CHANGE_LABELS[k] ?? k);
  let sent = 0;
  for (const r of result.recipients) {
    const ok = await sendMailAfterCommit(
      amendmentEmail({
        to: r.email, name: r.name, councilName, reference: result.reference, title: result.title, link,
        summary: result.amendment.summary, material: result.amendment.material, closesAt: result.closesAt,
        mustConfirmBid: result.amendment.material && r.bidStatus === "submitted", changedFields,
      }),
    );
    if (ok) sent += 1;
  }
  return sent;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const now = new Date();
  const { user, tender } = await requireTender(request, params.tenderId, "tender:manage", now);
  const db = getDb();
  const settings = await getSettings(db);
  const upload = await readUploadForm(request, settings.max_upload_bytes);
  const values = formValues(upload.form);

  const save = async () => {
    if (!isEditable(tender.status)) {
      return json<TenderFormData>(
        failure(values, {}, `This tender is ${TENDER_STATUS_LABELS[tender.status].toLowerCase()}, so it can no longer be changed.`),
        { status: 409 },
      );
    }
    const published = tender.storedStatus === "published";
    const parsed = parseForm(tenderFormSchema({ edit: true, published, closingAfter: published ? now : undefined }), upload.form);
    const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
    if (parsed.ok) {
      const detail = await getTenderDetail(db, tender.id, now);
      if (!detail) notFound("Tender not found");
      // Times are shown to the minute: one sent back unchanged keeps its stored value, so an
      // amendment never reports a change nobody made.
      if (values.opens_at === utcIsoToUkLocal(detail.opensAt)) parsed.data.opensAt = detail.opensAt;
      if (values.closes_at === utcIsoToUkLocal(detail.closesAt)) parsed.data.closesAt = detail.closesAt;
      if (detail.clarificationsCloseAt && values.clarifications_close_at === utcIsoToUkLocal(detail.clarificationsCloseAt)) {
        parsed.data.clarificationsCloseAt = detail.clarificationsCloseAt;
      }
      // Bids may already be under way: an open tender cannot be made to open later.
      if (tender.status === "open" && parsed.data.opensAt > now.toISOString()) {
        errors.opens_at = "The tender is already open, so the opening date cannot be moved into the future";
      }
      Object.assign(errors, await choiceProblems(db, user, parsed.data, detail));
    }
    const attachments = await checkedUploads(upload, "attachments", settings.max_upload_bytes);
    if (attachments.error) errors.attachments = attachments.error;
    if (!parsed.ok || Object.keys(errors).length > 0) return tenderFormProblems(upload, errors);

    let result: TenderUpdateResult;
    try {
      result = await db.transaction().execute((trx) =>
        updateTender(trx, auditContext(user, context), { tenderId: tender.id, input: parsed.data, files: attachments.files, now }),
      );
    } catch (error) {
      return refusedForm(error, values);
    }

    // Only once the amendment has committed do the e-mails go out.
    const sent = await sendAmendmentEmails(request, tender.id, result);
    return redirect(`/tenders/${tender.id}`, { headers: { "Set-Cookie": await flash(request, { kind: "success", text: savedMessage(tender.reference, result, sent) }) } });
  };

  const handlers = {
    save,
    "add-criterion": () => addRowResponse(upload, "add-criterion"),
    "add-question": () => addRowResponse(upload, "add-question"),
  };
  // A form sent without a button (by a script, or an older page) is a save, as it always was.
  return dispatchIntent(upload.form, handlers, { fallback: "save" });
}

function savedMessage(reference: string, result: TenderUpdateResult, sent: number): string {
  if (!result.amendment) return Object.keys(result.changes).length === 0 ? "Nothing was changed." : `${reference} has been saved.`;
  let text = `The amendment to ${reference} is published.`;
  if (result.recipients.length) {
    text += sent === result.recipients.length
      ? ` ${sent === 1 ? "1 person" : `${sent} people`} bidding for it ${sent === 1 ? "has" : "have"} been e-mailed.`
      : ` ${sent} of ${result.recipients.length} e-mails to bidders could be sent: tell the others another way.`;
  }
  if (result.flaggedBidIds.length) {
    text += ` ${result.flaggedBidIds.length === 1 ? "1 submitted bid" : `${result.flaggedBidIds.length} submitted bids`} must now be confirmed by the bidder.`;
  }
  return text;
}

export default function EditTender() {
  const { tender, choices, defaults, attachments } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values;
  const errors = result?.errors ?? {};
  const back = `/tenders/${tender.id}`;
  if (!tender.editable) {
    return (
      <>
        <Link to={back} className="govuk-back-link">Back to {tender.reference}</Link>
        <h1 className="govuk-heading-l">This tender can no longer be changed</h1>
        <p className="govuk-body">
          {tender.reference} is {TENDER_STATUS_LABELS[tender.status].toLowerCase()}. A tender can be edited or amended only until it closes.
        </p>
      </>
    );
  }
  return (
    <>
      <Link to={back} className="govuk-back-link">Back to {tender.reference}</Link>
      <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
      <span className="govuk-caption-l">{tender.reference}</span>
      <h1 className="govuk-heading-l">{tender.published ? "Amend the tender" : "Edit the draft"}</h1>
      {tender.published ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            This tender is published. Your changes are published as a dated amendment, and everyone with a draft or
            submitted bid is e-mailed. It closes on {formatDateTime(tender.closesAt)} (UK time).
          </strong>
        </div>
      ) : null}
      <Form method="post" encType="multipart/form-data" noValidate>
        {/* Always the version the page was loaded with; after a stale edit the loader gives the new one. */}
        <input type="hidden" name="version" value={tender.version} />
        <TenderFormFields choices={choices} defaults={defaults} result={result} attachments={attachments} />
        {tender.published ? (
          <>
            <h2 className="govuk-heading-m">About this amendment</h2>
            <Textarea
              name="amendment_summary"
              label="Summary of the changes"
              hint="Bidders see this on the tender page and in the e-mail. For example: the closing date is now 12 June; question 3 asks for match funding."
              defaultValue={fieldValue(values, "amendment_summary")}
              error={errors.amendment_summary}
              rows={4}
            />
            <Radios
              name="material"
              legend="Is this a material change?"
              hint="A material change could change how providers answer. Everyone who has already submitted a bid must then confirm it or change it."
              options={[
                { value: "yes", label: "Yes, bidders must confirm their bids" },
                { value: "no", label: "No, it is a correction or clarification" },
              ]}
              defaultValue={fieldValue(values, "material")}
              error={errors.material}
            />
          </>
        ) : null}
        <div className="govuk-button-group">
          <Button name="intent" value="save">{tender.published ? "Publish the amendment" : "Save the draft"}</Button>
          <Link className="govuk-link" to={back}>Cancel</Link>
        </div>
      </Form>
    </>
  );
}
