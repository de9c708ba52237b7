import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { ReferenceFormPage } from "~/components/reference-data";
import { ContextIndicatorFields } from "~/components/reference-fields";
import { getContextIndicator, updateContextIndicator, type ContextIndicator } from "~/models/context/indicators.server";
import { contextIndicatorEditSchema } from "~/schemas/reference-data.server";
import { changeReference, requireReferenceRecord, type ReferenceGuard } from "~/http/admin/reference-data.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.indicator.name ?? "Context indicator"} – Early help portal` },
];

const indicatorGuard = (id: string | undefined): ReferenceGuard<ContextIndicator> => ({
  permission: "context-indicators:manage",
  load: () => getContextIndicator(getDb(), id ?? ""),
  notFoundMessage: "Context indicator not found",
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { record } = await requireReferenceRecord(request, indicatorGuard(params.indicatorId));
  return json({ indicator: record });
}

export const action = (args: ActionFunctionArgs) =>
  changeReference(args, {
    ...indicatorGuard(args.params.indicatorId),
    schema: contextIndicatorEditSchema,
    change: (trx, audit, record, input) => updateContextIndicator(trx, audit, record.id, input),
    done: (input) => ({ to: "/admin/context-indicators", text: `${input.name} has been updated` }),
  });

export default function EditContextIndicator() {
  const { indicator } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <ReferenceFormPage
      back={{ to: "/admin/context-indicators", label: "Back to context indicators" }}
      heading={{ caption: `Context indicator${indicator.isActive ? "" : " (retired)"}`, title: indicator.name }}
      result={result}
      record={indicator}
      summary={
        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Code</dt>
            <dd className="govuk-summary-list__value"><code>{indicator.code}</code> (used in CSV files; it cannot be changed)</dd>
          </div>
        </dl>
      }
      saved={
        <>
          <li>Name: {indicator.name}</li>
          <li>Description: {indicator.description || "none"}</li>
          <li>In use: {indicator.isActive ? "yes" : "no, retired"}</li>
        </>
      }
      submit="Save changes"
    >
      <ContextIndicatorFields values={result?.values} errors={result?.errors} current={indicator} />
    </ReferenceFormPage>
  );
}
