import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, Radios, TextInput, Textarea } from "~/components/forms";
import { formatDateTime } from "~/lib/dates";
import { failure, fieldValue, parseForm, type FormFailure } from "~/lib/forms";
import { getTheme, updateTheme } from "~/models/admin/themes.server";
import { themeEditSchema } from "~/schemas/reference-data";
import { auditContext, notFound, requirePermission } from "~/http/guards.server";
import { flash } from "~/services/session.server";
import { DuplicateError, StaleEditError } from "~/models/errors";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.theme.name ?? "Theme"} – Early help portal` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:reference-data");
  const theme = await getTheme(getDb(), params.themeId ?? "");
  if (!theme) notFound("Theme not found");
  return json({ theme });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:reference-data");
  const id = params.themeId ?? "";
  if (!(await getTheme(getDb(), id))) notFound("Theme not found");
  const result = parseForm(themeEditSchema, await request.formData());
  if (!result.ok) return json<FormFailure>(result, { status: 400 });
  const { version, ...input } = result.data;
  try {
    await getDb().transaction().execute((trx) => updateTheme(trx, auditContext(user, context), id, version, input));
  } catch (error) {
    if (error instanceof DuplicateError) return json<FormFailure>(failure(result.values, { [error.field]: error.message }), { status: 400 });
    if (error instanceof StaleEditError) return json<FormFailure>(failure(result.values, {}, error.message), { status: 409 });
    throw error;
  }
  return redirect("/admin/themes", {
    headers: { "Set-Cookie": await flash(request, { kind: "success", text: `Theme ${input.name} has been updated` }) },
  });
}

export default function EditTheme() {
  const { theme } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values;
  const errors = result?.errors;
  const stale = !!result?.formError;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to="/admin/themes">Back to themes</Link>
        <ErrorSummary errors={errors} formError={result?.formError} submissionId={result?.submissionId} />
        <h1 className="govuk-heading-l">
          <span className="govuk-caption-l">Theme</span>
          {theme.name}
        </h1>
        {stale ? (
          <div className="govuk-inset-text">
            <p className="govuk-body">The details saved now, changed {formatDateTime(theme.updatedAt)}:</p>
            <ul className="govuk-list">
              <li>Name: {theme.name}</li>
              <li>Description: {theme.description || "none"}</li>
              <li>Active: {theme.isActive ? "yes" : "no"}</li>
            </ul>
            <p className="govuk-body">Saving again replaces them with what is in the form below.</p>
          </div>
        ) : null}
        <Form method="post" noValidate>
          <input type="hidden" name="version" value={stale ? theme.version : fieldValue(values, "version", theme.version)} />
          <TextInput name="name" label="Name" defaultValue={fieldValue(values, "name", theme.name)} error={errors?.name} width="20" />
          <Textarea name="description" label="Description" hint="Optional." defaultValue={fieldValue(values, "description", theme.description)} error={errors?.description} rows={3} />
          <Radios
            name="is_active"
            legend="Can projects choose this theme?"
            options={[{ value: "yes", label: "Yes, it is active" }, { value: "no", label: "No, it is inactive" }]}
            defaultValue={fieldValue(values, "is_active", theme.isActive ? "yes" : "no")}
            error={errors?.is_active}
            inline
          />
          <Button>Save changes</Button>
        </Form>
      </div>
    </div>
  );
}
