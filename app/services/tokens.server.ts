// Single-use tokens behind invitation and password-reset links. Only a SHA-256 of the
// token is stored, so a copy of the database cannot be used to take over accounts.
import { createHash, randomBytes } from "node:crypto";
import type { Executor } from "../../db/client";
import type { TokenPurpose } from "../../db/schema";
import { newId, nowIso } from "~/lib/ids.server";

export const TOKEN_LIFETIME_MS: Record<TokenPurpose, number> = {
  invitation: 7 * 24 * 60 * 60 * 1000,
  password_reset: 60 * 60 * 1000,
};

/** A new secret for an address (256 bits, URL-safe): the link's token, or a calendar feed's. */
export const newSecretToken = (): string => randomBytes(32).toString("base64url");
/** What is stored of a secret token: its SHA-256, never the token. */
export const hashSecretToken = (token: string): string => createHash("sha256").update(token).digest("hex");

/** Issues a new token; any earlier unused token for the same purpose stops working. */
export async function createAccountToken(db: Executor, userId: string, purpose: TokenPurpose, now = new Date()): Promise<string> {
  const token = newSecretToken();
  await db
    .deleteFrom("account_tokens")
    .where("user_id", "=", userId)
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .execute();
  await db
    .insertInto("account_tokens")
    .values({
      id: newId(),
      user_id: userId,
      purpose,
      token_hash: hashSecretToken(token),
      expires_at: new Date(now.getTime() + TOKEN_LIFETIME_MS[purpose]).toISOString(),
      used_at: null,
      created_at: now.toISOString(),
    })
    .execute();
  return token;
}

export type TokenCheck =
  | { ok: true; tokenId: string; userId: string }
  | { ok: false; reason: "invalid" | "expired" | "used" };

/** Looks a token up without using it, so a form can be shown before it is submitted. */
export async function checkAccountToken(db: Executor, token: string, purpose: TokenPurpose, now = new Date()): Promise<TokenCheck> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { ok: false, reason: "invalid" };
  const row = await db
    .selectFrom("account_tokens")
    .select(["id", "user_id", "expires_at", "used_at"])
    .where("token_hash", "=", hashSecretToken(token))
    .where("purpose", "=", purpose)
    .executeTakeFirst();
  if (!row) return { ok: false, reason: "invalid" };
  if (row.used_at) return { ok: false, reason: "used" };
  if (row.expires_at <= now.toISOString()) return { ok: false, reason: "expired" };
  return { ok: true, tokenId: row.id, userId: row.user_id };
}

/**
 * Marks the token used. The WHERE on used_at makes it single-use even when two requests
 * race: only one of them updates the row.
 */
export async function consumeAccountToken(db: Executor, token: string, purpose: TokenPurpose, now = new Date()): Promise<TokenCheck> {
  const check = await checkAccountToken(db, token, purpose, now);
  if (!check.ok) return check;
  const result = await db
    .updateTable("account_tokens")
    .set({ used_at: nowIso() })
    .where("id", "=", check.tokenId)
    .where("used_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? check : { ok: false, reason: "used" };
}
