// GOV.UK form patterns as React components. Every field shows its error beside it and the
// ErrorSummary lists them all, each linking to its field.
import { useEffect, useRef, type ReactNode } from "react";
import type { FieldErrors } from "~/lib/forms";

/** Field ids are the field names with characters an id selector dislikes replaced. */
export const fieldId = (name: string): string => name.replace(/[^a-zA-Z0-9_-]/g, "-");

export function ErrorSummary({ errors, formError, submissionId }: { errors?: FieldErrors; formError?: string; submissionId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors ?? {});
  useEffect(() => {
    ref.current?.focus();
  }, [submissionId]);
  if (entries.length === 0 && !formError) return null;
  return (
    <div className="govuk-error-summary" ref={ref} tabIndex={-1} key={submissionId}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">There is a problem</h2>
        <div className="govuk-error-summary__body">
          {formError ? <p className="govuk-body">{formError}</p> : null}
          {entries.length > 0 ? (
            <ul className="govuk-list govuk-error-summary__list">
              {entries.map(([field, message]) => (
                <li key={field}>
                  {/* "name|n": the n-th of several problems with one field, each linking to it. */}
                  <a href={`#${fieldId(field.split("|")[0])}`}>{message}</a>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      </div>
    </div>
  );
}

function ErrorMessage({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <p id={`${id}-error`} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {error}
    </p>
  );
}

function describedBy(id: string, hint?: ReactNode, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

interface FieldProps {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** Label as the page heading, for one-question pages. */
  isPageHeading?: boolean;
}

function Label({ id, label, isPageHeading }: { id: string; label: ReactNode; isPageHeading?: boolean }) {
  if (isPageHeading) {
    return (
      <h1 className="govuk-label-wrapper">
        <label className="govuk-label govuk-label--l" htmlFor={id}>
          {label}
        </label>
      </h1>
    );
  }
  return (
    <label className="govuk-label" htmlFor={id}>
      {label}
    </label>
  );
}

export function TextInput({
  name, label, hint, error, isPageHeading, defaultValue, type = "text", autoComplete, width, inputMode, spellCheck, prefix,
}: FieldProps & {
  defaultValue?: string;
  type?: "text" | "email" | "password" | "number" | "tel" | "date" | "datetime-local";
  autoComplete?: string;
  width?: "2" | "3" | "4" | "5" | "10" | "20" | "30";
  inputMode?: "numeric" | "decimal" | "email" | "text";
  spellCheck?: boolean;
  prefix?: string;
}) {
  const id = fieldId(name);
  const input = (
    <input
      className={`govuk-input${width ? ` govuk-input--width-${width}` : ""}${error ? " govuk-input--error" : ""}`}
      id={id}
      name={name}
      type={type}
      defaultValue={defaultValue}
      autoComplete={autoComplete}
      inputMode={inputMode}
      spellCheck={spellCheck}
      aria-describedby={describedBy(id, hint, error)}
      aria-invalid={error ? true : undefined}
    />
  );
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <Label id={id} label={label} isPageHeading={isPageHeading} />
      {hint ? <div id={`${id}-hint`} className="govuk-hint">{hint}</div> : null}
      <ErrorMessage id={id} error={error} />
      {prefix ? (
        <div className="govuk-input__wrapper">
          <div className="govuk-input__prefix" aria-hidden="true">{prefix}</div>
          {input}
        </div>
      ) : (
        input
      )}
    </div>
  );
}

export function Textarea({ name, label, hint, error, defaultValue, rows = 5 }: FieldProps & { defaultValue?: string; rows?: number }) {
  const id = fieldId(name);
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <Label id={id} label={label} />
      {hint ? <div id={`${id}-hint`} className="govuk-hint">{hint}</div> : null}
      <ErrorMessage id={id} error={error} />
      <textarea
        className={`govuk-textarea${error ? " govuk-textarea--error" : ""}`}
        id={id}
        name={name}
        rows={rows}
        defaultValue={defaultValue}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
      />
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function Select({ name, label, hint, error, options, defaultValue, emptyLabel }: FieldProps & {
  options: Option[];
  defaultValue?: string;
  emptyLabel?: string;
}) {
  const id = fieldId(name);
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <Label id={id} label={label} />
      {hint ? <div id={`${id}-hint`} className="govuk-hint">{hint}</div> : null}
      <ErrorMessage id={id} error={error} />
      <select
        className={`govuk-select${error ? " govuk-select--error" : ""}`}
        id={id}
        name={name}
        defaultValue={defaultValue}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
      >
        {emptyLabel !== undefined ? <option value="">{emptyLabel}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Several ticks: the field name gets [] so the server reads a list. */
export function Checkboxes({ name, legend, hint, error, options, defaultValues, small }: {
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  options: (Option & { hint?: string })[];
  defaultValues: string[];
  small?: boolean;
}) {
  const id = fieldId(name);
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        {hint ? <div id={`${id}-hint`} className="govuk-hint">{hint}</div> : null}
        <ErrorMessage id={id} error={error} />
        <div className={`govuk-checkboxes${small ? " govuk-checkboxes--small" : ""}`}>
          {options.map((o, index) => {
            const optionId = index === 0 ? id : `${id}-${index + 1}`;
            return (
              <div className="govuk-checkboxes__item" key={o.value}>
                <input
                  className="govuk-checkboxes__input"
                  id={optionId}
                  name={`${name}[]`}
                  type="checkbox"
                  value={o.value}
                  defaultChecked={defaultValues.includes(o.value)}
                  aria-describedby={o.hint ? `${optionId}-hint` : undefined}
                />
                <label className="govuk-label govuk-checkboxes__label" htmlFor={optionId}>
                  {o.label}
                </label>
                {o.hint ? <div id={`${optionId}-hint`} className="govuk-hint govuk-checkboxes__hint">{o.hint}</div> : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/** One checkbox that posts `name=yes` when ticked: a confirmation or an override. */
export function Checkbox({ name, label, hint, error, defaultChecked }: {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  defaultChecked?: boolean;
}) {
  const id = fieldId(name);
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <ErrorMessage id={id} error={error} />
      <div className="govuk-checkboxes govuk-checkboxes--small">
        <div className="govuk-checkboxes__item">
          <input
            className="govuk-checkboxes__input"
            id={id}
            name={name}
            type="checkbox"
            value="yes"
            defaultChecked={defaultChecked}
            aria-describedby={describedBy(id, hint, error)}
          />
          <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>{label}</label>
          {hint ? <div id={`${id}-hint`} className="govuk-hint govuk-checkboxes__hint">{hint}</div> : null}
        </div>
      </div>
    </div>
  );
}

export function Radios({ name, legend, hint, error, options, defaultValue, inline }: {
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  options: (Option & { hint?: string })[];
  defaultValue?: string;
  inline?: boolean;
}) {
  const id = fieldId(name);
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        {hint ? <div id={`${id}-hint`} className="govuk-hint">{hint}</div> : null}
        <ErrorMessage id={id} error={error} />
        <div className={`govuk-radios${inline ? " govuk-radios--inline" : ""}`}>
          {options.map((o, index) => {
            const optionId = index === 0 ? id : `${id}-${index + 1}`;
            return (
              <div className="govuk-radios__item" key={o.value}>
                <input
                  className="govuk-radios__input"
                  id={optionId}
                  name={name}
                  type="radio"
                  value={o.value}
                  defaultChecked={defaultValue === o.value}
                  aria-describedby={o.hint ? `${optionId}-hint` : undefined}
                />
                <label className="govuk-label govuk-radios__label" htmlFor={optionId}>
                  {o.label}
                </label>
                {o.hint ? <div id={`${optionId}-hint`} className="govuk-hint govuk-radios__hint">{o.hint}</div> : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function Button({ children, secondary, warning, name, value, preventDoubleClick = true }: {
  children: ReactNode;
  secondary?: boolean;
  warning?: boolean;
  name?: string;
  value?: string;
  preventDoubleClick?: boolean;
}) {
  const variant = secondary ? " govuk-button--secondary" : warning ? " govuk-button--warning" : "";
  return (
    <button
      type="submit"
      className={`govuk-button${variant}`}
      data-module="govuk-button"
      data-prevent-double-click={preventDoubleClick ? "true" : undefined}
      name={name}
      value={value}
    >
      {children}
    </button>
  );
}
