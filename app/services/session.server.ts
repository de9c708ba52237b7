// Sessions, kept on the server. The session cookie holds only a random token (signed with
// SESSION_SECRET); the sessions table keeps the token's SHA-256, the user, and when the
// session started and was last used. So a session can be ended: at sign-out, on a
// password change or reset (with every other session of that user), on deactivation, by
// "sign out everywhere", and by the idle timeout and the absolute lifetime. A new token is
// issued at every sign-in, so a token seen before sign-in is worth nothing after it.
//
// Two small cookies sit beside it: one-page flash messages, and an anonymous visitor id
// that the forgery token of a signed-out visitor's forms is made from.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { createCookie } from "@remix-run/node";
import { getDb, type Executor } from "../../db/client";
import { nowIso } from "~/lib/ids.server";

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

/** How long a session lasts: ended after this long unused, and after this long whatever. */
export interface SessionLimits {
  idleMinutes: number;
  absoluteHours: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMinutes: 60, absoluteHours: 12 };

export const sessionCookie = createCookie("__portal_session", {
  httpOnly: true, sameSite: "lax", path: "/", secure: SECURE, secrets: SECRETS,
});

const flashCookie = createCookie("__portal_flash", {
  httpOnly: true, sameSite: "lax", path: "/", secure: SECURE, secrets: SECRETS, maxAge: 10 * 60,
});

const visitorCookie = createCookie("__portal_visitor", {
  httpOnly: true, sameSite: "lax", path: "/", secure: SECURE, secrets: SECRETS, maxAge: 60 * 60 * 24 * 365,
});

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

// ---------------------------------------------------------------------------------------
// Sessions.

export interface CurrentSession {
  id: string;
  userId: string;
}

/** How long sessions last: the settings' values (see settings), else the defaults. */
async function sessionLimits(db: Executor): Promise<SessionLimits> {
  const rows = await db.selectFrom("settings").select(["key", "value"])
    .where("key", "in", ["session_idle_minutes", "session_absolute_hours"]).execute();
  const read = (key: string, fallback: number) => {
    const n = Number(rows.find((r) => r.key === key)?.value);
    return Number.isInteger(n) && n > 0 ? n : fallback;
  };
  return {
    idleMinutes: read("session_idle_minutes", DEFAULT_SESSION_LIMITS.idleMinutes),
    absoluteHours: read("session_absolute_hours", DEFAULT_SESSION_LIMITS.absoluteHours),
  };
}

/** Only refresh "last used" once a minute: a page's several loaders need not each write. */
const TOUCH_AFTER_MS = 60_000;

const perRequest = new WeakMap<Request, Promise<CurrentSession | null>>();

/** The live session the request's cookie names, or null. Looked up once per request. */
export function currentSession(request: Request, now = new Date()): Promise<CurrentSession | null> {
  let found = perRequest.get(request);
  if (!found) {
    found = lookUpSession(request, now);
    perRequest.set(request, found);
  }
  return found;
}

async function lookUpSession(request: Request, now: Date): Promise<CurrentSession | null> {
  const token: unknown = await sessionCookie.parse(request.headers.get("Cookie"));
  if (typeof token !== "string" || token.length < 32) return null;
  const db = getDb();
  const id = sha256(token);
  const row = await db.selectFrom("sessions").select(["id", "user_id", "last_seen_at", "expires_at"]).where("id", "=", id).executeTakeFirst();
  if (!row) return null;
  const limits = await sessionLimits(db);
  const idleSince = new Date(now.getTime() - limits.idleMinutes * 60_000).toISOString();
  if (row.expires_at <= now.toISOString() || row.last_seen_at <= idleSince) {
    await db.deleteFrom("sessions").where("id", "=", id).execute();
    return null;
  }
  if (now.getTime() - Date.parse(row.last_seen_at) > TOUCH_AFTER_MS) {
    await db.updateTable("sessions").set({ last_seen_at: now.toISOString() }).where("id", "=", id).execute();
  }
  return { id: row.id, userId: row.user_id };
}

/**
 * Starts a new session for the user and returns the cookie to set. Expired sessions of
 * every user are cleared out on the way, so the table holds live sessions only.
 */
export async function startSession(db: Executor, userId: string, meta: { ip: string | null; userAgent: string | null }, now = new Date()): Promise<string> {
  const limits = await sessionLimits(db);
  const token = randomBytes(32).toString("base64url");
  const at = now.toISOString();
  const expiresAt = new Date(now.getTime() + limits.absoluteHours * 3_600_000);
  const idleSince = new Date(now.getTime() - limits.idleMinutes * 60_000).toISOString();
  await db.deleteFrom("sessions").where((eb) => eb.or([eb("expires_at", "<=", at), eb("last_seen_at", "<=", idleSince)])).execute();
  await db.insertInto("sessions").values({
    id: sha256(token), user_id: userId, created_at: at, last_seen_at: at, expires_at: expiresAt.toISOString(),
    ip: meta.ip, user_agent: meta.userAgent?.slice(0, 300) ?? null,
  }).execute();
  return sessionCookie.serialize(token, { expires: expiresAt });
}

/** Ends the request's session (if any) and returns the cookie that clears it. */
export async function endSession(request: Request): Promise<string> {
  const session = await currentSession(request);
  if (session) await getDb().deleteFrom("sessions").where("id", "=", session.id).execute();
  return sessionCookie.serialize("", { expires: new Date(0), maxAge: 0 });
}

/** Ends every session of a user, or every one but `except` (the one in use). */
export async function endUserSessions(db: Executor, userId: string, options: { except?: string } = {}): Promise<number> {
  let query = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (options.except) query = query.where("id", "!=", options.except);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface SessionSummary {
  id: string;
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
}

/** A user's live sessions, newest first, for the account page. */
export async function listUserSessions(db: Executor, userId: string, currentId: string | null): Promise<SessionSummary[]> {
  const rows = await db.selectFrom("sessions").select(["id", "created_at", "last_seen_at", "ip", "user_agent"])
    .where("user_id", "=", userId).where("expires_at", ">", nowIso()).orderBy("last_seen_at", "desc").execute();
  return rows.map((r) => ({ id: r.id, current: r.id === currentId, createdAt: r.created_at, lastSeenAt: r.last_seen_at, ip: r.ip, userAgent: r.user_agent }));
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

/** Does the submitted token belong to the session (or visitor) this request comes from? */
export async function isFormTokenValid(request: Request, submitted: unknown): Promise<boolean> {
  if (typeof submitted !== "string" || !submitted) return false;
  const session = await currentSession(request);
  const visitor: unknown = await visitorCookie.parse(request.headers.get("Cookie"));
  const expected = [
    session ? hmac(`session:${session.id}`) : null,
    typeof visitor === "string" && visitor.length >= 16 ? hmac(`visitor:${visitor}`) : null,
  ].filter((t): t is string => t !== null);
  const given = Buffer.from(submitted);
  return expected.some((t) => t.length === submitted.length && timingSafeEqual(Buffer.from(t), given));
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
