import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, TextInput } from "~/components/forms";
import { resetPassword, TOKEN_PROBLEMS } from "~/models/accounts/credentials.server";
import { MIN_PASSWORD_LENGTH } from "~/schemas/accounts";
import { newPasswordSchema } from "~/schemas/accounts.server";
import { failure, parseForm } from "~/lib/forms";
import { auditContext } from "~/http/guards.server";
import { flash } from "~/services/session.server";
import { checkAccountToken } from "~/services/tokens.server";
import { Form } from "~/components/form";

export const meta: MetaFunction = () => [{ title: "Choose a new password – Early help portal" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const check = await checkAccountToken(getDb(), params.token ?? "", "password_reset");
  if (!check.ok) return json({ problem: TOKEN_PROBLEMS.password_reset[check.reason] }, { status: 410 });
  return json({ problem: null });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const result = parseForm(newPasswordSchema, await request.formData());
  if (!result.ok) return json(result, { status: 400 });
  const reset = await resetPassword(getDb(), auditContext(null, context), params.token ?? "", result.data.password);
  if (!reset.ok) return json(failure({}, {}, TOKEN_PROBLEMS.password_reset[reset.reason]), { status: 410 });
  return redirect("/sign-in", {
    headers: { "Set-Cookie": await flash(request, { kind: "success", text: "Your password has been changed. Sign in with your new password." }) },
  });
}

export default function ResetPassword() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (data.problem) {
    return (
      <>
        <h1 className="govuk-heading-l">You cannot use this link</h1>
        <p className="govuk-body">{data.problem}</p>
        <p className="govuk-body"><Link className="govuk-link" to="/forgot-password">Ask for a new link</Link></p>
      </>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
        <h1 className="govuk-heading-l">Choose a new password</h1>
        <Form method="post" noValidate>
          <TextInput
            name="password" label="New password" type="password" autoComplete="new-password"
            hint={`At least ${MIN_PASSWORD_LENGTH} characters.`} error={result?.errors.password}
          />
          <TextInput name="confirmPassword" label="Confirm your new password" type="password" autoComplete="new-password" error={result?.errors.confirmPassword} />
          <Button>Change password</Button>
        </Form>
      </div>
    </div>
  );
}
