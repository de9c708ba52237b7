// Spend: what was spent in each budget category this quarter, beside the project's profile
// for the quarter. Money is typed in pounds and kept in pence. A reason is needed where
// spend is further from the profile than the allowed variance (the "spend green variance"
// setting, 10% by default), or where anything was spent against a profile of £0.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { BUDGET_CATEGORIES } from "../../db/schema";
import { Button, ErrorSummary, Radios, Textarea, TextInput } from "~/components/forms";
import type { FormValues } from "~/lib/forms";
import { formatPence, penceToInput } from "~/lib/money";
import { getSettings } from "~/models/admin/settings.server";
import { parseSpendSection, reasonField, spendField } from "~/schemas/returns";
import { parsePoundsToPence } from "~/lib/figures";
import { requireFilingPage } from "~/http/returns/access.server";
import { savedSectionText, sectionAction, sectionDetail } from "~/http/returns/section-action.server";
import { BUDGET_CATEGORY_LABELS } from "~/lib/budget";
import { queryLabel } from "~/models/returns/detail.server";
import { saveSpendSection } from "~/models/returns/sections.server";
import { Form } from "~/components/form";
import { ReturnSectionHeader } from "~/components/returns/section-header";
import { pageAnswer, revalidateUnlessAutosave } from "~/lib/autosave";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Spend – ${data?.summary.quarter ?? "Quarterly"} return – Early help portal` },
];

export const shouldRevalidate = revalidateUnlessAutosave;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { detail, statuses } = await requireFilingPage(request, params.returnId, { editOnly: true });
  const settings = await getSettings(getDb());
  const status = statuses.find((s) => s.section === "spend")!;
  const defaults: FormValues = {};
  for (const line of detail.spend) {
    defaults[spendField(line.category)] = line.amountPence === null ? "" : penceToInput(line.amountPence);
    defaults[reasonField(line.category)] = line.varianceReason ?? "";
  }
  defaults.complete = detail.complete.spend ? "yes" : status.state === "in_progress" ? "no" : "";
  return json({
    summary: { id: detail.id, quarter: detail.quarter, projectReference: detail.projectReference, version: detail.version },
    variancePercent: settings.spend_green_variance_percent,
    lines: detail.spend.map((l) => ({ category: l.category, label: BUDGET_CATEGORY_LABELS[l.category], profilePence: l.profilePence, profile: formatPence(l.profilePence) })),
    profileTotal: formatPence(detail.spend.reduce((s, l) => s + l.profilePence, 0)),
    queries: status.queries.map((q) => ({ id: q.id, label: queryLabel(q, detail.indicators), comment: q.comment })),
    defaults,
  });
}

export const action = (args: ActionFunctionArgs) =>
  sectionAction(args, {
    parse: async (post, complete) => {
      const [detail, settings] = await Promise.all([sectionDetail(post), getSettings(getDb())]);
      const { entries, errors } = parseSpendSection(
        post.values,
        detail.spend.map((l) => ({ category: l.category, profilePence: l.profilePence })),
        complete,
        settings.spend_green_variance_percent,
      );
      return { data: entries, errors };
    },
    save: (trx, audit, { data, ...args }) => saveSpendSection(trx, audit, { ...args, entries: data }),
    saved: savedSectionText("Spend", "it"),
  });

export default function SpendSection() {
  const { summary, variancePercent, lines, profileTotal, queries, defaults } = useLoaderData<typeof loader>();
  const result = pageAnswer(useActionData<typeof action>());
  const values = result?.values ?? defaults;
  const errors = result?.errors ?? {};
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : "");
  const spentTotal = BUDGET_CATEGORIES.reduce((sum, c) => sum + (parsePoundsToPence(text(spendField(c))) ?? 0), 0);
  return (
    <>
      <ReturnSectionHeader summary={summary} heading="Spend" result={result} errors={errors} queries={queries} />
      <p className="govuk-body">
        Enter what was spent in {summary.quarter} in each budget category, in pounds. Where spend is more than {variancePercent}% above
        or below the profile, or there is spend in a category with no profile, give the reason. Leave a category empty if nothing was
        profiled or spent in it.
      </p>

      <Form method="post" noValidate autosave={{ id: summary.id, version: summary.version }}>
        {lines.map((l) => (
          <fieldset key={l.category} className="govuk-fieldset govuk-!-margin-bottom-6">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
              <h2 className="govuk-fieldset__heading">{l.label}</h2>
            </legend>
            <p className="govuk-body">Profile for {summary.quarter}: <strong>{l.profile}</strong></p>
            <TextInput
              name={spendField(l.category)}
              label={`Spent on ${l.label.toLowerCase()} in ${summary.quarter}`}
              hint={l.profilePence > 0 ? "In pounds, like 3750 or 3,750.00. Enter 0 if nothing was spent." : "In pounds. Leave empty if nothing was spent."}
              prefix="£"
              width="10"
              inputMode="decimal"
              spellCheck={false}
              defaultValue={text(spendField(l.category))}
              error={errors[spendField(l.category)]}
            />
            <Textarea
              name={reasonField(l.category)}
              label="Reason for the difference from the profile"
              hint={`Needed if spend is more than ${variancePercent}% away from the profile. Up to 1,000 characters.`}
              rows={3}
              defaultValue={text(reasonField(l.category))}
              error={errors[reasonField(l.category)]}
            />
          </fieldset>
        ))}
        <dl className="govuk-summary-list govuk-!-margin-bottom-6">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Total profile for the quarter</dt>
            <dd className="govuk-summary-list__value">{profileTotal}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Total spent (as last saved or typed)</dt>
            <dd className="govuk-summary-list__value">{formatPence(spentTotal)}</dd>
          </div>
        </dl>
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
