import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, Radios, Textarea, TextInput } from "~/components/forms";
import { failure, fieldValue, parseForm, type FormFailure } from "~/lib/forms";
import { createOrganisation } from "~/models/organisations/organisations.server";
import { organisationSchema, ORGANISATION_TYPES, TYPE_LABELS } from "~/schemas/organisations";
import { auditContext, requirePermission } from "~/http/guards.server";
import { flash } from "~/services/session.server";
import { DuplicateError } from "~/models/errors";

export const meta: MetaFunction = () => [{ title: "Add an organisation – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "organisations:create");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "organisations:create");
  const parsed = parseForm(organisationSchema, await request.formData());
  if (!parsed.ok) return json<FormFailure>(parsed, { status: 400 });
  let id: string;
  try {
    id = await getDb().transaction().execute((trx) => createOrganisation(trx, auditContext(user, context), parsed.data));
  } catch (error) {
    if (error instanceof DuplicateError) {
      return json<FormFailure>(failure(parsed.values, { [error.field]: error.message }), { status: 400 });
    }
    throw error;
  }
  return redirect(`/organisations/${id}`, {
    headers: { "Set-Cookie": await flash(request, { kind: "success", text: `${parsed.data.name} has been added` }) },
  });
}

export default function NewOrganisation() {
  const result = useActionData<typeof action>();
  const values = result?.values;
  const errors = result?.errors ?? {};
  return (
    <>
      <Link to="/organisations" className="govuk-back-link">Back to organisations</Link>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
          <h1 className="govuk-heading-l">Add an organisation</h1>
          <p className="govuk-body">
            Organisations you add are approved straight away. To let people act for a provider, invite them from Admin, Users.
          </p>
          <Form method="post" noValidate>
            <TextInput name="name" label="Organisation name" defaultValue={fieldValue(values, "name")} error={errors.name} autoComplete="organization" />
            <Radios
              name="type"
              legend="Type of organisation"
              options={ORGANISATION_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] }))}
              defaultValue={fieldValue(values, "type", "provider")}
              error={errors.type}
              inline
            />
            <TextInput
              name="charity_number"
              label="Charity number (optional)"
              hint="England and Wales: 6 or 7 digits. Scotland: SC and 6 digits. Northern Ireland: NIC and 6 digits."
              defaultValue={fieldValue(values, "charity_number")}
              error={errors.charity_number}
              width="10"
              spellCheck={false}
            />
            <TextInput
              name="company_number"
              label="Company number (optional)"
              hint="8 characters, like 01234567 or SC123456"
              defaultValue={fieldValue(values, "company_number")}
              error={errors.company_number}
              width="10"
              spellCheck={false}
            />
            <TextInput
              name="org_identifier"
              label="Organisation identifier (optional)"
              hint="As 360Giving publishes it, like GB-CHC-1123456. Leave blank to make one from the charity or company number."
              defaultValue={fieldValue(values, "org_identifier")}
              error={errors.org_identifier}
              width="20"
              spellCheck={false}
            />
            <Textarea name="address" label="Address (optional)" defaultValue={fieldValue(values, "address")} error={errors.address} rows={3} />
            <TextInput name="postcode" label="Postcode (optional)" defaultValue={fieldValue(values, "postcode")} error={errors.postcode} width="10" autoComplete="postal-code" />
            <TextInput name="contact_name" label="Contact name (optional)" defaultValue={fieldValue(values, "contact_name")} error={errors.contact_name} />
            <TextInput
              name="contact_email"
              label="Contact e-mail address (optional)"
              type="email"
              defaultValue={fieldValue(values, "contact_email")}
              error={errors.contact_email}
              spellCheck={false}
            />
            <Button>Add organisation</Button>
          </Form>
        </div>
      </div>
    </>
  );
}
