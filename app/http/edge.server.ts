// What the server does for every request before the portal sees it (scripts/serve.ts puts
// these in front of Remix):
// - security headers on every response: a Content-Security-Policy whose one inline script
//   is allowed by a fresh nonce, no framing, no powerful browser features, HSTS when served
//   over HTTPS, and nothing private cached: `no-store` unless a page says otherwise, and
//   always for a signed-in visitor;
// - request bodies capped before they are read (413), other content types refused (415),
//   a body without a length refused (411), multipart without a boundary refused (400).
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { requestContext, requestIdFrom } from "./request-context.server";

type Next = (error?: unknown) => void;
export type Middleware = (req: IncomingMessage, res: ServerResponse & { locals: Record<string, unknown> }, next: Next) => void;

export const SESSION_COOKIE_NAME = "__portal_session";

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join("; ");
}

const PERMISSIONS_POLICY = [
  "accelerometer=()", "camera=()", "geolocation=()", "gyroscope=()", "magnetometer=()", "microphone=()", "payment=()", "usb=()",
  "interest-cohort=()", "browsing-topics=()",
].join(", ");

/** Is the visitor signed in (or was, with a cookie still sent)? Their responses are private. */
export function hasSessionCookie(req: IncomingMessage): boolean {
  return (req.headers.cookie ?? "").split(";").some((c) => c.trim().startsWith(`${SESSION_COOKIE_NAME}=`));
}

/**
 * Sets the security headers. The CSP nonce is left in res.locals.cspNonce for the page's
 * one inline script and Remix's scripts. Cache-Control is decided as the headers are
 * written, so it sees what the page set.
 */
export function securityHeaders(options: { hsts: boolean }): Middleware {
  return (req, res, next) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce));
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("Permissions-Policy", PERMISSIONS_POLICY);
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    if (options.hsts) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    const privateVisitor = hasSessionCookie(req);
    const response: ServerResponse = res;
    const writeHead = response.writeHead;
    response.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse["writeHead"]>) {
      // Fingerprinted build files are public and never change; everything else is private
      // unless the page said otherwise, and a signed-in visitor's always is.
      if (!(req.url ?? "").startsWith("/build/")) {
        if (privateVisitor || !res.hasHeader("Cache-Control")) res.setHeader("Cache-Control", "no-store");
      }
      return writeHead.apply(this, args as never);
    } as ServerResponse["writeHead"];
    next();
  };
}

export interface BodyLimits {
  /** Forms without files. */
  urlencodedBytes: number;
  /** Forms with files: the largest upload allowed, and room for the text beside it. */
  multipartBytes: number;
}

const PAGE = (title: string, text: string) => `<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body><main><h1>${title}</h1><p>${text}</p><p><a href="/">Go to the home page</a></p></main></body></html>`;

function refuse(res: ServerResponse, status: number, title: string, text: string) {
  res.statusCode = status;
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  res.setHeader("Connection", "close");
  res.end(PAGE(title, text));
}

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

/**
 * Caps request bodies before anything reads them. Browsers always send a form's length,
 * so a body without one is refused rather than read without a bound.
 */
export function limitRequestBodies(limitsFor: () => Promise<BodyLimits>): Middleware {
  return (req, res, next) => {
    const method = (req.method ?? "GET").toUpperCase();
    if (method === "GET" || method === "HEAD" || method === "OPTIONS") return next();
    const lengthHeader = req.headers["content-length"];
    const chunked = /chunked/i.test(String(req.headers["transfer-encoding"] ?? ""));
    if (lengthHeader === undefined && chunked) {
      return refuse(res, 411, "The form could not be sent", "The request did not say how large it is. Go back and try again.");
    }
    const length = Number(lengthHeader ?? 0);
    if (!Number.isSafeInteger(length) || length < 0) return refuse(res, 400, "The form could not be read", "Go back and try again.");
    if (length === 0) return next();
    const type = String(req.headers["content-type"] ?? "").toLowerCase();
    const base = type.split(";")[0].trim();
    if (!FORM_TYPES.includes(base)) {
      return refuse(res, 415, "The form could not be read", "The portal only accepts forms sent from its own pages. Go back and try again.");
    }
    if (base === "multipart/form-data" && !/;\s*boundary=("[^"]+"|[^;\s]+)/i.test(type)) {
      return refuse(res, 400, "The form could not be read", "Go back and try again.");
    }
    limitsFor().then((limits) => {
      const limit = base === "multipart/form-data" ? limits.multipartBytes : limits.urlencodedBytes;
      if (length > limit) {
        // The body is never read: the connection closes once the answer is sent.
        res.on("finish", () => req.destroy());
        return refuse(res, 413, "The form is too large", "What you sent is larger than the portal accepts. If you attached a file, choose a smaller one; if you typed a long answer, shorten it.");
      }
      next();
    }, next);
  };
}

/**
 * Gives every request an id (the X-Request-Id a trusted proxy sent, or a new one), answers
 * with it, and writes one line of JSON to the log when the response is done: method, path,
 * status, time taken, user and request id. Query strings are left out: they can hold
 * what people searched for.
 */
/**
 * The path as the log keeps it: addresses whose last part is a secret (a calendar feed, an
 * invitation, a password reset) keep their shape but not the secret.
 */
export function loggedPath(url: string): string {
  return url.split("?")[0].replace(/^\/(calendar|accept-invitation|reset-password)\/[^/]+/, "/$1/[token]");
}

export function logRequests(options: { trustProxyId: boolean; write?: (line: string) => void }): Middleware {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const store = { requestId: requestIdFrom(options.trustProxyId ? req.headers["x-request-id"] : undefined), userId: null as string | null };
    res.setHeader("X-Request-Id", store.requestId);
    res.locals.requestId = store.requestId;
    res.on("finish", () => {
      write(JSON.stringify({
        time: new Date().toISOString(),
        method: req.method,
        path: loggedPath(req.url ?? ""),
        status: res.statusCode,
        ms: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
        user: store.userId,
        request: store.requestId,
      }));
    });
    requestContext.run(store, () => next());
  };
}

/**
 * Decides whether a request that would change something comes from one of the portal's
 * pages (its Origin, or failing that its Referer, is the portal's own origin) and leaves
 * the answer in res.locals.fromPortal for the forgery check (app/http/forgery.server.ts),
 * which refuses with the ordinary 403 page. The Origin header is then taken off: Remix's
 * own, cruder check compares it with the Host header, which behind a proxy is not the
 * public address, and answers any mismatch with a bare 500.
 */
export function checkOrigin(portalOrigin: (req: IncomingMessage) => string): Middleware {
  return (req, res, next) => {
    const method = (req.method ?? "GET").toUpperCase();
    if (method === "GET" || method === "HEAD" || method === "OPTIONS") return next();
    const from = originOf(req.headers.origin) ?? originOf(req.headers.referer);
    res.locals.fromPortal = from !== null && from === portalOrigin(req);
    delete req.headers.origin;
    next();
  };
}

function originOf(value: string | string[] | undefined): string | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text || text === "null") return null;
  try {
    return new URL(text).origin;
  } catch {
    return null;
  }
}
