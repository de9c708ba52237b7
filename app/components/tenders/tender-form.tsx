// The fields of a tender, for creating and for editing. Criteria and questions have a fixed
// number of row slots (blank ones are ignored), and "Add another" buttons that post the form
// back with one more, so it all works without JavaScript.
import { Button, Checkboxes, fieldId, Radios, Select, Textarea, TextInput } from "~/components/forms";
import { procedureHints, PROCEDURE_LABELS, TENDER_PROCEDURES } from "~/models/tenders/procedures";
import { fieldValue, fieldValues, type FormValues } from "~/lib/forms";
import type { TenderFormChoices } from "~/models/tenders/choices.server";
import type { TenderFormData } from "~/http/tenders/form.server";
import { CRITERIA_SLOTS, DEFAULT_MAX_SCORE, MAX_CRITERIA_SLOTS, MAX_QUESTION_SLOTS, QUESTION_SLOTS, slotsIn } from "~/schemas/tenders";

export function TenderFormFields({ choices, defaults, result, attachments }: {
  choices: TenderFormChoices;
  defaults: FormValues;
  result: TenderFormData | undefined;
  /** Editing: documents already attached, each with a "remove" tick box. */
  attachments?: { id: string; filename: string; size: string }[];
}) {
  const values = result?.values;
  const errors = result?.errors ?? {};
  const hints = procedureHints(new Date().toISOString());
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
      <Radios
        name="procedure"
        legend="How is it run?"
        hint="The maximum budget decides which procedures the Procurement Act 2023 allows."
        options={TENDER_PROCEDURES.map((p) => ({ value: p, label: PROCEDURE_LABELS[p], hint: hints[p] }))}
        defaultValue={value("procedure") || "grant_competition"}
        error={errors.procedure}
      />
      <TextInput name="contract_start" label="Contract start date" type="date" hint="For example, 2027-04-01" defaultValue={value("contract_start")} error={errors.contract_start} width="10" />
      <TextInput name="contract_end" label="Contract end date" type="date" hint="For example, 2028-03-31" defaultValue={value("contract_end")} error={errors.contract_end} width="10" />
      <TextInput
        name="opens_at"
        label="Opens for bids (UK time)"
        type="datetime-local"
        hint="The date and time providers can start bidding, in UK time. For example, 1 May 2026 at 09:00"
        defaultValue={value("opens_at")}
        error={errors.opens_at}
        width="20"
      />
      <TextInput
        name="closes_at"
        label="Closing date and time (UK time)"
        type="datetime-local"
        hint="Bids arriving after this time are refused. For example, 1 June 2026 at 12:00 (midday)"
        defaultValue={value("closes_at")}
        error={errors.closes_at}
        width="20"
      />
      <TextInput
        name="clarifications_close_at"
        label="Last time for clarification questions (UK time, optional)"
        type="datetime-local"
        hint="Providers can ask questions until then; leave it empty to take questions until the tender closes. It is in providers' calendars"
        defaultValue={value("clarifications_close_at")}
        error={errors.clarifications_close_at}
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
