import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getSession, sessionStorage } from "~/services/session.server";

export async function action({ request }: ActionFunctionArgs) {
  const session = await getSession(request);
  return redirect("/sign-in", { headers: { "Set-Cookie": await sessionStorage.destroySession(session) } });
}

/** Sign-out is a POST (a link could be followed by a prefetch); a GET just goes home. */
export async function loader() {
  return redirect("/");
}
