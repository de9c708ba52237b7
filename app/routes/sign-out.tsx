import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { endSession } from "~/services/session.server";
import { oidcConfig } from "~/services/oidc.server";

/** Ends the session on the server too: the old cookie signs no one in afterwards. */
export async function action({ request }: ActionFunctionArgs) {
  // With single sign-on, the sign-in page then offers the council account's sign-out too.
  return redirect(oidcConfig() ? "/sign-in?signedOut=1" : "/sign-in", { headers: { "Set-Cookie": await endSession(request) } });
}

/** Sign-out is a POST (a link could be followed by a prefetch); a GET just goes home. */
export async function loader() {
  return redirect("/");
}
