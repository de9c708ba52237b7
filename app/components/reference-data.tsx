// The administration pages for reference data (districts, themes, funding streams, context
// indicators, unit costs): one list page and one form page, so each kind's routes say only
// what differs: their fields, their words and their columns.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { Button, ErrorSummary, Radios, Select, TextInput, Textarea } from "~/components/forms";
import { FilterForm, Pagination, SortableHeader, TableWrapper } from "~/components/lists";
import { formatDateTime } from "~/lib/dates";
import { fieldValue, type FieldErrors, type FormFailure, type FormValues } from "~/lib/forms";
import { Form } from "~/components/form";

export interface ReferenceColumn<T> {
  label: ReactNode;
  /** The sort key, for a column the list sorts by. */
  sort?: string;
  numeric?: boolean;
  cell: (item: T) => ReactNode;
}

/** The record's own page, from the first cell of its row. */
export function ChangeLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link className="govuk-link" to={to}>
      {children}<span className="govuk-visually-hidden"> (change)</span>
    </Link>
  );
}

export function StatusTag({ active, on = "Active", off = "Inactive" }: { active: boolean; on?: string; off?: string }) {
  return active ? <strong className="govuk-tag govuk-tag--green">{on}</strong> : <strong className="govuk-tag govuk-tag--grey">{off}</strong>;
}

/** The list filter for kinds retired by making them inactive. */
export function StatusFilter({ value }: { value: string }) {
  return (
    <Select
      name="status"
      label="Status"
      emptyLabel="Active and inactive"
      options={[{ value: "active", label: "Active" }, { value: "inactive", label: "Inactive" }]}
      defaultValue={value}
    />
  );
}

/**
 * A kind's list: breadcrumbs, heading, what the list is, the "Add" button, the filters
 * (when it is searched), the count and pages (when it is paged), the table and what follows.
 * The first column heads each row and links to the record's page.
 */
export function ReferenceListPage<T extends { id: string }>({
  title, intro, add, filters, paging, items, caption, columns, footer,
}: {
  title: string;
  intro?: ReactNode;
  add: { to: string; label: string };
  filters?: { sort: string; dir: "asc" | "desc"; fields: ReactNode };
  paging?: { page: number; pageCount: number; total: number; noun: string };
  items: readonly T[];
  /** The region's name, and the table's caption (hidden unless `visible`). */
  caption: { region: string; text: ReactNode; visible?: boolean };
  columns: readonly ReferenceColumn<T>[];
  footer?: ReactNode;
}) {
  const sort = filters ? { sort: filters.sort, dir: filters.dir } : null;
  return (
    <>
      <div className="govuk-breadcrumbs">
        <ol className="govuk-breadcrumbs__list">
          <li className="govuk-breadcrumbs__list-item"><Link className="govuk-breadcrumbs__link" to="/admin">Admin</Link></li>
        </ol>
      </div>
      <h1 className="govuk-heading-l">{title}</h1>
      {intro}
      <p className="govuk-body">
        <Link className="govuk-button govuk-!-margin-bottom-0" to={add.to} role="button" draggable="false" data-module="govuk-button">
          {add.label}
        </Link>
      </p>
      {filters ? <FilterForm sort={filters.sort} dir={filters.dir}>{filters.fields}</FilterForm> : null}
      {paging ? <Pagination page={paging.page} pageCount={paging.pageCount} total={paging.total} noun={paging.noun} /> : null}
      {items.length > 0 || !paging ? (
        <TableWrapper caption={caption.region}>
          <table className="govuk-table">
            <caption className={`govuk-table__caption ${caption.visible ? "govuk-table__caption--m" : "govuk-visually-hidden"}`}>{caption.text}</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                {columns.map((c, i) =>
                  c.sort && sort ? (
                    <SortableHeader key={i} column={c.sort} label={String(c.label)} sort={sort.sort} dir={sort.dir} numeric={c.numeric} />
                  ) : (
                    <th key={i} scope="col" className={`govuk-table__header${c.numeric ? " govuk-table__header--numeric" : ""}`}>{c.label}</th>
                  ),
                )}
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {items.map((item) => (
                <tr className="govuk-table__row" key={item.id}>
                  {columns.map((c, i) =>
                    i === 0 ? (
                      <th key={i} scope="row" className="govuk-table__header">{c.cell(item)}</th>
                    ) : (
                      <td key={i} className={`govuk-table__cell${c.numeric ? " govuk-table__cell--numeric" : ""}`}>{c.cell(item)}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrapper>
      ) : null}
      {footer}
    </>
  );
}

/**
 * A kind's add or change page. On a change page (`record` given) the form carries the version
 * it started from; after a clash it carries the latest, and the details saved now are shown
 * above it, so saving again is a deliberate choice.
 */
export function ReferenceFormPage({
  back, heading, result, record, saved, summary, formHeading, submit, children,
}: {
  back: { to: string; label: string };
  heading: { caption?: ReactNode; title: ReactNode };
  result: FormFailure | undefined;
  record?: { version: number; updatedAt: string };
  /** The details saved now, as a list, shown after a clash. */
  saved?: ReactNode;
  summary?: ReactNode;
  formHeading?: ReactNode;
  submit: string;
  children: ReactNode;
}) {
  const stale = !!record && !!result?.formError;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to={back.to}>{back.label}</Link>
        <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
        <h1 className="govuk-heading-l">
          {heading.caption ? <span className="govuk-caption-l">{heading.caption}</span> : null}
          {heading.title}
        </h1>
        {summary}
        {stale && saved ? (
          <div className="govuk-inset-text">
            <p className="govuk-body">The details saved now, changed {formatDateTime(record.updatedAt)}:</p>
            <ul className="govuk-list">{saved}</ul>
            <p className="govuk-body">Saving again replaces them with what is in the form below.</p>
          </div>
        ) : null}
        {formHeading}
        <Form method="post" noValidate>
          {record ? (
            // The version the person started from. After a conflict it becomes the latest, so saving again is deliberate.
            <input type="hidden" name="version" value={stale ? record.version : fieldValue(result?.values, "version", record.version)} />
          ) : null}
          {children}
          <Button>{submit}</Button>
        </Form>
      </div>
    </div>
  );
}

/** What every field of these forms is given: what was typed, the errors, and the record's value. */
interface FieldOf<V> {
  values: FormValues | undefined;
  errors: FieldErrors | undefined;
  current?: V;
}

export function NameField({ values, errors, current, width = "20", hint }: FieldOf<string> & { width?: "20" | "30"; hint?: string }) {
  return <TextInput name="name" label="Name" hint={hint} defaultValue={fieldValue(values, "name", current)} error={errors?.name} width={width} />;
}

export function DescriptionField({ values, errors, current, hint = "Optional." }: FieldOf<string> & { hint?: string }) {
  return <Textarea name="description" label="Description" hint={hint} defaultValue={fieldValue(values, "description", current)} error={errors?.description} rows={3} />;
}

/** Whether a record is in use: "yes" for a new one. */
export function ActiveField({ values, errors, current, legend, yes, no, hint }: FieldOf<boolean> & { legend: string; yes: string; no: string; hint?: string }) {
  return (
    <Radios
      name="is_active"
      legend={legend}
      hint={hint}
      options={[{ value: "yes", label: yes }, { value: "no", label: no }]}
      defaultValue={fieldValue(values, "is_active", current === false ? "no" : "yes")}
      error={errors?.is_active}
      inline
    />
  );
}
