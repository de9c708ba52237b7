// The indicator rows of the new-project and plan forms (and their parts the bid form shares:
// the spare row and the targets by quarter): each indicator's kind, name,
// definition, unit, measure, direction, baseline and a target per quarter. Works without
// JavaScript: an empty row at the end adds an indicator, a tick box removes one.
import { fieldId, TextInput } from "~/components/forms";
import type { FieldErrors, FormValues } from "~/lib/forms";
import { INDICATOR_DIRECTION_LABELS, INDICATOR_DIRECTIONS, INDICATOR_KIND_LABELS, INDICATOR_KINDS, INDICATOR_MEASURE_LABELS, INDICATOR_MEASURES, INDICATOR_UNIT_LABELS, INDICATOR_UNITS, indicatorField, indicatorRows, targetField } from "~/schemas/projects";

function textOf(values: FormValues, name: string): string {
  const v = values[name];
  return typeof v === "string" ? v : "";
}

/** Every posted or stored row, and a spare empty one, so an indicator can be added without JavaScript. */
export function indicatorRowsToShow(values: FormValues, quarters: readonly string[]): number[] {
  const rows = indicatorRows(values);
  const last = rows.length ? rows[rows.length - 1] : -1;
  const lastUsed = last >= 0 && [
    textOf(values, indicatorField(last, "name")), textOf(values, indicatorField(last, "definition")),
    ...quarters.map((q) => textOf(values, targetField(last, q))),
  ].some((v) => v.trim());
  return last < 0 || lastUsed ? [...rows, last + 1] : rows;
}

function SmallSelect({ name, label, options, value, error }: {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  value: string;
  error?: string;
}) {
  const id = fieldId(name);
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className="govuk-label" htmlFor={id}>{label}</label>
      {error ? <p id={`${id}-error`} className="govuk-error-message"><span className="govuk-visually-hidden">Error:</span> {error}</p> : null}
      <select className={`govuk-select${error ? " govuk-select--error" : ""}`} id={id} name={name} defaultValue={value} aria-describedby={error ? `${id}-error` : undefined}>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </div>
  );
}

/** A row's target for each quarter, side by side, with the row's target errors above them. */
export function QuarterTargets({ row, quarters, values, errors }: { row: number; quarters: readonly string[]; values: FormValues; errors: FieldErrors }) {
  const targetErrors = Object.entries(errors).filter(([k]) => k.startsWith(`indicators.${row}.target.`));
  return (
    <div className={`govuk-form-group${targetErrors.length ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset">
        <legend className="govuk-fieldset__legend">Targets by quarter</legend>
        {targetErrors.map(([k, message]) => (
          <p key={k} className="govuk-error-message"><span className="govuk-visually-hidden">Error:</span> {message}</p>
        ))}
        <div className="govuk-date-input">
          {quarters.map((quarter) => {
            const name = targetField(row, quarter);
            return (
              <div className="govuk-date-input__item" key={quarter}>
                <div className="govuk-form-group">
                  <label className="govuk-label govuk-date-input__label" htmlFor={fieldId(name)}>{quarter}</label>
                  <input
                    className={`govuk-input govuk-date-input__input govuk-input--width-4${errors[name] ? " govuk-input--error" : ""}`}
                    id={fieldId(name)}
                    name={name}
                    type="text"
                    inputMode="decimal"
                    spellCheck={false}
                    defaultValue={textOf(values, name)}
                  />
                </div>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/** The indicator rows of the new-project and plan forms. */
export function IndicatorFields({ quarters, values, errors }: { quarters: string[]; values: FormValues; errors: FieldErrors }) {
  const rows = indicatorRowsToShow(values, quarters);
  return (
    <>
      <p className="govuk-body">
        What the project will deliver (outputs) and the difference it will make (outcomes), with a target for each quarter.
        To add an indicator, fill in the empty one at the end: another empty one appears when the page comes back.
      </p>
      {errors.indicators ? (
        <p className="govuk-error-message"><span className="govuk-visually-hidden">Error:</span> {errors.indicators}</p>
      ) : null}
      {rows.map((row, index) => {
        const removeName = indicatorField(row, "remove");
        const id = textOf(values, indicatorField(row, "id"));
        return (
          <fieldset key={row} className="govuk-fieldset govuk-!-margin-bottom-6">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Indicator {row + 1}</legend>
            {id ? <input type="hidden" name={indicatorField(row, "id")} value={id} /> : null}
            <SmallSelect
              name={indicatorField(row, "kind")}
              label="Output or outcome"
              options={INDICATOR_KINDS.map((k) => ({ value: k, label: INDICATOR_KIND_LABELS[k] }))}
              value={textOf(values, indicatorField(row, "kind")) || "output"}
              error={errors[indicatorField(row, "kind")]}
            />
            <TextInput name={indicatorField(row, "name")} label="Name" defaultValue={textOf(values, indicatorField(row, "name"))} error={errors[indicatorField(row, "name")]} />
            <TextInput
              name={indicatorField(row, "definition")}
              label="Definition"
              hint="What counts, and how it is counted."
              defaultValue={textOf(values, indicatorField(row, "definition"))}
              error={errors[indicatorField(row, "definition")]}
            />
            <SmallSelect
              name={indicatorField(row, "unit")}
              label="Unit"
              options={INDICATOR_UNITS.map((u) => ({ value: u, label: INDICATOR_UNIT_LABELS[u] }))}
              value={textOf(values, indicatorField(row, "unit")) || "count"}
              error={errors[indicatorField(row, "unit")]}
            />
            <SmallSelect
              name={indicatorField(row, "measure")}
              label="How the figures add up"
              options={INDICATOR_MEASURES.map((m) => ({ value: m, label: INDICATOR_MEASURE_LABELS[m] }))}
              value={textOf(values, indicatorField(row, "measure")) || "per_quarter"}
              error={errors[indicatorField(row, "measure")]}
            />
            <SmallSelect
              name={indicatorField(row, "direction")}
              label="Which way is better"
              options={INDICATOR_DIRECTIONS.map((d) => ({ value: d, label: INDICATOR_DIRECTION_LABELS[d] }))}
              value={textOf(values, indicatorField(row, "direction")) || "higher"}
              error={errors[indicatorField(row, "direction")]}
            />
            <TextInput
              name={indicatorField(row, "baseline")}
              label="Baseline (optional)"
              hint="Where things stand before the project starts."
              width="5"
              inputMode="decimal"
              spellCheck={false}
              defaultValue={textOf(values, indicatorField(row, "baseline"))}
              error={errors[indicatorField(row, "baseline")]}
            />
            {quarters.length ? (
              <QuarterTargets row={row} quarters={quarters} values={values} errors={errors} />
            ) : null}
            {index < rows.length - 1 || textOf(values, indicatorField(row, "name")) ? (
              <div className="govuk-checkboxes govuk-checkboxes--small">
                <div className="govuk-checkboxes__item">
                  <input
                    className="govuk-checkboxes__input"
                    id={fieldId(removeName)}
                    name={removeName}
                    type="checkbox"
                    value="yes"
                    defaultChecked={textOf(values, removeName) === "yes"}
                  />
                  <label className="govuk-label govuk-checkboxes__label" htmlFor={fieldId(removeName)}>
                    Remove indicator {row + 1}
                  </label>
                </div>
              </div>
            ) : null}
          </fieldset>
        );
      })}
    </>
  );
}
