import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, TextInput } from "~/components/forms";
import { requestPasswordReset } from "~/models/accounts/credentials.server";
import { getSettings } from "~/models/admin/settings.server";
import { forgotPasswordSchema } from "~/schemas/accounts.server";
import { failure, parseForm } from "~/lib/forms";
import { auditContext, clientIpOf } from "~/http/guards.server";
import { normaliseEmail } from "~/models/accounts/users.server";
import { RESET_PER_ADDRESS, RESET_PER_CLIENT, withinAllowance } from "~/models/throttles.server";
import { sendMailAfterCommit } from "~/services/mail.server";
import { passwordResetEmail } from "~/services/mail-templates.server";
import { appUrl } from "~/services/app-url.server";
import { Form } from "~/components/form";

export const meta: MetaFunction = () => [{ title: "Reset your password – Early help portal" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const result = parseForm(forgotPasswordSchema, await request.formData());
  if (!result.ok) return json(result, { status: 400 });
  const db = getDb();
  const client = clientIpOf(context);
  const address = normaliseEmail(result.data.email);
  if (!(await withinAllowance(db, RESET_PER_CLIENT, client))) {
    return json(failure(result.values, {}, "There have been too many requests from your network. Wait an hour and try again, or ask the council."), { status: 429 });
  }
  // One address gets a few links an hour at most; past that the page says the same and sends
  // nothing. The link is made and sent after the answer, so the answer takes as long whether
  // or not the address has an account.
  if (await withinAllowance(db, RESET_PER_ADDRESS, address)) {
    const audit = auditContext(null, context);
    void (async () => {
      const reset = await requestPasswordReset(db, audit, address);
      if (!reset) return;
      const { council_name } = await getSettings(db);
      await sendMailAfterCommit(passwordResetEmail({ to: reset.email, name: reset.name, councilName: council_name, link: appUrl(`/reset-password/${reset.token}`) }));
    })().catch((error: unknown) => console.error(`Password reset for a requested address failed: ${error instanceof Error ? error.message : error}`));
  }
  // The same answer whether or not the address has an account.
  return json({ ok: true as const, sentTo: result.data.email });
}

export default function ForgotPassword() {
  const result = useActionData<typeof action>();
  if (result?.ok) {
    return (
      <>
        <h1 className="govuk-heading-l">Check your e-mail</h1>
        <p className="govuk-body">
          If there is an account for {result.sentTo}, we have sent it a link to reset the password. The link works for 1 hour.
        </p>
        <p className="govuk-body">If nothing arrives within a few minutes, check your spam folder or ask the council.</p>
        <p className="govuk-body"><Link className="govuk-link" to="/sign-in">Back to sign in</Link></p>
      </>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
        <h1 className="govuk-heading-l">Reset your password</h1>
        <p className="govuk-body">Enter the e-mail address you sign in with. We will send you a link to choose a new password.</p>
        <Form method="post" noValidate>
          <TextInput
            name="email" label="E-mail address" type="email" autoComplete="email" spellCheck={false}
            defaultValue={typeof result?.values?.email === "string" ? result.values.email : ""}
            error={result?.errors.email}
          />
          <Button>Send the link</Button>
        </Form>
      </div>
    </div>
  );
}
