// "Upload the spreadsheet": a return's outputs, outcomes and spend read back from the
// spreadsheet downloaded from it. Every cell is checked with the web sections' own rules; if
// any is wrong nothing is saved and each wrong cell is named. Otherwise the three sections
// are saved together, under the version the spreadsheet was downloaded at.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button } from "~/components/forms";
import { Form } from "~/components/form";
import { ReturnSectionHeader } from "~/components/returns/section-header";
import type { FieldErrors, FormFailure } from "~/lib/forms";
import { formatBytes } from "~/models/files.server";
import { getSettings } from "~/models/admin/settings.server";
import { readReturnWorkbook, saveReturnWorkbook } from "~/models/returns/spreadsheet.server";
import { requireFilingPage } from "~/http/returns/access.server";
import { commitSectionSave, requireSectionPost, sectionDetail, sectionFailure } from "~/http/returns/section-action.server";
import { checkedUpload, readUploadForm, type ParsedUpload } from "~/http/uploads.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Upload the spreadsheet – ${data?.summary.quarter ?? "Quarterly"} return – Early help portal` },
];

const FIELD = "spreadsheet";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { detail } = await requireFilingPage(request, params.returnId, { editOnly: true });
  const { max_upload_bytes } = await getSettings(getDb());
  return json({
    summary: { id: detail.id, quarter: detail.quarter, projectReference: detail.projectReference },
    maxUpload: formatBytes(max_upload_bytes),
  });
}

export async function action(args: ActionFunctionArgs) {
  const { max_upload_bytes: maxBytes, spend_green_variance_percent: variance } = await getSettings(getDb());
  let upload: ParsedUpload = { form: new FormData(), files: [], oversize: [] };
  const post = await requireSectionPost(args, async (request) => (upload = await readUploadForm(request, maxBytes)).form);
  const chosen = await checkedUpload(upload, FIELD, maxBytes);
  if (!chosen.ok) return sectionFailure(post, { [FIELD]: chosen.error }, 400);
  if (!chosen.file) return sectionFailure(post, { [FIELD]: "Select the spreadsheet to upload" }, 400);
  if (!chosen.file.filename.toLowerCase().endsWith(".xlsx")) {
    return sectionFailure(post, { [FIELD]: "The selected file must be the .xlsx spreadsheet downloaded from this return" }, 400);
  }
  const detail = await sectionDetail(post);
  const reading = await readReturnWorkbook(chosen.file.bytes, detail, variance);
  if (!reading.ok) {
    if ("problem" in reading) return sectionFailure(post, { [FIELD]: reading.problem }, 400);
    // Each wrong cell in the summary, every one linking to the file field to upload it again.
    const errors: FieldErrors = {};
    reading.cells.forEach((message, i) => { errors[i === 0 ? FIELD : `${FIELD}|${i}`] = message; });
    const noun = reading.cells.length === 1 ? "cell" : `${reading.cells.length} cells`;
    return sectionFailure(post, errors, 400, `Nothing has been saved. Fix the ${noun} below in your spreadsheet, save it and upload it again.`);
  }
  return commitSectionSave(
    post,
    (trx, audit) => saveReturnWorkbook(trx, audit, post.ret.id, reading),
    {
      to: `/returns/${post.ret.id}`,
      text: "Your spreadsheet has been uploaded: the outputs, outcomes and spend are filled in. Check them, complete the other sections and submit the return.",
    },
    { lost: " Nothing from the spreadsheet has been saved: download it again, copy your figures into it and upload that." },
  );
}

export default function UploadSpreadsheet() {
  const { summary, maxUpload } = useLoaderData<typeof loader>();
  const result = useActionData<FormFailure>();
  const errors = result?.errors ?? {};
  const fieldError = errors[FIELD];
  return (
    <>
      <ReturnSectionHeader summary={summary} heading="Upload the spreadsheet" result={result} errors={errors} queries={[]} />
      <p className="govuk-body">
        Upload the spreadsheet you downloaded from this return, with its yellow cells filled in. The portal checks every cell
        and fills in the outputs, outcomes and spend sections. You then check them, complete the other sections and submit.
      </p>
      <p className="govuk-body">
        <a className="govuk-link" href={`/returns/${summary.id}/spreadsheet.xlsx`} download>Download the spreadsheet</a> if you do not have it.
      </p>
      <Form method="post" encType="multipart/form-data" noValidate>
        <div className={`govuk-form-group${fieldError ? " govuk-form-group--error" : ""}`}>
          <label className="govuk-label govuk-label--s" htmlFor={FIELD}>The filled-in spreadsheet</label>
          <div id={`${FIELD}-hint`} className="govuk-hint">The .xlsx file, smaller than {maxUpload}.</div>
          {fieldError ? (
            <p id={`${FIELD}-error`} className="govuk-error-message"><span className="govuk-visually-hidden">Error:</span> {fieldError}</p>
          ) : null}
          <input
            className={`govuk-file-upload${fieldError ? " govuk-file-upload--error" : ""}`}
            id={FIELD}
            name={FIELD}
            type="file"
            accept=".xlsx"
            aria-describedby={`${FIELD}-hint${fieldError ? ` ${FIELD}-error` : ""}`}
          />
        </div>
        <Button>Upload the spreadsheet</Button>
      </Form>
    </>
  );
}
