// A project, for the officers covering its district and for its provider: the summary, the
// budget profile, the indicators and their targets, every return, the monitoring visits, the
// variations, documents and the audit trail. Officers upload and delete documents here.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary } from "~/components/forms";
import { TableWrapper } from "~/components/lists";
import { formatDate, formatDateTime } from "~/lib/dates";
import { failure, formValues, type FormFailure } from "~/lib/forms";
import { formatPence } from "~/lib/money";
import { checkedUpload, readUploadForm } from "~/http/uploads.server";
import { formatBytes } from "~/models/files.server";
import { addProjectDocument, getProjectDetail, historyLabel, removeProjectDocument } from "~/models/projects/detail.server";
import { getSettings } from "~/models/admin/settings.server";
import { PROJECT_MESSAGES, PROJECT_STATUS_LABELS, PROJECT_STATUS_TAG_CLASSES } from "~/schemas/projects";
import { GRADE_LABELS, type Grade } from "~/schemas/visits";
import { listPerformanceAssessments } from "~/models/projects/performance.server";
import { financialYearLabel } from "~/lib/financial-year";
import { PERFORMANCE_RATING_LABELS, PERFORMANCE_RATING_TAG_CLASSES } from "~/models/projects/performance";
import { auditContext, notFound } from "~/http/guards.server";
import { dispatchIntent } from "~/http/intents.server";
import { requireProjectManager, requireProjectViewer } from "~/http/projects/access.server";
import { flash } from "~/services/session.server";
import { can } from "~/policies/index";
import { RETURN_STATUS_LABELS } from "~/models/statuses";
import { sumBudget } from "~/lib/budget";
import { BudgetTable } from "~/components/budget";
import { getIndicatorCostLinks, isLinkable } from "~/models/unit-costs/links.server";
import { IndicatorList } from "~/components/projects/indicator-list";
import { Form } from "~/components/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `${data.project.reference}: ${data.project.title}` : "Project"} – Early help portal` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, project } = await requireProjectViewer(request, params.projectId);
  const db = getDb();
  const [detail, settings] = await Promise.all([getProjectDetail(db, project.id), getSettings(db)]);
  if (!detail) notFound("Project not found");
  const canManage = can(user, "project:manage", project.record);
  const canLinkCosts = can(user, "indicator-value:link", project.record);
  const [costLinks, assessments] = await Promise.all([
    getIndicatorCostLinks(db, detail.indicators.map((i) => i.id)),
    listPerformanceAssessments(db, [project.id]),
  ]);
  const latest = assessments.get(project.id)?.[0];

  return json({
    performance: latest ? { year: financialYearLabel(latest.financialYear), rating: latest.rating, label: PERFORMANCE_RATING_LABELS[latest.rating] } : null,
    project: {
      id: detail.id,
      reference: detail.reference,
      title: detail.title,
      provider: detail.organisation,
      district: detail.district,
      fundingStream: detail.fundingStream,
      tender: detail.tender,
      status: detail.status,
      amountPence: detail.amountPence,
      amount: formatPence(detail.amountPence),
      startDate: detail.startDate,
      endDate: detail.endDate,
      visitRequired: detail.visitRequired,
      version: detail.version,
      firstSubmitted: detail.firstSubmitted,
    },
    budget: { quarters: detail.quarters, lines: detail.budget, totalPence: sumBudget(detail.budget).totalPence },
    quarters: detail.quarters,
    indicators: detail.indicators.map((i) => ({
      id: i.id,
      kind: i.kind,
      name: i.name,
      definition: i.definition,
      unit: i.unit,
      measure: i.measure,
      direction: i.direction,
      baseline: i.baseline,
      targets: i.targets,
    })),
    returns: detail.returns.map((r) => ({
      id: r.id,
      quarter: r.quarter,
      periodStart: r.periodStart,
      periodEnd: r.periodEnd,
      dueDate: r.dueDate,
      due: formatDate(r.dueDate),
      status: r.status,
      statusLabel: RETURN_STATUS_LABELS[r.status],
      late: r.late,
      submitted: r.submittedAt ? formatDateTime(r.submittedAt) : null,
    })),
    visits: detail.visits.map((v) => ({
      id: v.id, date: formatDate(v.visitDate), visitDate: v.visitDate, grade: v.overallGrade,
      gradeLabel: GRADE_LABELS[v.overallGrade as Grade] ?? String(v.overallGrade), officer: v.officerName,
    })),
    variations: detail.variations.map((v) => ({
      id: v.id, agreedOn: v.agreedOn, agreed: formatDate(v.agreedOn), reason: v.reason, changes: v.changes, createdBy: v.createdBy,
    })),
    files: detail.files.map((f) => ({ id: f.id, filename: f.filename, size: formatBytes(f.sizeBytes), uploaded: formatDate(f.createdAt) })),
    history: detail.history.map((h) => ({
      id: h.id, action: h.action, what: historyLabel(h), who: h.actorName ?? "The system", when: formatDateTime(h.createdAt),
    })),
    canManage,
    canLinkCosts,
    // Per indicator, beside the list rather than in it: what estimated costs avoided count it against.
    costLinks: Object.fromEntries(
      detail.indicators.map((i) => {
        const link = costLinks.get(i.id);
        return [i.id, {
          linkable: isLinkable(i),
          unitCost: link
            ? {
                code: link.unitCost.code, item: link.unitCost.item, deadweightPercent: link.deadweightPercent,
                attributionPercent: link.attributionPercent, optimismBiasPercent: link.optimismBiasPercent,
              }
            : null,
        }];
      }),
    ),
    maxUpload: formatBytes(settings.max_upload_bytes),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, project } = await requireProjectManager(request, params.projectId, "Only a commissioning officer covering the project's district can change its documents.");
  const db = getDb();
  const maxBytes = (await getSettings(db)).max_upload_bytes;
  const upload = await readUploadForm(request, maxBytes);
  const values = formValues(upload.form);
  const audit = auditContext(user, context);
  const done = async (text: string) =>
    redirect(`/projects/${project.id}#documents`, { headers: { "Set-Cookie": await flash(request, { kind: "success", text }) } });

  return dispatchIntent(upload.form, {
    "delete-file": async () => {
      const fileId = typeof values.fileId === "string" ? values.fileId : "";
      const removed = await db.transaction().execute((trx) => removeProjectDocument(trx, audit, { projectId: project.id, fileId }));
      if (!removed) return json<FormFailure>(failure(values, {}, "That document has already been deleted."), { status: 409 });
      return done(`"${removed.filename}" has been deleted.`);
    },
    upload: async () => {
      const chosen = await checkedUpload(upload, "document", maxBytes);
      if (!chosen.ok) return json<FormFailure>(failure(values, { document: chosen.error }), { status: 400 });
      const file = chosen.file;
      if (!file) return json<FormFailure>(failure(values, { document: PROJECT_MESSAGES.fileMissing }), { status: 400 });
      await db.transaction().execute((trx) => addProjectDocument(trx, audit, { projectId: project.id, file, uploadedBy: user.id }));
      return done(`"${file.filename}" has been uploaded.`);
    },
  });
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value">{children}</dd>
    </div>
  );
}

export default function ProjectPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { project: p, budget, quarters, indicators, returns, visits, variations, files, history, canManage, canLinkCosts, costLinks } = data;
  const base = `/projects/${p.id}`;
  return (
    <>
      <Link to="/projects" className="govuk-back-link">Back to projects</Link>
      <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
      <span className="govuk-caption-l">{p.reference}</span>
      <h1 className="govuk-heading-l">{p.title}</h1>
      <p className="govuk-body">
        <strong className={PROJECT_STATUS_TAG_CLASSES[p.status]}>{PROJECT_STATUS_LABELS[p.status]}</strong>
      </p>

      {canManage ? (
        <div className="govuk-inset-text">
          <ul className="govuk-list">
            {p.firstSubmitted ? (
              <li><Link className="govuk-link" to={`${base}/variations`}>Record a variation</Link> (the first return has been submitted, so changes to the plan are variations)</li>
            ) : (
              <li><Link className="govuk-link" to={`${base}/plan`}>Adjust the indicators, targets and budget profile</Link> (until the first return is submitted)</li>
            )}
            <li><Link className="govuk-link" to={`${base}/visits`}>Monitoring visits</Link></li>
          </ul>
        </div>
      ) : null}

      <h2 className="govuk-heading-m">Summary</h2>
      <dl className="govuk-summary-list">
        <Row label="Reference">{p.reference}</Row>
        <Row label="Title">{p.title}</Row>
        <Row label="Provider">{p.provider.name}</Row>
        <Row label="District">{p.district.name}</Row>
        <Row label="Funding stream">{p.fundingStream.name}</Row>
        <Row label="Status">{PROJECT_STATUS_LABELS[p.status]}</Row>
        <Row label="Amount">{p.amount}</Row>
        <Row label="Runs">{formatDate(p.startDate)} to {formatDate(p.endDate)}</Row>
        <Row label="Quality monitoring visit">{p.visitRequired ? "Required" : "Not required"}</Row>
        <Row label="Awarded through">{p.tender ? `Tender ${p.tender.reference}` : "A grant made directly, without a tender"}</Row>
      </dl>

      <h2 className="govuk-heading-m">Budget profile</h2>
      <BudgetTable lines={budget.lines} quarters={budget.quarters} caption="Budget profile by quarter and category" />
      {budget.totalPence !== p.amountPence ? (
        <p className="govuk-body">The budget profile adds up to {formatPence(budget.totalPence)}; the amount is {p.amount}.</p>
      ) : null}

      <h2 className="govuk-heading-m" id="indicators">Indicators</h2>
      <IndicatorList indicators={indicators} quarters={quarters} costLinks={costLinks} canLinkCosts={canLinkCosts} base={base} />

      <h2 className="govuk-heading-m">Quarterly returns</h2>
      {returns.length ? (
        <TableWrapper caption="Quarterly returns">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Quarterly returns</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Quarter</th>
                <th scope="col" className="govuk-table__header">Due</th>
                <th scope="col" className="govuk-table__header">Status</th>
                <th scope="col" className="govuk-table__header">Submitted</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {returns.map((r) => (
                <tr className="govuk-table__row" key={r.id}>
                  <th scope="row" className="govuk-table__header">
                    <Link className="govuk-link" to={`/returns/${r.id}`}>{r.quarter}</Link>
                  </th>
                  <td className="govuk-table__cell">{r.due}</td>
                  <td className="govuk-table__cell">
                    {r.statusLabel}
                    {r.late ? <> <strong className="govuk-tag govuk-tag--red">Late</strong></> : null}
                  </td>
                  <td className="govuk-table__cell">{r.submitted ?? "Not yet"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrapper>
      ) : (
        <p className="govuk-body">No returns are scheduled.</p>
      )}

      <h2 className="govuk-heading-m">Monitoring visits</h2>
      {visits.length ? (
        <TableWrapper caption="Monitoring visits">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Monitoring visits</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Date</th>
                <th scope="col" className="govuk-table__header">Overall grade</th>
                <th scope="col" className="govuk-table__header">Officer</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {visits.map((v) => (
                <tr className="govuk-table__row" key={v.id}>
                  <td className="govuk-table__cell">{v.date}</td>
                  <td className="govuk-table__cell">{v.grade} {v.gradeLabel}</td>
                  <td className="govuk-table__cell">{v.officer ?? "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrapper>
      ) : (
        <p className="govuk-body">
          No monitoring visits have been recorded.{p.visitRequired ? " This project needs a quality monitoring visit." : ""}
        </p>
      )}
      <p className="govuk-body"><Link className="govuk-link" to={`${base}/visits`}>All monitoring visits for this project</Link></p>

      <h2 className="govuk-heading-m">Performance assessment</h2>
      <p className="govuk-body">
        {data.performance ? (
          <>{data.performance.year}: <strong className={PERFORMANCE_RATING_TAG_CLASSES[data.performance.rating]}>{data.performance.label}</strong>. </>
        ) : "No year has been assessed yet. "}
        <Link className="govuk-link" to={`${base}/performance`}>{canManage ? "Assess the project's performance by year" : "Performance assessments by year"}</Link>
      </p>

      <h2 className="govuk-heading-m">Variations</h2>
      {variations.length ? (
        <ul className="govuk-list">
          {variations.map((v) => (
            <li key={v.id} className="govuk-!-margin-bottom-4">
              <strong>Agreed {v.agreed}</strong>{v.createdBy ? `, recorded by ${v.createdBy}` : ""}
              <br />
              Reason: {v.reason}
              {v.changes.length ? (
                <ul className="govuk-list govuk-list--bullet">
                  {v.changes.map((c) => <li key={c}>{c}</li>)}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="govuk-body">No variations have been agreed.</p>
      )}
      {canManage && p.firstSubmitted ? (
        <p className="govuk-body"><Link className="govuk-link" to={`${base}/variations`}>Record a variation</Link></p>
      ) : null}

      <h2 className="govuk-heading-m" id="documents">Documents</h2>
      {files.length ? (
        <dl className="govuk-summary-list">
          {files.map((f) => (
            <div className="govuk-summary-list__row" key={f.id}>
              <dt className="govuk-summary-list__key">
                <a className="govuk-link" href={`${base}/files/${f.id}`} download>{f.filename}</a>
              </dt>
              <dd className="govuk-summary-list__value">{f.size}, uploaded {f.uploaded}</dd>
              {canManage ? (
                <dd className="govuk-summary-list__actions">
                  <Form method="post">
                    <input type="hidden" name="fileId" value={f.id} />
                    <button type="submit" name="intent" value="delete-file" className="govuk-button govuk-button--warning govuk-!-margin-bottom-0" data-module="govuk-button">
                      Delete<span className="govuk-visually-hidden"> {f.filename}</span>
                    </button>
                  </Form>
                </dd>
              ) : null}
            </div>
          ))}
        </dl>
      ) : (
        <p className="govuk-body">No documents have been uploaded.</p>
      )}
      {canManage ? (
        <Form method="post" encType="multipart/form-data" noValidate>
          <div className={`govuk-form-group${result?.errors.document ? " govuk-form-group--error" : ""}`}>
            <label className="govuk-label" htmlFor="document">Upload a document</label>
            <div id="document-hint" className="govuk-hint">
              The grant agreement, a variation letter or other papers. PDF, DOCX, XLSX or ODT, smaller than {data.maxUpload}.
            </div>
            {result?.errors.document ? (
              <p id="document-error" className="govuk-error-message"><span className="govuk-visually-hidden">Error:</span> {result.errors.document}</p>
            ) : null}
            <input
              className={`govuk-file-upload${result?.errors.document ? " govuk-file-upload--error" : ""}`}
              id="document"
              name="document"
              type="file"
              accept=".pdf,.docx,.xlsx,.odt"
              aria-describedby={`document-hint${result?.errors.document ? " document-error" : ""}`}
            />
          </div>
          <Button name="intent" value="upload" secondary>Upload the document</Button>
        </Form>
      ) : null}

      <h2 className="govuk-heading-m">History</h2>
      {history.length ? (
        <TableWrapper caption="History">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">What has happened to this project, newest first</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">When (UK time)</th>
                <th scope="col" className="govuk-table__header">What</th>
                <th scope="col" className="govuk-table__header">Who</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {history.map((h) => (
                <tr className="govuk-table__row" key={h.id}>
                  <td className="govuk-table__cell">{h.when}</td>
                  <td className="govuk-table__cell">{h.what}</td>
                  <td className="govuk-table__cell">{h.who}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrapper>
      ) : (
        <p className="govuk-body">Nothing has been recorded yet.</p>
      )}
    </>
  );
}
