// Cross-site request forgery: no change of state unless the request comes from one of the
// portal's own pages. Every non-GET request to a route's action must
// - come from the portal's origin (its Origin header, or failing that its Referer), and
// - carry the form token of the session (or signed-out visitor) it comes with, which the
//   shared Form component puts in every form. So a request with neither header, which some
//   browsers and every script can send, is refused too.
// A refusal is a 403 with the ordinary error page; a body that cannot be read is a 400.
// Loaders never change state, so GET needs no token.
import type { IncomingMessage } from "node:http";
import { json, unstable_parseMultipartFormData, type ServerBuild } from "@remix-run/node";
import { FORM_TOKEN_FIELD } from "~/lib/forms";
import { isFormTokenValid } from "~/services/session.server";
import { appBaseUrl } from "~/services/app-url.server";

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

class UnreadableBody extends Error {}

/** The form token in a request's body, read from a copy so the action can still read it. */
async function submittedToken(request: Request): Promise<unknown> {
  const type = (request.headers.get("Content-Type") ?? "").toLowerCase();
  try {
    if (type.startsWith("multipart/form-data")) {
      // Files are read and dropped: only the text fields matter here.
      const form = await unstable_parseMultipartFormData(request.clone(), async ({ filename, data }) => {
        if (filename !== undefined) {
          for await (const chunk of data) void chunk;
          return undefined;
        }
        const chunks: Uint8Array[] = [];
        for await (const chunk of data) chunks.push(chunk);
        return new TextDecoder().decode(Buffer.concat(chunks));
      });
      return form.get(FORM_TOKEN_FIELD);
    }
    if (type.startsWith("application/x-www-form-urlencoded")) {
      return new URLSearchParams(await request.clone().text()).get(FORM_TOKEN_FIELD);
    }
  } catch {
    throw new UnreadableBody();
  }
  return null;
}

/**
 * Throws the 403 (or 400) answer for a request that may not change anything. `fromPortal`
 * is the server's own reading of the request's origin (app/http/edge.server.ts), when it
 * made one; otherwise the headers are read here.
 */
export async function requireGenuineForm(request: Request, fromPortal?: boolean): Promise<void> {
  if (request.method === "GET" || request.method === "HEAD") return;
  const refuse = () => json({ message: FORGERY_MESSAGE, sections: [] }, { status: 403 });
  if (!(fromPortal ?? comesFromPortal(request))) throw refuse();
  let token: unknown;
  try {
    token = await submittedToken(request);
  } catch (error) {
    if (error instanceof UnreadableBody) throw json({ message: "The form could not be read. Go back and try again." }, { status: 400 });
    throw error;
  }
  if (!(await isFormTokenValid(request, token))) throw refuse();
}

/** The server build with every route's action checked by requireGenuineForm first. */
export function protectActions(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const action = route.module.action;
    routes[id] = action
      ? { ...route, module: { ...route.module, action: async (args) => { await requireGenuineForm(args.request, args.context?.fromPortal); return action(args); } } }
      : route;
  }
  return { ...build, routes };
}
