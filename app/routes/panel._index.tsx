import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { TableWrapper } from "~/components/lists";
import { formatDateTime } from "~/lib/dates";
import { requireRole } from "~/http/guards.server";
import { TENDER_STATUS_LABELS } from "~/schemas/tenders";
import { listPanelAssignments } from "~/models/panel/workspace.server";

export const meta: MetaFunction = () => [{ title: "Your panel work – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "panel");
  const assignments = await listPanelAssignments(getDb(), user.id);
  return json({
    assignments: assignments.map((a) => ({
      ...a,
      statusLabel: TENDER_STATUS_LABELS[a.status],
      closes: formatDateTime(a.closesAt),
    })),
  });
}

export default function PanelIndex() {
  const { assignments } = useLoaderData<typeof loader>();
  const toDo = assignments.filter((a) => a.workable && !a.submittedAt);
  return (
    <>
      <h1 className="govuk-heading-l">Your panel work</h1>
      <p className="govuk-body">
        These are the tenders you are on the panel for. Once a tender closes, first declare for each bid whether you have a conflict
        of interest, then score the bids you have no conflict with and submit your scores.
      </p>
      {assignments.length === 0 ? (
        <p className="govuk-body">You are not on the panel for any tender yet. A commissioning officer will add you to one.</p>
      ) : (
        <>
          <p className="govuk-body" role="status">
            {toDo.length === 0 ? "Nothing is waiting for you." : `${toDo.length === 1 ? "1 tender needs" : `${toDo.length} tenders need`} your scores.`}
          </p>
          <TableWrapper caption="Tenders you are on the panel for">
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-table__caption--m">Tenders you are on the panel for</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">Tender</th>
                  <th scope="col" className="govuk-table__header">Status</th>
                  <th scope="col" className="govuk-table__header">Closes</th>
                  <th scope="col" className="govuk-table__header">What you need to do</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {assignments.map((a) => (
                  <tr className="govuk-table__row" key={a.tenderId}>
                    <td className="govuk-table__cell">
                      {a.workable || a.decided ? (
                        <Link className="govuk-link" to={`/panel/${a.tenderId}`}>
                          {a.reference} {a.title}
                        </Link>
                      ) : (
                        `${a.reference} ${a.title}`
                      )}
                    </td>
                    <td className="govuk-table__cell">
                      <strong className="govuk-tag govuk-tag--grey">{a.statusLabel}</strong>
                    </td>
                    <td className="govuk-table__cell">{a.closes}</td>
                    <td className="govuk-table__cell">{a.todo}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrapper>
        </>
      )}
    </>
  );
}
