// The page of the outputs and outcomes sections of a return: the actual for each indicator
// beside its target, with a comment where the figure is far from it.
import type { MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { Button, ErrorSummary, Radios, Textarea, TextInput } from "~/components/forms";
import type { indicatorSectionAction, indicatorSectionLoader } from "~/http/returns/indicator-section.server";
import { actualField, commentField, type IndicatorSectionKind } from "~/schemas/returns";
import { Form } from "~/components/form";
import { pageAnswer } from "~/lib/autosave";
import { ReturnSectionHeader } from "~/components/returns/section-header";

export function indicatorSectionMeta(heading: string): MetaFunction {
  return ({ data }) => {
    const quarter = (data as { summary?: { quarter?: string } } | undefined)?.summary?.quarter;
    return [{ title: `${heading} – ${quarter ?? "Quarterly"} return – Early help portal` }];
  };
}

export function IndicatorSectionPage({ heading: HEADING, noun: NOUN }: Pick<IndicatorSectionKind, "heading" | "noun">) {
  const { summary, indicators, sectionQueries, defaults } = useLoaderData<typeof indicatorSectionLoader>();
  const result = pageAnswer(useActionData<typeof indicatorSectionAction>());
  const values = result?.values ?? defaults;
  const errors = result?.errors ?? {};
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : "");
  return (
    <>
      <ReturnSectionHeader summary={summary} heading={HEADING} result={result} errors={errors} queries={sectionQueries} />
      <p className="govuk-body">
        Enter what the project achieved against each {NOUN} indicator in {summary.quarter}. Where a figure is more than 20% above or
        below its target, say why in the comment.
      </p>

      <Form method="post" noValidate autosave={{ id: summary.id, version: summary.version }}>
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
                    <p key={n} className="govuk-body govuk-!-margin-top-2 portal-pre-wrap">{comment}</p>
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
