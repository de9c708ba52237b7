import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, TextInput, Textarea } from "~/components/forms";
import { failure, fieldValue, parseForm, type FormFailure } from "~/lib/forms";
import { auditContext, requirePermission } from "~/http/guards.server";
import { flash } from "~/services/session.server";
import { DuplicateError } from "~/models/errors";
import { createContextIndicator } from "~/models/context/indicators.server";
import { contextIndicatorSchema } from "~/schemas/reference-data";

export const meta: MetaFunction = () => [{ title: "Add a context indicator – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "context-indicators:manage");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "context-indicators:manage");
  const result = parseForm(contextIndicatorSchema, await request.formData());
  if (!result.ok) return json<FormFailure>(result, { status: 400 });
  const input = result.data;
  try {
    await getDb().transaction().execute((trx) => createContextIndicator(trx, auditContext(user, context), input));
  } catch (error) {
    if (error instanceof DuplicateError) return json<FormFailure>(failure(result.values, { [error.field]: error.message }), { status: 400 });
    throw error;
  }
  return redirect("/admin/context-indicators", {
    headers: { "Set-Cookie": await flash(request, { kind: "success", text: `${input.name} has been added` }) },
  });
}

export default function NewContextIndicator() {
  const result = useActionData<typeof action>();
  const values = result?.values;
  const errors = result?.errors;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to="/admin/context-indicators">Back to context indicators</Link>
        <ErrorSummary errors={errors} formError={result?.formError} submissionId={result?.submissionId} />
        <h1 className="govuk-heading-l">Add a context indicator</h1>
        <Form method="post" noValidate>
          <TextInput name="name" label="Name" hint="As officers and board members will read it, like School exclusions" defaultValue={fieldValue(values, "name")} error={errors?.name} width="30" />
          <TextInput
            name="code"
            label="Code"
            hint="Used in CSV files and cannot be changed later. Lowercase letters, digits and hyphens, like school-exclusions."
            defaultValue={fieldValue(values, "code")}
            error={errors?.code}
            width="20"
            spellCheck={false}
            autoComplete="off"
          />
          <Textarea name="description" label="Description" hint="Optional. What is counted, and when: in the quarter, or at its end." defaultValue={fieldValue(values, "description")} error={errors?.description} rows={3} />
          <Button>Add indicator</Button>
        </Form>
      </div>
    </div>
  );
}
