// The context indicators officers enter per district and quarter. Six every council reports
// come with the portal; administrators add their own, rename them, and retire those no
// longer collected (retired ones keep their figures but leave the form and the profile).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { TableWrapper } from "~/components/lists";
import { formatDate } from "~/lib/dates";
import { requirePermission } from "~/http/guards.server";
import { listContextIndicators } from "~/models/context/indicators.server";

export const meta: MetaFunction = () => [{ title: "Context indicators – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "context-indicators:manage");
  return json({ indicators: await listContextIndicators(getDb()) });
}

export default function ContextIndicators() {
  const { indicators } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="govuk-breadcrumbs">
        <ol className="govuk-breadcrumbs__list">
          <li className="govuk-breadcrumbs__list-item"><Link className="govuk-breadcrumbs__link" to="/admin">Admin</Link></li>
        </ol>
      </div>
      <h1 className="govuk-heading-l">Context indicators</h1>
      <p className="govuk-body">
        The demand figures officers enter for each district every quarter, shown as context in the district profiles. An
        indicator no longer collected is retired rather than removed, so the figures already entered are kept.
      </p>
      <p className="govuk-body">
        <Link className="govuk-button govuk-!-margin-bottom-0" to="/admin/context-indicators/new" role="button" draggable="false" data-module="govuk-button">
          Add an indicator
        </Link>
      </p>
      <TableWrapper caption="Context indicators">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-visually-hidden">Context indicators, those in use first</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Name</th>
              <th scope="col" className="govuk-table__header">Code</th>
              <th scope="col" className="govuk-table__header">Description</th>
              <th scope="col" className="govuk-table__header">Status</th>
              <th scope="col" className="govuk-table__header">Last changed</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {indicators.map((i) => (
              <tr className="govuk-table__row" key={i.id}>
                <th scope="row" className="govuk-table__header">
                  <Link className="govuk-link" to={`/admin/context-indicators/${i.id}`}>
                    {i.name}<span className="govuk-visually-hidden"> (change)</span>
                  </Link>
                </th>
                <td className="govuk-table__cell"><code>{i.code}</code></td>
                <td className="govuk-table__cell">{i.description}</td>
                <td className="govuk-table__cell">
                  {i.isActive ? <strong className="govuk-tag govuk-tag--green">In use</strong> : <strong className="govuk-tag govuk-tag--grey">Retired</strong>}
                </td>
                <td className="govuk-table__cell">{formatDate(i.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrapper>
    </>
  );
}
