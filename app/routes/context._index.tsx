// Context indicators: the districts whose figures this user enters, each with how complete
// the latest quarter is, and the way in to importing and downloading them as CSV.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { TableWrapper } from "~/components/lists";
import { requireContextDistricts } from "~/http/profiles/access.server";
import { ukToday } from "~/lib/dates";
import { lastEndedQuarter } from "~/models/context/quarters";
import { listActiveContextIndicators } from "~/models/context/indicators.server";
import { countFiguresIn } from "~/models/context/grid.server";

export const meta: MetaFunction = () => [{ title: "Context indicators – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { districts } = await requireContextDistricts(request, "Only commissioning officers and administrators enter context indicators.");
  const db = getDb();
  const quarter = lastEndedQuarter(ukToday());
  const [indicators, counts] = await Promise.all([
    listActiveContextIndicators(db),
    countFiguresIn(db, districts.map((d) => d.id), quarter),
  ]);
  return json({
    quarter,
    indicatorCount: indicators.length,
    districts: districts.map((d) => ({ ...d, entered: counts.get(d.id) ?? 0 })),
  });
}

export default function ContextIndex() {
  const { quarter, indicatorCount, districts } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Context indicators</h1>
      <p className="govuk-body">
        Demand on statutory services in each district, quarter by quarter: referrals to children's social care, child protection
        plans, looked-after children, early help assessments, step-ups and step-downs. They appear beside the programme's results
        in each district's profile.
      </p>
      <TableWrapper caption="Districts">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">Districts you enter figures for</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">District</th>
              <th scope="col" className="govuk-table__header">ONS code</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Figures for {quarter}</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {districts.map((d) => (
              <tr className="govuk-table__row" key={d.id}>
                <th scope="row" className="govuk-table__header">
                  <Link className="govuk-link" to={`/context/${d.id}`}>
                    {d.name}<span className="govuk-visually-hidden">: enter figures</span>
                  </Link>
                </th>
                <td className="govuk-table__cell">{d.onsCode}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">
                  {d.entered} of {indicatorCount}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrapper>
      <h2 className="govuk-heading-m">Many figures at once</h2>
      <ul className="govuk-list">
        <li><Link className="govuk-link" to="/context/import">Import figures from a CSV file</Link></li>
        <li><Link className="govuk-link" to="/context.csv" reloadDocument>Download all your districts' figures as CSV</Link></li>
      </ul>
    </>
  );
}
