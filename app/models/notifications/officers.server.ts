// Telling officers by e-mail that something is waiting for them. The people told are exactly
// those the rules let act on it (the policy passed in: return:review, tender:manage,
// organisations:approve), less anyone who has turned that e-mail off. Sent after the change
// has committed; a failure to send is logged, never undoes the change.
import type { Executor } from "../../../db/client";
import { newId, nowIso } from "~/lib/ids.server";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { LOCKS, takeLocks } from "~/models/locks.server";
import { can } from "~/policies/index";
import { hasRole, type Actor, type Role } from "~/policies/actor";
import { OFFICER_NOTIFICATIONS, type OfficerNotificationKind } from "~/schemas/notifications";
import { sendMailAfterCommit, type MailMessage } from "~/services/mail.server";

const STAFF_ROLES: readonly Role[] = ["officer", "admin"];

export interface StaffMember {
  actor: Actor;
  name: string;
  email: string;
}

/** Every active officer and administrator, as the rules see them. */
export async function activeStaff(db: Executor): Promise<StaffMember[]> {
  const rows = await db
    .selectFrom("users")
    .innerJoin("user_roles", "user_roles.user_id", "users.id")
    .select(["users.id", "users.name", "users.email", "users.county_wide", "users.organisation_id", "user_roles.role"])
    .where("user_roles.role", "in", [...STAFF_ROLES])
    .where("users.is_active", "=", 1)
    .orderBy("users.email")
    .execute();
  if (rows.length === 0) return [];
  const ids = [...new Set(rows.map((r) => r.id))];
  const [roles, scopes] = await Promise.all([
    db.selectFrom("user_roles").select(["user_id", "role"]).where("user_id", "in", ids).execute(),
    db.selectFrom("user_districts").select(["user_id", "district_id"]).where("user_id", "in", ids).execute(),
  ]);
  return ids.map((id) => {
    const row = rows.find((r) => r.id === id)!;
    return {
      name: row.name,
      email: row.email,
      actor: {
        id, organisationId: row.organisation_id, countyWide: row.county_wide === 1,
        roles: roles.filter((r) => r.user_id === id).map((r) => r.role),
        districtIds: scopes.filter((s) => s.user_id === id).map((s) => s.district_id),
      },
    };
  });
}

/** The notifications a person can be sent: those about work the rules let them do. */
export function notificationsFor(actor: Actor): OfficerNotificationKind[] {
  return OFFICER_NOTIFICATIONS.filter((kind) =>
    kind === "registration_waiting" ? can(actor, "organisations:approve") : hasRole(actor, "officer"));
}

/** The staff to tell about one thing: those `may` lets act on it, who have not turned this e-mail off. */
export async function staffToTell(db: Executor, kind: OfficerNotificationKind, may: (actor: Actor) => boolean): Promise<StaffMember[]> {
  const staff = (await activeStaff(db)).filter((s) => may(s.actor));
  if (staff.length === 0) return [];
  const off = await db.selectFrom("notification_opt_outs").select("user_id")
    .where("kind", "=", kind).where("user_id", "in", staff.map((s) => s.actor.id)).execute();
  const offIds = new Set(off.map((o) => o.user_id));
  return staff.filter((s) => !offIds.has(s.actor.id));
}

/** Sends each their message once the change is committed; how many were sent. */
export async function tellStaff(db: Executor, kind: OfficerNotificationKind, may: (actor: Actor) => boolean, compose: (to: StaffMember) => MailMessage): Promise<number> {
  let sent = 0;
  for (const member of await staffToTell(db, kind, may)) {
    if (await sendMailAfterCommit(compose(member))) sent += 1;
  }
  return sent;
}

/** Which of the e-mails they can be sent this person gets (all unless turned off). */
export async function getNotificationChoices(db: Executor, actor: Actor): Promise<{ kind: OfficerNotificationKind; on: boolean }[]> {
  const off = await db.selectFrom("notification_opt_outs").select("kind").where("user_id", "=", actor.id).execute();
  return notificationsFor(actor).map((kind) => ({ kind, on: !off.some((o) => o.kind === kind) }));
}

/** Saves which e-mails this person wants, in the caller's transaction (two saves take turns); audited when anything changes. */
export async function saveNotificationChoices(trx: Executor, audit: AuditContext, actor: Actor, wanted: readonly OfficerNotificationKind[]): Promise<boolean> {
  await takeLocks(trx, LOCKS.notificationChoices(actor.id));
  const offered = notificationsFor(actor);
  const before = await getNotificationChoices(trx, actor);
  const offNow = before.filter((c) => !c.on).map((c) => c.kind);
  const offNext = offered.filter((kind) => !wanted.includes(kind));
  if (offNow.length === offNext.length && offNow.every((k) => offNext.includes(k))) return false;
  await trx.deleteFrom("notification_opt_outs").where("user_id", "=", actor.id).execute();
  if (offNext.length) {
    const at = nowIso();
    await trx.insertInto("notification_opt_outs").values(offNext.map((kind) => ({ id: newId(), user_id: actor.id, kind, created_at: at }))).execute();
  }
  await recordAudit(trx, audit, {
    action: "account.notifications_changed", recordType: "user", recordId: actor.id,
    before: { turned_off: [...offNow].sort() }, after: { turned_off: [...offNext].sort() },
  });
  return true;
}
