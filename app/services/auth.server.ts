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


async function countFailures(db: Db, where: { ip?: string; email?: string }, since: string): Promise<number> {
  let query = db.selectFrom("sign_in_attempts").select((eb) => eb.fn.countAll<number>().as("n"))
    .where("succeeded", "=", 0).where("attempted_at", ">", since);
  if (where.ip !== undefined) query = query.where("ip", "=", where.ip);
  if (where.email !== undefined) query = query.where("email", "=", where.email);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/**
 * Checks the password and returns the user's id. Every failure says the same thing, so the
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
): Promise<string> {
  const email = normaliseEmail(input.email);
  const attemptId = newId();
  await db.insertInto("sign_in_attempts").values({ id: attemptId, ip: input.ip, email, succeeded: 0, attempted_at: now.toISOString() }).execute();

  // Only failures count against a client: an office signing in many people from one address is not an attack.
  const fromClient = await countFailures(db, { ip: input.ip }, new Date(now.getTime() - IP_WINDOW_MS).toISOString());
  if (fromClient > MAX_ATTEMPTS_PER_IP) throw new SignInError(THROTTLED, null);

  const [user, lastProof] = await Promise.all([
    db.selectFrom("users").select(["id", "password_hash", "is_active"]).where("email", "=", email).executeTakeFirst(),
    db.selectFrom("sign_in_attempts").select((eb) => eb.fn.max("attempted_at").as("at"))
      .where("email", "=", email).where("succeeded", "=", 1).executeTakeFirst(),
  ]);
  const windowStart = new Date(now.getTime() - LOCKOUT_MS).toISOString();
  const since = lastProof?.at && lastProof.at > windowStart ? lastProof.at : windowStart;
  // This attempt is among them.
  const failures = await countFailures(db, { email }, since);

  const passwordOk = user?.password_hash
    ? await verifyPassword(input.password, user.password_hash)
    : await verifyPassword(input.password, await decoyHash()).then(() => false);

  const lockedBefore = failures - 1 >= MAX_FAILED_SIGN_INS;
  if (!user || !passwordOk || !user.is_active || lockedBefore) {
    if (user && failures === MAX_FAILED_SIGN_INS) {
      // Shown to administrators; the rule itself is the count above.
      const lockedUntil = new Date(now.getTime() + LOCKOUT_MS).toISOString();
      await db.transaction().execute(async (trx) => {
        await trx.updateTable("users").set({ failed_sign_ins: failures, locked_until: lockedUntil }).where("id", "=", user.id).execute();
        await recordAudit(trx, { actorUserId: null, ip: input.ip }, {
          action: "user.locked", recordType: "user", recordId: user.id,
          before: { locked_until: null }, after: { locked_until: lockedUntil, failed_sign_ins: MAX_FAILED_SIGN_INS },
        });
      });
    }
    throw new SignInError(failures >= MAX_FAILED_SIGN_INS ? LOCKED : WRONG_DETAILS);
  }

  await db.transaction().execute(async (trx) => {
    await trx.updateTable("sign_in_attempts").set({ succeeded: 1 }).where("id", "=", attemptId).execute();
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
