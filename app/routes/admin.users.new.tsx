import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, TextInput } from "~/components/forms";
import { UserAccessFields } from "~/components/user-access-fields";
import { failure, fieldValue, parseForm, type FormFailure } from "~/lib/forms";
import { getSettings } from "~/models/admin/settings.server";
import { inviteUser, normaliseEmail, userAccessChoices } from "~/models/accounts/users.server";
import { choiceErrors, toAccessInput } from "~/schemas/users";
import { inviteUserSchema } from "~/schemas/users.server";
import { auditContext, requirePermission } from "~/http/guards.server";
import { sendMailAfterCommit } from "~/services/mail.server";
import { invitationEmail } from "~/services/mail-templates.server";
import { appUrl } from "~/services/app-url.server";
import { flash } from "~/services/session.server";
import { refusedForm } from "~/http/errors.server";
import { Form } from "~/components/form";

export const meta: MetaFunction = () => [{ title: "Invite a user – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:users");
  return json(await userAccessChoices(getDb()));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:users");
  const form = await request.formData();
  const parsed = parseForm(inviteUserSchema, form);
  if (!parsed.ok) return json<FormFailure>(parsed, { status: 400 });

  const db = getDb();
  const input = { ...toAccessInput(parsed.data), email: parsed.data.email };
  const { organisations, districts } = await userAccessChoices(db);
  const invalid = choiceErrors(input, { organisationIds: organisations.map((o) => o.id), districtIds: districts.map((d) => d.id) });
  if (Object.keys(invalid).length) return json<FormFailure>(failure(parsed.values, invalid), { status: 400 });

  let invited: { userId: string; token: string };
  try {
    invited = await db.transaction().execute((trx) => inviteUser(trx, auditContext(user, context), input));
  } catch (error) {
    return refusedForm(error, parsed.values);
  }

  const { council_name: councilName } = await getSettings(db);
  const email = normaliseEmail(input.email);
  const sent = await sendMailAfterCommit(
    invitationEmail({ to: email, name: input.name, councilName, link: appUrl(`/accept-invitation/${invited.token}`) }),
  );
  const text = sent
    ? `Invitation sent to ${input.name} (${email})`
    : `${input.name}'s account was created, but the invitation e-mail could not be sent. Use "Resend invitation" to try again.`;
  return redirect(`/admin/users/${invited.userId}`, {
    headers: { "Set-Cookie": await flash(request, { kind: sent ? "success" : "info", text }) },
  });
}

export default function InviteUser() {
  const { organisations, districts } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values;
  const errors = result?.errors ?? {};
  return (
    <>
      <Link to="/admin/users" className="govuk-back-link">Back to users</Link>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
          <h1 className="govuk-heading-l">Invite a user</h1>
          <p className="govuk-body">
            They will get an e-mail with a link to set their password. The link works once and expires in 7 days.
          </p>
          <Form method="post" noValidate>
            <TextInput name="name" label="Full name" autoComplete="off" spellCheck={false} defaultValue={fieldValue(values, "name")} error={errors.name} />
            <TextInput
              name="email"
              label="E-mail address"
              type="email"
              autoComplete="off"
              spellCheck={false}
              defaultValue={fieldValue(values, "email")}
              error={errors.email}
            />
            <UserAccessFields values={values} errors={errors} organisations={organisations} districts={districts} />
            <Button>Send invitation</Button>
          </Form>
        </div>
      </div>
    </>
  );
}
