// Private calendar feeds: one address per person, holding a random token that is the only
// key to it (a calendar application cannot sign in). The token is shown once, when made,
// and kept only as its SHA-256 hash, as session tokens are; making a new address or
// stopping the feed makes the old one worthless.
import type { Executor } from "../../../db/client";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { hashSecretToken, newSecretToken } from "~/services/tokens.server";

/** A new feed address for the user (the old one stops working); returns its token. Run inside a transaction. */
export async function startCalendarFeed(trx: Executor, audit: AuditContext, userId: string, now = new Date()): Promise<string> {
  const token = newSecretToken();
  // The user's row first: two requests at once take turns, and the later one replaces the earlier.
  await trx.updateTable("users").set({ updated_at: now.toISOString() }).where("id", "=", userId).execute();
  const replaced = await trx.deleteFrom("calendar_feeds").where("user_id", "=", userId).executeTakeFirst();
  await trx.insertInto("calendar_feeds").values({ id: hashSecretToken(token), user_id: userId, created_at: now.toISOString() }).execute();
  await recordAudit(trx, audit, {
    action: Number(replaced.numDeletedRows) > 0 ? "calendar_feed.replaced" : "calendar_feed.started", recordType: "user", recordId: userId,
  });
  return token;
}

/** Stops the user's feed; false when there was none. Run inside a transaction. */
export async function stopCalendarFeed(trx: Executor, audit: AuditContext, userId: string): Promise<boolean> {
  const deleted = await trx.deleteFrom("calendar_feeds").where("user_id", "=", userId).executeTakeFirst();
  if (Number(deleted.numDeletedRows) === 0) return false;
  await recordAudit(trx, audit, { action: "calendar_feed.stopped", recordType: "user", recordId: userId });
  return true;
}

/** When the user's feed address was made, or null when they have none. */
export async function calendarFeedStartedAt(db: Executor, userId: string): Promise<string | null> {
  const row = await db.selectFrom("calendar_feeds").select("created_at").where("user_id", "=", userId).executeTakeFirst();
  return row?.created_at ?? null;
}

/** The active user a feed token belongs to, or null. */
export async function calendarFeedOwner(db: Executor, token: string): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const row = await db.selectFrom("calendar_feeds").innerJoin("users", "users.id", "calendar_feeds.user_id")
    .select("users.id").where("calendar_feeds.id", "=", hashSecretToken(token)).where("users.is_active", "=", 1)
    .executeTakeFirst();
  return row?.id ?? null;
}
