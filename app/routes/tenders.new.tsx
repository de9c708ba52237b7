import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, Checkboxes, ErrorSummary, fieldId, Select, Textarea, TextInput } from "~/components/forms";
import { failure, fieldValue, fieldValues, formValues, parseForm, type FieldErrors, type FormValues } from "~/lib/forms";
import { parseUploadForm, type ParsedUpload } from "~/http/uploads.server";
import { checkUpload, formatBytes, type CheckedFile } from "~/models/files.server";
import { getSettings } from "~/models/admin/settings.server";
import {
  choiceErrors, CRITERIA_SLOTS, DEFAULT_MAX_SCORE, MAX_CRITERIA_SLOTS, MAX_QUESTION_SLOTS, QUESTION_SLOTS, slotsIn, tenderFormSchema,
} from "~/schemas/tenders";
import { auditContext, requirePermission } from "~/http/guards.server";
import { flash } from "~/services/session.server";
import { DEFAULT_CRITERIA, districtScopeError, tenderFormChoices, type TenderFormChoices } from "~/models/tenders/choices.server";
import { createTender } from "~/models/tenders/change.server";

export const meta: MetaFunction = () => [{ title: "Create a tender – Early help portal" }];

/** What a tender form's action sends back: what was typed, the problems, and how many rows to show. */
export interface TenderFormData {
  ok: false;
  errors: FieldErrors;
  values: FormValues;
  submissionId: string;
  formError?: string;
  criteriaSlots?: number;
  questionSlots?: number;
  notice?: string;
}

export const FILE_NOTICE = "Files are not kept when the page comes back: if you chose a document, choose it again.";

/** The blank form: Lancashire's four criteria filled in, the rest of the slots empty. */
function newTenderDefaults(): FormValues {
  const defaults: FormValues = {};
  DEFAULT_CRITERIA.forEach((c, i) => {
    defaults[`criteria.${i}.name`] = c.name;
    defaults[`criteria.${i}.weight`] = String(c.weight_percent);
    defaults[`criteria.${i}.guidance`] = c.guidance;
    defaults[`criteria.${i}.max_score`] = String(c.max_score);
  });
  return defaults;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "tenders:create");
  const choices = await tenderFormChoices(getDb(), user);
  return json({ choices, defaults: newTenderDefaults() });
}

/** "Add another row": the form comes back with what was typed and one more slot. */
export function addRowResponse(values: FormValues, intent: string): TenderFormData {
  const criteria = slotsIn(values, "criteria");
  const questions = slotsIn(values, "questions");
  return {
    ...failure(values, {}),
    criteriaSlots: intent === "add-criterion" ? Math.min(criteria + 1, MAX_CRITERIA_SLOTS) : criteria,
    questionSlots: intent === "add-question" ? Math.min(questions + 1, MAX_QUESTION_SLOTS) : questions,
  };
}

/** The form as sent: multipart (with documents) from the page, or plain fields from anywhere else. */
export async function readTenderForm(request: Request, maxBytes: number): Promise<ParsedUpload> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!type.toLowerCase().startsWith("multipart/form-data")) return { form: await request.formData(), files: [], oversize: [] };
  return parseUploadForm(request, maxBytes);
}

/** Checks each uploaded document's size and real type; problems go beside the file field. */
export async function checkAttachments(
  upload: { files: { field: string; file: File }[]; oversize: { field: string; filename: string }[] },
  maxBytes: number,
): Promise<{ files: CheckedFile[]; error?: string }> {
  const files: CheckedFile[] = [];
  const problems: string[] = upload.oversize.map((o) => `The selected file "${o.filename}" must be smaller than ${formatBytes(maxBytes)}`);
  for (const { field, file } of upload.files) {
    if (field !== "attachments") continue;
    const checked = await checkUpload(file, maxBytes);
    if (checked.ok) files.push(checked.file);
    else problems.push(checked.error);
  }
  return { files, error: problems.length ? problems.join(". ") : undefined };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "tenders:create");
  const db = getDb();
  const settings = await getSettings(db);
  const upload = await readTenderForm(request, settings.max_upload_bytes);
  const values = formValues(upload.form);
  const intent = typeof values.intent === "string" ? values.intent : "save";
  const hadFile = upload.files.length > 0 || upload.oversize.length > 0;
  if (intent === "add-criterion" || intent === "add-question") {
    return json<TenderFormData>({ ...addRowResponse(values, intent), notice: hadFile ? FILE_NOTICE : undefined });
  }

  const parsed = parseForm(tenderFormSchema(), upload.form);
  const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
  if (parsed.ok) {
    const choices = await tenderFormChoices(db, user);
    const scope = districtScopeError(user, parsed.data.districtIds, []);
    Object.assign(
      errors,
      choiceErrors(parsed.data, {
        districtIds: choices.districts.map((d) => d.id),
        themeIds: choices.themes.map((t) => t.id),
        fundingStreamIds: choices.fundingStreams.map((s) => s.id),
      }),
      scope ? { districts: scope } : {},
    );
  }
  const attachments = await checkAttachments(upload, settings.max_upload_bytes);
  if (attachments.error) errors.attachments = attachments.error;
  if (!parsed.ok || Object.keys(errors).length > 0) {
    return json<TenderFormData>(
      { ...failure(values, errors), notice: hadFile && !errors.attachments ? FILE_NOTICE : undefined },
      { status: 400 },
    );
  }

  const created = await createTender(db, auditContext(user, context), parsed.data, attachments.files);
  return redirect(`/tenders/${created.id}`, {
    headers: {
      "Set-Cookie": await flash(request, {
        kind: "success",
        text: `Draft tender ${created.reference} has been saved. Providers cannot see it until you publish it.`,
      }),
    },
  });
}

export default function NewTender() {
  const { choices, defaults } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <Link to="/tenders" className="govuk-back-link">Back to tenders</Link>
      <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
      <h1 className="govuk-heading-l">Create a tender</h1>
      <p className="govuk-body">
        The tender is saved as a draft. Only commissioning officers for its districts can see it until you publish it.
      </p>
      <Form method="post" encType="multipart/form-data" noValidate>
        <TenderFormFields choices={choices} defaults={defaults} result={result} />
        <div className="govuk-button-group">
          <Button name="intent" value="save">Save as a draft</Button>
          <Link className="govuk-link" to="/tenders">Cancel</Link>
        </div>
      </Form>
    </>
  );
}

/**
 * The fields of a tender, for creating and for editing. Criteria and questions have a
 * fixed number of row slots (blank ones are ignored), and "Add another" buttons that post
 * the form back with one more, so it all works without JavaScript.
 */
export function TenderFormFields({ choices, defaults, result, attachments }: {
  choices: TenderFormChoices;
  defaults: FormValues;
  result: TenderFormData | undefined;
  /** Editing: documents already attached, each with a "remove" tick box. */
  attachments?: { id: string; filename: string; size: string }[];
}) {
  const values = result?.values;
  const errors = result?.errors ?? {};
  const value = (name: string) => fieldValue(values, name, typeof defaults[name] === "string" ? (defaults[name] as string) : "");
  const criteriaSlots = Math.max(CRITERIA_SLOTS, slotsIn(defaults, "criteria"), slotsIn(values, "criteria"), result?.criteriaSlots ?? 0);
  const questionSlots = Math.max(QUESTION_SLOTS, slotsIn(defaults, "questions"), slotsIn(values, "questions"), result?.questionSlots ?? 0);
  const list = (name: string) => fieldValues(values, name, Array.isArray(defaults[name]) ? (defaults[name] as string[]) : []);
  const criterionOptions = Array.from({ length: criteriaSlots }, (_, i) => ({
    value: String(i),
    label: value(`criteria.${i}.name`).trim() || `Criterion ${i + 1} (not named yet)`,
  }));

  return (
    <>
      {result?.notice ? (
        <div className="govuk-inset-text">{result.notice}</div>
      ) : null}
      <TextInput name="title" label="Title" defaultValue={value("title")} error={errors.title} />
      <Textarea
        name="specification"
        label="Specification"
        hint={
          <>
            What the council wants to fund and why. Leave a blank line between paragraphs. Start a line with
            {" "}<code>## </code> for a heading or <code>- </code> for a bullet point; put <code>**</code> either side of words to make them bold.
          </>
        }
        defaultValue={value("specification")}
        error={errors.specification}
        rows={14}
      />
      <Checkboxes
        name="districts"
        legend="Districts"
        hint={choices.districts.length ? "The districts the service is for. You can choose districts you cover." : "You do not cover any districts yet: ask an administrator."}
        options={choices.districts.map((d) => ({ value: d.id, label: d.name, hint: d.covered ? undefined : "Another officer's district" }))}
        defaultValues={list("districts")}
        error={errors.districts}
        small
      />
      <Select
        name="funding_stream_id"
        label="Funding stream"
        options={choices.fundingStreams.map((s) => ({ value: s.id, label: s.name }))}
        defaultValue={value("funding_stream_id")}
        emptyLabel="Choose a funding stream"
        error={errors.funding_stream_id}
      />
      <Checkboxes
        name="themes"
        legend="Themes (optional)"
        hint="The priorities the service should address."
        options={choices.themes.map((t) => ({ value: t.id, label: t.name }))}
        defaultValues={list("themes")}
        error={errors.themes}
        small
      />
      <TextInput
        name="max_budget"
        label="Maximum budget"
        hint="The most the council will pay for the whole contract, in pounds. For example, 25,000."
        defaultValue={value("max_budget")}
        error={errors.max_budget}
        prefix="£"
        width="10"
        inputMode="decimal"
        spellCheck={false}
      />
      <TextInput name="contract_start" label="Contract start date" type="date" hint="For example, 2027-04-01" defaultValue={value("contract_start")} error={errors.contract_start} width="10" />
      <TextInput name="contract_end" label="Contract end date" type="date" hint="For example, 2028-03-31" defaultValue={value("contract_end")} error={errors.contract_end} width="10" />
      <TextInput
        name="opens_at"
        label="Opens for bids (UK time)"
        type="datetime-local"
        hint="The date and time providers can start bidding, in UK time. For example, 2026-05-01 09:00"
        defaultValue={value("opens_at")}
        error={errors.opens_at}
        width="20"
      />
      <TextInput
        name="closes_at"
        label="Closing date and time (UK time)"
        type="datetime-local"
        hint="Bids arriving after this time are refused. For example, 2026-06-01 12:00"
        defaultValue={value("closes_at")}
        error={errors.closes_at}
        width="20"
      />

      <div className={`govuk-form-group${errors.criteria ? " govuk-form-group--error" : ""}`}>
        <fieldset className="govuk-fieldset" id="criteria" tabIndex={-1} aria-describedby={errors.criteria ? "criteria-error" : "criteria-hint"}>
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
            <h2 className="govuk-fieldset__heading">Evaluation criteria</h2>
          </legend>
          <div id="criteria-hint" className="govuk-hint">
            The panel scores each bid against these. The weights must add up to 100%. Leave a row empty to leave it out.
          </div>
          {errors.criteria ? (
            <p id="criteria-error" className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {errors.criteria}
            </p>
          ) : null}
          {Array.from({ length: criteriaSlots }, (_, i) => (
            <fieldset className="govuk-fieldset govuk-!-margin-bottom-6" key={`criterion-${i}`}>
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Criterion {i + 1}</legend>
              <input type="hidden" name={`criteria.${i}.id`} value={value(`criteria.${i}.id`)} />
              <TextInput name={`criteria.${i}.name`} label="Name" defaultValue={value(`criteria.${i}.name`)} error={errors[`criteria.${i}.name`]} />
              <TextInput
                name={`criteria.${i}.weight`}
                label="Weight (%)"
                defaultValue={value(`criteria.${i}.weight`)}
                error={errors[`criteria.${i}.weight`]}
                width="3"
                inputMode="numeric"
              />
              <Textarea
                name={`criteria.${i}.guidance`}
                label="Guidance for bidders and the panel"
                defaultValue={value(`criteria.${i}.guidance`)}
                error={errors[`criteria.${i}.guidance`]}
                rows={3}
              />
              <TextInput
                name={`criteria.${i}.max_score`}
                label="Maximum score"
                hint={`Leave empty for ${DEFAULT_MAX_SCORE}`}
                defaultValue={value(`criteria.${i}.max_score`)}
                error={errors[`criteria.${i}.max_score`]}
                width="2"
                inputMode="numeric"
              />
            </fieldset>
          ))}
          {criteriaSlots < MAX_CRITERIA_SLOTS ? (
            <Button secondary name="intent" value="add-criterion" preventDoubleClick={false}>Add another criterion</Button>
          ) : null}
        </fieldset>
      </div>

      <div className={`govuk-form-group${errors.questions ? " govuk-form-group--error" : ""}`}>
        <fieldset className="govuk-fieldset" id="questions" tabIndex={-1} aria-describedby={errors.questions ? "questions-error" : "questions-hint"}>
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
            <h2 className="govuk-fieldset__heading">Questions for bidders</h2>
          </legend>
          <div id="questions-hint" className="govuk-hint">
            Each question has a word limit and can be scored under one criterion. Leave a row empty to leave it out.
          </div>
          {errors.questions ? (
            <p id="questions-error" className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {errors.questions}
            </p>
          ) : null}
          {Array.from({ length: questionSlots }, (_, i) => (
            <fieldset className="govuk-fieldset govuk-!-margin-bottom-6" key={`question-${i}`}>
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Question {i + 1}</legend>
              <input type="hidden" name={`questions.${i}.id`} value={value(`questions.${i}.id`)} />
              <Textarea name={`questions.${i}.text`} label="Question" defaultValue={value(`questions.${i}.text`)} error={errors[`questions.${i}.text`]} rows={2} />
              <TextInput
                name={`questions.${i}.word_limit`}
                label="Word limit"
                hint="From 1 to 5,000 words"
                defaultValue={value(`questions.${i}.word_limit`)}
                error={errors[`questions.${i}.word_limit`]}
                width="4"
                inputMode="numeric"
              />
              <Select
                name={`questions.${i}.criterion`}
                label="Scored under"
                options={criterionOptions}
                defaultValue={value(`questions.${i}.criterion`)}
                emptyLabel="No particular criterion"
                error={errors[`questions.${i}.criterion`]}
              />
            </fieldset>
          ))}
          {questionSlots < MAX_QUESTION_SLOTS ? (
            <Button secondary name="intent" value="add-question" preventDoubleClick={false}>Add another question</Button>
          ) : null}
        </fieldset>
      </div>

      <h2 className="govuk-heading-m">Documents</h2>
      {attachments && attachments.length > 0 ? (
        <Checkboxes
          name="remove_attachments"
          legend="Documents attached now: tick any to remove"
          options={attachments.map((a) => ({ value: a.id, label: `Remove ${a.filename}`, hint: a.size }))}
          defaultValues={list("remove_attachments")}
          small
        />
      ) : null}
      <div className={`govuk-form-group${errors.attachments ? " govuk-form-group--error" : ""}`}>
        <label className="govuk-label" htmlFor={fieldId("attachments")}>Add specification documents (optional)</label>
        <div id="attachments-hint" className="govuk-hint">PDF, Word (DOCX), Excel (XLSX) or OpenDocument (ODT). You can choose several.</div>
        {errors.attachments ? (
          <p id="attachments-error" className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {errors.attachments}
          </p>
        ) : null}
        <input
          className={`govuk-file-upload${errors.attachments ? " govuk-file-upload--error" : ""}`}
          id={fieldId("attachments")}
          name="attachments"
          type="file"
          multiple
          accept=".pdf,.docx,.xlsx,.odt,application/pdf"
          aria-describedby={`attachments-hint${errors.attachments ? " attachments-error" : ""}`}
        />
      </div>
    </>
  );
}
