// Download a quarter's returns with their figures: the officer chooses the quarter, and
// optionally a district and a status. The form asks this page again; filters that are wrong
// come back beside their fields, good ones are sent on to the file
// (reviews.figures_.download.tsx), which the browser downloads without leaving the page.
// A plain GET form, so it works the same with or without JavaScript.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { ErrorSummary, Select } from "~/components/forms";
import { formatDate, ukToday } from "~/lib/dates";
import { previousQuarter, quarterLabel, quarterOf } from "~/lib/financial-year";
import type { FieldErrors } from "~/lib/forms";
import { requireRole } from "~/http/guards.server";
import { figuresDistricts, readFiguresRequest } from "~/http/returns/figures.server";
import { inOfficerScope, officerDistrictScope } from "~/policies/actor";
import { RETURN_STATUS_LABELS, RETURN_STATUSES } from "~/models/statuses";

export const meta: MetaFunction = () => [{ title: "Download a quarter's returns – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "officer");
  const url = new URL(request.url);
  const sent = url.searchParams.has("format") ? await readFiguresRequest(url, user) : null;
  if (sent?.ok) return redirect(`/reviews/figures/download${url.search}`);
  const [quarters, districts] = await Promise.all([
    getDb().selectFrom("returns").innerJoin("projects", "projects.id", "returns.project_id").select("returns.quarter").distinct()
      .where((eb) => inOfficerScope(eb, user, "projects.district_id")).orderBy("returns.quarter", "desc").execute(),
    figuresDistricts(user),
  ]);
  const lastEnded = quarterLabel(previousQuarter(quarterOf(ukToday())));
  const defaults = { quarter: quarters.some((q) => q.quarter === lastEnded) ? lastEnded : (quarters[0]?.quarter ?? ""), district: "", status: "" };
  return json(
    {
      quarters: quarters.map((q) => q.quarter),
      districts: districts.map((d) => ({ value: d.id, label: d.name })),
      statuses: RETURN_STATUSES.map((s) => ({ value: s, label: RETURN_STATUS_LABELS[s] })),
      countyWide: officerDistrictScope(user) === null,
      defaults: sent ? { ...defaults, ...sent.values } : defaults,
      errors: (sent?.errors ?? {}) as FieldErrors,
    },
    { status: sent ? 400 : 200 },
  );
}

export default function ReturnFigures() {
  const data = useLoaderData<typeof loader>();
  const errors: FieldErrors = data.errors;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/reviews" className="govuk-back-link">Quarterly returns</Link>
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Download a quarter's returns</h1>
        <p className="govuk-body">
          One row for each project and indicator in {data.countyWide ? "every district" : "your districts"}: the target, the figure
          as last submitted, its RAG rating, and where the return stands. Returns not yet submitted have their targets and no
          figures.
        </p>
        {data.quarters.length === 0 ? (
          <p className="govuk-body">There are no returns in your districts yet.</p>
        ) : (
          // A plain form: the answer is a file, which the browser downloads without leaving the page.
          <form method="get" action="/reviews/figures" noValidate>
            <Select name="quarter" label="Quarter" options={data.quarters.map((q) => ({ value: q, label: q }))} defaultValue={data.defaults.quarter} error={errors.quarter} />
            <Select name="district" label="District" options={data.districts} emptyLabel="All your districts" defaultValue={data.defaults.district} error={errors.district} />
            <Select name="status" label="Return status" options={data.statuses} emptyLabel="Any status" defaultValue={data.defaults.status} error={errors.status} />
            <div className="govuk-button-group">
              <button type="submit" name="format" value="xlsx" className="govuk-button" data-module="govuk-button">Download spreadsheet (XLSX)</button>
              <button type="submit" name="format" value="csv" className="govuk-button govuk-button--secondary" data-module="govuk-button">Download CSV</button>
            </div>
          </form>
        )}
        <p className="govuk-body-s">Figures are those of each return's latest submitted version, as of {formatDate(ukToday())}.</p>
      </div>
    </div>
  );
}
