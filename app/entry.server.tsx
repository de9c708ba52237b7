// Server rendering. Every response waits for the whole page (onAllReady): the portal is
// read by people and screen readers, not streamed to crawlers, and errors are then caught
// before the first byte. Since nothing is streamed, the page is gathered into one buffer
// and sent as one body: piped through as React writes it, each of its many small chunks
// went through a web stream and the compressor on its own, a millisecond a page.
// Security headers are set by the server in front (app/http/edge.server.ts); the page's
// scripts carry its CSP nonce. A page whose route asks for it (handle.keepRendered) is kept
// for the server in front to serve again while nothing changes (app/http/kept-pages.server.ts).
import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "~/components/nonce";
import { keepPage, keepsPagesAt } from "~/http/kept-pages.server";
import { currentRequestId } from "~/http/request-context.server";

/** Does the page's route keep its pages (handle.keepRendered)? */
function routeKeeps(remixContext: EntryContext): boolean {
  const { matches } = remixContext.staticHandlerContext;
  const leaf = matches[matches.length - 1];
  const handle = leaf ? (remixContext.routeModules[leaf.route.id]?.handle as { keepRendered?: boolean } | undefined) : undefined;
  return handle?.keepRendered === true;
}

/**
 * Keeps a page rendered for a GET whose route asks for it, when nothing in it is for this
 * answer alone (no cookie set, no error, no form's answer). Keeping must never cost the answer.
 */
function keepIfAsked(request: Request, remixContext: EntryContext, loadContext: AppLoadContext | undefined, status: number, headers: Headers, body: Buffer) {
  if (request.method !== "GET" || !routeKeeps(remixContext)) return;
  const { errors, actionData } = remixContext.staticHandlerContext;
  try {
    keepsPagesAt(new URL(request.url).pathname);
    const where = loadContext?.keptPageKey;
    if (!where || status !== 200 || errors || actionData || headers.has("Set-Cookie")) return;
    keepPage(where, { html: body.toString("utf8"), status, headers, nonce: loadContext?.cspNonce ?? "", requestId: loadContext?.requestId ?? "" });
  } catch (error) {
    console.error("Keeping a rendered page failed:", error);
  }
}

const ABORT_DELAY = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const timer = setTimeout(() => abort(), ABORT_DELAY);
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={loadContext?.cspNonce || undefined}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />
      </NonceContext.Provider>,
      {
        onAllReady() {
          shellRendered = true;
          const chunks: Buffer[] = [];
          const page = new Writable({
            write(chunk: Buffer, _encoding, done) {
              chunks.push(chunk);
              done();
            },
            final(done) {
              clearTimeout(timer);
              responseHeaders.set("Content-Type", "text/html; charset=utf-8");
              const body = Buffer.concat(chunks);
              keepIfAsked(request, remixContext, loadContext, responseStatusCode, responseHeaders, body);
              resolve(new Response(body, { headers: responseHeaders, status: responseStatusCode }));
              done();
            },
          });
          pipe(page);
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Logged on the server only; the page shows the friendly error.
          if (shellRendered) console.error(error);
        },
      },
    );
  });
}

/** Unexpected errors are logged in full here, with the request's id, and never sent to the browser. */
export function handleError(error: unknown, { request, context }: { request: Request; context?: { requestId?: string } }) {
  if (request.signal.aborted) return;
  console.error(`Request ${currentRequestId() ?? (context?.requestId || "(no id)")} failed:`, error);
}
