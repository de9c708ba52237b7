// Outcomes: the actual for each outcome indicator this quarter, beside its target. A figure
// more than 20% away from its target needs a comment. Saves on its own, with "Have you
// completed this section?"; a save from a stale page is refused and what was typed kept.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, Radios, Textarea, TextInput } from "~/components/forms";
import { failure, formValues, type FieldErrors, type FormFailure, type FormValues } from "~/lib/forms";
import {
  getReturnDetail, queryLabel, requireFilingPage, requireReturnEditor, ReturnLockedError, saveIndicatorSection, StaleReturnError,
} from "~/models/return-filing.server";
import {
  actualField, commentField, figureToInput, formatFigure, formVersion, parseComplete, parseIndicatorSection, RETURN_MESSAGES,
} from "~/schemas/returns";
import { auditContext } from "~/services/guards.server";
import { flash } from "~/services/session.server";

const KIND = "outcome" as const;
const SECTION = "outcomes" as const;
const HEADING = "Outcomes";
const NOUN = "outcome";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${HEADING} – ${data?.summary.quarter ?? "Quarterly"} return – Early help portal` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { detail, statuses } = await requireFilingPage(request, params.returnId, { editOnly: true });
  const status = statuses.find((s) => s.section === SECTION)!;
  const indicators = detail.indicators.filter((i) => i.kind === KIND);
  const defaults: FormValues = {};
  for (const i of indicators) {
    defaults[actualField(i.id)] = figureToInput(i.actual);
    defaults[commentField(i.id)] = i.comment ?? "";
  }
  defaults.complete = detail.complete[SECTION] ? "yes" : status.state === "in_progress" ? "no" : "";
  return json({
    summary: { id: detail.id, quarter: detail.quarter, projectReference: detail.projectReference, projectTitle: detail.projectTitle, version: detail.version },
    indicators: indicators.map((i) => ({
      id: i.id,
      name: i.name,
      definition: i.definition,
      unit: i.unit,
      cumulative: i.measure === "cumulative",
      lowerIsBetter: i.direction === "lower",
      target: i.target === null ? null : formatFigure(i.target, i.unit),
      queries: status.queries.filter((q) => q.indicatorId === i.id).map((q) => q.comment),
    })),
    sectionQueries: status.queries.filter((q) => !q.indicatorId || !indicators.some((i) => i.id === q.indicatorId))
      .map((q) => ({ id: q.id, label: queryLabel(q, detail.indicators), comment: q.comment })),
    defaults,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, ret } = await requireReturnEditor(request, params.returnId);
  const db = getDb();
  const values = formValues(await request.formData());
  const version = formVersion(values);
  if (version === null) return json<FormFailure>(failure(values, {}, RETURN_MESSAGES.version), { status: 400 });
  const detail = await getReturnDetail(db, ret.id);
  if (!detail) throw new Response("Return not found", { status: 404 });

  const completeness = parseComplete(values);
  const complete = completeness.ok ? completeness.complete : false;
  const rows = detail.indicators.filter((i) => i.kind === KIND).map((i) => ({ id: i.id, name: i.name, unit: i.unit, target: i.target }));
  const { entries, errors } = parseIndicatorSection(values, rows, complete);
  const all: FieldErrors = { ...errors };
  if (!completeness.ok) all.complete = completeness.error;
  if (Object.keys(all).length) return json<FormFailure>(failure(values, all), { status: 400 });

  try {
    await db.transaction().execute((trx) =>
      saveIndicatorSection(trx, auditContext(user, context), { returnId: ret.id, version, complete, kind: KIND, entries }),
    );
  } catch (error) {
    if (error instanceof StaleReturnError) return json<FormFailure>(failure(values, {}, error.message), { status: 409 });
    if (error instanceof ReturnLockedError) return json<FormFailure>(failure(values, {}, error.message), { status: 409 });
    throw error;
  }
  return redirect(`/returns/${ret.id}`, {
    headers: {
      "Set-Cookie": await flash(request, {
        kind: "success",
        text: complete ? `${HEADING} saved and marked as complete.` : `${HEADING} saved. You can come back to finish them.`,
      }),
    },
  });
}

export default function IndicatorSection() {
  const { summary, indicators, sectionQueries, defaults } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values ?? defaults;
  const errors = result?.errors ?? {};
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : "");
  return (
    <>
      <Link to={`/returns/${summary.id}`} className="govuk-back-link">Back to the return</Link>
      <ErrorSummary errors={errors} formError={result?.formError} submissionId={result?.submissionId} />
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">{summary.projectReference} – {summary.quarter} return</span>
        {HEADING}
      </h1>
      {sectionQueries.length ? (
        <div className="govuk-inset-text">
          <h2 className="govuk-heading-s">The council asked</h2>
          {sectionQueries.map((q) => (
            <p key={q.id} className="govuk-body" style={{ whiteSpace: "pre-wrap" }}>{q.comment}</p>
          ))}
        </div>
      ) : null}
      <p className="govuk-body">
        Enter what the project achieved against each {NOUN} indicator in {summary.quarter}. Where a figure is more than 20% above or
        below its target, say why in the comment.
      </p>

      <Form method="post" noValidate>
        <input type="hidden" name="version" value={summary.version} />
        {indicators.length === 0 ? (
          <p className="govuk-body">This project has no {NOUN} indicators. You can mark this section as complete.</p>
        ) : (
          indicators.map((i) => (
            <fieldset key={i.id} className="govuk-fieldset govuk-!-margin-bottom-6">
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
                <h2 className="govuk-fieldset__heading">{i.name}</h2>
              </legend>
              {i.definition ? <p className="govuk-body-s">{i.definition}</p> : null}
              <dl className="govuk-summary-list govuk-summary-list--no-border govuk-!-margin-bottom-3">
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Target for {summary.quarter}</dt>
                  <dd className="govuk-summary-list__value">
                    {i.target ?? "No target set for this quarter"}
                    {i.cumulative && i.target ? " (total to date)" : ""}
                    {i.lowerIsBetter ? <span className="govuk-body-s govuk-!-display-block">Lower is better.</span> : null}
                  </dd>
                </div>
              </dl>
              {i.queries.length ? (
                <div className="govuk-inset-text">
                  <strong>The council asked about this figure:</strong>
                  {i.queries.map((comment, n) => (
                    <p key={n} className="govuk-body govuk-!-margin-top-2" style={{ whiteSpace: "pre-wrap" }}>{comment}</p>
                  ))}
                </div>
              ) : null}
              <TextInput
                name={actualField(i.id)}
                label={`Actual for ${summary.quarter}${i.unit === "%" ? " (%)" : i.unit === "£" ? " (£)" : ""}`}
                hint={
                  i.cumulative
                    ? "This is a running total: enter the total since the project started, not this quarter's figure on its own."
                    : `This quarter's figure on its own${i.unit === "count" ? ", as a whole number" : ""}.`
                }
                width="5"
                inputMode="decimal"
                spellCheck={false}
                defaultValue={text(actualField(i.id))}
                error={errors[actualField(i.id)]}
              />
              <Textarea
                name={commentField(i.id)}
                label="Comment"
                hint="Needed if the figure is more than 20% away from the target. Up to 1,000 characters."
                rows={3}
                defaultValue={text(commentField(i.id))}
                error={errors[commentField(i.id)]}
              />
            </fieldset>
          ))
        )}
        <Radios
          name="complete"
          legend="Have you completed this section?"
          options={[
            { value: "yes", label: "Yes, I've completed this section" },
            { value: "no", label: "No, I'll come back to it later" },
          ]}
          defaultValue={text("complete")}
          error={errors.complete}
        />
        <Button>Save and continue</Button>
      </Form>
    </>
  );
}
