// A person's own account: accepting an invitation, resetting or changing a password.
import type { Db, Executor } from "../../../db/client";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { hashPassword, verifyPassword } from "~/services/passwords.server";
import { checkAccountToken, consumeAccountToken, createAccountToken, type TokenCheck } from "~/services/tokens.server";
import { nowIso, newId } from "~/lib/ids.server";
import { normaliseEmail } from "./users.server";
import { endUserSessions } from "./sessions.server";

export type TokenProblem = Extract<TokenCheck, { ok: false }>["reason"];

export const TOKEN_PROBLEMS: Record<"invitation" | "password_reset", Record<TokenProblem, string>> = {
  invitation: {
    invalid: "This invitation link is not valid. Check you copied the whole link from the e-mail.",
    expired: "This invitation has expired. Ask the council to send you a new one.",
    used: "This invitation has already been used. Sign in with the password you chose, or reset it.",
  },
  password_reset: {
    invalid: "This password reset link is not valid. Check you copied the whole link from the e-mail.",
    expired: "This password reset link has expired. Links work for 1 hour: ask for a new one.",
    used: "This password reset link has already been used. Ask for a new one if you need to.",
  },
};

/** Who an invitation is for, so the page can greet them; null with the problem if it cannot be used. */
export async function describeInvitation(db: Db, token: string): Promise<{ ok: true; name: string; email: string } | { ok: false; reason: TokenProblem }> {
  const check = await checkAccountToken(db, token, "invitation");
  if (!check.ok) return check;
  const user = await db.selectFrom("users").select(["name", "email", "is_active"]).where("id", "=", check.userId).executeTakeFirst();
  if (!user || !user.is_active) return { ok: false, reason: "invalid" };
  return { ok: true, name: user.name, email: user.email };
}

async function setPassword(
  db: Db,
  audit: AuditContext,
  token: string,
  purpose: "invitation" | "password_reset",
  password: string,
): Promise<{ ok: true; userId: string } | { ok: false; reason: TokenProblem }> {
  const hash = await hashPassword(password); // slow on purpose: kept outside the transaction
  return db.transaction().execute(async (trx) => {
    const used = await consumeAccountToken(trx, token, purpose);
    if (!used.ok) return used;
    const user = await trx.selectFrom("users").select(["is_active"]).where("id", "=", used.userId).executeTakeFirst();
    if (!user?.is_active) return { ok: false as const, reason: "invalid" as const };
    await trx
      .updateTable("users")
      .set({ password_hash: hash, failed_sign_ins: 0, locked_until: null, updated_at: nowIso() })
      .where("id", "=", used.userId)
      .execute();
    // A reset is what someone does when they fear their password is known: every session ends.
    const ended = await endUserSessions(trx, used.userId);
    // They have proved they own the address: earlier failed sign-ins no longer lock it.
    const owner = await trx.selectFrom("users").select("email").where("id", "=", used.userId).executeTakeFirstOrThrow();
    await clearSignInFailures(trx, owner.email, audit.ip);
    await recordAudit(trx, { ...audit, actorUserId: used.userId }, {
      action: purpose === "invitation" ? "user.invitation_accepted" : "user.password_reset",
      recordType: "user",
      recordId: used.userId,
      after: ended ? { sessions_ended: ended } : undefined,
    });
    return { ok: true as const, userId: used.userId };
  });
}

export const acceptInvitation = (db: Db, audit: AuditContext, token: string, password: string) =>
  setPassword(db, audit, token, "invitation", password);

export const resetPassword = (db: Db, audit: AuditContext, token: string, password: string) =>
  setPassword(db, audit, token, "password_reset", password);

/**
 * A reset token for an active account, or null. The page says the same thing either way,
 * so it never tells whether an address has an account.
 */
export async function requestPasswordReset(
  db: Db,
  audit: AuditContext,
  email: string,
): Promise<{ token: string; name: string; email: string } | null> {
  const user = await db
    .selectFrom("users")
    .select(["id", "name", "email"])
    .where("email", "=", normaliseEmail(email))
    .where("is_active", "=", 1)
    .executeTakeFirst();
  if (!user) return null;
  return db.transaction().execute(async (trx) => {
    const token = await createAccountToken(trx, user.id, "password_reset");
    await recordAudit(trx, audit, { action: "user.password_reset_requested", recordType: "user", recordId: user.id });
    return { token, name: user.name, email: user.email };
  });
}

/**
 * Changing one's own password needs the current one. Every session of the user ends (a
 * browser left signed in elsewhere, or someone who had the old password); the page renews
 * the one in use under a new token.
 */
export async function changePassword(
  db: Db,
  audit: AuditContext,
  userId: string,
  currentPassword: string,
  newPassword: string,
): Promise<boolean> {
  const user = await db.selectFrom("users").select(["password_hash"]).where("id", "=", userId).executeTakeFirst();
  if (!user?.password_hash || !(await verifyPassword(currentPassword, user.password_hash))) return false;
  const hash = await hashPassword(newPassword);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("users").set({ password_hash: hash, updated_at: nowIso() }).where("id", "=", userId).execute();
    const ended = await endUserSessions(trx, userId);
    await recordAudit(trx, audit, { action: "user.password_changed", recordType: "user", recordId: userId, after: { sessions_ended: ended } });
  });
  return true;
}

/**
 * The owner of an address proved who they are another way (a password reset, an accepted
 * invitation): failures before now no longer count towards a lockout.
 */
export async function clearSignInFailures(db: Executor, email: string, ip: string | null, now = new Date()): Promise<void> {
  await db.insertInto("sign_in_attempts").values({ id: newId(), ip: ip ?? "unknown", email: email, succeeded: 1, attempted_at: now.toISOString() }).execute();
}
