// Not nested under auth.oidc.tsx (the trailing "_"): that route starts a sign-in, and as a parent its loader would run here too.
// Back from the council's identity provider: the answer checked (state, nonce, PKCE), the
// council account matched to its portal account, and a session started, or the reason not.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Authenticator } from "remix-auth";
import { getDb } from "../../db/client";
import { clientIpOf, notFound, requireAnonymous, safeRedirect } from "~/http/guards.server";
import { matchIdentity, SsoRefusedError } from "~/models/accounts/single-sign-on.server";
import { completeSignIn, stepAfterSso } from "~/services/auth.server";
import { clearedFlowCookie, flowRedirectTo, oidcConfig, OidcStrategy, SsoFailure, type OidcIdentity } from "~/services/oidc.server";
import { holdPendingSignIn, startSession } from "~/services/session.server";

export const meta: MetaFunction = () => [{ title: "Signing in with your council account – Early help portal" }];

const FAILED = "Your council account could not sign you in. Try again; if it happens again, sign in with your e-mail address and password or ask the portal administrator.";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  const config = oidcConfig();
  if (!config) notFound();
  const headers = new Headers({ "Set-Cookie": await clearedFlowCookie(), "Cache-Control": "no-store" });
  const authenticator = new Authenticator<OidcIdentity>();
  authenticator.use(new OidcStrategy(config));
  let identity: OidcIdentity;
  try {
    identity = await authenticator.authenticate("oidc", request);
  } catch (error) {
    if (!(error instanceof SsoFailure)) throw error;
    // The detail (a wrong state or nonce, the provider's error code) is for the log, not the page.
    console.warn(error.message);
    return json({ message: error.kind === "expired" ? "The sign-in took too long or was started in another browser. Start again." : FAILED }, { status: 400, headers });
  }
  const ip = clientIpOf(context);
  let matched: { userId: string; email: string };
  try {
    matched = await matchIdentity(getDb(), config, identity, ip);
  } catch (error) {
    if (error instanceof SsoRefusedError) return json({ message: error.message }, { status: 403, headers });
    throw error;
  }
  const to = safeRedirect((await flowRedirectTo(request)) as string | null);
  const next = await stepAfterSso(getDb(), matched.userId, identity.multiFactor);
  if (next !== "signed-in") {
    // The account's own code (or setting it up) still comes first, as after a password.
    headers.append("Set-Cookie", await holdPendingSignIn({ userId: matched.userId, checkedAt: new Date().toISOString(), next, redirectTo: to }));
    return redirect(next === "code" ? "/sign-in/two-step" : "/sign-in/set-up-two-step", { headers });
  }
  await completeSignIn(getDb(), { userId: matched.userId, email: matched.email, ip, method: "sso" });
  headers.append("Set-Cookie", await startSession(getDb(), matched.userId, { ip, userAgent: request.headers.get("User-Agent") }));
  return redirect(to, { headers });
}

export default function OidcCallback() {
  const { message } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">You have not been signed in</h1>
        <p className="govuk-body">{message}</p>
        <p className="govuk-body"><Link className="govuk-link" to="/sign-in">Go to the sign-in page</Link></p>
      </div>
    </div>
  );
}
