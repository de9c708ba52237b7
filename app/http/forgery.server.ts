// Cross-site request forgery: no change of state unless the request comes from one of the
// portal's own pages. Every non-GET request to a route's action must
// - come from the portal's origin (its Origin header, or failing that its Referer), and
// - carry the form token of the session (or signed-out visitor) it comes with, which the
//   shared Form component puts in every form. So a request with neither header, which some
//   browsers and every script can send, is refused too. A form whose session ended before
//   it was sent goes to the sign-in page instead, saying why.
// A refusal is a 403 with the ordinary error page; a body that cannot be read is a 400.
// Loaders never change state, so GET needs no token.
import type { IncomingMessage } from "node:http";
import { json, redirect } from "@remix-run/node";
import { checkFormToken, flash } from "~/services/session.server";
import { appBaseUrl } from "~/services/app-url.server";

export const SIGNED_OUT_MESSAGE =
  "You were signed out before that form was sent (after a while without use, or from another window), so it was not saved. Sign in, then fill it in again.";

export const FORGERY_MESSAGE =
  "This form could not be sent because it did not come from a page of this portal, or the page was open for too long. Go back, reload the page and try again.";

/** The portal's own origin: APP_URL's, or where this request says it came in when that is unset (development). */
function portalOrigin(request: Request): string {
  return process.env.APP_URL ? new URL(appBaseUrl()).origin : new URL(request.url).origin;
}

/** The same, for the server in front of Remix. */
export function portalOriginOf(req: IncomingMessage): string {
  return process.env.APP_URL ? new URL(appBaseUrl()).origin : `http://${req.headers.host ?? "localhost"}`;
}

function originOf(value: string | null): string | null {
  if (!value || value === "null") return null;
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/** Does the request say it came from a page of the portal? Origin, else Referer; neither is not enough. */
export function comesFromPortal(request: Request): boolean {
  const from = originOf(request.headers.get("Origin")) ?? originOf(request.headers.get("Referer"));
  return from !== null && from === portalOrigin(request);
}

/**
 * Throws the 403 answer for a request that may not change anything: one not from the
 * portal's origin, or without the form token of the session (or visitor) it comes with.
 * `fromPortal` is the server's own reading of the request's origin (app/http/edge.server.ts),
 * when it made one; otherwise the headers are read here. `token` is the form's `_csrf`.
 */
export async function requireGenuineForm(request: Request, token: unknown, fromPortal?: boolean): Promise<void> {
  if (request.method === "GET" || request.method === "HEAD") return;
  const refuse = () => json({ message: FORGERY_MESSAGE, sections: [] }, { status: 403 });
  if (!(fromPortal ?? comesFromPortal(request))) throw refuse();
  const verdict = await checkFormToken(request, token);
  if (verdict === "signed-out") {
    // Back to the form's page after signing in: the form's own address, which is always this portal's.
    const url = new URL(request.url);
    throw redirect(`/sign-in?redirectTo=${encodeURIComponent(url.pathname + url.search)}`, {
      headers: { "Set-Cookie": await flash(request, { kind: "info", text: SIGNED_OUT_MESSAGE }) },
    });
  }
  if (verdict === "invalid") throw refuse();
}
