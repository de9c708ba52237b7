// Signing in with e-mail and password, and then a code where two-step verification is on.
// remix-auth's FormStrategy reads the form; the rules (throttling, lockout, one message for
// every failure) live in signInWithPassword and signInWithCode.
import { Authenticator } from "remix-auth";
import { FormStrategy } from "remix-auth-form";
import { z } from "zod";
import type { Db, Executor } from "../../db/client";
import type { Role } from "../../db/schema";
import { normaliseEmail } from "~/models/accounts/users.server";
import { recordAudit } from "../models/audit/record.server";
import { decoyHash, verifyPassword } from "./passwords.server";
import { newId, nowIso } from "~/lib/ids.server";
import { getSettings } from "~/models/admin/settings.server";
import { oidcConfig } from "./oidc.server";

/** The roles the "council staff must use single sign-on" setting applies to. */
export const SSO_STAFF_ROLES: readonly Role[] = ["officer", "panel", "admin"];
import { checkCode, CODE_MESSAGES, twoStepRequired, type CodeCheck } from "~/models/accounts/two-step.server";

export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;
/** Attempts from one address in the window before it is made to wait. */
export const MAX_ATTEMPTS_PER_IP = 20;
export const IP_WINDOW_MS = 15 * 60 * 1000;

export const WRONG_DETAILS = "Enter a correct e-mail address and password";
export const LOCKED = "You have entered the wrong details too many times. Try again in 15 minutes, or reset your password.";
export const SSO_REQUIRED = "Council staff sign in with their council account: choose “Sign in with your council account”.";
export const THROTTLED = "There have been too many attempts to sign in from your network. Wait 15 minutes and try again.";

/** A failed sign-in: the message is safe to show as it is. */
export class SignInError extends Error {
  constructor(message: string, public readonly field: "email" | "password" | "code" | null = "email") {
    super(message);
    this.name = "SignInError";
  }
}

export const signInSchema = z.object({
  email: z.string().trim().min(1, "Enter your e-mail address").max(254).email("Enter an e-mail address in the correct format, like name@example.org"),
  password: z.string().min(1, "Enter your password").max(1000),
});


async function countFailures(db: Db, where: { ip?: string; email?: string }, since: string): Promise<number> {
  let query = db.selectFrom("sign_in_attempts").select((eb) => eb.fn.countAll<number>().as("n"))
    .where("succeeded", "=", 0).where("attempted_at", ">", since);
  if (where.ip !== undefined) query = query.where("ip", "=", where.ip);
  if (where.email !== undefined) query = query.where("email", "=", where.email);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/** Failures count from 15 minutes ago, or from the address's last proof if that is later. */
async function lockoutWindowStart(db: Db, email: string, now: Date): Promise<string> {
  const lastProof = await db.selectFrom("sign_in_attempts").select((eb) => eb.fn.max("attempted_at").as("at"))
    .where("email", "=", email).where("succeeded", "=", 1).executeTakeFirst();
  const windowStart = new Date(now.getTime() - LOCKOUT_MS).toISOString();
  return lastProof?.at && lastProof.at > windowStart ? lastProof.at : windowStart;
}

export interface PasswordOutcome {
  userId: string;
  /** Signed in, or first a code ("code"), or first set up two-step verification ("set-up"). */
  next: "signed-in" | "code" | "set-up";
}

/**
 * Checks the password and says who it is and what comes next. Every failure says the same thing, so the
 * form never tells whether an e-mail address has an account.
 *
 * Each attempt is written down first, as a failure until it succeeds, and only then are
 * failures counted: guesses sent side by side all see each other, so a batch of them gets
 * no further than the same guesses one at a time. The lockout is one rule for every
 * address, with an account or not: five failures in 15 minutes since the address last
 * signed in (or its password was reset) lock it; the password is still checked, so a
 * locked account answers in the same time and words as an address without one.
 */
export async function signInWithPassword(
  db: Db,
  input: { email: string; password: string; ip: string },
  now = new Date(),
): Promise<PasswordOutcome> {
  const email = normaliseEmail(input.email);
  const attemptId = newId();
  await db.insertInto("sign_in_attempts").values({ id: attemptId, ip: input.ip, email, succeeded: 0, attempted_at: now.toISOString() }).execute();

  // Only failures count against a client: an office signing in many people from one address is not an attack.
  const fromClient = await countFailures(db, { ip: input.ip }, new Date(now.getTime() - IP_WINDOW_MS).toISOString());
  if (fromClient > MAX_ATTEMPTS_PER_IP) throw new SignInError(THROTTLED, null);

  const [user, since] = await Promise.all([
    db.selectFrom("users").select(["id", "password_hash", "is_active"]).where("email", "=", email).executeTakeFirst(),
    lockoutWindowStart(db, email, now),
  ]);
  // This attempt is among them.
  const failures = await countFailures(db, { email }, since);

  const passwordOk = user?.password_hash
    ? await verifyPassword(input.password, user.password_hash)
    : await verifyPassword(input.password, await decoyHash()).then(() => false);

  const lockedBefore = failures - 1 >= MAX_FAILED_SIGN_INS;
  if (!user || !passwordOk || !user.is_active || lockedBefore) {
    if (user) await lockOnLastFailure(db, user.id, failures, input.ip, now);
    throw new SignInError(failures >= MAX_FAILED_SIGN_INS ? LOCKED : WRONG_DETAILS);
  }

  const next = await stepAfterPassword(db, user.id);
  if (next === "sso") {
    // Told only to someone who knew the password; it counts neither way.
    await db.deleteFrom("sign_in_attempts").where("id", "=", attemptId).execute();
    throw new SignInError(SSO_REQUIRED);
  }
  if (next !== "signed-in") {
    // The password alone proves nothing yet: this attempt counts neither as a failure nor
    // as the proof that clears earlier failures, so wrong codes still add up to a lockout.
    await db.deleteFrom("sign_in_attempts").where("id", "=", attemptId).execute();
    return { userId: user.id, next };
  }
  await completeSignIn(db, { userId: user.id, email, ip: input.ip, attemptId }, now);
  return { userId: user.id, next };
}

/**
 * What a person who has just proved their password (at sign-in, or by setting it from an
 * invitation) does next: a code where two-step verification is on, setting it up where
 * their role or the council requires it, else nothing.
 */
export async function stepAfterPassword(db: Executor, userId: string, via: "password" | "sso" = "password"): Promise<PasswordOutcome["next"] | "sso"> {
  const [user, roles, settings] = await Promise.all([
    db.selectFrom("users").select("totp_enabled_at").where("id", "=", userId).executeTakeFirst(),
    db.selectFrom("user_roles").select("role").where("user_id", "=", userId).execute(),
    getSettings(db),
  ]);
  const held = roles.map((r) => r.role);
  // Where the council requires it, staff use their council account, not a password.
  if (via === "password" && settings.sso_required_for_staff === "yes" && oidcConfig() && held.some((r) => SSO_STAFF_ROLES.includes(r))) return "sso";
  if (user?.totp_enabled_at) return "code";
  return twoStepRequired(held, settings.two_step_for) ? "set-up" : "signed-in";
}

/**
 * After a council account has signed in: nothing more where the provider asked for a second
 * factor itself (its ID token says "mfa"); otherwise the portal's own code, as for a password,
 * so two-step verification is never skipped by signing in another way.
 */
export async function stepAfterSso(db: Executor, userId: string, providerDidMfa: boolean): Promise<PasswordOutcome["next"]> {
  if (providerDidMfa) return "signed-in";
  return (await stepAfterPassword(db, userId, "sso")) as PasswordOutcome["next"];
}

/** The failure that reaches the limit locks the account, for administrators to see. */
async function lockOnLastFailure(db: Db, userId: string, failures: number, ip: string, now: Date): Promise<void> {
  if (failures !== MAX_FAILED_SIGN_INS) return;
  // Shown to administrators; the rule itself is the count of failures.
  const lockedUntil = new Date(now.getTime() + LOCKOUT_MS).toISOString();
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("users").set({ failed_sign_ins: failures, locked_until: lockedUntil }).where("id", "=", userId).execute();
    await recordAudit(trx, { actorUserId: null, ip }, {
      action: "user.locked", recordType: "user", recordId: userId,
      before: { locked_until: null }, after: { locked_until: lockedUntil, failed_sign_ins: MAX_FAILED_SIGN_INS },
    });
  });
}

/**
 * The person has proved who they are (password, and code where asked): the attempt is a
 * success, which clears earlier failures, and the sign-in is audited.
 */
export async function completeSignIn(
  db: Db,
  input: { userId: string; email: string; ip: string; attemptId?: string; method?: "app" | "recovery_code" | "set_up" | "sso" },
  now = new Date(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (input.attemptId) {
      await trx.updateTable("sign_in_attempts").set({ succeeded: 1 }).where("id", "=", input.attemptId).execute();
    } else {
      await trx.insertInto("sign_in_attempts").values({ id: newId(), ip: input.ip, email: input.email, succeeded: 1, attempted_at: now.toISOString() }).execute();
    }
    await trx.updateTable("users")
      .set({ failed_sign_ins: 0, locked_until: null, last_sign_in_at: nowIso() })
      .where("id", "=", input.userId)
      .execute();
    await recordAudit(trx, { actorUserId: input.userId, ip: input.ip }, {
      action: "user.signed_in", recordType: "user", recordId: input.userId,
      ...(input.method === "sso" ? { after: { via: "sso" } } : input.method ? { after: { two_step: input.method } } : {}),
    });
  });
}

/**
 * A code from the app or a recovery code, for a user with two-step verification on: at the
 * second step of signing in, and to confirm turning it off or replacing the recovery codes.
 * Throttled by the same rule as passwords: a wrong code is a failed sign-in for the address,
 * five lock it, and many failures from one network are refused.
 */
export async function checkCodeThrottled(
  db: Db,
  input: { userId: string; code: string; ip: string },
  now = new Date(),
): Promise<CodeCheck & { ok: true; email: string }> {
  const user = await db.selectFrom("users").select(["id", "email", "is_active", "totp_enabled_at"]).where("id", "=", input.userId).executeTakeFirst();
  if (!user || !user.is_active || !user.totp_enabled_at) throw new SignInError(WRONG_DETAILS, null);
  const attemptId = newId();
  await db.insertInto("sign_in_attempts").values({ id: attemptId, ip: input.ip, email: user.email, succeeded: 0, attempted_at: now.toISOString() }).execute();
  const fromClient = await countFailures(db, { ip: input.ip }, new Date(now.getTime() - IP_WINDOW_MS).toISOString());
  if (fromClient > MAX_ATTEMPTS_PER_IP) throw new SignInError(THROTTLED, null);
  // Every failure in the last 15 minutes counts, whatever proof came between: a password reset
  // (which clears password failures) must not buy whoever holds the mailbox more guesses at the code.
  const failures = await countFailures(db, { email: user.email }, new Date(now.getTime() - LOCKOUT_MS).toISOString());
  if (failures - 1 >= MAX_FAILED_SIGN_INS) throw new SignInError(LOCKED, "code");

  const check = await checkCode(db, user.id, input.code, now);
  if (!check.ok) {
    await lockOnLastFailure(db, user.id, failures, input.ip, now);
    if (failures >= MAX_FAILED_SIGN_INS) throw new SignInError(LOCKED, "code");
    throw new SignInError(check.reason === "used" ? CODE_MESSAGES.usedCode : CODE_MESSAGES.wrongCode, "code");
  }
  // A right code is not a proof that clears failures until it signs someone in.
  await db.deleteFrom("sign_in_attempts").where("id", "=", attemptId).execute();
  return { ...check, email: user.email };
}

/** The second step of signing in: the code checked, then the sign-in completed. */
export async function signInWithCode(
  db: Db,
  input: { userId: string; code: string; ip: string },
  now = new Date(),
): Promise<CodeCheck & { ok: true }> {
  const check = await checkCodeThrottled(db, input, now);
  await completeSignIn(db, { userId: input.userId, email: check.email, ip: input.ip, method: check.method }, now);
  return check;
}

/**
 * The authenticator for one sign-in request. Made per request because the client's
 * address comes from the server's load context, which a module-level strategy cannot see.
 */
export function passwordAuthenticator(db: Db, ip: string): Authenticator<PasswordOutcome> {
  const authenticator = new Authenticator<PasswordOutcome>();
  authenticator.use(
    new FormStrategy(async ({ form }) => {
      const parsed = signInSchema.safeParse({ email: form.get("email") ?? "", password: form.get("password") ?? "" });
      if (!parsed.success) throw new SignInError(parsed.error.issues[0]?.message ?? WRONG_DETAILS);
      return signInWithPassword(db, { ...parsed.data, ip });
    }),
    "password",
  );
  return authenticator;
}
