import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, TextInput } from "~/components/forms";
import { failure, fieldValue, parseForm, type FormFailure } from "~/lib/forms";
import { createDistrict } from "~/models/admin/districts.server";
import { districtSchema } from "~/schemas/reference-data";
import { auditContext, requirePermission } from "~/http/guards.server";
import { flash } from "~/services/session.server";
import { DuplicateError } from "~/models/errors";

export const meta: MetaFunction = () => [{ title: "Add a district – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:reference-data");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:reference-data");
  const result = parseForm(districtSchema, await request.formData());
  if (!result.ok) return json<FormFailure>(result, { status: 400 });
  const input = result.data;
  try {
    await getDb().transaction().execute((trx) => createDistrict(trx, auditContext(user, context), input));
  } catch (error) {
    if (error instanceof DuplicateError) return json<FormFailure>(failure(result.values, { [error.field]: error.message }), { status: 400 });
    throw error;
  }
  return redirect("/admin/districts", {
    headers: { "Set-Cookie": await flash(request, { kind: "success", text: `${input.name} has been added` }) },
  });
}

export default function NewDistrict() {
  const result = useActionData<typeof action>();
  const values = result?.values;
  const errors = result?.errors;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to="/admin/districts">Back to districts</Link>
        <ErrorSummary errors={errors} formError={result?.formError} submissionId={result?.submissionId} />
        <h1 className="govuk-heading-l">Add a district</h1>
        <Form method="post" noValidate>
          <TextInput name="name" label="Name" defaultValue={fieldValue(values, "name")} error={errors?.name} width="20" />
          <TextInput
            name="ons_code"
            label="ONS code"
            hint="The 9-character code the Office for National Statistics gives the district, like E07000118"
            defaultValue={fieldValue(values, "ons_code")}
            error={errors?.ons_code}
            width="10"
            spellCheck={false}
          />
          <TextInput
            name="partnership_name"
            label="Partnership"
            hint="The district's children's partnership, like Chorley Local Children's Trust Partnership"
            defaultValue={fieldValue(values, "partnership_name")}
            error={errors?.partnership_name}
          />
          <Button>Add district</Button>
        </Form>
      </div>
    </div>
  );
}
