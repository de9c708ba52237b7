// Beneficiaries: the people the project reached this quarter, new and continuing, by age
// band. Whole numbers; an empty box is none. Totals are worked out when the page loads and
// when it comes back from a save.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AGE_BANDS } from "../../db/schema";
import { Button, ErrorSummary, fieldId, Radios } from "~/components/forms";
import type { FormValues } from "~/lib/forms";
import { AGE_BAND_LABELS, continuingField, newField, parseBeneficiaries } from "~/schemas/returns";
import { parseFigure } from "~/lib/figures";
import { requireFilingPage } from "~/http/returns/access.server";
import { savedSectionText, sectionAction } from "~/http/returns/section-action.server";
import { queryLabel } from "~/models/returns/detail.server";
import { saveBeneficiariesSection } from "~/models/returns/sections.server";
import { Form } from "~/components/form";
import { ReturnSectionHeader } from "~/components/returns/section-header";
import { pageAnswer, revalidateUnlessAutosave } from "~/lib/autosave";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Beneficiaries – ${data?.summary.quarter ?? "Quarterly"} return – Early help portal` },
];

export const shouldRevalidate = revalidateUnlessAutosave;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { detail, statuses } = await requireFilingPage(request, params.returnId, { editOnly: true });
  const status = statuses.find((s) => s.section === "beneficiaries")!;
  const saved = status.state !== "not_started" || detail.complete.beneficiaries;
  const defaults: FormValues = {};
  for (const b of detail.beneficiaries) {
    // A section never saved shows empty boxes; once saved, its zeros show as zeros.
    defaults[newField(b.ageBand)] = saved ? String(b.newCount) : "";
    defaults[continuingField(b.ageBand)] = saved ? String(b.continuingCount) : "";
  }
  defaults.complete = detail.complete.beneficiaries ? "yes" : status.state === "in_progress" ? "no" : "";
  return json({
    summary: { id: detail.id, quarter: detail.quarter, projectReference: detail.projectReference, version: detail.version },
    queries: status.queries.map((q) => ({ id: q.id, label: queryLabel(q, detail.indicators), comment: q.comment })),
    defaults,
  });
}

export const action = (args: ActionFunctionArgs) =>
  sectionAction(args, {
    parse: (post) => {
      const { entries, errors } = parseBeneficiaries(post.values);
      return { data: entries, errors };
    },
    save: (trx, audit, { data, ...args }) => saveBeneficiariesSection(trx, audit, { ...args, entries: data }),
    saved: savedSectionText("Beneficiaries", "them"),
  });

export default function BeneficiariesSection() {
  const { summary, queries, defaults } = useLoaderData<typeof loader>();
  const result = pageAnswer(useActionData<typeof action>());
  const values = result?.values ?? defaults;
  const errors = result?.errors ?? {};
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : "");
  const count = (name: string) => {
    const parsed = parseFigure(text(name), { whole: true });
    return parsed.ok ? parsed.value ?? 0 : 0;
  };
  const totals = { new: 0, continuing: 0 };
  for (const band of AGE_BANDS) {
    totals.new += count(newField(band));
    totals.continuing += count(continuingField(band));
  }
  const tableErrors = Object.entries(errors).filter(([k]) => k.startsWith("new.") || k.startsWith("continuing."));

  const cell = (name: string, label: string) => (
    <td className="govuk-table__cell">
      <label className="govuk-visually-hidden" htmlFor={fieldId(name)}>{label}</label>
      <input
        className={`govuk-input govuk-input--width-4${errors[name] ? " govuk-input--error" : ""}`}
        id={fieldId(name)}
        name={name}
        type="text"
        inputMode="numeric"
        spellCheck={false}
        defaultValue={text(name)}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `${fieldId(name)}-error` : undefined}
      />
    </td>
  );

  return (
    <>
      <ReturnSectionHeader summary={summary} heading="Beneficiaries" result={result} errors={errors} queries={queries} />
      <p className="govuk-body">
        Enter the number of people the project worked with in {summary.quarter}, by age. <strong>New</strong> means they started with
        the project this quarter; <strong>continuing</strong> means they started in an earlier quarter. Whole numbers; leave a box
        empty for none.
      </p>

      <Form method="post" noValidate autosave={{ id: summary.id, version: summary.version }}>
        <div className={`govuk-form-group${tableErrors.length ? " govuk-form-group--error" : ""}`}>
          <fieldset className="govuk-fieldset">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">People reached by age</legend>
            {tableErrors.map(([name, message]) => (
              <p key={name} id={`${fieldId(name)}-error`} className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {message}
              </p>
            ))}
            <div className="portal-table-wrapper" role="region" aria-label="Beneficiaries by age" tabIndex={0}>
              <table className="govuk-table">
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">Age</th>
                    <th scope="col" className="govuk-table__header">New</th>
                    <th scope="col" className="govuk-table__header">Continuing</th>
                    <th scope="col" className="govuk-table__header govuk-table__header--numeric">Total</th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {AGE_BANDS.map((band) => (
                    <tr className="govuk-table__row" key={band}>
                      <th scope="row" className="govuk-table__header">{AGE_BAND_LABELS[band]}</th>
                      {cell(newField(band), `New, ${AGE_BAND_LABELS[band]}`)}
                      {cell(continuingField(band), `Continuing, ${AGE_BAND_LABELS[band]}`)}
                      <td className="govuk-table__cell govuk-table__cell--numeric">
                        {(count(newField(band)) + count(continuingField(band))).toLocaleString("en-GB")}
                      </td>
                    </tr>
                  ))}
                  <tr className="govuk-table__row">
                    <th scope="row" className="govuk-table__header">Total</th>
                    <td className="govuk-table__cell">{totals.new.toLocaleString("en-GB")}</td>
                    <td className="govuk-table__cell">{totals.continuing.toLocaleString("en-GB")}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">
                      <strong>{(totals.new + totals.continuing).toLocaleString("en-GB")}</strong>
                    </td>
                  </tr>
                </tbody>
              </table>
            </div>
            <p className="govuk-hint">Totals are worked out when you save.</p>
          </fieldset>
        </div>
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
