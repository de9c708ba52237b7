// Two-step verification for password accounts: after the password, a code from an
// authenticator app (TOTP, RFC 6238: 6 digits, a new one every 30 seconds) or one of ten
// single-use recovery codes. Who must use it is one rule (twoStepRequired); the throttling
// of codes is the sign-in's own (app/services/auth.server.ts).
//
// A secret is kept only once the person has typed a code their app made from it, so a
// half-finished set-up never locks anyone out. A code is accepted once: the step it was
// made for is written with a conditional update, so two requests racing with one code (or
// a code seen over someone's shoulder) cannot both succeed.
import { createHash, randomInt } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import type { Executor } from "../../../db/client";
import type { Role } from "../../../db/schema";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { newId } from "~/lib/ids.server";

export const TOTP_PERIOD_SECONDS = 30;
const TOTP_DIGITS = 6;
/** A code from the step before or after is accepted too, for clocks a little apart. */
const TOTP_WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;
/** Recovery codes avoid letters and digits that are easily confused (0/O, 1/I/L). */
const RECOVERY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

export type TwoStepFor = "admins" | "everyone";

/** Administrators always; everyone else when the council's setting says so. */
export function twoStepRequired(roles: readonly Role[], twoStepFor: TwoStepFor): boolean {
  return twoStepFor === "everyone" || roles.includes("admin");
}

export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

function totp(secret: string, label = "account", issuer = "Early help portal"): TOTP {
  return new TOTP({ issuer, label, algorithm: "SHA1", digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS, secret: Secret.fromBase32(secret) });
}

/** Is `secret` a base32 TOTP secret as newTotpSecret makes them? */
export const isTotpSecret = (secret: string): boolean => /^[A-Z2-7]{32}$/.test(secret);

export interface TwoStepSetup {
  /** The secret as text, in groups of four, for typing into an app by hand. */
  key: string;
  /** The otpauth:// address the QR code holds. */
  uri: string;
  /** The QR code as an SVG data URL, made here so no third party sees the secret. */
  qrDataUrl: string;
}

export async function twoStepSetup(secret: string, accountName: string, issuer: string): Promise<TwoStepSetup> {
  const uri = totp(secret, accountName, issuer).toString();
  const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return {
    key: secret.match(/.{1,4}/g)!.join(" "),
    uri,
    qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`,
  };
}

/** The step a 6-digit code was made for, or null when it matches none in the window. */
function matchingStep(secret: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(secret).validate({ token: code, timestamp: now.getTime(), window: TOTP_WINDOW });
  return delta === null ? null : Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS) + delta;
}

/** What a person typed, without spaces or dashes, in capitals. */
export const normaliseCode = (code: string): string => code.replace(/[\s-]/g, "").toUpperCase();

const hashRecoveryCode = (code: string): string => createHash("sha256").update(normaliseCode(code)).digest("hex");

function newRecoveryCode(): string {
  let code = "";
  for (let i = 0; i < 10; i++) code += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** Replaces the user's recovery codes with ten new ones, returned once and kept only hashed. */
async function writeRecoveryCodes(db: Executor, userId: string, now: Date): Promise<string[]> {
  // The user's row first: two replacements at once take turns, so one set of ten remains.
  await db.updateTable("users").set({ updated_at: now.toISOString() }).where("id", "=", userId).execute();
  await db.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await db.insertInto("recovery_codes").values(codes.map((code) => ({
    id: newId(), user_id: userId, code_hash: hashRecoveryCode(code), created_at: now.toISOString(), used_at: null,
  }))).execute();
  return codes;
}

export type EnableResult = { ok: true; recoveryCodes: string[] } | { ok: false; message: string };

export const CODE_MESSAGES = {
  enterCode: "Enter the 6-digit code from your authenticator app",
  setupFormat: "Enter the code as 6 digits, like 123456",
  setupWrong: "That code is not right. Check your app shows the account you just added, and enter its current code",
  wrongCode: "Enter a correct code from your authenticator app, or a recovery code you have not used",
  usedCode: "That code has already been used. Wait for your app to show a new code",
} as const;

/**
 * Turns two-step verification on with a secret the person's app was given, once a code made
 * from it checks out. Run inside a transaction: the secret, the codes and the audit land together.
 */
export async function enableTwoStep(
  trx: Executor,
  audit: AuditContext,
  input: { userId: string; secret: string; code: string },
  now = new Date(),
): Promise<EnableResult> {
  const code = input.code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(code)) return { ok: false, message: CODE_MESSAGES.setupFormat };
  const step = matchingStep(input.secret, code, now);
  if (step === null) return { ok: false, message: CODE_MESSAGES.setupWrong };
  const updated = await trx.updateTable("users")
    .set({ totp_secret: input.secret, totp_enabled_at: now.toISOString(), totp_last_step: step, updated_at: now.toISOString() })
    .where("id", "=", input.userId).where("totp_enabled_at", "is", null)
    .executeTakeFirst();
  // Already on (a second tab, a double submit): the first set-up stands, with its own codes.
  if (Number(updated.numUpdatedRows) === 0) return { ok: false, message: "Two-step verification is already set up for this account" };
  const recoveryCodes = await writeRecoveryCodes(trx, input.userId, now);
  await recordAudit(trx, audit, {
    action: "user.two_step_enabled", recordType: "user", recordId: input.userId,
    before: { two_step: false }, after: { two_step: true, recovery_codes: RECOVERY_CODE_COUNT },
  });
  return { ok: true, recoveryCodes };
}

/** Ten new recovery codes; the old ones stop working. Run inside a transaction. */
export async function replaceRecoveryCodes(trx: Executor, audit: AuditContext, userId: string, now = new Date()): Promise<string[]> {
  const codes = await writeRecoveryCodes(trx, userId, now);
  await recordAudit(trx, audit, {
    action: "user.recovery_codes_replaced", recordType: "user", recordId: userId, after: { recovery_codes: RECOVERY_CODE_COUNT },
  });
  return codes;
}

/**
 * Turns two-step verification off: by the person themselves where it is optional, or by an
 * administrator for someone who has lost their app and codes (they set it up again at their
 * next sign-in where it is required). Run inside a transaction.
 */
export async function disableTwoStep(trx: Executor, audit: AuditContext, userId: string, now = new Date()): Promise<boolean> {
  const updated = await trx.updateTable("users")
    .set({ totp_secret: null, totp_enabled_at: null, totp_last_step: null, updated_at: now.toISOString() })
    .where("id", "=", userId).where("totp_enabled_at", "is not", null)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) return false;
  await trx.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
  await recordAudit(trx, audit, {
    action: "user.two_step_disabled", recordType: "user", recordId: userId, before: { two_step: true }, after: { two_step: false },
  });
  return true;
}

export interface TwoStepStatus {
  enabled: boolean;
  enabledAt: string | null;
  recoveryCodesLeft: number;
}

export async function getTwoStepStatus(db: Executor, userId: string): Promise<TwoStepStatus> {
  const [user, left] = await Promise.all([
    db.selectFrom("users").select(["totp_enabled_at"]).where("id", "=", userId).executeTakeFirst(),
    db.selectFrom("recovery_codes").select((eb) => eb.fn.countAll<number>().as("n"))
      .where("user_id", "=", userId).where("used_at", "is", null).executeTakeFirstOrThrow(),
  ]);
  return { enabled: Boolean(user?.totp_enabled_at), enabledAt: user?.totp_enabled_at ?? null, recoveryCodesLeft: Number(left.n) };
}

export type CodeCheck =
  | { ok: true; method: "app" }
  | { ok: true; method: "recovery_code"; recoveryCodesLeft: number }
  | { ok: false; reason: "wrong" | "used" };

/**
 * Checks a code typed at sign-in: 6 digits from the app, or a recovery code. Each is good
 * once; using one writes that down in the same statement that checks it was still unused.
 */
export async function checkCode(db: Executor, userId: string, typed: string, now = new Date()): Promise<CodeCheck> {
  const code = normaliseCode(typed);
  if (/^\d{6}$/.test(code)) {
    const user = await db.selectFrom("users").select(["totp_secret"]).where("id", "=", userId).executeTakeFirst();
    const step = user?.totp_secret ? matchingStep(user.totp_secret, code, now) : null;
    if (step === null) return { ok: false, reason: "wrong" };
    const updated = await db.updateTable("users").set({ totp_last_step: step })
      .where("id", "=", userId)
      .where((eb) => eb.or([eb("totp_last_step", "is", null), eb("totp_last_step", "<", step)]))
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1 ? { ok: true, method: "app" } : { ok: false, reason: "used" };
  }
  if (code.length !== 10) return { ok: false, reason: "wrong" };
  const used = await db.updateTable("recovery_codes").set({ used_at: now.toISOString() })
    .where("user_id", "=", userId).where("code_hash", "=", hashRecoveryCode(code)).where("used_at", "is", null)
    .executeTakeFirst();
  if (Number(used.numUpdatedRows) !== 1) return { ok: false, reason: "wrong" };
  const left = await db.selectFrom("recovery_codes").select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId).where("used_at", "is", null).executeTakeFirstOrThrow();
  return { ok: true, method: "recovery_code", recoveryCodesLeft: Number(left.n) };
}
