// Narrative: the quarter in words. Highlights, challenges, risks and next quarter's plans,
// each up to 5,000 characters; all four are needed to mark the section complete.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { Button, ErrorSummary, Radios, Textarea } from "~/components/forms";
import type { FormValues } from "~/lib/forms";
import { NARRATIVE_FIELDS, NARRATIVE_HINTS, NARRATIVE_LABELS, NARRATIVE_MAX } from "~/schemas/returns";
import { parseNarrative } from "~/schemas/returns.server";
import { requireFilingPage } from "~/http/returns/access.server";
import { savedSectionText, sectionAction } from "~/http/returns/section-action.server";
import { queryLabel } from "~/models/returns/detail.server";
import { saveNarrativeSection } from "~/models/returns/sections.server";
import { Form } from "~/components/form";
import { ReturnSectionHeader } from "~/components/returns/section-header";
import { pageAnswer, revalidateUnlessAutosave } from "~/lib/autosave";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Narrative – ${data?.summary.quarter ?? "Quarterly"} return – Early help portal` },
];

export const shouldRevalidate = revalidateUnlessAutosave;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { detail, statuses } = await requireFilingPage(request, params.returnId, { editOnly: true });
  const status = statuses.find((s) => s.section === "narrative")!;
  const defaults: FormValues = {};
  for (const f of NARRATIVE_FIELDS) defaults[f] = detail.narrative[f] ?? "";
  defaults.complete = detail.complete.narrative ? "yes" : status.state === "in_progress" ? "no" : "";
  return json({
    summary: { id: detail.id, quarter: detail.quarter, projectReference: detail.projectReference, version: detail.version },
    queries: status.queries.map((q) => ({ id: q.id, label: queryLabel(q, detail.indicators), comment: q.comment })),
    defaults,
  });
}

export const action = (args: ActionFunctionArgs) =>
  sectionAction(args, {
    parse: (post, complete) => {
      const { input, errors } = parseNarrative(post.values, complete);
      return { data: input, errors };
    },
    save: (trx, audit, { data, ...args }) => saveNarrativeSection(trx, audit, { ...args, input: data }),
    saved: savedSectionText("Narrative", "it"),
  });

export default function NarrativeSection() {
  const { summary, queries, defaults } = useLoaderData<typeof loader>();
  const result = pageAnswer(useActionData<typeof action>());
  const values = result?.values ?? defaults;
  const errors = result?.errors ?? {};
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : "");
  return (
    <>
      <ReturnSectionHeader summary={summary} heading="Narrative" result={result} errors={errors} queries={queries} />
      <p className="govuk-body">
        Tell the council about {summary.quarter} in your own words. You can save with some answers missing; all four are needed to mark
        the section as complete. Do not include anything that could identify a child, family or member of staff.
      </p>
      <Form method="post" noValidate autosave={{ id: summary.id, version: summary.version }}>
        {NARRATIVE_FIELDS.map((f) => (
          <Textarea
            key={f}
            name={f}
            label={<strong>{NARRATIVE_LABELS[f]}</strong>}
            hint={`${NARRATIVE_HINTS[f]} Up to ${NARRATIVE_MAX.toLocaleString("en-GB")} characters.`}
            rows={6}
            defaultValue={text(f)}
            error={errors[f]}
          />
        ))}
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
