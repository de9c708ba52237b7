// Signed-in sessions, kept on the server so they can be ended: at sign-out, on a password
// change or reset (with every other session of that user), on deactivation or a change of
// roles, by "sign out everywhere", and by the idle timeout and the absolute lifetime (both
// settings). The table keeps the SHA-256 of each session's token, never the token, so a
// copy of the database signs no one in. The cookie that carries the token is the HTTP
// edge's business (app/services/session.server.ts).
import { createHash, randomBytes } from "node:crypto";
import type { Executor } from "../../../db/client";
import { getSettings } from "~/models/admin/settings.server";

export interface LiveSession {
  id: string;
  userId: string;
  /** When it ends at the latest (the absolute lifetime). */
  expiresAt: string;
}

export const hashSessionToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** Only refresh "last used" once a minute: a page's several loaders need not each write. */
const TOUCH_AFTER_MS = 60_000;

async function limits(db: Executor) {
  const settings = await getSettings(db);
  return { idleMs: settings.session_idle_minutes * 60_000, absoluteMs: settings.session_absolute_hours * 3_600_000 };
}

/**
 * Starts a session for the user: returns its token (for the cookie) and when it ends at
 * the latest. Expired sessions of every user are cleared out on the way.
 */
export async function createSession(
  db: Executor,
  userId: string,
  meta: { ip: string | null; userAgent: string | null; until?: string; provedAt?: Date },
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const { idleMs, absoluteMs } = await limits(db);
  const token = randomBytes(32).toString("base64url");
  const at = now.toISOString();
  // A session renewed under a new token keeps the end it had: renewal never extends it.
  const expiresAt = meta.until ? new Date(Math.min(Date.parse(meta.until), now.getTime() + absoluteMs)) : new Date(now.getTime() + absoluteMs);
  await db.deleteFrom("sessions")
    .where((eb) => eb.or([eb("expires_at", "<=", at), eb("last_seen_at", "<=", new Date(now.getTime() - idleMs).toISOString())]))
    .execute();
  // Dated from when the person proved who they are (a password checked before its code), so a
  // password change meanwhile voids it; last seen now, so the time spent on the code is not idle time.
  await db.insertInto("sessions").values({
    id: hashSessionToken(token), user_id: userId, created_at: (meta.provedAt ?? now).toISOString(), last_seen_at: at, expires_at: expiresAt.toISOString(),
    ip: meta.ip, user_agent: meta.userAgent?.slice(0, 300) ?? null,
  }).execute();
  return { token, expiresAt };
}

/** The live session a token belongs to, or null (ending it if it has just run out). */
export async function findLiveSession(db: Executor, token: string, now = new Date()): Promise<LiveSession | null> {
  const id = hashSessionToken(token);
  const row = await db.selectFrom("sessions").innerJoin("users", "users.id", "sessions.user_id")
    .select(["sessions.id", "sessions.user_id", "sessions.created_at", "sessions.last_seen_at", "sessions.expires_at", "users.sessions_valid_after"])
    .where("sessions.id", "=", id).executeTakeFirst();
  if (!row) return null;
  const { idleMs } = await limits(db);
  const voided = row.sessions_valid_after !== null && row.created_at < row.sessions_valid_after;
  if (voided || row.expires_at <= now.toISOString() || row.last_seen_at <= new Date(now.getTime() - idleMs).toISOString()) {
    await db.deleteFrom("sessions").where("id", "=", id).execute();
    return null;
  }
  if (now.getTime() - Date.parse(row.last_seen_at) > TOUCH_AFTER_MS) {
    await db.updateTable("sessions").set({ last_seen_at: now.toISOString() }).where("id", "=", id).execute();
  }
  return { id: row.id, userId: row.user_id, expiresAt: row.expires_at };
}

export async function deleteSession(db: Executor, id: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", id).execute();
}

/**
 * Ends every session of a user, or every one but `except` (the one in use). Without an
 * exception, any session started before now is void too, even one a sign-in racing with
 * this change writes a moment later.
 */
export async function endUserSessions(db: Executor, userId: string, options: { except?: string | null; now?: Date } = {}): Promise<number> {
  if (!options.except) {
    await db.updateTable("users").set({ sessions_valid_after: (options.now ?? new Date()).toISOString() }).where("id", "=", userId).execute();
  }
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

/** A user's live sessions, most recently used first, for the account page. */
export async function listUserSessions(db: Executor, userId: string, currentId: string | null, now = new Date()): Promise<SessionSummary[]> {
  const { idleMs } = await limits(db);
  const rows = await db.selectFrom("sessions").select(["id", "created_at", "last_seen_at", "ip", "user_agent"])
    .where("user_id", "=", userId).where("expires_at", ">", now.toISOString())
    .where("last_seen_at", ">", new Date(now.getTime() - idleMs).toISOString())
    .orderBy("last_seen_at", "desc").execute();
  return rows.map((r) => ({ id: r.id, current: r.id === currentId, createdAt: r.created_at, lastSeenAt: r.last_seen_at, ip: r.ip, userAgent: r.user_agent }));
}
