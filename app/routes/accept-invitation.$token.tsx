import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, TextInput } from "~/components/forms";
import { acceptInvitation, describeInvitation, TOKEN_PROBLEMS } from "~/models/accounts/credentials.server";
import { MIN_PASSWORD_LENGTH } from "~/schemas/accounts";
import { newPasswordSchema } from "~/schemas/accounts.server";
import { failure, parseForm } from "~/lib/forms";
import { auditContext, clientIpOf } from "~/http/guards.server";
import { flash, holdPendingSignIn, startSession } from "~/services/session.server";
import { stepAfterPassword } from "~/services/auth.server";
import { Form } from "~/components/form";

export const meta: MetaFunction = () => [{ title: "Set your password – Early help portal" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const invitation = await describeInvitation(getDb(), params.token ?? "");
  if (!invitation.ok) return json({ problem: TOKEN_PROBLEMS.invitation[invitation.reason], name: null, email: null }, { status: 410 });
  return json({ problem: null, name: invitation.name, email: invitation.email });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const result = parseForm(newPasswordSchema, await request.formData());
  if (!result.ok) return json(result, { status: 400 });
  const accepted = await acceptInvitation(getDb(), auditContext(null, context), params.token ?? "", result.data.password);
  if (!accepted.ok) return json(failure({}, {}, TOKEN_PROBLEMS.invitation[accepted.reason]), { status: 410 });
  // Setting the password signs the person in: they have just proved they own the address.
  // Where their role needs two-step verification, setting it up comes first.
  const headers = new Headers();
  const next = await stepAfterPassword(getDb(), accepted.userId);
  if (next === "sso") {
    headers.append("Set-Cookie", await flash(request, { kind: "info", text: "Your password is set. Council staff sign in with their council account: choose “Sign in with your council account”." }));
    return redirect("/sign-in", { headers });
  }
  if (next !== "signed-in") {
    headers.append("Set-Cookie", await holdPendingSignIn({ userId: accepted.userId, checkedAt: new Date().toISOString(), next, redirectTo: "/" }));
    headers.append("Set-Cookie", await flash(request, {
      kind: "success",
      text: next === "code" ? "Your password is set. Now enter the code from your authenticator app." : "Your password is set. Your account also needs two-step verification: set it up now.",
    }));
    return redirect(next === "code" ? "/sign-in/two-step" : "/sign-in/set-up-two-step", { headers });
  }
  headers.append("Set-Cookie", await startSession(getDb(), accepted.userId, { ip: clientIpOf(context), userAgent: request.headers.get("User-Agent") }));
  headers.append("Set-Cookie", await flash(request, { kind: "success", text: "Your password is set and you are signed in." }));
  return redirect("/", { headers });
}

export default function AcceptInvitation() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (data.problem) {
    return (
      <>
        <h1 className="govuk-heading-l">You cannot use this invitation</h1>
        <p className="govuk-body">{data.problem}</p>
        <p className="govuk-body"><Link className="govuk-link" to="/sign-in">Go to sign in</Link></p>
      </>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
        <h1 className="govuk-heading-l">Set your password</h1>
        <p className="govuk-body">Welcome, {data.name}. You will sign in with your e-mail address, {data.email}, and this password.</p>
        <Form method="post" noValidate>
          <TextInput
            name="password" label="Create a password" type="password" autoComplete="new-password"
            hint={`At least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words make a strong password that is easy to remember.`}
            error={result?.errors.password}
          />
          <TextInput name="confirmPassword" label="Confirm your password" type="password" autoComplete="new-password" error={result?.errors.confirmPassword} />
          <Button>Set password and sign in</Button>
        </Form>
      </div>
    </div>
  );
}
