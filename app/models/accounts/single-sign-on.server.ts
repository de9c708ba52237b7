// Who a council account from single sign-on is in the portal. Nobody is created here: the
// account must exist (invited by an administrator), found by the provider's verified e-mail
// address at its first sign-in, which links it to that council account for good. Roles the
// council's directory gives (OIDC_ROLE_MAP) are added, never administrator or provider.
import type { Db } from "../../../db/client";
import type { Role } from "../../../db/schema";
import { recordAudit } from "~/models/audit/record.server";
import { newId, nowIso } from "~/lib/ids.server";
import { normaliseEmail } from "./users.server";
import type { OidcConfig, OidcIdentity } from "~/services/oidc.server";

export type SsoRefusal = "unverified" | "domain" | "unknown" | "inactive" | "provider" | "other_subject";

export class SsoRefusedError extends Error {
  constructor(public readonly reason: SsoRefusal, message: string) {
    super(message);
    this.name = "SsoRefusedError";
  }
}

export function ssoRefusalMessage(reason: SsoRefusal, config: Pick<OidcConfig, "allowedDomains">, email: string | null): string {
  switch (reason) {
    case "unverified": return "Your council account's e-mail address has not been verified, so it cannot be used to sign in to the portal. Ask your IT service desk.";
    case "domain": return `Only accounts from ${config.allowedDomains.map((d) => `@${d}`).join(" or ")} can sign in here.`;
    case "unknown": return `There is no portal account for ${email ?? "your council account"}. Ask the portal administrator to invite you, then sign in again.`;
    case "inactive": return "Your portal account has been deactivated. Ask the portal administrator if you need it again.";
    case "provider": return "Council accounts are for council staff. Providers sign in with their e-mail address and password.";
    case "other_subject": return "Your portal account is linked to a different council account. Ask the portal administrator.";
  }
}

/**
 * The portal user a verified council identity signs in as (linking it at the first sign-in),
 * or SsoRefusedError. The sign-in is audited with the roles it added.
 */
export async function signInWithIdentity(db: Db, config: OidcConfig, identity: OidcIdentity, ip: string): Promise<string> {
  const refuse = (reason: SsoRefusal): never => {
    throw new SsoRefusedError(reason, ssoRefusalMessage(reason, config, identity.email));
  };
  if (!identity.email || !identity.emailVerified) refuse("unverified");
  const email = normaliseEmail(identity.email!);
  const domain = email.split("@")[1] ?? "";
  if (config.allowedDomains.length > 0 && !config.allowedDomains.includes(domain)) refuse("domain");
  const subject = `${identity.issuer} ${identity.subject}`;

  return db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom("users").select(["id", "is_active", "oidc_subject"]).where("email", "=", email).executeTakeFirst();
    if (!user) return refuse("unknown");
    if (!user.is_active) return refuse("inactive");
    if (user.oidc_subject !== null && user.oidc_subject !== subject) return refuse("other_subject");
    const roles = (await trx.selectFrom("user_roles").select("role").where("user_id", "=", user.id).execute()).map((r) => r.role);
    if (roles.includes("provider")) return refuse("provider");

    const now = nowIso();
    const added = [...new Set(identity.groups.flatMap((g) => config.roleMap.get(g) ?? []))].filter((r): r is Role => !roles.includes(r));
    if (user.oidc_subject === null) {
      // Unique: two accounts can never be linked to one council account.
      await trx.updateTable("users").set({ oidc_subject: subject, updated_at: now }).where("id", "=", user.id).execute();
      await recordAudit(trx, { actorUserId: user.id, ip }, {
        action: "user.sso_linked", recordType: "user", recordId: user.id, before: { oidc_subject: null }, after: { oidc_subject: subject },
      });
    }
    if (added.length) {
      await trx.insertInto("user_roles").values(added.map((role) => ({ user_id: user.id, role }))).execute();
      await recordAudit(trx, { actorUserId: user.id, ip }, {
        action: "user.roles_from_sso", recordType: "user", recordId: user.id, before: { roles }, after: { roles: [...roles, ...added] },
      });
    }
    await trx.insertInto("sign_in_attempts").values({ id: newId(), ip, email, succeeded: 1, attempted_at: now }).execute();
    await trx.updateTable("users").set({ failed_sign_ins: 0, locked_until: null, last_sign_in_at: now }).where("id", "=", user.id).execute();
    await recordAudit(trx, { actorUserId: user.id, ip }, { action: "user.signed_in", recordType: "user", recordId: user.id, after: { via: "sso" } });
    return user.id;
  });
}
