import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary } from "~/components/forms";
import { OrganisationFields } from "~/components/organisation-fields";
import { parseForm, type FormFailure } from "~/lib/forms";
import { getOrganisation, updateOrganisation, type Organisation } from "~/models/organisations/organisations.server";
import { TYPE_LABELS } from "~/schemas/organisations";
import { organisationEditSchema } from "~/schemas/organisations.server";
import { auditContext } from "~/http/guards.server";
import { refusedForm } from "~/http/errors.server";
import { requireReferenceRecord, type ReferenceGuard } from "~/http/admin/reference-data.server";
import { flash } from "~/services/session.server";
import { StaleEditError } from "~/models/errors";
import { Form } from "~/components/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Change ${data?.organisation.name ?? "an organisation"} – Early help portal` },
];

const organisationGuard = (id: string | undefined): ReferenceGuard<Organisation> => ({
  permission: "organisations:edit",
  load: () => getOrganisation(getDb(), id ?? ""),
  notFoundMessage: "Page not found",
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { record: organisation } = await requireReferenceRecord(request, organisationGuard(params.organisationId));
  return json({ organisation });
}

/** A stale edit comes back with what was typed and the details someone else saved. */
type EditFailure = FormFailure & { current?: Organisation };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, record: existing } = await requireReferenceRecord(request, organisationGuard(params.organisationId));
  const db = getDb();
  const parsed = parseForm(organisationEditSchema, await request.formData());
  if (!parsed.ok) return json<EditFailure>(parsed, { status: 400 });
  const { version, ...input } = parsed.data;
  try {
    await db.transaction().execute((trx) => updateOrganisation(trx, auditContext(user, context), existing.id, version, input));
  } catch (error) {
    const current = error instanceof StaleEditError ? (await getOrganisation(db, existing.id)) ?? undefined : undefined;
    return refusedForm<{ current?: Organisation }>(error, parsed.values, { current });
  }
  return redirect(`/organisations/${existing.id}`, {
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
            <OrganisationFields values={values} errors={errors} current={o} />
            <Button>Save changes</Button>
          </Form>
        </div>
      </div>
    </>
  );
}
