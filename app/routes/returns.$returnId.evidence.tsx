// Evidence: documents that back up the return (registers, sign-in sheets, invoices). Each
// file is checked on upload: its type from its content (not its name) and its size against
// the upload limit. Files are listed with their sizes and can be deleted while the return
// can be changed. The section is marked complete on this page too.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, Radios } from "~/components/forms";
import { formatDateTime } from "~/lib/dates";
import type { FormFailure } from "~/lib/forms";
import { checkedUpload, readUploadForm, type ParsedUpload } from "~/http/uploads.server";
import { ALLOWED_TYPES_TEXT, formatBytes } from "~/models/files.server";
import { getSettings } from "~/models/admin/settings.server";
import { RETURN_MESSAGES } from "~/schemas/returns";
import { dispatchIntent } from "~/http/intents.server";
import { requireFilingPage } from "~/http/returns/access.server";
import {
  commitSectionSave, completeItemsSection, missingVersion, requireSectionPost, saveSectionForm, sectionFailure,
} from "~/http/returns/section-action.server";
import { queryLabel } from "~/models/returns/detail.server";
import { addEvidence, removeEvidence } from "~/models/returns/evidence.server";
import { Form } from "~/components/form";
import { ReturnSectionHeader } from "~/components/returns/section-header";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Evidence – ${data?.summary.quarter ?? "Quarterly"} return – Early help portal` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { detail, statuses } = await requireFilingPage(request, params.returnId, { editOnly: true });
  const settings = await getSettings(getDb());
  const status = statuses.find((s) => s.section === "evidence")!;
  return json({
    summary: { id: detail.id, quarter: detail.quarter, projectReference: detail.projectReference, version: detail.version },
    files: detail.evidence.map((f) => ({ id: f.id, filename: f.filename, size: formatBytes(f.sizeBytes), uploaded: formatDateTime(f.createdAt) })),
    maxUpload: formatBytes(settings.max_upload_bytes),
    allowedTypes: ALLOWED_TYPES_TEXT,
    queries: status.queries.map((q) => ({ id: q.id, label: queryLabel(q, detail.indicators), comment: q.comment })),
    completeDefault: detail.complete.evidence ? "yes" : status.state === "in_progress" ? "no" : "",
  });
}

/** Which of the page's forms an answer is to (none: an unknown intent). */
interface EvidenceAnswer {
  intent?: "upload" | "delete" | "complete";
}
const answerTo = (intent: EvidenceAnswer["intent"]): EvidenceAnswer => ({ intent });

export async function action(args: ActionFunctionArgs) {
  const maxBytes = (await getSettings(getDb())).max_upload_bytes;
  let upload: ParsedUpload = { form: new FormData(), files: [], oversize: [] };
  const post = await requireSectionPost(args, async (request) => (upload = await readUploadForm(request, maxBytes)).form);
  const { ret, values, version } = post;
  const list = `/returns/${ret.id}/evidence`;
  return dispatchIntent(post.form, {
    complete: () => saveSectionForm(post, completeItemsSection("evidence", "Evidence", "it"), answerTo("complete")),
    delete: async () => {
      const extra = answerTo("delete");
      if (version === null) return missingVersion(post, extra);
      const fileId = typeof values.fileId === "string" ? values.fileId : "";
      if (!fileId) return sectionFailure(post, {}, 400, "Choose a file to delete.", extra);
      return commitSectionSave(post, (trx, audit) => removeEvidence(trx, audit, { returnId: ret.id, version, fileId }),
        { to: list, text: "The file has been deleted." }, { extra });
    },
    upload: async () => {
      const extra = answerTo("upload");
      if (version === null) return missingVersion(post, extra);
      const chosen = await checkedUpload(upload, "file", maxBytes);
      if (!chosen.ok) return sectionFailure(post, { file: chosen.error }, 400, undefined, extra);
      const file = chosen.file;
      if (!file) return sectionFailure(post, { file: RETURN_MESSAGES.evidenceMissing }, 400, undefined, extra);
      return commitSectionSave(post, (trx, audit) => addEvidence(trx, audit, { returnId: ret.id, version, file, userId: post.user.id }),
        { to: list, text: `"${file.filename}" has been uploaded.` },
        // A browser cannot be given a file back: say so when a good one was not kept.
        { extra, lost: ` Your file "${file.filename}" has not been uploaded: choose it again.` });
    },
  });
}

export default function Evidence() {
  const { summary, files, maxUpload, allowedTypes, queries, completeDefault } = useLoaderData<typeof loader>();
  const result = useActionData<FormFailure & EvidenceAnswer>();
  const errors = result?.errors ?? {};
  return (
    <>
      <ReturnSectionHeader summary={summary} heading="Evidence" result={result} errors={errors} queries={queries} />
      <p className="govuk-body">
        Upload documents that back up the figures in this return, such as attendance registers or invoices. Take out anything that
        identifies a child or family before you upload it.
      </p>

      <h2 className="govuk-heading-m">Files</h2>
      {files.length ? (
        <dl className="govuk-summary-list">
          {files.map((f) => (
            <div className="govuk-summary-list__row" key={f.id}>
              <dt className="govuk-summary-list__key">
                <a className="govuk-link" href={`/returns/${summary.id}/evidence/${f.id}`} download>{f.filename}</a>
              </dt>
              <dd className="govuk-summary-list__value">
                {f.size}
                <span className="govuk-body-s govuk-!-display-block">Uploaded {f.uploaded}</span>
              </dd>
              <dd className="govuk-summary-list__actions">
                <Form method="post" noValidate>
                  <input type="hidden" name="version" value={summary.version} />
                  <input type="hidden" name="fileId" value={f.id} />
                  <button type="submit" name="intent" value="delete" className="govuk-button govuk-button--warning govuk-!-margin-bottom-0" data-module="govuk-button">
                    Delete<span className="govuk-visually-hidden"> {f.filename}</span>
                  </button>
                </Form>
              </dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="govuk-body">No files yet.</p>
      )}

      <Form method="post" encType="multipart/form-data" noValidate>
        <input type="hidden" name="version" value={summary.version} />
        <input type="hidden" name="intent" value="upload" />
        <div className={`govuk-form-group${errors.file ? " govuk-form-group--error" : ""}`}>
          <label className="govuk-label govuk-label--s" htmlFor="file">Upload a file</label>
          <div id="file-hint" className="govuk-hint">{allowedTypes}, smaller than {maxUpload}.</div>
          {errors.file ? (
            <p id="file-error" className="govuk-error-message"><span className="govuk-visually-hidden">Error:</span> {errors.file}</p>
          ) : null}
          <input
            className={`govuk-file-upload${errors.file ? " govuk-file-upload--error" : ""}`}
            id="file"
            name="file"
            type="file"
            accept=".pdf,.docx,.xlsx,.odt"
            aria-describedby={`file-hint${errors.file ? " file-error" : ""}`}
          />
        </div>
        <Button secondary>Upload file</Button>
      </Form>

      <Form method="post" noValidate>
        <input type="hidden" name="version" value={summary.version} />
        <input type="hidden" name="intent" value="complete" />
        <Radios
          name="complete"
          legend="Have you completed this section?"
          options={[
            { value: "yes", label: "Yes, I've completed this section" },
            { value: "no", label: "No, I'll come back to it later" },
          ]}
          defaultValue={completeDefault}
          error={result?.intent === "complete" ? errors.complete : undefined}
        />
        <Button>Save and continue</Button>
      </Form>
    </>
  );
}
