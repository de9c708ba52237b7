import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, Radios, Textarea, TextInput } from "~/components/forms";
import { failure, fieldValue, parseForm, type FormFailure } from "~/lib/forms";
import { getOrganisation, updateOrganisation, type Organisation } from "~/models/organisations/organisations.server";
import { organisationEditSchema, ORGANISATION_TYPES, TYPE_LABELS } from "~/schemas/organisations";
import { auditContext, notFound, requirePermission } from "~/http/guards.server";
import { flash } from "~/services/session.server";
import { DuplicateError, StaleEditError } from "~/models/errors";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Change ${data?.organisation.name ?? "an organisation"} – Early help portal` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "organisations:edit");
  const organisation = await getOrganisation(getDb(), params.organisationId ?? "");
  if (!organisation) notFound();
  return json({ organisation });
}

/** A stale edit comes back with what was typed and the details someone else saved. */
type EditFailure = FormFailure & { current?: Organisation };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "organisations:edit");
  const id = params.organisationId ?? "";
  const db = getDb();
  const existing = await getOrganisation(db, id);
  if (!existing) notFound();
  const parsed = parseForm(organisationEditSchema, await request.formData());
  if (!parsed.ok) return json<EditFailure>(parsed, { status: 400 });
  const { version, ...input } = parsed.data;
  try {
    await db.transaction().execute((trx) => updateOrganisation(trx, auditContext(user, context), id, version, input));
  } catch (error) {
    if (error instanceof StaleEditError) {
      const current = (await getOrganisation(db, id)) ?? undefined;
      return json<EditFailure>({ ...failure(parsed.values, {}, error.message), current }, { status: 409 });
    }
    if (error instanceof DuplicateError) {
      return json<EditFailure>(failure(parsed.values, { [error.field]: error.message }), { status: 400 });
    }
    throw error;
  }
  return redirect(`/organisations/${id}`, {
    headers: { "Set-Cookie": await flash(request, { kind: "success", text: `The details of ${input.name} have been saved` }) },
  });
}

export default function EditOrganisation() {
  const { organisation: o } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values;
  const errors = result?.errors ?? {};
  const current = result && "current" in result ? result.current : undefined;
  return (
    <>
      <Link to={`/organisations/${o.id}`} className="govuk-back-link">Back to {o.name}</Link>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
          <h1 className="govuk-heading-l">
            <span className="govuk-caption-l">{o.name}</span>
            Change the details
          </h1>
          {current ? (
            <div className="govuk-inset-text">
              <p className="govuk-body">The details saved now are:</p>
              <ul className="govuk-list">
                <li>Name: {current.name}</li>
                <li>Type: {TYPE_LABELS[current.type]}</li>
                <li>Charity number: {current.charityNumber ?? "Not given"}</li>
                <li>Company number: {current.companyNumber ?? "Not given"}</li>
                <li>Organisation identifier: {current.orgIdentifier ?? "Not given"}</li>
                <li>Address: {current.address ?? "Not given"}</li>
                <li>Postcode: {current.postcode ?? "Not given"}</li>
                <li>Contact: {[current.contactName, current.contactEmail].filter(Boolean).join(", ") || "Not given"}</li>
              </ul>
              <p className="govuk-body">The form below still has what you typed. Save it again to replace them.</p>
            </div>
          ) : null}
          <Form method="post" noValidate>
            {/* Always the version the page was loaded with; after a stale edit the loader gives the new one. */}
            <input type="hidden" name="version" value={o.version} />
            <TextInput name="name" label="Organisation name" defaultValue={fieldValue(values, "name", o.name)} error={errors.name} autoComplete="organization" />
            <Radios
              name="type"
              legend="Type of organisation"
              options={ORGANISATION_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] }))}
              defaultValue={fieldValue(values, "type", o.type)}
              error={errors.type}
              inline
            />
            <TextInput
              name="charity_number"
              label="Charity number (optional)"
              hint="England and Wales: 6 or 7 digits. Scotland: SC and 6 digits. Northern Ireland: NIC and 6 digits."
              defaultValue={fieldValue(values, "charity_number", o.charityNumber)}
              error={errors.charity_number}
              width="10"
              spellCheck={false}
            />
            <TextInput
              name="company_number"
              label="Company number (optional)"
              hint="8 characters, like 01234567 or SC123456"
              defaultValue={fieldValue(values, "company_number", o.companyNumber)}
              error={errors.company_number}
              width="10"
              spellCheck={false}
            />
            <TextInput
              name="org_identifier"
              label="Organisation identifier (optional)"
              hint="As 360Giving publishes it, like GB-CHC-1123456. Leave blank to make one from the charity or company number."
              defaultValue={fieldValue(values, "org_identifier", o.orgIdentifier)}
              error={errors.org_identifier}
              width="20"
              spellCheck={false}
            />
            <Textarea name="address" label="Address (optional)" defaultValue={fieldValue(values, "address", o.address)} error={errors.address} rows={3} />
            <TextInput
              name="postcode"
              label="Postcode (optional)"
              defaultValue={fieldValue(values, "postcode", o.postcode)}
              error={errors.postcode}
              width="10"
              autoComplete="postal-code"
            />
            <TextInput name="contact_name" label="Contact name (optional)" defaultValue={fieldValue(values, "contact_name", o.contactName)} error={errors.contact_name} />
            <TextInput
              name="contact_email"
              label="Contact e-mail address (optional)"
              type="email"
              defaultValue={fieldValue(values, "contact_email", o.contactEmail)}
              error={errors.contact_email}
              spellCheck={false}
            />
            <Button>Save changes</Button>
          </Form>
        </div>
      </div>
    </>
  );
}
