import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, Radios, TextInput, Textarea } from "~/components/forms";
import { failure, fieldValue, parseForm, type FormFailure } from "~/lib/forms";
import { createStream } from "~/models/funding/streams.server";
import { streamSchema } from "~/schemas/reference-data";
import { auditContext, requirePermission } from "~/http/guards.server";
import { flash } from "~/services/session.server";
import { DuplicateError } from "~/models/errors";

export const meta: MetaFunction = () => [{ title: "Add a funding stream – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:reference-data");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:reference-data");
  const result = parseForm(streamSchema, await request.formData());
  if (!result.ok) return json<FormFailure>(result, { status: 400 });
  const input = result.data;
  let id: string;
  try {
    id = await getDb().transaction().execute((trx) => createStream(trx, auditContext(user, context), input));
  } catch (error) {
    if (error instanceof DuplicateError) return json<FormFailure>(failure(result.values, { [error.field]: error.message }), { status: 400 });
    throw error;
  }
  return redirect(`/admin/funding/${id}`, {
    headers: {
      "Set-Cookie": await flash(request, { kind: "success", text: `${input.name} has been added. Enter what each district is allocated below.` }),
    },
  });
}

export default function NewFundingStream() {
  const result = useActionData<typeof action>();
  const values = result?.values;
  const errors = result?.errors;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to="/admin/funding">Back to funding streams</Link>
        <ErrorSummary errors={errors} formError={result?.formError} submissionId={result?.submissionId} />
        <h1 className="govuk-heading-l">Add a funding stream</h1>
        <Form method="post" noValidate>
          <TextInput name="name" label="Name" defaultValue={fieldValue(values, "name")} error={errors?.name} width="20" />
          <Textarea
            name="description"
            label="Description"
            hint="Optional. Where the money comes from and any conditions, like “£80,000 per district per year from the Schools Forum”."
            defaultValue={fieldValue(values, "description")}
            error={errors?.description}
            rows={3}
          />
          <Radios
            name="is_active"
            legend="Is the funding stream active?"
            options={[{ value: "yes", label: "Yes" }, { value: "no", label: "No" }]}
            defaultValue={fieldValue(values, "is_active", "yes")}
            error={errors?.is_active}
            inline
          />
          <Button>Add funding stream</Button>
        </Form>
      </div>
    </div>
  );
}
