// Who a council account from single sign-on is in the portal. Nobody is created here: the
// account must exist (invited by an administrator), found by the provider's verified e-mail
// address at its first sign-in, which links it to that council account for good. Roles the
// council's directory gives (OIDC_ROLE_MAP) are added, never administrator or provider.
import type { Db } from "../../../db/client";
import type { Role } from "../../../db/schema";
import { recordAudit } from "~/models/audit/record.server";
import { nowIso } from "~/lib/ids.server";
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
 * The portal user a verified council identity is (linking it at the first sign-in, adding the
 * roles its groups give), or SsoRefusedError. Completing the sign-in (and any code the
 * account needs first) is the caller's: see stepAfterSso.
 */
export async function matchIdentity(db: Db, config: OidcConfig, identity: OidcIdentity, ip: string): Promise<{ userId: string; email: string }> {
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

    if (user.oidc_subject === null) {
      // This council account already speaks for another portal account (its e-mail changed there).
      const taken = await trx.selectFrom("users").select("id").where("oidc_subject", "=", subject).executeTakeFirst();
      if (taken) return refuse("other_subject");
      // Conditional: of two first sign-ins at once, one links and the other finds it linked.
      const linked = await trx.updateTable("users").set({ oidc_subject: subject, updated_at: nowIso() })
        .where("id", "=", user.id).where("oidc_subject", "is", null).executeTakeFirst();
      if (Number(linked.numUpdatedRows) === 1) {
        await recordAudit(trx, { actorUserId: user.id, ip }, {
          action: "user.sso_linked", recordType: "user", recordId: user.id, before: { oidc_subject: null }, after: { oidc_subject: subject },
        });
      }
    }
    const added = [...new Set(identity.groups.flatMap((g) => config.roleMap.get(g) ?? []))].filter((r): r is Role => !roles.includes(r));
    if (added.length) {
      const inserted = await trx.insertInto("user_roles").values(added.map((role) => ({ user_id: user.id, role })))
        .onConflict((oc) => oc.columns(["user_id", "role"]).doNothing()).executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) {
        await recordAudit(trx, { actorUserId: user.id, ip }, {
          action: "user.roles_from_sso", recordType: "user", recordId: user.id, before: { roles }, after: { roles: [...roles, ...added] },
        });
      }
    }
    return { userId: user.id, email };
  });
}
