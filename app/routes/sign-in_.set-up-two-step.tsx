import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { getDb } from "../../db/client";
import { ErrorSummary } from "~/components/forms";
import { RecoveryCodes, TwoStepSetupForm } from "~/components/two-step";
import { newSetupForm, setUpFromForm } from "~/http/accounts/two-step.server";
import { clientIpOf, requireAnonymous } from "~/http/guards.server";
import { completeSignIn } from "~/services/auth.server";
import { clearedPendingSignIn, pendingSignIn, startSession } from "~/services/session.server";

export const meta: MetaFunction = () => [{ title: "Set up two-step verification – Early help portal" }];

/** A sign-in whose password was right, for someone who must use two-step verification and has not set it up. */
async function requireSetUpStep(request: Request) {
  await requireAnonymous(request);
  const pending = await pendingSignIn(request);
  if (!pending || pending.next !== "set-up") throw redirect("/sign-in");
  const user = await getDb().selectFrom("users").select(["id", "email", "totp_enabled_at", "sessions_valid_after"])
    .where("id", "=", pending.userId).where("is_active", "=", 1).executeTakeFirst();
  // Set up before this sign-in began: the code page is the way in. The password changed or
  // reset since it was checked: it proves nothing now.
  if (!user || (user.totp_enabled_at && user.totp_enabled_at < pending.checkedAt)) throw redirect("/sign-in");
  // (Set up during this sign-in, which ended earlier sessions, is the one case where that is expected.)
  if (!user.totp_enabled_at && user.sessions_valid_after && user.sessions_valid_after > pending.checkedAt) throw redirect("/sign-in");
  return { pending, user };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireSetUpStep(request);
  // Set up during this sign-in: either in another tab (the form then says so), or just now,
  // when a browser without JavaScript loads this page's data again beside the action's answer.
  const setup = user.totp_enabled_at ? null : await newSetupForm(getDb(), user);
  return json({ setup }, { headers: { "Cache-Control": "no-store" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { pending, user } = await requireSetUpStep(request);
  const ip = clientIpOf(context);
  const outcome = await setUpFromForm(getDb(), { actorUserId: user.id, ip }, user, await request.formData(), null);
  if (!outcome.ok) return json(outcome, { status: 400 });
  // Proved by password and a code from the new app: signed in, with the codes shown once, here.
  await completeSignIn(getDb(), { userId: user.id, email: user.email, ip, method: "set_up" });
  const headers = new Headers({ "Cache-Control": "no-store" });
  // Dated now: setting up ended every earlier session of the account, from this moment.
  headers.append("Set-Cookie", await startSession(getDb(), user.id, { ip, userAgent: request.headers.get("User-Agent") }));
  headers.append("Set-Cookie", await clearedPendingSignIn());
  return json({ ok: true as const, recoveryCodes: outcome.recoveryCodes, continueTo: pending.redirectTo }, { headers });
}

/** The recovery codes are in the action's answer: reloading this page's data would lose them (and, signed in now, leave it). */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod ? false : defaultShouldRevalidate;

export default function SetUpTwoStepAtSignIn() {
  const { setup } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result?.ok) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <div className="govuk-panel govuk-panel--confirmation">
            <h1 className="govuk-panel__title">Two-step verification is on</h1>
          </div>
          <h2 className="govuk-heading-m">Save your recovery codes</h2>
          <RecoveryCodes codes={result.recoveryCodes} continueTo={result.continueTo} continueLabel="Continue to the portal" />
        </div>
      </div>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
        <h1 className="govuk-heading-l">Set up two-step verification</h1>
        <p className="govuk-body">
          Your account needs a code from an app on your phone as well as your password. You set this up once; after that,
          you enter the app&apos;s code each time you sign in.
        </p>
        {result?.setup ?? setup ? (
          <TwoStepSetupForm setup={(result?.setup ?? setup)!} error={result?.errors.code} code={typeof result?.values.code === "string" ? result.values.code : ""} />
        ) : (
          <p className="govuk-body">Two-step verification has been set up for your account. <Link className="govuk-link" to="/sign-in">Sign in</Link> with your password and a code.</p>
        )}
      </div>
    </div>
  );
}
