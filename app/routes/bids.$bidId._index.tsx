// The bid: a form while it is a draft and the tender is open, a read-only page otherwise.
// Every button of the form saves the whole draft (app/components/bids/bid-form.tsx); each
// save carries the version the page was loaded with, so a save after someone else's in the
// organisation is refused and what was typed comes back.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { ErrorSummary } from "~/components/forms";
import { BidForm } from "~/components/bids/bid-form";
import { BidContents, BidStatusSummary, NeedsConfirmationBanner } from "~/components/bids/bid-view";
import { formatDateTime, formatClockOnDate } from "~/lib/dates";
import { failure, formValues, type FormFailure, readVersion } from "~/lib/forms";
import { formatPence } from "~/lib/money";
import { notOpenMessage } from "~/models/bids/load.server";
import { bidFormValues, bidView, getBidDetail } from "~/models/bids/read.server";
import { saveBid } from "~/models/bids/save.server";
import { formatBytes } from "~/models/files.server";
import { getSettings } from "~/models/admin/settings.server";
import { getTenderDetail } from "~/models/tenders/read.server";
import { BID_STATUS_LABELS, BID_STATUS_TAG_CLASSES, MESSAGES } from "~/schemas/bids";
import { auditContext, notFound } from "~/http/guards.server";
import { requireBidReader, requireOwnBid } from "~/http/bids/access.server";
import { bidDraftProblems, readBidDraft, refusedBidSave } from "~/http/bids/draft.server";
import { dispatchIntent } from "~/http/intents.server";
import { readUploadForm } from "~/http/uploads.server";
import { flash } from "~/services/session.server";
import { can } from "~/policies/index";
import { BID_LIVE } from "~/models/statuses";
import { AUTOSAVE_INTENT, revalidateUnlessAutosave, pageAnswer } from "~/lib/autosave";
import { autosaved, autosaveFailure } from "~/http/autosave.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.heading ?? "Bid"} – ${data?.tender.reference ?? "Tender"} – Early help portal` },
];

export const shouldRevalidate = revalidateUnlessAutosave;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, bid, own } = await requireBidReader(request, params.bidId);
  const db = getDb();
  const [detail, settings] = await Promise.all([getBidDetail(db, bid.id), getSettings(db)]);
  if (!detail) notFound("Bid not found");
  const mayChange = own && can(user, "bid:edit", bid.record);
  const editable = mayChange && detail.status === "draft";
  const { tender } = detail;
  return json({
    heading: own ? detail.title || "Your bid" : `${detail.organisationName}: ${detail.title || "bid"}`,
    own,
    editable,
    canWithdraw: mayChange && BID_LIVE.includes(detail.status),
    canConfirm: mayChange && detail.status === "submitted" && detail.needsConfirmation,
    canReadOutcome: can(user, "bid:read-outcome", bid.record),
    closedMessage: own && detail.status === "draft" && !mayChange ? notOpenMessage(tender, "changed") : null,
    bid: {
      id: detail.id,
      reference: detail.reference,
      title: detail.title,
      organisationName: detail.organisationName,
      status: detail.status,
      statusLabel: BID_STATUS_LABELS[detail.status],
      statusClass: BID_STATUS_TAG_CLASSES[detail.status],
      needsConfirmation: detail.needsConfirmation,
      version: detail.version,
      updated: formatDateTime(detail.updatedAt),
      lastChangedBy: detail.lastChangedBy,
      submitted: detail.submittedAt ? formatDateTime(detail.submittedAt) : null,
      submittedBy: detail.submittedBy?.name ?? null,
      withdrawn: detail.withdrawnAt ? formatDateTime(detail.withdrawnAt) : null,
      fingerprint: detail.fingerprint,
    },
    tender: {
      id: tender.id,
      reference: tender.reference,
      title: tender.title,
      closes: formatClockOnDate(tender.closesAt),
      maxBudget: formatPence(tender.maxBudgetPence),
      districts: tender.districts,
      questions: tender.questions.map((q) => ({
        id: q.id, position: q.position, text: q.text, wordLimit: q.wordLimit,
        criterion: tender.criteria.find((c) => c.id === q.criterionId)?.name ?? null,
      })),
      quarters: detail.quarters,
    },
    view: bidView(detail),
    defaults: editable ? bidFormValues(detail) : null,
    maxUpload: formatBytes(settings.max_upload_bytes),
  });
}


export async function action({ request, params, context }: ActionFunctionArgs) {
  const now = new Date();
  const { user, bid } = await requireOwnBid(request, params.bidId, now);
  const db = getDb();
  const { max_upload_bytes: maxBytes } = await getSettings(db);
  const upload = await readUploadForm(request, maxBytes);
  const values = formValues(upload.form);

  if (!can(user, "bid:edit", bid.record)) {
    return json<FormFailure>(failure(values, {}, notOpenMessage(bid.tender, "changed")), { status: 400 });
  }
  const version = readVersion(values.version);
  if (version === null) return json<FormFailure>(failure(values, {}, MESSAGES.version), { status: 400 });
  const tender = await getTenderDetail(db, bid.tenderId, now);
  if (!tender) notFound("Bid not found");

  /**
   * Saves the whole draft; "Save and continue" also wants it complete, then goes on to check
   * and submit. A background save (app/lib/autosave.ts) answers with the new version instead.
   */
  const save = async (mode: "save" | "continue" | "autosave") => {
    const draft = await readBidDraft(upload, tender, { maxBytes, complete: mode === "continue" });
    if (!draft.ok) return bidDraftProblems(draft);
    const { input, file, deleteFileId } = draft;
    let saved: { version: number };
    try {
      saved = await db.transaction().execute((trx) =>
        saveBid(trx, auditContext(user, context), { bidId: bid.id, version, input, upload: file, deleteFileId, userId: user.id }, now),
      );
    } catch (error) {
      return (mode === "autosave" ? autosaveFailure(error) : null) ?? refusedBidSave(db, bid.id, error, values, now);
    }
    if (mode === "autosave") return autosaved(saved.version, now);
    if (mode === "continue" && !deleteFileId) return redirect(`/bids/${bid.id}/submit`);
    const text = deleteFileId
      ? "The file has been deleted and your bid saved."
      : file
        ? `Your bid has been saved and "${file.filename}" uploaded.`
        : "Your bid has been saved as a draft.";
    return redirect(`/bids/${bid.id}${deleteFileId || file ? "#attachments" : ""}`, {
      headers: { "Set-Cookie": await flash(request, { kind: "success", text }) },
    });
  };

  const handlers = { save: () => save("save"), continue: () => save("continue"), [AUTOSAVE_INTENT]: () => save("autosave") };
  // A file's Delete button sends that file's id and no intent: it saves the draft too.
  return dispatchIntent(upload.form, handlers, { fallback: "save" });
}

export default function BidPage() {
  const data = useLoaderData<typeof loader>();
  const result = pageAnswer(useActionData<typeof action>());
  const { bid, tender } = data;
  return (
    <>
      {data.own ? (
        <Link to="/bids" className="govuk-back-link">Your bids</Link>
      ) : (
        <Link to={`/tenders/${tender.id}`} className="govuk-back-link">Back to the tender</Link>
      )}
      <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">{tender.reference} – {tender.title}</span>
        {data.heading}
      </h1>

      {bid.needsConfirmation && bid.status === "submitted" ? (
        <NeedsConfirmationBanner bidId={bid.id} own={data.own} canConfirm={data.canConfirm} closes={tender.closes} />
      ) : null}

      <BidStatusSummary bid={bid} closes={tender.closes} own={data.own} />

      {data.canReadOutcome ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/bids/${bid.id}/outcome`}>See the outcome of your bid and the panel's feedback</Link>
        </p>
      ) : null}

      {data.closedMessage ? <div className="govuk-inset-text">{data.closedMessage} This draft was not submitted.</div> : null}

      {data.editable && data.defaults ? (
        <BidForm
          bid={bid}
          tender={tender}
          attachments={data.view.attachments}
          maxUpload={data.maxUpload}
          defaults={data.defaults}
          result={result}
        />
      ) : (
        <BidContents bidId={bid.id} view={data.view} />
      )}

      {data.own && bid.status === "submitted" ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/bids/${bid.id}/receipt`}>View your receipt</Link>
        </p>
      ) : null}
      {data.canWithdraw ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/bids/${bid.id}/withdraw`}>
            Withdraw this {bid.status === "draft" ? "draft" : "bid"}
          </Link>
          {bid.status === "submitted" ? " – to change a submitted bid, withdraw it and start again: your answers are copied into the new draft." : null}
        </p>
      ) : null}
    </>
  );
}

