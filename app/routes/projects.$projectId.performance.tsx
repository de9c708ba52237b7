// The annual performance assessment (Procurement Act 2023 s71), per financial year the project
// has run in: the year's figures and visits, the rating they suggest, and the rating an
// officer confirmed. The provider reads the confirmed ratings; the district's officers see
// the proposals and confirm them.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, Radios, Textarea } from "~/components/forms";
import { Form } from "~/components/form";
import { TableWrapper } from "~/components/lists";
import { formatDate, formatDateTime, ukToday } from "~/lib/dates";
import { failure, fieldValue, formValues, parseForm, type FormFailure } from "~/lib/forms";
import { getSettings } from "~/models/admin/settings.server";
import { ragThresholds } from "~/models/projects/rag.server";
import { RagTag } from "~/components/profile-table";
import { visitGradeText } from "~/profiles/labels";
import { assessableYears, confirmPerformanceAssessment, listPerformanceAssessments, performanceBases } from "~/models/projects/performance.server";
import { PERFORMANCE_RATINGS, PERFORMANCE_RATING_LABELS, PERFORMANCE_RATING_TAG_CLASSES } from "~/models/projects/performance";
import { ratingField, reasonField } from "~/schemas/performance";
import { performanceSchema } from "~/schemas/performance.server";
import { auditContext } from "~/http/guards.server";
import { refusedForm } from "~/http/errors.server";
import { requireProjectManager, requireProjectViewer } from "~/http/projects/access.server";
import { can } from "~/policies/index";
import { flash } from "~/services/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Performance assessments${data ? ` – ${data.project.reference}` : ""} – Early help portal` },
];

async function yearsOf(projectId: string) {
  const db = getDb();
  const [project, settings] = await Promise.all([
    db.selectFrom("projects").select(["start_date", "end_date"]).where("id", "=", projectId).executeTakeFirstOrThrow(),
    getSettings(db),
  ]);
  const years = assessableYears(project, ukToday());
  return performanceBases(db, projectId, years, ragThresholds(settings));
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, project } = await requireProjectViewer(request, params.projectId);
  const manager = can(user, "project:manage", project.record);
  const [bases, assessments] = await Promise.all([yearsOf(project.id), listPerformanceAssessments(getDb(), [project.id])]);
  const confirmed = assessments.get(project.id) ?? [];
  return json({
    project: { id: project.id, reference: project.reference, title: project.title },
    manager,
    years: [...bases].reverse().map((b) => {
      const a = confirmed.find((c) => c.financialYear === b.financialYear);
      return {
        year: b.financialYear,
        label: b.yearLabel,
        confirmed: a ? {
          rating: a.rating, label: PERFORMANCE_RATING_LABELS[a.rating], reason: a.reason, by: a.confirmedBy, at: formatDateTime(a.confirmedAt), version: a.version,
        } : null,
        // What the proposal rests on is the council's working: its officers see it.
        basis: manager ? {
          upTo: b.upTo,
          proposed: b.proposed ? PERFORMANCE_RATING_LABELS[b.proposed] : null,
          proposedRating: b.proposed,
          indicators: b.indicators,
          visits: b.visits.map((v) => ({ date: formatDate(v.date), grade: visitGradeText(v.grade) })),
        } : null,
      };
    }),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, project } = await requireProjectManager(request, params.projectId, "Only a commissioning officer covering the project's district can confirm its performance assessment.");
  const form = await request.formData();
  const values = formValues(form);
  const bases = await yearsOf(project.id);
  const basis = bases.find((b) => String(b.financialYear) === values.year);
  if (!basis) return json<FormFailure>(failure(values, {}, "That year cannot be assessed: it has not begun, or the project does not run in it."), { status: 400 });
  const parsed = parseForm(performanceSchema(basis.financialYear, basis.proposed), form);
  if (!parsed.ok) return json<FormFailure>(parsed, { status: 400 });
  try {
    await getDb().transaction().execute((trx) =>
      confirmPerformanceAssessment(trx, auditContext(user, context), { projectId: project.id, basis, ...parsed.data }));
  } catch (error) {
    return refusedForm(error, parsed.values);
  }
  const text = `The ${basis.yearLabel} performance assessment is confirmed: ${PERFORMANCE_RATING_LABELS[parsed.data.rating]}.`;
  return redirect(`/projects/${project.id}/performance`, { headers: { "Set-Cookie": await flash(request, { kind: "success", text }) } });
}

export default function PerformancePage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const erroredYear = result?.values?.year;
  return (
    <>
      <Link to={`/projects/${data.project.id}`} className="govuk-back-link">Back to the project</Link>
      <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">{data.project.reference} {data.project.title}</span>
        Performance assessments
      </h1>
      <p className="govuk-body">
        Each financial year the contract is rated good, approaching target, requires improvement or inadequate (Procurement Act
        2023, section 71). The portal proposes a rating from the year's approved figures and monitoring visits; an officer
        confirms it.
      </p>
      {data.years.length === 0 ? <p className="govuk-body">The project's first financial year has not begun.</p> : null}
      {data.years.map((y) => {
        const mine = erroredYear === String(y.year) ? result : undefined;
        return (
          <section key={y.year} aria-labelledby={`year-${y.year}`}>
            <h2 className="govuk-heading-m" id={`year-${y.year}`}>{y.label}</h2>
            {y.confirmed ? (
              <p className="govuk-body">
                <strong className={PERFORMANCE_RATING_TAG_CLASSES[y.confirmed.rating]}>{y.confirmed.label}</strong>{" "}
                confirmed{y.confirmed.by ? ` by ${y.confirmed.by}` : ""} on {y.confirmed.at}.{y.confirmed.reason ? ` ${y.confirmed.reason}` : ""}
              </p>
            ) : (
              <p className="govuk-body">Not confirmed yet.</p>
            )}
            {y.basis ? (
              <>
                <p className="govuk-body">
                  {y.basis.proposed ? <>Proposed: <strong>{y.basis.proposed}</strong>, </> : "Nothing to propose from yet: "}
                  {y.basis.upTo ? `from the approved returns to ${y.basis.upTo}` : "no approved return this year"}
                  {y.basis.visits.length ? ` and ${y.basis.visits.length === 1 ? "1 visit" : `${y.basis.visits.length} visits`}` : ""}.
                </p>
                {y.basis.indicators.length ? (
                  <TableWrapper caption={`Indicators to date, ${y.label}`}>
                    <table className="govuk-table">
                      <caption className="govuk-table__caption govuk-table__caption--s">Indicators to date, {y.label}</caption>
                      <thead className="govuk-table__head">
                        <tr className="govuk-table__row">
                          <th scope="col" className="govuk-table__header">Indicator</th>
                          <th scope="col" className="govuk-table__header govuk-table__header--numeric">Actual</th>
                          <th scope="col" className="govuk-table__header govuk-table__header--numeric">Target</th>
                          <th scope="col" className="govuk-table__header">RAG</th>
                        </tr>
                      </thead>
                      <tbody className="govuk-table__body">
                        {y.basis.indicators.map((i) => (
                          <tr className="govuk-table__row" key={i.name}>
                            <td className="govuk-table__cell">{i.name}</td>
                            <td className="govuk-table__cell govuk-table__cell--numeric">{i.actual}</td>
                            <td className="govuk-table__cell govuk-table__cell--numeric">{i.target}</td>
                            <td className="govuk-table__cell"><RagTag rag={i.rag} /></td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </TableWrapper>
                ) : null}
                {y.basis.visits.length ? (
                  <ul className="govuk-list">
                    {y.basis.visits.map((v) => <li key={v.date}>Visit on {v.date}: {v.grade}</li>)}
                  </ul>
                ) : null}
                <Form method="post" noValidate>
                  <input type="hidden" name="year" value={y.year} />
                  <input type="hidden" name="version" value={y.confirmed?.version ?? 0} />
                  <Radios
                    name={ratingField(y.year)}
                    legend={`Rating for ${y.label}`}
                    options={PERFORMANCE_RATINGS.map((r) => ({ value: r, label: PERFORMANCE_RATING_LABELS[r] }))}
                    defaultValue={fieldValue(mine?.values, ratingField(y.year)) || y.confirmed?.rating || y.basis.proposedRating || undefined}
                    error={mine?.errors?.[ratingField(y.year)]}
                  />
                  <Textarea
                    name={reasonField(y.year)}
                    label="Reason"
                    hint="Required if the rating is not the proposed one. The provider reads it."
                    rows={3}
                    defaultValue={fieldValue(mine?.values, reasonField(y.year)) || y.confirmed?.reason || ""}
                    error={mine?.errors?.[reasonField(y.year)]}
                  />
                  <Button>{y.confirmed ? `Change the ${y.label} rating` : `Confirm the ${y.label} rating`}</Button>
                </Form>
              </>
            ) : null}
          </section>
        );
      })}
    </>
  );
}
