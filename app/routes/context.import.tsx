// Importing context figures from a CSV file (district,quarter,indicator,value). The whole
// file is checked first; if any row is wrong nothing is imported and every wrong row is
// listed with its line number, so the file can be fixed in one go.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary } from "~/components/forms";
import { TableWrapper } from "~/components/lists";
import { failure, formValues, type FormFailure } from "~/lib/forms";
import { readUploadForm } from "~/http/uploads.server";
import { formatBytes } from "~/models/files.server";
import { auditContext } from "~/http/guards.server";
import { requireContextDistricts } from "~/http/profiles/access.server";
import { IMPORT_MESSAGES } from "~/schemas/context";
import { ukToday } from "~/lib/dates";
import { flash } from "~/services/session.server";
import { lastEndedQuarter } from "~/models/context/quarters";
import { listActiveContextIndicators } from "~/models/context/indicators.server";
import { checkContextImport, CONTEXT_CSV_HEADER, importContextValues, importLookups, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from "~/models/context/import.server";
import { Form } from "~/components/form";

export const meta: MetaFunction = () => [{ title: "Import context indicators – Early help portal" }];

/** The most problems listed on the page: past that, fixing the first ones usually fixes the rest. */
const MAX_PROBLEMS_SHOWN = 100;

type ImportFailure = FormFailure & { problems?: string[]; moreProblems?: number };

const requireImporter = (request: Request) =>
  requireContextDistricts(request, "Only commissioning officers and administrators import context indicators.");

export async function loader({ request }: LoaderFunctionArgs) {
  const { districts } = await requireImporter(request);
  const indicators = await listActiveContextIndicators(getDb());
  return json({
    districts: districts.map((d) => d.name),
    indicators: indicators.map((i) => ({ code: i.code, name: i.name })),
    quarter: lastEndedQuarter(ukToday()),
    maxSize: formatBytes(MAX_IMPORT_BYTES),
    maxRows: MAX_IMPORT_ROWS,
    header: CONTEXT_CSV_HEADER.join(","),
  });
}

/** The file's text, or why it cannot be read as CSV. */
async function readCsvText(file: File): Promise<{ text: string } | { error: string }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  // A spreadsheet (zip), or anything with NUL bytes, is not a CSV file, whatever its name.
  if ((bytes[0] === 0x50 && bytes[1] === 0x4b) || bytes.includes(0)) return { error: IMPORT_MESSAGES.notText };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return { error: IMPORT_MESSAGES.notUtf8 };
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireImporter(request);
  const db = getDb();
  const upload = await readUploadForm(request, MAX_IMPORT_BYTES);
  const values = formValues(upload.form);
  const fail = (error: string, extra: Partial<ImportFailure> = {}) =>
    json<ImportFailure>({ ...failure(values, { file: error }), ...extra }, { status: 400 });
  if (upload.oversize.some((o) => o.field === "file")) return fail(IMPORT_MESSAGES.tooBig(formatBytes(MAX_IMPORT_BYTES)));
  const file = upload.files.find((f) => f.field === "file")?.file;
  if (!file || file.size === 0) return fail(IMPORT_MESSAGES.noFile);
  const read = await readCsvText(file);
  if ("error" in read) return fail(read.error);

  const checked = checkContextImport(read.text, await importLookups(db, user, ukToday()));
  if (!checked.ok) {
    return fail(IMPORT_MESSAGES.problems(checked.problems.length), {
      problems: checked.problems.slice(0, MAX_PROBLEMS_SHOWN),
      moreProblems: Math.max(0, checked.problems.length - MAX_PROBLEMS_SHOWN),
    });
  }
  const result = await db.transaction().execute((trx) => importContextValues(trx, auditContext(user, context), checked.rows));
  const districts = result.districts.length === 1 ? result.districts[0] : `${result.districts.length} districts`;
  const quarters = result.quarters.length === 1 ? result.quarters[0] : `${result.quarters[0]} to ${result.quarters[result.quarters.length - 1]}`;
  const text =
    `${result.count.toLocaleString("en-GB")} ${result.count === 1 ? "value" : "values"} imported for ${districts}, ${quarters}` +
    ` (${result.changed.toLocaleString("en-GB")} changed${result.cleared ? `, of which ${result.cleared.toLocaleString("en-GB")} cleared` : ""})`;
  return redirect("/context", { headers: { "Set-Cookie": await flash(request, { kind: "success", text }) } });
}

export default function ContextImport() {
  const { districts, indicators, quarter, maxSize, maxRows, header } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const error = result?.errors?.file;
  const problems = result && "problems" in result ? result.problems ?? [] : [];
  const more = result && "moreProblems" in result ? result.moreProblems ?? 0 : 0;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to="/context">Back to context indicators</Link>
        <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
        <h1 className="govuk-heading-l">Import context indicators</h1>
        {problems.length > 0 ? (
          <div className="govuk-inset-text">
            <h2 className="govuk-heading-s">Rows to fix</h2>
            <ul className="govuk-list govuk-list--bullet" id="import-problems">
              {problems.map((p) => <li key={p}>{p}</li>)}
            </ul>
            {more > 0 ? <p className="govuk-body">and {more.toLocaleString("en-GB")} more.</p> : null}
          </div>
        ) : null}
        <p className="govuk-body">
          The file must be CSV (in a spreadsheet, Save as CSV UTF-8) with a first line of headings,
          <code> {header}</code>, then one figure a line:
        </p>
        <ul className="govuk-list govuk-list--bullet">
          <li><strong>district</strong>: its name or ONS code ({districts.length === 1 ? `you enter figures for ${districts[0]}` : `you enter figures for ${districts.length} districts`})</li>
          <li><strong>quarter</strong>: like {quarter}, and one that has ended</li>
          <li><strong>indicator</strong>: its code or name (below)</li>
          <li><strong>value</strong>: a number, 0 or more, with up to 2 decimal places; leave it blank to clear a figure</li>
        </ul>
        <p className="govuk-body">
          If any line is wrong, nothing is imported and each wrong line is listed. At most {maxRows.toLocaleString("en-GB")} lines
          and {maxSize} a file.
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/context.csv?template=1" reloadDocument>Download a template for {quarter}</Link>
          {" or "}
          <Link className="govuk-link" to="/context.csv" reloadDocument>download the figures entered so far</Link>, change them and import the file.
        </p>
        <Form method="post" encType="multipart/form-data" noValidate>
          <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
            <label className="govuk-label govuk-label--s" htmlFor="file">CSV file</label>
            {error ? (
              <p id="file-error" className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {error}
              </p>
            ) : null}
            <input
              className={`govuk-file-upload${error ? " govuk-file-upload--error" : ""}`}
              id="file"
              name="file"
              type="file"
              accept=".csv,text/csv"
              aria-describedby={error ? `file-error${problems.length ? " import-problems" : ""}` : undefined}
            />
          </div>
          <Button>Import figures</Button>
        </Form>
        <TableWrapper caption="Indicator codes">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--s">Indicators and their codes</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Code</th>
                <th scope="col" className="govuk-table__header">Indicator</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {indicators.map((i) => (
                <tr className="govuk-table__row" key={i.code}>
                  <td className="govuk-table__cell"><code>{i.code}</code></td>
                  <td className="govuk-table__cell">{i.name}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrapper>
      </div>
    </div>
  );
}
