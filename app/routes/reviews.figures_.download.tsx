// The file of a quarter's returns with their figures (app/http/returns/figures.server.ts).
// A resource route: the page at /reviews/figures checks the filters and sends good ones here;
// an address typed by hand with bad ones is answered 400 with what is wrong.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/http/guards.server";
import { figuresFile, readFiguresRequest } from "~/http/returns/figures.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "officer");
  const sent = await readFiguresRequest(new URL(request.url), user);
  if (!sent.ok) {
    const problems = Object.values(sent.errors).join(". ");
    return new Response(`${problems}.`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  }
  return figuresFile(user, sent.filters);
}
