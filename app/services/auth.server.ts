// Signing in with e-mail and password. remix-auth's FormStrategy reads the form; the
// rules (throttling, lockout, one message for every failure) live in signInWithPassword.
import { Authenticator } from "remix-auth";
import { FormStrategy } from "remix-auth-form";
import { z } from "zod";
import type { Db } from "../../db/client";
import { normaliseEmail } from "~/models/accounts/users.server";
import { recordAudit } from "../models/audit/record.server";
import { decoyHash, verifyPassword } from "./passwords.server";
import { newId, nowIso } from "~/lib/ids.server";

export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;
/** Attempts from one address in the window before it is made to wait. */
export const MAX_ATTEMPTS_PER_IP = 20;
export const IP_WINDOW_MS = 15 * 60 * 1000;

export const WRONG_DETAILS = "Enter a correct e-mail address and password";
export const LOCKED = "You have entered the wrong details too many times. Try again in 15 minutes, or reset your password.";
export const THROTTLED = "There have been too many attempts to sign in from your network. Wait 15 minutes and try again.";

/** A failed sign-in: the message is safe to show as it is. */
export class SignInError extends Error {
  constructor(message: string, public readonly field: "email" | "password" | null = "email") {
    super(message);
    this.name = "SignInError";
  }
}

export const signInSchema = z.object({
  email: z.string().trim().min(1, "Enter your e-mail address").max(254).email("Enter an e-mail address in the correct format, like name@example.org"),
  password: z.string().min(1, "Enter your password").max(1000),
});

async function recordAttempt(db: Db, ip: string, email: string, succeeded: boolean, now: Date): Promise<void> {
  await db
    .insertInto("sign_in_attempts")
    .values({ id: newId(), ip, email, succeeded: succeeded ? 1 : 0, attempted_at: now.toISOString() })
    .execute();
}

/**
 * Checks the password and returns the user's id. Every failure says the same thing, so the
 * form never tells whether an e-mail address has an account. The lockout counts failures
 * per e-mail address, whether or not it has an account, for the same reason.
 */
export async function signInWithPassword(
  db: Db,
  input: { email: string; password: string; ip: string },
  now = new Date(),
): Promise<string> {
  const email = normaliseEmail(input.email);
  const windowStart = new Date(now.getTime() - IP_WINDOW_MS).toISOString();
  // Only failures count: an office signing in many people from one address is not an attack.
  const fromIp = await db
    .selectFrom("sign_in_attempts")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("ip", "=", input.ip)
    .where("succeeded", "=", 0)
    .where("attempted_at", ">", windowStart)
    .executeTakeFirstOrThrow();
  if (Number(fromIp.n) >= MAX_ATTEMPTS_PER_IP) throw new SignInError(THROTTLED, null);

  const user = await db
    .selectFrom("users")
    .select(["id", "password_hash", "is_active", "failed_sign_ins", "locked_until"])
    .where("email", "=", email)
    .executeTakeFirst();

  if (!user) {
    const recentFailures = await db
      .selectFrom("sign_in_attempts")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("email", "=", email)
      .where("succeeded", "=", 0)
      .where("attempted_at", ">", new Date(now.getTime() - LOCKOUT_MS).toISOString())
      .executeTakeFirstOrThrow();
    await verifyPassword(input.password, await decoyHash());
    await recordAttempt(db, input.ip, email, false, now);
    throw new SignInError(Number(recentFailures.n) + 1 >= MAX_FAILED_SIGN_INS ? LOCKED : WRONG_DETAILS);
  }

  // The password is checked even for a locked account, so a locked account answers in the
  // same time, with the same words, as an address without one.
  const passwordOk = user.password_hash
    ? await verifyPassword(input.password, user.password_hash)
    : await verifyPassword(input.password, await decoyHash()).then(() => false);

  if (user.locked_until && user.locked_until > now.toISOString()) {
    await recordAttempt(db, input.ip, email, false, now);
    throw new SignInError(LOCKED);
  }

  if (!passwordOk || !user.is_active) {
    const failures = (user.locked_until ? 0 : user.failed_sign_ins) + 1;
    const locks = failures >= MAX_FAILED_SIGN_INS;
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable("users")
        .set({
          failed_sign_ins: locks ? 0 : failures,
          locked_until: locks ? new Date(now.getTime() + LOCKOUT_MS).toISOString() : null,
        })
        .where("id", "=", user.id)
        .execute();
      if (locks) {
        await recordAudit(trx, { actorUserId: null, ip: input.ip }, {
          action: "user.locked",
          recordType: "user",
          recordId: user.id,
          before: { locked_until: null },
          after: { locked_until: new Date(now.getTime() + LOCKOUT_MS).toISOString(), failed_sign_ins: MAX_FAILED_SIGN_INS },
        });
      }
    });
    await recordAttempt(db, input.ip, email, false, now);
    throw new SignInError(locks ? LOCKED : WRONG_DETAILS);
  }

  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("users")
      .set({ failed_sign_ins: 0, locked_until: null, last_sign_in_at: nowIso() })
      .where("id", "=", user.id)
      .execute();
    await recordAudit(trx, { actorUserId: user.id, ip: input.ip }, {
      action: "user.signed_in",
      recordType: "user",
      recordId: user.id,
    });
  });
  await recordAttempt(db, input.ip, email, true, now);
  return user.id;
}

/**
 * The authenticator for one sign-in request. Made per request because the client's
 * address comes from the server's load context, which a module-level strategy cannot see.
 */
export function passwordAuthenticator(db: Db, ip: string): Authenticator<string> {
  const authenticator = new Authenticator<string>();
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
