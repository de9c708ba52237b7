// Evidence: documents that back up the return (registers, sign-in sheets, invoices). Each
// file is checked on upload: its type from its content (not its name) and its size against
// the upload limit. Files are listed with their sizes and can be deleted while the return
// can be changed. The section is marked complete on this page too.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, Radios } from "~/components/forms";
import { formatDateTime } from "~/lib/dates";
import { failure, formValues, type FieldErrors, type FormFailure } from "~/lib/forms";
import { parseUploadForm } from "~/http/uploads.server";
import { ALLOWED_TYPES_TEXT, checkUpload, cleanFilename, formatBytes, type CheckedFile } from "~/models/files.server";
import {
  addEvidence, queryLabel, removeEvidence,
  saveSectionComplete
} from "~/models/returns/filing.server";
import { getSettings } from "~/models/admin/settings.server";
import { formVersion, parseComplete, RETURN_MESSAGES } from "~/schemas/returns";
import { auditContext } from "~/http/guards.server";
import { flash } from "~/services/session.server";
import { ReturnLockedError, StaleReturnError, NotFoundError } from "~/models/errors";
import { requireFilingPage, requireReturnEditor } from "~/http/returns/access.server";

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

type EvidenceFailure = FormFailure & { intent: "upload" | "delete" | "complete" };

function isMultipart(request: Request): boolean {
  return (request.headers.get("Content-Type") ?? "").toLowerCase().startsWith("multipart/form-data");
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, ret } = await requireReturnEditor(request, params.returnId);
  const db = getDb();
  const settings = await getSettings(db);
  const maxBytes = settings.max_upload_bytes;
  const upload = isMultipart(request) ? await parseUploadForm(request, maxBytes) : { form: await request.formData(), files: [], oversize: [] };
  const values = formValues(upload.form);
  const intent = values.intent === "delete" ? "delete" : values.intent === "complete" ? "complete" : "upload";
  const fail = (errors: FieldErrors, status: number, formError?: string) =>
    json<EvidenceFailure>({ ...failure(values, errors, formError), intent }, { status });
  const version = formVersion(values);
  if (version === null) return fail({}, 400, RETURN_MESSAGES.version);
  const audit = auditContext(user, context);

  let flashText: string;
  let to = `/returns/${ret.id}/evidence`;
  let file: CheckedFile | null = null;
  try {
    if (intent === "complete") {
      const completeness = parseComplete(values);
      if (!completeness.ok) return fail({ complete: completeness.error }, 400);
      await db.transaction().execute((trx) =>
        saveSectionComplete(trx, audit, { returnId: ret.id, version, section: "evidence", complete: completeness.complete }),
      );
      flashText = completeness.complete ? "Evidence marked as complete." : "Evidence saved. You can come back to finish it.";
      to = `/returns/${ret.id}`;
    } else if (intent === "delete") {
      const fileId = typeof values.fileId === "string" ? values.fileId : "";
      if (!fileId) return fail({}, 400, "Choose a file to delete.");
      await db.transaction().execute((trx) => removeEvidence(trx, audit, { returnId: ret.id, version, fileId }));
      flashText = "The file has been deleted.";
    } else {
      const oversize = upload.oversize.find((f) => f.field === "file");
      const chosen = upload.files.find((f) => f.field === "file");
      if (oversize) return fail({ file: `The selected file "${cleanFilename(oversize.filename)}" must be smaller than ${formatBytes(maxBytes)}` }, 400);
      if (!chosen) return fail({ file: RETURN_MESSAGES.evidenceMissing }, 400);
      const checked = await checkUpload(chosen.file, maxBytes);
      if (!checked.ok) return fail({ file: checked.error }, 400);
      file = checked.file;
      const stored = file;
      await db.transaction().execute((trx) => addEvidence(trx, audit, { returnId: ret.id, version, file: stored, userId: user.id }));
      flashText = `"${file.filename}" has been uploaded.`;
    }
  } catch (error) {
    if (error instanceof StaleReturnError || error instanceof ReturnLockedError || error instanceof NotFoundError) {
      // A browser cannot be given a file back: say so when a good one was not kept.
      const lost = file ? ` Your file "${file.filename}" has not been uploaded: choose it again.` : "";
      return fail({}, 409, `${error.message}${lost}`);
    }
    throw error;
  }
  return redirect(to, { headers: { "Set-Cookie": await flash(request, { kind: "success", text: flashText }) } });
}

export default function Evidence() {
  const { summary, files, maxUpload, allowedTypes, queries, completeDefault } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  return (
    <>
      <Link to={`/returns/${summary.id}`} className="govuk-back-link">Back to the return</Link>
      <ErrorSummary errors={errors} formError={result?.formError} submissionId={result?.submissionId} />
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">{summary.projectReference} – {summary.quarter} return</span>
        Evidence
      </h1>
      {queries.length ? (
        <div className="govuk-inset-text">
          <h2 className="govuk-heading-s">The council asked</h2>
          {queries.map((q) => (
            <p key={q.id} className="govuk-body" style={{ whiteSpace: "pre-wrap" }}>{q.comment}</p>
          ))}
        </div>
      ) : null}
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
