// The cookies. The session cookie holds only a random token (signed with SESSION_SECRET);
// the session itself is kept on the server (app/models/accounts/sessions.server.ts), so it
// can be ended. A new token is issued at every sign-in, so a token seen before sign-in is
// worth nothing after it.
//
// Two small cookies sit beside it: one-page flash messages, and an anonymous visitor id
// that the forgery token of a signed-out visitor's forms is made from.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { createCookie } from "@remix-run/node";
import { getDb, type Executor } from "../../db/client";
import { createSession, deleteSession, findLiveSession, type LiveSession } from "~/models/accounts/sessions.server";

const isProduction = process.env.NODE_ENV === "production";

function sessionSecrets(): string[] {
  const secret = process.env.SESSION_SECRET;
  if (secret) return secret.split(",").map((s) => s.trim()).filter(Boolean);
  if (isProduction) {
    // Refuse to start: a guessable secret would let anyone forge a session.
    throw new Error("SESSION_SECRET must be set when NODE_ENV=production. Set it to a long random string.");
  }
  return ["development-only-session-secret-not-for-production"];
}

const SECRETS = sessionSecrets();
// COOKIE_SECURE=0 lets a production build run over plain HTTP on a private network.
const SECURE = isProduction && process.env.COOKIE_SECURE !== "0";

export const sessionCookie = createCookie("__portal_session", {
  httpOnly: true, sameSite: "lax", path: "/", secure: SECURE, secrets: SECRETS,
});

const flashCookie = createCookie("__portal_flash", {
  httpOnly: true, sameSite: "lax", path: "/", secure: SECURE, secrets: SECRETS, maxAge: 10 * 60,
});

const visitorCookie = createCookie("__portal_visitor", {
  httpOnly: true, sameSite: "lax", path: "/", secure: SECURE, secrets: SECRETS, maxAge: 60 * 60 * 24 * 365,
});

// ---------------------------------------------------------------------------------------
// Sessions: the cookie carries the token; app/models/accounts/sessions.server.ts keeps the rest.

const perRequest = new WeakMap<Request, Promise<LiveSession | null>>();

/** The live session the request's cookie names, or null. Looked up once per request. */
export function currentSession(request: Request): Promise<LiveSession | null> {
  let found = perRequest.get(request);
  if (!found) {
    found = sessionCookie.parse(request.headers.get("Cookie")).then((token: unknown) =>
      typeof token === "string" && token.length >= 32 ? findLiveSession(getDb(), token) : null);
    perRequest.set(request, found);
  }
  return found;
}

/** Starts a new session for the user and returns the cookie to set. */
export async function startSession(db: Executor, userId: string, meta: { ip: string | null; userAgent: string | null; until?: string; provedAt?: Date }, now = new Date()): Promise<string> {
  const { token, expiresAt } = await createSession(db, userId, meta, now);
  return sessionCookie.serialize(token, { expires: expiresAt });
}

/** The cookie that clears the session cookie. */
export const clearedSessionCookie = () => sessionCookie.serialize("", { expires: new Date(0), maxAge: 0 });

/**
 * The request's session under a new token (after the user's sessions were voided by a
 * change of their own): same user, same end; returns the cookie to set.
 */
export async function renewSession(request: Request, db: Executor, meta: { ip: string | null; userAgent: string | null }): Promise<string | null> {
  const session = await currentSession(request);
  if (!session) return null;
  await deleteSession(db, session.id);
  return startSession(db, session.userId, { ...meta, until: session.expiresAt });
}

/** Ends the request's session (if any) and returns the cookie that clears it. */
export async function endSession(request: Request): Promise<string> {
  const session = await currentSession(request);
  if (session) await deleteSession(getDb(), session.id);
  return clearedSessionCookie();
}

// ---------------------------------------------------------------------------------------
// Forgery tokens. Every form carries one (the Form component adds it); an action whose
// token does not match the session or visitor it came from is refused.

function hmac(purpose: string): string {
  return createHmac("sha256", SECRETS[0]).update(purpose).digest("base64url");
}

/**
 * The forgery token for this request's forms, and the cookie to set when a signed-out
 * visitor has no visitor id yet.
 */
export async function formToken(request: Request): Promise<{ token: string; setCookie: string | null }> {
  const session = await currentSession(request);
  if (session) return { token: hmac(`session:${session.id}`), setCookie: null };
  const visitor: unknown = await visitorCookie.parse(request.headers.get("Cookie"));
  if (typeof visitor === "string" && visitor.length >= 16) return { token: hmac(`visitor:${visitor}`), setCookie: null };
  const fresh = randomBytes(18).toString("base64url");
  return { token: hmac(`visitor:${fresh}`), setCookie: await visitorCookie.serialize(fresh) };
}

/**
 * Does the submitted token belong to the session this request comes with, or, with no live
 * session, to the signed-out visitor? A signed-in person's forms take their session's token
 * only, which nobody else can know (a visitor id could be planted by a neighbouring site).
 * "signed-out": the token was refused and the request names a session that has ended (idle,
 * signed out elsewhere), so the person is asked to sign in again rather than told of forgery.
 */
export async function checkFormToken(request: Request, submitted: unknown): Promise<"valid" | "invalid" | "signed-out"> {
  const session = await currentSession(request);
  const visitor: unknown = await visitorCookie.parse(request.headers.get("Cookie"));
  const expected = session
    ? hmac(`session:${session.id}`)
    : typeof visitor === "string" && visitor.length >= 16 ? hmac(`visitor:${visitor}`) : null;
  if (typeof submitted === "string" && expected && expected.length === submitted.length && timingSafeEqual(Buffer.from(expected), Buffer.from(submitted))) {
    return "valid";
  }
  if (session) return "invalid";
  const ended: unknown = await sessionCookie.parse(request.headers.get("Cookie"));
  return typeof ended === "string" && ended.length >= 32 ? "signed-out" : "invalid";
}

// ---------------------------------------------------------------------------------------
// Flash: a message (or a small record) for the next page only.

export type FlashMessage = { kind: "success" | "info"; text: string };

type FlashData = Record<string, unknown>;

async function readFlashData(request: Request): Promise<FlashData> {
  const data: unknown = await flashCookie.parse(request.headers.get("Cookie"));
  return data && typeof data === "object" ? (data as FlashData) : {};
}

/** Keeps `value` under `key` for the next page; returns the Set-Cookie header value. */
export async function flashData(request: Request, key: string, value: unknown): Promise<string> {
  return flashCookie.serialize({ ...(await readFlashData(request)), [key]: value });
}

/** Sets a message to show once on the next page; returns the Set-Cookie header value. */
export function flash(request: Request, message: FlashMessage): Promise<string> {
  return flashData(request, "message", message);
}

/** What was flashed for this page, and the cookie that clears it (null when nothing was). */
export async function takeFlash(request: Request): Promise<{ data: FlashData; clear: string | null }> {
  const data = await readFlashData(request);
  if (Object.keys(data).length === 0) return { data, clear: null };
  return { data, clear: await flashCookie.serialize({}, { expires: new Date(0), maxAge: 0 }) };
}

// ---------------------------------------------------------------------------------------
// A sign-in half done: the password was right, and a code (or setting up two-step
// verification) comes next. Held in a signed cookie for ten minutes, read only under /sign-in;
// it names the user and when the password was checked, and is worth nothing without the code.

const PENDING_MINUTES = 10;

const pendingSignInCookie = createCookie("__portal_pending_sign_in", {
  httpOnly: true, sameSite: "lax", path: "/sign-in", secure: SECURE, secrets: SECRETS, maxAge: PENDING_MINUTES * 60,
});

export interface PendingSignIn {
  userId: string;
  /** When the password was checked: the session dates from then (see startSession). */
  checkedAt: string;
  next: "code" | "set-up";
  redirectTo: string;
  until: string;
}

/** Holds a half-done sign-in; returns the cookie to set. */
export function holdPendingSignIn(pending: Omit<PendingSignIn, "until">, now = new Date()): Promise<string> {
  return pendingSignInCookie.serialize({ ...pending, until: new Date(now.getTime() + PENDING_MINUTES * 60_000).toISOString() });
}

/** The request's half-done sign-in, while it lasts. */
export async function pendingSignIn(request: Request, now = new Date()): Promise<PendingSignIn | null> {
  const value: unknown = await pendingSignInCookie.parse(request.headers.get("Cookie"));
  if (!value || typeof value !== "object") return null;
  const p = value as Partial<PendingSignIn>;
  if (typeof p.userId !== "string" || typeof p.checkedAt !== "string" || typeof p.until !== "string" || typeof p.redirectTo !== "string") return null;
  if (p.next !== "code" && p.next !== "set-up") return null;
  if (p.until <= now.toISOString()) return null;
  return { userId: p.userId, checkedAt: p.checkedAt, next: p.next, redirectTo: p.redirectTo, until: p.until };
}

export const clearedPendingSignIn = () => pendingSignInCookie.serialize("", { expires: new Date(0), maxAge: 0 });

/**
 * A value's signature for one purpose, so a value sent to the browser (a new two-step
 * secret in a hidden field) comes back as it was sent.
 */
export const signatureFor = (purpose: string): string => hmac(purpose);

export function signatureMatches(purpose: string, signature: unknown): boolean {
  const expected = hmac(purpose);
  return typeof signature === "string" && signature.length === expected.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
}
