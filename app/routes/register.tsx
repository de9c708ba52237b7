// A provider registers its organisation. Public: no account is needed, and a signed-in
// user may register one too. The council approves it before anyone can bid for it.
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, Textarea, TextInput } from "~/components/forms";
import { failure, fieldValue, parseForm, type FormFailure } from "~/lib/forms";
import { registerProvider } from "~/models/organisations/organisations.server";
import { getSettings } from "~/models/admin/settings.server";
import { normaliseEmail } from "~/models/accounts/users.server";
import { registrationSchema } from "~/schemas/organisations";
import { auditContext } from "~/http/guards.server";
import { registrationReceivedEmail } from "~/services/mail-templates.server";
import { sendMailAfterCommit } from "~/services/mail.server";
import { flashData } from "~/services/session.server";
import { DuplicateError } from "~/models/errors";

export const meta: MetaFunction = () => [{ title: "Register your organisation – Early help portal" }];

/** What the confirmation page says, carried there once in the session. */
export interface RegistrationReceipt {
  organisationName: string;
  contactEmail: string;
}

export async function loader() {
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseForm(registrationSchema, await request.formData());
  if (!parsed.ok) return json<FormFailure>(parsed, { status: 400 });
  const input = parsed.data;
  const db = getDb();
  let created: boolean;
  try {
    // The registrant is not acting as any account: the audit event has no actor.
    ({ created } = await db.transaction().execute((trx) => registerProvider(trx, auditContext(null, context), input)));
  } catch (error) {
    if (error instanceof DuplicateError) {
      return json<FormFailure>(failure(parsed.values, { [error.field]: error.message }), { status: 400 });
    }
    throw error;
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
          <TextInput name="name" label="Organisation name" defaultValue={fieldValue(values, "name")} error={errors.name} autoComplete="organization" />
          <TextInput
            name="charity_number"
            label="Charity number (optional)"
            hint="England and Wales: 6 or 7 digits, like 1123456. Scotland: SC and 6 digits. Northern Ireland: NIC and 6 digits."
            defaultValue={fieldValue(values, "charity_number")}
            error={errors.charity_number}
            width="10"
            spellCheck={false}
          />
          <TextInput
            name="company_number"
            label="Company number (optional)"
            hint="From Companies House: 8 characters, like 01234567 or SC123456"
            defaultValue={fieldValue(values, "company_number")}
            error={errors.company_number}
            width="10"
            spellCheck={false}
          />
          <Textarea name="address" label="Address (optional)" defaultValue={fieldValue(values, "address")} error={errors.address} rows={3} />
          <TextInput
            name="postcode"
            label="Postcode"
            defaultValue={fieldValue(values, "postcode")}
            error={errors.postcode}
            width="10"
            autoComplete="postal-code"
          />
          <h2 className="govuk-heading-m">Who should the council contact?</h2>
          <TextInput
            name="contact_name"
            label="Full name"
            defaultValue={fieldValue(values, "contact_name")}
            error={errors.contact_name}
            autoComplete="name"
          />
          <TextInput
            name="contact_email"
            label="E-mail address"
            hint="The invitation to set up an account is sent here"
            type="email"
            defaultValue={fieldValue(values, "contact_email")}
            error={errors.contact_email}
            autoComplete="email"
            spellCheck={false}
          />
          <Button>Register</Button>
        </Form>
        <p className="govuk-body">
          Already have an account? <Link className="govuk-link" to="/sign-in">Sign in</Link>.
        </p>
      </div>
    </div>
  );
}
