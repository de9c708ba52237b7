import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, TextInput } from "~/components/forms";
import { Form } from "~/components/form";
import { failure, formValues, type FormFailure } from "~/lib/forms";
import { CODE_MESSAGES } from "~/models/accounts/two-step.server";
import { clientIpOf, requireAnonymous } from "~/http/guards.server";
import { SignInError, signInWithCode } from "~/services/auth.server";
import { clearedPendingSignIn, flash, pendingSignIn, startSession } from "~/services/session.server";

export const meta: MetaFunction = () => [{ title: "Enter your code – Early help portal" }];

/** Only a sign-in whose password was right, and which asks for a code, reaches this page. */
async function requireCodeStep(request: Request) {
  await requireAnonymous(request);
  const pending = await pendingSignIn(request);
  if (!pending || pending.next !== "code") throw redirect("/sign-in");
  return pending;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCodeStep(request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const pending = await requireCodeStep(request);
  const values = formValues(await request.formData());
  const code = typeof values.code === "string" ? values.code.trim() : "";
  if (!code) return json<FormFailure>(failure(values, { code: CODE_MESSAGES.enterCode }), { status: 400 });
  if (code.length > 50) return json<FormFailure>(failure({}, { code: CODE_MESSAGES.wrongCode }), { status: 400 });
  const ip = clientIpOf(context);
  let check;
  try {
    check = await signInWithCode(getDb(), { userId: pending.userId, code, ip });
  } catch (error) {
    if (!(error instanceof SignInError)) throw error;
    // What was typed is not sent back: a code is good for one try.
    return json<FormFailure>(failure({}, error.field ? { code: error.message } : {}, error.field ? undefined : error.message), { status: error.field ? 400 : 429 });
  }
  const headers = new Headers();
  headers.append("Set-Cookie", await startSession(getDb(), pending.userId, { ip, userAgent: request.headers.get("User-Agent"), provedAt: new Date(pending.checkedAt) }));
  headers.append("Set-Cookie", await clearedPendingSignIn());
  if (check.method === "recovery_code") {
    const left = check.recoveryCodesLeft;
    headers.append("Set-Cookie", await flash(request, {
      kind: "info",
      text: `You signed in with a recovery code. You have ${left} ${left === 1 ? "code" : "codes"} left: get new ones from your account page if you are running out.`,
    }));
  }
  return redirect(pending.redirectTo, { headers });
}

export default function TwoStepCode() {
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
        <h1 className="govuk-heading-l">Enter your code</h1>
        <p className="govuk-body">Open your authenticator app and enter the 6-digit code it shows for the portal.</p>
        <Form method="post" noValidate>
          <TextInput
            name="code"
            label="Code"
            hint="The code from your app, or one of your recovery codes if you do not have your phone"
            width="10"
            inputMode="text"
            autoComplete="one-time-code"
            spellCheck={false}
            error={result?.errors.code}
          />
          <Button>Continue</Button>
        </Form>
        <p className="govuk-body">
          If you have lost your phone and your recovery codes, ask an administrator to reset your two-step verification.{" "}
          <Link className="govuk-link" to="/sign-in">Sign in as someone else</Link>
        </p>
      </div>
    </div>
  );
}
