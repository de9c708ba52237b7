import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, Radios, TextInput, Textarea } from "~/components/forms";
import { formatDateTime } from "~/lib/dates";
import { failure, fieldValue, parseForm, type FormFailure } from "~/lib/forms";
import { auditContext, notFound, requirePermission } from "~/http/guards.server";
import { flash } from "~/services/session.server";
import { DuplicateError, StaleEditError } from "~/models/errors";
import { getContextIndicator, updateContextIndicator } from "~/models/context/indicators.server";
import { contextIndicatorEditSchema } from "~/schemas/reference-data";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.indicator.name ?? "Context indicator"} – Early help portal` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "context-indicators:manage");
  const indicator = await getContextIndicator(getDb(), params.indicatorId ?? "");
  if (!indicator) notFound("Context indicator not found");
  return json({ indicator });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "context-indicators:manage");
  const id = params.indicatorId ?? "";
  if (!(await getContextIndicator(getDb(), id))) notFound("Context indicator not found");
  const result = parseForm(contextIndicatorEditSchema, await request.formData());
  if (!result.ok) return json<FormFailure>(result, { status: 400 });
  const input = result.data;
  try {
    await getDb().transaction().execute((trx) => updateContextIndicator(trx, auditContext(user, context), id, input));
  } catch (error) {
    if (error instanceof DuplicateError) return json<FormFailure>(failure(result.values, { [error.field]: error.message }), { status: 400 });
    if (error instanceof StaleEditError) return json<FormFailure>(failure(result.values, {}, error.message), { status: 409 });
    throw error;
  }
  return redirect("/admin/context-indicators", {
    headers: { "Set-Cookie": await flash(request, { kind: "success", text: `${input.name} has been updated` }) },
  });
}

export default function EditContextIndicator() {
  const { indicator } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values;
  const errors = result?.errors;
  const stale = !!result?.formError;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to="/admin/context-indicators">Back to context indicators</Link>
        <ErrorSummary errors={errors} formError={result?.formError} submissionId={result?.submissionId} />
        <h1 className="govuk-heading-l">
          <span className="govuk-caption-l">Context indicator{indicator.isActive ? "" : " (retired)"}</span>
          {indicator.name}
        </h1>
        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Code</dt>
            <dd className="govuk-summary-list__value"><code>{indicator.code}</code> (used in CSV files; it cannot be changed)</dd>
          </div>
        </dl>
        {stale ? (
          <div className="govuk-inset-text">
            <p className="govuk-body">The details saved now, changed {formatDateTime(indicator.updatedAt)}:</p>
            <ul className="govuk-list">
              <li>Name: {indicator.name}</li>
              <li>Description: {indicator.description || "none"}</li>
              <li>In use: {indicator.isActive ? "yes" : "no, retired"}</li>
            </ul>
            <p className="govuk-body">Saving again replaces them with what is in the form below.</p>
          </div>
        ) : null}
        <Form method="post" noValidate>
          <input type="hidden" name="version" value={stale ? indicator.version : fieldValue(values, "version", indicator.version)} />
          <TextInput name="name" label="Name" defaultValue={fieldValue(values, "name", indicator.name)} error={errors?.name} width="30" />
          <Textarea name="description" label="Description" hint="Optional." defaultValue={fieldValue(values, "description", indicator.description)} error={errors?.description} rows={3} />
          <Radios
            name="is_active"
            legend="Do officers enter this indicator?"
            hint="A retired indicator leaves the form and the profiles; its figures are kept, and reactivating it brings them back."
            options={[{ value: "yes", label: "Yes, it is in use" }, { value: "no", label: "No, it is retired" }]}
            defaultValue={fieldValue(values, "is_active", indicator.isActive ? "yes" : "no")}
            error={errors?.is_active}
            inline
          />
          <Button>Save changes</Button>
        </Form>
      </div>
    </div>
  );
}
