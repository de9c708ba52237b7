// A project's quality monitoring visits: officers covering the district and the project's
// own provider read them; officers record new ones.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { TableWrapper } from "~/components/lists";
import { formatDate, ukToday } from "~/lib/dates";
import { formatPence } from "~/lib/money";
import { getSettings } from "~/models/admin/settings.server";
import { currentFinancialYear, getProjectSummary, listProjectVisits } from "~/models/visits/read.server";
import { GRADE_LABELS, GRADE_TAG_CLASSES } from "~/schemas/visits";
import { notFound } from "~/http/guards.server";
import { requireProjectViewer } from "~/http/projects/access.server";
import { can } from "~/policies/index";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Monitoring visits for ${data?.project.reference ?? "a project"} – Early help portal` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, project } = await requireProjectViewer(request, params.projectId);
  const db = getDb();
  const settings = await getSettings(db);
  const [summary, visits] = await Promise.all([
    getProjectSummary(db, project.id, settings.visit_threshold_pence),
    listProjectVisits(db, project.id),
  ]);
  if (!summary) notFound("Project not found");
  const fy = currentFinancialYear(ukToday());
  const visitedThisYear = visits.some((v) => v.visitDate >= fy.start && v.visitDate <= fy.end);
  return json({
    project: {
      id: summary.id,
      reference: summary.reference,
      title: summary.title,
      organisationName: summary.organisationName,
      districtName: summary.districtName,
      amount: formatPence(summary.amountPence),
      status: summary.status,
      visitRequired: summary.visitRequired,
    },
    financialYear: fy.label,
    visitedThisYear,
    visits: visits.map((v) => ({
      id: v.id,
      date: formatDate(v.visitDate),
      officerName: v.officerName ?? "Not recorded",
      overallGrade: v.overallGrade,
      actions: v.actions,
      openActions: v.openActions,
    })),
    canRecord: can(user, "project:manage", project.record),
  });
}

export default function ProjectVisits() {
  const { project, financialYear, visitedThisYear, visits, canRecord } = useLoaderData<typeof loader>();
  return (
    <>
      <Link to={`/projects/${project.id}`} className="govuk-back-link">Back to the project</Link>
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">{project.reference} – {project.title}</span>
        Monitoring visits
      </h1>
      <p className="govuk-body">
        {project.organisationName}, {project.districtName}. Amount {project.amount}.
      </p>
      {project.visitRequired ? (
        <div className="govuk-inset-text">
          {visitedThisYear
            ? `This project has had its quality monitoring visit for ${financialYear}.`
            : project.status === "active"
              ? `This project needs a quality monitoring visit each financial year. It has not had one in ${financialYear} yet.`
              : `This project needs a quality monitoring visit each financial year while it is active.`}
        </div>
      ) : (
        <p className="govuk-body">This project is under the visit threshold: a yearly visit is not required, but you can still record one.</p>
      )}
      {canRecord ? (
        <p className="govuk-body">
          <Link to={`/projects/${project.id}/visits/new`} role="button" draggable="false" className="govuk-button" data-module="govuk-button">
            Record a visit
          </Link>
        </p>
      ) : null}

      {visits.length === 0 ? (
        <p className="govuk-body">No visits have been recorded for this project.</p>
      ) : (
        <TableWrapper caption="Visits">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--m">Visits</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Date</th>
                <th scope="col" className="govuk-table__header">Officer</th>
                <th scope="col" className="govuk-table__header">Overall grade</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Open actions</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {visits.map((v) => (
                <tr className="govuk-table__row" key={v.id}>
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/projects/${project.id}/visits/${v.id}`}>
                      {v.date}<span className="govuk-visually-hidden"> visit</span>
                    </Link>
                  </td>
                  <td className="govuk-table__cell">{v.officerName}</td>
                  <td className="govuk-table__cell">
                    <strong className={GRADE_TAG_CLASSES[v.overallGrade]}>{v.overallGrade} {GRADE_LABELS[v.overallGrade]}</strong>
                  </td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">
                    {v.openActions} of {v.actions}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrapper>
      )}
    </>
  );
}
