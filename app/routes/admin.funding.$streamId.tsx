import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, TypedResponse } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, fieldId, Select } from "~/components/forms";
import { FundingStreamFields } from "~/components/reference-fields";
import { TableWrapper } from "~/components/lists";
import { csvResponse } from "~/lib/csv.server";
import { financialYearLabel, financialYearOf } from "~/lib/financial-year";
import { failure, fieldValue, formValues, type FieldErrors, type FormFailure } from "~/lib/forms";
import { formatPence, penceToInput } from "~/lib/money";
import { listAllDistricts } from "~/models/admin/districts.server";
import {
  ALLOCATIONS_CSV_HEADER, allocationCsvRow, allocationYears, getAllocationGrid, getStream, listAllocationsForCsv,
  saveAllocations, updateStream, yearOptions, type FundingStream,
} from "~/models/funding/streams.server";
import type { AuditContext } from "~/models/audit/record.server";
import { allocationAmountMessage, allocationField, allocationTooLargeMessage, MAX_ALLOCATION_PENCE } from "~/schemas/reference-data";
import { financialYearParam, streamEditSchema } from "~/schemas/reference-data.server";
import { auditContext } from "~/http/guards.server";
import { requireReferenceRecord, saveReferenceForm, type ReferenceGuard } from "~/http/admin/reference-data.server";
import { refusedForm } from "~/http/errors.server";
import { dispatchIntent } from "~/http/intents.server";
import { flash } from "~/services/session.server";
import { parseFigure, parsePoundsToPence } from "~/lib/figures";
import { Form } from "~/components/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.stream.name ?? "Funding stream"}: allocations ${data?.yearLabel ?? ""} – Early help portal` },
];

const streamGuard = (id: string | undefined): ReferenceGuard<FundingStream> => ({
  permission: "admin:reference-data",
  load: () => getStream(getDb(), id ?? ""),
  notFoundMessage: "Funding stream not found",
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { record: stream } = await requireReferenceRecord(request, streamGuard(params.streamId));
  const db = getDb();
  const url = new URL(request.url);
  const current = financialYearOf(new Date());
  const asked = financialYearParam.safeParse(url.searchParams.get("year") ?? undefined);
  const year = asked.success ? asked.data : current;
  if (url.searchParams.get("format") === "csv") {
    const rows = await listAllocationsForCsv(db, { streamId: stream.id, year });
    return csvResponse(`allocations-${stream.name}-${financialYearLabel(year)}.csv`, ALLOCATIONS_CSV_HEADER, rows.map(allocationCsvRow)) as TypedResponse<never>;
  }
  const [grid, years] = await Promise.all([getAllocationGrid(db, stream.id, year), allocationYears(db)]);
  return json({
    stream,
    year,
    yearLabel: financialYearLabel(year),
    years: yearOptions(years, current, year).map((y) => ({ value: String(y), label: financialYearLabel(y) })),
    grid,
  });
}

/** The page's two forms: the stream's allocations for a year, and its details. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, record: stream } = await requireReferenceRecord(request, streamGuard(params.streamId));
  const form = await request.formData();
  return dispatchIntent(form, {
    details: () =>
      saveReferenceForm(request, { user, context }, form, {
        schema: streamEditSchema,
        save: (trx, audit, { version, ...input }) => updateStream(trx, audit, stream.id, version, input),
        done: (input) => ({ to: `/admin/funding/${stream.id}`, text: `${input.name} has been updated` }),
      }),
    allocations: () => saveAllocationsForm(request, auditContext(user, context), stream, form),
  });
}

/** Every district's amount in one form, saved all together or not at all. */
async function saveAllocationsForm(request: Request, audit: AuditContext, stream: FundingStream, form: FormData) {
  const db = getDb();
  const values = formValues(form);
  const year = financialYearParam.safeParse(values.year);
  if (!year.success) return json<FormFailure>(failure(values, {}, "Choose a financial year, then enter the allocations again."), { status: 400 });
  const errors: FieldErrors = {};
  const amounts = new Map<string, number | null>();
  for (const district of await listAllDistricts(db)) {
    const field = allocationField(district.id);
    const typed = values[field];
    if (typeof typed !== "string") continue; // a district added since the form was shown: left as it is
    if (typed.trim() === "") {
      amounts.set(district.id, null);
      continue;
    }
    // Too large is told apart from not an amount at all, even past what pence can hold.
    const figure = parseFigure(typed);
    const pence = parsePoundsToPence(typed);
    if (figure.ok && figure.value !== null && figure.value * 100 > MAX_ALLOCATION_PENCE) errors[field] = allocationTooLargeMessage(district.name);
    else if (pence === null) errors[field] = allocationAmountMessage(district.name);
    else amounts.set(district.id, pence);
  }
  if (Object.keys(errors).length > 0) return json<FormFailure>(failure(values, errors), { status: 400 });
  const snapshot = typeof values.snapshot === "string" ? values.snapshot : "";
  let changed: number;
  try {
    const changes = await db.transaction().execute((trx) => saveAllocations(trx, audit, stream.id, year.data, amounts, snapshot));
    changed = changes.created + changes.updated + changes.deleted;
  } catch (error) {
    return refusedForm(error, values);
  }
  const label = financialYearLabel(year.data);
  const text =
    changed === 0
      ? `No allocations for ${label} were changed`
      : `${stream.name} allocations for ${label} have been saved: ${changed} ${changed === 1 ? "district" : "districts"} changed`;
  return redirect(`/admin/funding/${stream.id}?year=${year.data}`, {
    headers: { "Set-Cookie": await flash(request, { kind: "success", text }) },
  });
}

export default function FundingStreamPage() {
  const { stream, year, yearLabel, years, grid } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  // What was typed goes back into the form it came from, and no other.
  const sentIntent = result?.values?.intent === "details" ? "details" : "allocations";
  const allocationValues = result && sentIntent === "allocations" && result.values.year === String(year) ? result.values : undefined;
  const detailValues = result && sentIntent === "details" ? result.values : undefined;
  const allocationsStale = !!allocationValues && !!result?.formError;
  const detailsStale = !!detailValues && !!result?.formError;
  return (
    <>
      <Link className="govuk-back-link" to={`/admin/funding?year=${year}`}>Back to funding streams</Link>
      <ErrorSummary errors={errors} formError={result?.formError} submissionId={result?.submissionId} />
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">Funding stream{stream.isActive ? "" : " (inactive)"}</span>
        {stream.name}
      </h1>
      {stream.description ? <p className="govuk-body">{stream.description}</p> : null}

      <h2 className="govuk-heading-m" id="allocations-heading">Allocations in {yearLabel}</h2>
      <form method="get" className="portal-filters" aria-label="Choose a financial year">
        <Select name="year" label="Financial year" options={years} defaultValue={String(year)} />
        <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
          Show allocations
        </button>
      </form>

      <Form method="post" noValidate aria-labelledby="allocations-heading">
        <input type="hidden" name="intent" value="allocations" />
        <input type="hidden" name="year" value={year} />
        {/* The allocations as read: saving is refused if someone else changed them since. */}
        <input type="hidden" name="snapshot" value={allocationsStale ? grid.snapshot : fieldValue(allocationValues, "snapshot", grid.snapshot)} />
        <p className="govuk-body" id="allocations-hint">
          Enter each district's allocation in pounds, like 80000 or 80,000.00. Leave an amount blank for no allocation.
        </p>
        <TableWrapper caption={`Allocations of ${stream.name} in ${yearLabel}`}>
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Allocations of {stream.name} in {yearLabel}, per district</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">District</th>
                <th scope="col" className="govuk-table__header">ONS code</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Allocated now</th>
                <th scope="col" className="govuk-table__header">New amount</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {grid.rows.map((row) => {
                const name = allocationField(row.districtId);
                const id = fieldId(name);
                const error = errors && allocationValues ? errors[name] : undefined;
                const saved = row.amountPence === null ? "" : penceToInput(row.amountPence);
                return (
                  <tr className="govuk-table__row" key={row.districtId}>
                    <th scope="row" className="govuk-table__header">{row.districtName}</th>
                    <td className="govuk-table__cell">{row.onsCode}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{row.amountPence === null ? "None" : formatPence(row.amountPence)}</td>
                    <td className="govuk-table__cell">
                      <div className={`govuk-form-group govuk-!-margin-bottom-0${error ? " govuk-form-group--error" : ""}`}>
                        <label className="govuk-label govuk-visually-hidden" htmlFor={id}>
                          New allocation for {row.districtName}, in pounds
                        </label>
                        {error ? (
                          <p id={`${id}-error`} className="govuk-error-message">
                            <span className="govuk-visually-hidden">Error:</span> {error}
                          </p>
                        ) : null}
                        <div className="govuk-input__wrapper">
                          <div className="govuk-input__prefix" aria-hidden="true">£</div>
                          <input
                            className={`govuk-input govuk-input--width-10${error ? " govuk-input--error" : ""}`}
                            id={id}
                            name={name}
                            type="text"
                            inputMode="decimal"
                            spellCheck={false}
                            autoComplete="off"
                            defaultValue={fieldValue(allocationValues, name, saved)}
                            aria-describedby={error ? `allocations-hint ${id}-error` : "allocations-hint"}
                            aria-invalid={error ? true : undefined}
                          />
                        </div>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
            <tfoot>
              <tr className="govuk-table__row">
                <th scope="row" className="govuk-table__header" colSpan={2}>Total allocated now</th>
                <td className="govuk-table__cell govuk-table__cell--numeric govuk-!-font-weight-bold">{formatPence(grid.totalPence)}</td>
                <td className="govuk-table__cell" />
              </tr>
            </tfoot>
          </table>
        </TableWrapper>
        <Button>Save allocations for {yearLabel}</Button>
      </Form>
      <p className="govuk-body portal-no-print">
        <Link className="govuk-link" to={`/admin/funding/${stream.id}/allocations.csv?year=${year}&format=csv`} reloadDocument>
          Download these allocations as CSV
        </Link>
      </p>

      <h2 className="govuk-heading-m govuk-!-margin-top-6" id="details-heading">Details of the stream</h2>
      {detailsStale ? (
        <div className="govuk-inset-text">
          The details saved now: name “{stream.name}”, {stream.isActive ? "active" : "inactive"}. Saving again replaces them with what is in the form below.
        </div>
      ) : null}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <Form method="post" noValidate aria-labelledby="details-heading">
            <input type="hidden" name="intent" value="details" />
            <input type="hidden" name="version" value={detailsStale ? stream.version : fieldValue(detailValues, "version", stream.version)} />
            <FundingStreamFields values={detailValues} errors={detailValues ? errors : undefined} current={stream} />
            <Button secondary>Save details</Button>
          </Form>
        </div>
      </div>
    </>
  );
}
