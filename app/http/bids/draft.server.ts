// The bid form as sent: the draft as typed, checked against the tender, with the file chosen
// in it. A save that the model refuses comes back with what was typed, and after someone
// else's save, with who saved and when.
import { json } from "@remix-run/node";
import type { Executor } from "../../../db/client";
import { formatSavedAt } from "~/lib/dates";
import { failure, fieldErrorsOf, formValues, type FieldErrors, type FormFailure, type FormValues } from "~/lib/forms";
import { StaleBidError } from "~/models/errors";
import type { CheckedFile } from "~/models/files.server";
import { formContextOf, getBidDetail } from "~/models/bids/read.server";
import type { TenderDetail } from "~/models/tenders/read.server";
import { checkBidComplete, type BidDraftInput } from "~/schemas/bids";
import { bidDraftSchema } from "~/schemas/bids.server";
import { refusedForm } from "../errors.server";
import { checkedUpload, type ParsedUpload } from "../uploads.server";

export type BidSaveFailure = FormFailure & { current?: { savedAt: string; savedBy: string | null } };

export type BidDraftForm =
  | { ok: true; values: FormValues; input: BidDraftInput; file: CheckedFile | null; deleteFileId: string | null }
  | { ok: false; values: FormValues; errors: FieldErrors; file: CheckedFile | null };

/**
 * The draft as typed. With `complete` ("Save and continue"), it must also be ready to
 * submit; deleting a file only saves.
 */
export async function readBidDraft(upload: ParsedUpload, tender: TenderDetail, options: { maxBytes: number; complete: boolean }): Promise<BidDraftForm> {
  const values = formValues(upload.form);
  const ctx = formContextOf(tender);
  const parsed = bidDraftSchema(ctx, values).safeParse(values);
  const errors: FieldErrors = parsed.success ? {} : fieldErrorsOf(parsed.error.issues);

  // The attachment: refused for its size or for content that is not what its name says.
  const attachment = await checkedUpload(upload, "attachment", options.maxBytes);
  const file = attachment.ok ? attachment.file : null;
  if (!attachment.ok) errors.attachment = attachment.error;

  const deleteFileId = typeof values.deleteFile === "string" && values.deleteFile ? values.deleteFile : null;
  const input = parsed.success ? (parsed.data as BidDraftInput) : null;
  if (input && options.complete && !deleteFileId) {
    for (const [field, message] of Object.entries(checkBidComplete(input, ctx))) errors[field] ??= message;
  }
  if (!input || Object.keys(errors).length) return { ok: false, values, errors, file };
  return { ok: true, values, input, file, deleteFileId };
}

/** The form again with its problems. A browser cannot be given a file back: say so when a good one was lost with the rest. */
export function bidDraftProblems(draft: Extract<BidDraftForm, { ok: false }>) {
  const formError = draft.file ? `Your file "${draft.file.filename}" has not been uploaded. Choose it again when you have fixed the other problems.` : undefined;
  return json<BidSaveFailure>(failure(draft.values, draft.errors, formError), { status: 400 });
}

/** A save the model refused; after someone else's save, the form says who saved and when. */
export async function refusedBidSave(db: Executor, bidId: string, error: unknown, values: FormValues, now: Date) {
  if (!(error instanceof StaleBidError)) return refusedForm(error, values);
  const last = await getBidDetail(db, bidId, now);
  return refusedForm(error, values, { current: { savedAt: formatSavedAt(error.savedAt, now), savedBy: last?.lastChangedBy ?? null } });
}
