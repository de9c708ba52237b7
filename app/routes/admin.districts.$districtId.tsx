import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, TextInput } from "~/components/forms";
import { formatDateTime } from "~/lib/dates";
import { failure, fieldValue, parseForm, type FormFailure } from "~/lib/forms";
import { getDistrict, updateDistrict } from "~/models/admin/districts.server";
import { districtEditSchema } from "~/schemas/reference-data";
import { auditContext, notFound, requirePermission } from "~/http/guards.server";
import { flash } from "~/services/session.server";
import { DuplicateError, StaleEditError } from "~/models/errors";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.district.name ?? "District"} – Early help portal` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:reference-data");
  const district = await getDistrict(getDb(), params.districtId ?? "");
  if (!district) notFound("District not found");
  return json({ district });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:reference-data");
  const id = params.districtId ?? "";
  if (!(await getDistrict(getDb(), id))) notFound("District not found");
  const result = parseForm(districtEditSchema, await request.formData());
  if (!result.ok) return json<FormFailure>(result, { status: 400 });
  const { version, ...input } = result.data;
  try {
    await getDb().transaction().execute((trx) => updateDistrict(trx, auditContext(user, context), id, version, input));
  } catch (error) {
    if (error instanceof DuplicateError) return json<FormFailure>(failure(result.values, { [error.field]: error.message }), { status: 400 });
    if (error instanceof StaleEditError) return json<FormFailure>(failure(result.values, {}, error.message), { status: 409 });
    throw error;
  }
  return redirect("/admin/districts", {
    headers: { "Set-Cookie": await flash(request, { kind: "success", text: `${input.name} has been updated` }) },
  });
}

export default function EditDistrict() {
  const { district } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values;
  const errors = result?.errors;
  const stale = !!result?.formError;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to="/admin/districts">Back to districts</Link>
        <ErrorSummary errors={errors} formError={result?.formError} submissionId={result?.submissionId} />
        <h1 className="govuk-heading-l">
          <span className="govuk-caption-l">District</span>
          {district.name}
        </h1>
        {stale ? (
          <div className="govuk-inset-text">
            <p className="govuk-body">The details saved now, changed {formatDateTime(district.updatedAt)}:</p>
            <ul className="govuk-list">
              <li>Name: {district.name}</li>
              <li>ONS code: {district.onsCode}</li>
              <li>Partnership: {district.partnershipName}</li>
            </ul>
            <p className="govuk-body">Saving again replaces them with what is in the form below.</p>
          </div>
        ) : null}
        <Form method="post" noValidate>
          {/* The version the person started from. After a conflict it becomes the latest, so saving again is deliberate. */}
          <input type="hidden" name="version" value={stale ? district.version : fieldValue(values, "version", district.version)} />
          <TextInput name="name" label="Name" defaultValue={fieldValue(values, "name", district.name)} error={errors?.name} width="20" />
          <TextInput
            name="ons_code"
            label="ONS code"
            hint="The 9-character code the Office for National Statistics gives the district, like E07000118"
            defaultValue={fieldValue(values, "ons_code", district.onsCode)}
            error={errors?.ons_code}
            width="10"
            spellCheck={false}
          />
          <TextInput
            name="partnership_name"
            label="Partnership"
            defaultValue={fieldValue(values, "partnership_name", district.partnershipName)}
            error={errors?.partnership_name}
          />
          <Button>Save changes</Button>
        </Form>
      </div>
    </div>
  );
}
