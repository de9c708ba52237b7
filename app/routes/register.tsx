// A provider registers its organisation. Public: no account is needed, and a signed-in
// user may register one too. The council approves it before anyone can bid for it.
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary } from "~/components/forms";
import { OrganisationFields } from "~/components/organisation-fields";
import { failure, parseForm, type FormFailure } from "~/lib/forms";
import { registerProvider } from "~/models/organisations/organisations.server";
import { getSettings } from "~/models/admin/settings.server";
import { normaliseEmail } from "~/models/accounts/users.server";
import type { RegistrationReceipt } from "~/schemas/organisations";
import { registrationSchema } from "~/schemas/organisations.server";
import { auditContext, clientIpOf } from "~/http/guards.server";
import { registrationReceivedEmail } from "~/services/mail-templates.server";
import { sendMailAfterCommit } from "~/services/mail.server";
import { notifyRegistrationWaiting } from "~/models/notifications/notify.server";
import { REGISTER_PER_CLIENT, withinAllowance } from "~/models/throttles.server";
import { flashData } from "~/services/session.server";
import { refusedForm } from "~/http/errors.server";
import { Form } from "~/components/form";

export const meta: MetaFunction = () => [{ title: "Register your organisation – Early help portal" }];

export async function loader() {
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseForm(registrationSchema, await request.formData());
  if (!parsed.ok) return json<FormFailure>(parsed, { status: 400 });
  const input = parsed.data;
  const db = getDb();
  if (!(await withinAllowance(db, REGISTER_PER_CLIENT, clientIpOf(context)))) {
    return json<FormFailure>(failure(parsed.values, {}, "There have been too many registrations from your network. Wait an hour and try again, or e-mail the council."), { status: 429 });
  }
  let created: boolean;
  let organisationId: string;
  try {
    // The registrant is not acting as any account: the audit event has no actor.
    ({ created, id: organisationId } = await db.transaction().execute((trx) => registerProvider(trx, auditContext(null, context), input)));
  } catch (error) {
    return refusedForm(error, parsed.values);
  }
  // A second press of the button finds the first registration: same confirmation, no second e-mail.
  if (created) {
    const settings = await getSettings(db);
    await sendMailAfterCommit(
      registrationReceivedEmail({
        to: normaliseEmail(input.contact_email),
        name: input.contact_name,
        organisationName: input.name,
        councilName: settings.council_name,
      }),
    );
    await notifyRegistrationWaiting(db, { organisationId });
  }
  const receipt = { organisationName: input.name, contactEmail: input.contact_email } satisfies RegistrationReceipt;
  return redirect("/register/done", { headers: { "Set-Cookie": await flashData(request, "registration", receipt) } });
}

export default function Register() {
  const result = useActionData<typeof action>();
  const values = result?.values;
  const errors = result?.errors ?? {};
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
        <h1 className="govuk-heading-l">Register your organisation</h1>
        <p className="govuk-body">
          Charities, community groups and social enterprises register here to bid for early help funding. A commissioning
          officer checks each registration, then e-mails the contact an invitation to set up an account.
        </p>
        <p className="govuk-body">
          You do not need a charity or company number: small community groups can register without either.
        </p>
        <Form method="post" noValidate>
          <OrganisationFields registration values={values} errors={errors} />
          <Button>Register</Button>
        </Form>
        <p className="govuk-body">
          Already have an account? <Link className="govuk-link" to="/sign-in">Sign in</Link>.
        </p>
      </div>
    </div>
  );
}
