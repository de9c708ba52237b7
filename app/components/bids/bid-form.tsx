// The bid as a form, while it is a draft and the tender is open. One form holds the whole
// bid, attachments included, so every button (save, save and continue, delete a file) saves
// everything typed and nothing is ever lost between them. It carries the version the page
// was loaded with, so a save after someone else's is refused and what was typed comes back.
import { BudgetEditor } from "~/components/budget";
import { Button, fieldId, Radios, TextInput } from "~/components/forms";
import { WordCountTextarea } from "~/components/word-count";
import type { FieldErrors, FormValues } from "~/lib/forms";
import { answerField, indicatorField, indicatorRows, INDICATOR_KIND_LABELS, INDICATOR_KINDS, INDICATOR_UNIT_LABELS, INDICATOR_UNITS, targetField } from "~/schemas/bids";
import { Form } from "~/components/form";
import { indicatorRowsToShow, QuarterTargets } from "~/components/projects/indicator-fields";

/** What the form needs to know about the tender it answers. */
export interface BidFormTender {
  districts: { id: string; name: string }[];
  questions: { id: string; position: number; text: string; wordLimit: number; criterion: string | null }[];
  quarters: string[];
  maxBudget: string;
}

/** What a refused save sends back: what was typed, the problems, and after a stale save who saved first. */
export interface BidFormResult {
  values: FormValues;
  errors: FieldErrors;
  current?: { savedAt: string; savedBy: string | null };
}

function text(values: FormValues, name: string): string {
  const v = values[name];
  return typeof v === "string" ? v : "";
}

export function BidForm({ bid, tender, attachments, maxUpload, defaults, result }: {
  bid: { id: string; version: number };
  tender: BidFormTender;
  attachments: { id: string; filename: string; size: string }[];
  /** The largest file the form takes, in words. */
  maxUpload: string;
  defaults: FormValues;
  result: BidFormResult | undefined;
}) {
  const values = result?.values ?? defaults;
  const errors = result?.errors ?? {};
  const current = result?.current;
  const rows = indicatorRowsToShow(values, tender.quarters);

  return (
    <>
      {current ? (
        <div className="govuk-inset-text">
          Saved at {current.savedAt}{current.savedBy ? ` by ${current.savedBy}` : ""}.{" "}
          <a className="govuk-link" href={`/bids/${bid.id}`} target="_blank" rel="noreferrer">
            Open the saved bid in a new tab (opens in new tab)
          </a>{" "}
          to compare. The form below still has what you typed: saving it replaces their changes.
        </div>
      ) : null}
      <p className="govuk-body">
        You can save a draft at any time with parts missing. To submit, every question needs an answer, the budget must add up to
        the amount you ask for, and each indicator needs a target for every quarter.
      </p>
      <Form method="post" encType="multipart/form-data" noValidate autosave={{ id: bid.id, version: bid.version }}>
        {/* Pressing Enter in a field saves the draft: the form's first button decides, so it is this one. */}
        <button type="submit" name="intent" value="save" className="govuk-visually-hidden" tabIndex={-1} aria-hidden="true">
          Save as draft
        </button>

        <h2 className="govuk-heading-m">1. About the project</h2>
        <Radios
          name="district_id"
          legend="Which district will the project serve?"
          options={tender.districts.map((d) => ({ value: d.id, label: d.name }))}
          defaultValue={text(values, "district_id")}
          error={errors.district_id}
        />
        <TextInput name="title" label="Project title" defaultValue={text(values, "title")} error={errors.title} />

        <h2 className="govuk-heading-m">2. Your answers</h2>
        {tender.questions.map((q) => (
          <WordCountTextarea
            key={q.id}
            name={answerField(q.id)}
            label={<strong>Question {q.position}: {q.text}</strong>}
            hint={q.criterion ? `Scored under ${q.criterion}.` : undefined}
            wordLimit={q.wordLimit}
            defaultValue={text(values, answerField(q.id))}
            error={errors[answerField(q.id)]}
          />
        ))}

        <h2 className="govuk-heading-m">3. Money</h2>
        <TextInput
          name="amount"
          label="Amount you are asking for"
          hint={`In pounds, up to ${tender.maxBudget}.`}
          prefix="£"
          width="10"
          inputMode="decimal"
          spellCheck={false}
          defaultValue={text(values, "amount")}
          error={errors.amount}
        />
        <BudgetEditor
          quarters={tender.quarters}
          values={values}
          errors={errors}
          hint="In pounds. The budget must add up to the amount you ask for. Totals are worked out when you save."
        />

        <h2 className="govuk-heading-m" id={fieldId("indicators")} tabIndex={-1}>4. Proposed indicators</h2>
        <p className="govuk-body">
          What the project will deliver (outputs) and the difference it will make (outcomes), with a target for each quarter.
          To add an indicator, fill in the empty one at the end and save: another empty one appears.
        </p>
        {errors.indicators ? (
          <p className="govuk-error-message"><span className="govuk-visually-hidden">Error:</span> {errors.indicators}</p>
        ) : null}
        {rows.map((row, index) => {
          const kindName = indicatorField(row, "kind");
          const unitName = indicatorField(row, "unit");
          const removeName = indicatorField(row, "remove");
          return (
            <fieldset key={row} className="govuk-fieldset govuk-!-margin-bottom-6">
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Indicator {row + 1}</legend>
              <div className={`govuk-form-group${errors[kindName] ? " govuk-form-group--error" : ""}`}>
                <label className="govuk-label" htmlFor={fieldId(kindName)}>Output or outcome</label>
                {errors[kindName] ? <p className="govuk-error-message">{errors[kindName]}</p> : null}
                <select className="govuk-select" id={fieldId(kindName)} name={kindName} defaultValue={text(values, kindName) || "output"}>
                  {INDICATOR_KINDS.map((k) => <option key={k} value={k}>{INDICATOR_KIND_LABELS[k]}</option>)}
                </select>
              </div>
              <TextInput name={indicatorField(row, "name")} label="Name" defaultValue={text(values, indicatorField(row, "name"))} error={errors[indicatorField(row, "name")]} />
              <TextInput
                name={indicatorField(row, "definition")}
                label="Definition"
                hint="What counts, and how you will count it."
                defaultValue={text(values, indicatorField(row, "definition"))}
                error={errors[indicatorField(row, "definition")]}
              />
              <div className={`govuk-form-group${errors[unitName] ? " govuk-form-group--error" : ""}`}>
                <label className="govuk-label" htmlFor={fieldId(unitName)}>Unit</label>
                {errors[unitName] ? <p className="govuk-error-message">{errors[unitName]}</p> : null}
                <select className="govuk-select" id={fieldId(unitName)} name={unitName} defaultValue={text(values, unitName) || "count"}>
                  {INDICATOR_UNITS.map((u) => <option key={u} value={u}>{INDICATOR_UNIT_LABELS[u]}</option>)}
                </select>
              </div>
              <QuarterTargets row={row} quarters={tender.quarters} values={values} errors={errors} />
              {index < rows.length - 1 || text(values, indicatorField(row, "name")) ? (
                <div className="govuk-checkboxes govuk-checkboxes--small">
                  <div className="govuk-checkboxes__item">
                    <input
                      className="govuk-checkboxes__input"
                      id={fieldId(removeName)}
                      name={removeName}
                      type="checkbox"
                      value="yes"
                      data-autosave="off"
                      defaultChecked={text(values, removeName) === "yes"}
                    />
                    <label className="govuk-label govuk-checkboxes__label" htmlFor={fieldId(removeName)}>
                      Remove indicator {row + 1} when I save
                    </label>
                  </div>
                </div>
              ) : null}
            </fieldset>
          );
        })}

        <h2 className="govuk-heading-m" id="attachments">5. Attachments</h2>
        {attachments.length ? (
          <dl className="govuk-summary-list">
            {attachments.map((f) => (
              <div className="govuk-summary-list__row" key={f.id}>
                <dt className="govuk-summary-list__key">
                  <a className="govuk-link" href={`/bids/${bid.id}/files/${f.id}`} download>{f.filename}</a>
                </dt>
                <dd className="govuk-summary-list__value">{f.size}</dd>
                <dd className="govuk-summary-list__actions">
                  <button type="submit" name="deleteFile" value={f.id} className="govuk-button govuk-button--warning govuk-!-margin-bottom-0" data-module="govuk-button">
                    Delete<span className="govuk-visually-hidden"> {f.filename}</span>
                  </button>
                </dd>
              </div>
            ))}
          </dl>
        ) : (
          <p className="govuk-body">No attachments yet.</p>
        )}
        <div className={`govuk-form-group${errors.attachment ? " govuk-form-group--error" : ""}`}>
          <label className="govuk-label" htmlFor="attachment">Upload a file (optional)</label>
          <div id="attachment-hint" className="govuk-hint">
            PDF, DOCX, XLSX or ODT, smaller than {maxUpload}. It is uploaded when you save.
          </div>
          {errors.attachment ? (
            <p id="attachment-error" className="govuk-error-message"><span className="govuk-visually-hidden">Error:</span> {errors.attachment}</p>
          ) : null}
          <input
            className={`govuk-file-upload${errors.attachment ? " govuk-file-upload--error" : ""}`}
            id="attachment"
            name="attachment"
            type="file"
            accept=".pdf,.docx,.xlsx,.odt"
            aria-describedby={`attachment-hint${errors.attachment ? " attachment-error" : ""}`}
          />
        </div>

        <div className="govuk-button-group">
          <Button name="intent" value="continue">Save and continue</Button>
          <Button name="intent" value="save" secondary>Save as draft</Button>
        </div>
      </Form>
    </>
  );
}
