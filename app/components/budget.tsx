// The budget profile on a page: a table to read (bids, the panel's view, projects) and a
// grid to fill in (a bid, a new project, a plan adjustment, a variation). Totals are worked
// out from what was typed, so the page needs no JavaScript to show them.
import { parsePoundsToPence } from "~/lib/figures";
import { BUDGET_CATEGORIES, BUDGET_CATEGORY_LABELS, budgetField, sumBudget, type BudgetLine } from "~/lib/budget";
import type { FieldErrors, FormValues } from "~/lib/forms";
import { formatPence } from "~/lib/money";
import { fieldId } from "./forms";

/** A budget as a read-only table: quarters down, categories across, with totals. */
export function BudgetTable({ lines, quarters, caption = "Budget by quarter and category", emptyText = "No budget given." }: {
  lines: readonly BudgetLine[];
  /** Quarters to show even where nothing is budgeted (a project's whole run). */
  quarters?: readonly string[];
  caption?: string;
  emptyText?: string;
}) {
  const sums = sumBudget(lines, quarters);
  if (sums.rows.length === 0) return <p className="govuk-body">{emptyText}</p>;
  return (
    <div className="portal-table-wrapper" role="region" aria-label={caption} tabIndex={0}>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-visually-hidden">{caption}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Quarter</th>
            {BUDGET_CATEGORIES.map((c) => (
              <th key={c} scope="col" className="govuk-table__header govuk-table__header--numeric">{BUDGET_CATEGORY_LABELS[c]}</th>
            ))}
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Total</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {sums.rows.map((row) => (
            <tr className="govuk-table__row" key={row.quarter}>
              <th scope="row" className="govuk-table__header">{row.quarter}</th>
              {BUDGET_CATEGORIES.map((c) => (
                <td key={c} className="govuk-table__cell govuk-table__cell--numeric">{formatPence(row.cells[c])}</td>
              ))}
              <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(row.totalPence)}</td>
            </tr>
          ))}
          <tr className="govuk-table__row">
            <th scope="row" className="govuk-table__header">Total</th>
            {BUDGET_CATEGORIES.map((c) => (
              <td key={c} className="govuk-table__cell govuk-table__cell--numeric"><strong>{formatPence(sums.categoryTotals[c])}</strong></td>
            ))}
            <td className="govuk-table__cell govuk-table__cell--numeric"><strong>{formatPence(sums.totalPence)}</strong></td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

function typed(values: FormValues, name: string): string {
  const v = values[name];
  return typeof v === "string" ? v : "";
}

/**
 * The budget grid: a money field per quarter and category, with totals worked out from what
 * was typed (or saved). Locked quarters show their figures as text, with the reason.
 */
export function BudgetEditor({ quarters, values, errors, locked = {}, legend = "Budget by quarter and category", hint }: {
  quarters: readonly string[];
  values: FormValues;
  errors: FieldErrors;
  /** Quarters that can no longer change, with the reason shown beside them. */
  locked?: Record<string, string>;
  legend?: string;
  hint?: string;
}) {
  const money = (name: string) => parsePoundsToPence(typed(values, name)) ?? 0;
  const lines: BudgetLine[] = quarters.flatMap((quarter) => BUDGET_CATEGORIES.map((category) => ({ quarter, category, amountPence: money(budgetField(quarter, category)) })));
  const sums = sumBudget(lines, quarters);
  const budgetErrors = Object.entries(errors).filter(([k]) => k === "budget" || k.startsWith("budget."));
  return (
    <div className={`govuk-form-group${budgetErrors.length ? " govuk-form-group--error" : ""}`} id={fieldId("budget")} tabIndex={-1}>
      <fieldset className="govuk-fieldset" aria-describedby="budget-hint">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        <div id="budget-hint" className="govuk-hint">
          {hint ?? "In pounds. The budget must add up to the amount. Totals are worked out when the page comes back."}
        </div>
        {budgetErrors.map(([k, message]) => (
          <p key={k} className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {message}
          </p>
        ))}
        <div className="portal-table-wrapper" role="region" aria-label="Budget" tabIndex={0}>
          <table className="govuk-table">
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Quarter</th>
                {BUDGET_CATEGORIES.map((c) => (
                  <th key={c} scope="col" className="govuk-table__header">{BUDGET_CATEGORY_LABELS[c]} (£)</th>
                ))}
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Total</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {sums.rows.map((row) => (
                <tr className="govuk-table__row" key={row.quarter}>
                  <th scope="row" className="govuk-table__header">
                    {row.quarter}
                    {locked[row.quarter] ? <span className="govuk-hint govuk-!-margin-bottom-0">Fixed: {locked[row.quarter]}</span> : null}
                  </th>
                  {BUDGET_CATEGORIES.map((c) => {
                    const name = budgetField(row.quarter, c);
                    if (locked[row.quarter]) {
                      return <td key={c} className="govuk-table__cell govuk-table__cell--numeric">{formatPence(row.cells[c])}</td>;
                    }
                    return (
                      <td key={c} className="govuk-table__cell">
                        <label className="govuk-visually-hidden" htmlFor={fieldId(name)}>
                          {BUDGET_CATEGORY_LABELS[c]}, {row.quarter}
                        </label>
                        <input
                          className={`govuk-input govuk-input--width-5${errors[name] ? " govuk-input--error" : ""}`}
                          id={fieldId(name)}
                          name={name}
                          type="text"
                          inputMode="decimal"
                          spellCheck={false}
                          defaultValue={typed(values, name)}
                          aria-invalid={errors[name] ? true : undefined}
                        />
                      </td>
                    );
                  })}
                  <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(row.totalPence)}</td>
                </tr>
              ))}
              <tr className="govuk-table__row">
                <th scope="row" className="govuk-table__header">Total</th>
                {BUDGET_CATEGORIES.map((c) => (
                  <td key={c} className="govuk-table__cell govuk-table__cell--numeric">{formatPence(sums.categoryTotals[c])}</td>
                ))}
                <td className="govuk-table__cell govuk-table__cell--numeric"><strong>{formatPence(sums.totalPence)}</strong></td>
              </tr>
            </tbody>
          </table>
        </div>
      </fieldset>
    </div>
  );
}
