// Counting requests to slow down those that cost someone else something (an e-mail in their
// inbox): kept in the database, so every app server sees the same counts.
import type { Executor } from "../../db/client";
import { newId } from "~/lib/ids.server";

export interface ThrottleRule {
  kind: string;
  max: number;
  windowMs: number;
}

/** Password reset e-mails: three an hour to one address, twenty an hour from one client. */
export const RESET_PER_ADDRESS: ThrottleRule = { kind: "reset:address", max: 3, windowMs: 60 * 60_000 };
export const RESET_PER_CLIENT: ThrottleRule = { kind: "reset:client", max: 20, windowMs: 60 * 60_000 };

/**
 * Registrations: each e-mails the contact and every officer who may approve it, so one
 * network registers ten an hour at most (an office registering a few groups is well within).
 */
export const REGISTER_PER_CLIENT: ThrottleRule = { kind: "register:client", max: 10, windowMs: 60 * 60_000 };

/**
 * Counts one request against the rule, then says whether it is within the allowance. The
 * request is written down before the count, so requests sent side by side all see each
 * other and no batch gets past the limit. Events older than a day are cleared on the way.
 */
export async function withinAllowance(db: Executor, rule: ThrottleRule, key: string, now = new Date()): Promise<boolean> {
  await db.deleteFrom("throttle_events").where("kind", "=", rule.kind).where("at", "<", new Date(now.getTime() - 86_400_000).toISOString()).execute();
  await db.insertInto("throttle_events").values({ id: newId(), kind: rule.kind, key, at: now.toISOString() }).execute();
  const since = new Date(now.getTime() - rule.windowMs).toISOString();
  const row = await db.selectFrom("throttle_events").select((eb) => eb.fn.countAll<number>().as("n"))
    .where("kind", "=", rule.kind).where("key", "=", key).where("at", ">", since).executeTakeFirstOrThrow();
  return Number(row.n) <= rule.max;
}
