import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, TextInput } from "~/components/forms";
import { failure, formValues, type FormFailure } from "~/lib/forms";
import { passwordAuthenticator, signInSchema, SignInError, type PasswordOutcome } from "~/services/auth.server";
import { clientIpOf, requireAnonymous, safeRedirect } from "~/http/guards.server";
import { holdPendingSignIn, startSession } from "~/services/session.server";
import { endSessionUrl, oidcConfig } from "~/services/oidc.server";
import { Form } from "~/components/form";

export const meta: MetaFunction = () => [{ title: "Sign in – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  const config = oidcConfig();
  // Just signed out of the portal: offer the council account's own sign-out, where it has one.
  const signedOut = new URL(request.url).searchParams.get("signedOut") === "1";
  return json({
    sso: config ? { label: config.label } : null,
    endSessionUrl: config && signedOut ? await endSessionUrl(config) : null,
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const form = await request.clone().formData();
  const values = formValues(form);
  const parsed = signInSchema.safeParse(values);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    return json<FormFailure>(failure(values, errors), { status: 400 });
  }
  let outcome: PasswordOutcome;
  // The session dates from before the password was checked: should the password change or be
  // reset meanwhile, the session is void however late it is written (sessions_valid_after).
  const checkedAt = new Date();
  try {
    outcome = await passwordAuthenticator(getDb(), clientIpOf(context)).authenticate("password", request);
  } catch (error) {
    if (error instanceof SignInError) {
      // One message for every failure: it never says whether the e-mail has an account.
      return json<FormFailure>(failure(values, error.field ? { [error.field]: error.message } : {}, error.field ? undefined : error.message), {
        status: error.field ? 400 : 429,
      });
    }
    throw error;
  }
  const redirectTo = safeRedirect(form.get("redirectTo"));
  if (outcome.next !== "signed-in") {
    // A code (or setting up two-step verification) first; no session until then.
    const pending = await holdPendingSignIn({ userId: outcome.userId, checkedAt: checkedAt.toISOString(), next: outcome.next, redirectTo });
    return redirect(outcome.next === "code" ? "/sign-in/two-step" : "/sign-in/set-up-two-step", { headers: { "Set-Cookie": pending } });
  }
  // A new session every time: nothing known about the cookie before sign-in is worth anything after it.
  const cookie = await startSession(getDb(), outcome.userId, { ip: clientIpOf(context), userAgent: request.headers.get("User-Agent") }, checkedAt);
  return redirect(redirectTo, { headers: { "Set-Cookie": cookie } });
}

export default function SignIn() {
  const result = useActionData<typeof action>();
  const { sso, endSessionUrl } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const redirectTo = params.get("redirectTo") ?? "/";
  const values = result?.values;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
        <h1 className="govuk-heading-l">Sign in</h1>
        {endSessionUrl ? (
          <div className="govuk-inset-text">
            You have signed out of the portal. You may still be signed in to your council account on this computer:{" "}
            <a className="govuk-link" href={endSessionUrl}>sign out of your council account too</a>.
          </div>
        ) : null}
        {sso ? (
          <>
            <h2 className="govuk-heading-m">Council staff</h2>
            <p className="govuk-body">
              <a className="govuk-button" href={`/auth/oidc?redirectTo=${encodeURIComponent(redirectTo)}`}>{sso.label}</a>
            </p>
            <h2 className="govuk-heading-m">Everyone else</h2>
          </>
        ) : null}
        <Form method="post" noValidate>
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <TextInput
            name="email"
            label="E-mail address"
            type="email"
            autoComplete="email"
            spellCheck={false}
            defaultValue={typeof values?.email === "string" ? values.email : ""}
            error={result?.errors.email}
          />
          <TextInput name="password" label="Password" type="password" autoComplete="current-password" error={result?.errors.password} />
          <Button>Sign in</Button>
        </Form>
        <p className="govuk-body">
          <Link className="govuk-link" to="/forgot-password">Forgotten your password?</Link>
        </p>
        <h2 className="govuk-heading-m">New to the portal?</h2>
        <p className="govuk-body">
          Charities, community groups and social enterprises can{" "}
          <Link className="govuk-link" to="/register">register your organisation</Link> to bid for funding.
          Council staff and panel members are invited by the council.
        </p>
      </div>
    </div>
  );
}
