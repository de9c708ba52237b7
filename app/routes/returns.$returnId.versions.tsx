// Every version of a return the provider submitted, and what changed between two of them,
// field by field (section, field, before, after), worked out from the snapshots kept at
// each submission. A plain GET form chooses the two versions, so it works without JavaScript.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { TableWrapper } from "~/components/lists";
import { formatDateTime } from "~/lib/dates";
import { requireReturnViewer } from "~/http/returns/access.server";
import { can } from "~/policies/index";
import { listVersions, versionContents } from "~/models/returns/snapshot.server";
import { diffContents } from "~/models/returns/version-diffs.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Versions of the ${data.return.quarter} return: ${data.return.projectReference}` : "Versions of a return"} – Early help portal` },
];

function versionParam(url: URL, name: string, numbers: readonly number[]): number | null {
  const raw = url.searchParams.get(name);
  const n = raw !== null && /^\d+$/.test(raw) ? Number(raw) : NaN;
  return numbers.includes(n) ? n : null;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, ret: loaded } = await requireReturnViewer(request, params.returnId);
  const db = getDb();
  const [versions, project] = await Promise.all([
    listVersions(db, loaded.id),
    db.selectFrom("projects").innerJoin("organisations", "organisations.id", "projects.organisation_id")
      .select(["projects.reference", "projects.title", "organisations.name"]).where("projects.id", "=", loaded.projectId).executeTakeFirstOrThrow(),
  ]);
  const numbers = versions.map((v) => v.number);
  const url = new URL(request.url);
  // By default: the latest version against the one before it.
  const to = versionParam(url, "to", numbers) ?? numbers.at(-1) ?? null;
  const from = versionParam(url, "from", numbers) ?? (numbers.length > 1 ? numbers.at(-2)! : null);
  let changes: { section: string; field: string; before: string; after: string }[] | null = null;
  if (from !== null && to !== null && from !== to) {
    const contents = await versionContents(db, loaded.id, [from, to]);
    changes = diffContents(contents.get(from), contents.get(to));
  }
  return json({
    return: { id: loaded.id, quarter: loaded.quarter, projectReference: project.reference, projectTitle: project.title, providerName: project.name },
    officer: can(user, "project:manage", loaded.record.project),
    versions: versions.map((v) => ({ number: v.number, submittedAt: formatDateTime(v.submittedAt), submittedBy: v.submittedByName })),
    from,
    to,
    changes,
  });
}

export default function ReturnVersions() {
  const data = useLoaderData<typeof loader>();
  const r = data.return;
  return (
    <>
      <Link to={data.officer ? `/returns/${r.id}/review` : `/returns/${r.id}`} className="govuk-back-link">Back to the return</Link>
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">{r.projectReference} {r.projectTitle} – {r.providerName}</span>
        Versions of the {r.quarter} return
      </h1>

      {data.versions.length === 0 ? (
        <p className="govuk-body">No version of this return has been submitted yet.</p>
      ) : (
        <TableWrapper caption="Submitted versions">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--m">Submitted versions</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Version</th>
                <th scope="col" className="govuk-table__header">Submitted</th>
                <th scope="col" className="govuk-table__header">By</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {data.versions.map((v) => (
                <tr className="govuk-table__row" key={v.number}>
                  <td className="govuk-table__cell">{v.number}</td>
                  <td className="govuk-table__cell">{v.submittedAt}</td>
                  <td className="govuk-table__cell">{v.submittedBy ?? "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrapper>
      )}

      {data.versions.length > 1 ? (
        <>
          <h2 className="govuk-heading-m">Compare two versions</h2>
          <form method="get" className="portal-filters" aria-label="Choose the versions to compare">
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="from">From version</label>
              <select className="govuk-select" id="from" name="from" defaultValue={data.from ?? undefined}>
                {data.versions.map((v) => <option key={v.number} value={v.number}>{v.number}</option>)}
              </select>
            </div>
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="to">To version</label>
              <select className="govuk-select" id="to" name="to" defaultValue={data.to ?? undefined}>
                {data.versions.map((v) => <option key={v.number} value={v.number}>{v.number}</option>)}
              </select>
            </div>
            <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
              Compare
            </button>
          </form>

          {data.changes === null ? (
            <p className="govuk-body">Choose two different versions to see what changed.</p>
          ) : data.changes.length === 0 ? (
            <p className="govuk-body">Nothing changed between version {data.from} and version {data.to}.</p>
          ) : (
            <TableWrapper caption={`Changes from version ${data.from} to version ${data.to}`}>
              <table className="govuk-table">
                <caption className="govuk-table__caption govuk-table__caption--m">
                  Changes from version {data.from} to version {data.to}
                </caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">Section</th>
                    <th scope="col" className="govuk-table__header">Field</th>
                    <th scope="col" className="govuk-table__header">Version {data.from}</th>
                    <th scope="col" className="govuk-table__header">Version {data.to}</th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {data.changes.map((c, i) => (
                    <tr className="govuk-table__row" key={i}>
                      <td className="govuk-table__cell">{c.section}</td>
                      <td className="govuk-table__cell">{c.field}</td>
                      <td className="govuk-table__cell portal-pre-line">{c.before || <span className="govuk-hint">(empty)</span>}</td>
                      <td className="govuk-table__cell portal-pre-line">{c.after || <span className="govuk-hint">(empty)</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrapper>
          )}
        </>
      ) : null}
    </>
  );
}
