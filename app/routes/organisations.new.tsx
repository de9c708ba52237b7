import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary } from "~/components/forms";
import { OrganisationFields } from "~/components/organisation-fields";
import { parseForm, type FormFailure } from "~/lib/forms";
import { createOrganisation } from "~/models/organisations/organisations.server";
import { organisationSchema } from "~/schemas/organisations.server";
import { auditContext, requirePermission } from "~/http/guards.server";
import { flash } from "~/services/session.server";
import { refusedForm } from "~/http/errors.server";
import { Form } from "~/components/form";

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
    return refusedForm(error, parsed.values);
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
            <OrganisationFields values={values} errors={errors} />
            <Button>Add organisation</Button>
          </Form>
        </div>
      </div>
    </>
  );
}
