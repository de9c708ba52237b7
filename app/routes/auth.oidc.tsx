// "Sign in with your council account": off to the council's identity provider.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Authenticator } from "remix-auth";
import { notFound, requireAnonymous, safeRedirect } from "~/http/guards.server";
import { oidcConfig, OidcStrategy, type OidcIdentity } from "~/services/oidc.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  const config = oidcConfig();
  if (!config) notFound();
  const authenticator = new Authenticator<OidcIdentity>();
  authenticator.use(new OidcStrategy(config, safeRedirect(new URL(request.url).searchParams.get("redirectTo"))));
  // Throws the redirect to the provider, with the flow's cookie.
  await authenticator.authenticate("oidc", request);
  notFound();
}
