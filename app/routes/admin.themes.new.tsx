import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, Radios, TextInput, Textarea } from "~/components/forms";
import { failure, fieldValue, parseForm, type FormFailure } from "~/lib/forms";
import { createTheme } from "~/models/admin/themes.server";
import { themeSchema } from "~/schemas/reference-data";
import { auditContext, requirePermission } from "~/http/guards.server";
import { flash } from "~/services/session.server";
import { DuplicateError } from "~/models/errors";

export const meta: MetaFunction = () => [{ title: "Add a theme – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:reference-data");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:reference-data");
  const result = parseForm(themeSchema, await request.formData());
  if (!result.ok) return json<FormFailure>(result, { status: 400 });
  const input = result.data;
  try {
    await getDb().transaction().execute((trx) => createTheme(trx, auditContext(user, context), input));
  } catch (error) {
    if (error instanceof DuplicateError) return json<FormFailure>(failure(result.values, { [error.field]: error.message }), { status: 400 });
    throw error;
  }
  return redirect("/admin/themes", {
    headers: { "Set-Cookie": await flash(request, { kind: "success", text: `Theme ${input.name} has been added` }) },
  });
}

export default function NewTheme() {
  const result = useActionData<typeof action>();
  const values = result?.values;
  const errors = result?.errors;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to="/admin/themes">Back to themes</Link>
        <ErrorSummary errors={errors} formError={result?.formError} submissionId={result?.submissionId} />
        <h1 className="govuk-heading-l">Add a theme</h1>
        <Form method="post" noValidate>
          <TextInput name="name" label="Name" defaultValue={fieldValue(values, "name")} error={errors?.name} width="20" />
          <Textarea name="description" label="Description" hint="Optional. What projects under this theme set out to change." defaultValue={fieldValue(values, "description")} error={errors?.description} rows={3} />
          <Radios
            name="is_active"
            legend="Can projects choose this theme?"
            options={[{ value: "yes", label: "Yes, it is active" }, { value: "no", label: "No, it is inactive" }]}
            defaultValue={fieldValue(values, "is_active", "yes")}
            error={errors?.is_active}
            inline
          />
          <Button>Add theme</Button>
        </Form>
      </div>
    </div>
  );
}
