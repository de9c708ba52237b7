// Who is on a tender's panel: the list, and the officer assigning and removing members.
import { LOCKS, takeLocks } from "~/models/locks.server";
import type { Executor } from "../../../db/client";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { RefusedError } from "~/models/errors";
import { nowIso } from "~/lib/ids.server";

export interface PanelMember {
  userId: string;
  name: string;
  email: string;
  assignedAt: string;
  submittedAt: string | null;
}

export async function listPanelMembers(db: Executor, tenderId: string): Promise<PanelMember[]> {
  const rows = await db
    .selectFrom("tender_panel_members")
    .innerJoin("users", "users.id", "tender_panel_members.user_id")
    .select(["users.id", "users.name", "users.email", "tender_panel_members.assigned_at", "tender_panel_members.scores_submitted_at"])
    .where("tender_panel_members.tender_id", "=", tenderId)
    .orderBy("users.name")
    .execute();
  return rows.map((r) => ({ userId: r.id, name: r.name, email: r.email, assignedAt: r.assigned_at, submittedAt: r.scores_submitted_at }));
}

export async function assignPanelMember(db: Executor, audit: AuditContext, args: { tenderId: string; userId: string }): Promise<void> {
  const candidate = await db
    .selectFrom("users")
    .innerJoin("user_roles", "user_roles.user_id", "users.id")
    .select(["users.id", "users.name"])
    .where("users.id", "=", args.userId)
    .where("user_roles.role", "=", "panel")
    .where("users.is_active", "=", 1)
    .executeTakeFirst();
  if (!candidate) throw new RefusedError("Select an active user with the panel member role.", 400);
  // Already on the panel (a double submit, or two officers at once): left as it is.
  const inserted = await db.insertInto("tender_panel_members")
    .values({ tender_id: args.tenderId, user_id: args.userId, assigned_at: nowIso(), scores_submitted_at: null })
    .onConflict((oc) => oc.columns(["tender_id", "user_id"]).doNothing())
    .returning("user_id")
    .executeTakeFirst();
  if (!inserted) return;
  await recordAudit(db, audit, { action: "panel.member_assigned", recordType: "tender", recordId: args.tenderId, after: { userId: args.userId, name: candidate.name } });
}

/**
 * Takes a member off the panel. Their scores go (they no longer count); their declarations
 * stay, so a member put back on the panel still never sees a bid they were conflicted on.
 */
export async function removePanelMember(db: Executor, audit: AuditContext, args: { tenderId: string; userId: string }): Promise<boolean> {
  const member = await db
    .selectFrom("tender_panel_members")
    .innerJoin("users", "users.id", "tender_panel_members.user_id")
    .select(["users.name", "tender_panel_members.assigned_at", "tender_panel_members.scores_submitted_at"])
    .where("tender_panel_members.tender_id", "=", args.tenderId)
    .where("tender_panel_members.user_id", "=", args.userId)
    .executeTakeFirst();
  if (!member) return false;
  const removedScores = await db
    .deleteFrom("panel_scores")
    .where("user_id", "=", args.userId)
    .where("bid_id", "in", (eb) => eb.selectFrom("bids").select("id").where("tender_id", "=", args.tenderId))
    .executeTakeFirst();
  await db.deleteFrom("tender_panel_members").where("tender_id", "=", args.tenderId).where("user_id", "=", args.userId).execute();
  await recordAudit(db, audit, {
    action: "panel.member_removed",
    recordType: "tender",
    recordId: args.tenderId,
    before: { userId: args.userId, name: member.name, assignedAt: member.assigned_at, submittedAt: member.scores_submitted_at },
    after: { scoresDeleted: Number(removedScores.numDeletedRows) },
  });
  return true;
}

/** The moderated score per criterion for one bid. Blank criteria are left (or made) unagreed. */

/**
 * Sets (or clears, with null) the day the panel's scores are due, which each member's
 * calendar shows. A plain date with no effect on scoring: late scores are still taken.
 */
export async function setScoringDueOn(db: Executor, audit: AuditContext, args: { tenderId: string; dueOn: string | null }): Promise<void> {
  // Two saves take turns, so the "before" in the audit is what each one replaced.
  await takeLocks(db, LOCKS.panelDates(args.tenderId));
  const current = await db.selectFrom("tenders").select("scoring_due_on").where("id", "=", args.tenderId).executeTakeFirst();
  if (!current || current.scoring_due_on === args.dueOn) return;
  await db.updateTable("tenders").set({ scoring_due_on: args.dueOn, updated_at: nowIso() }).where("id", "=", args.tenderId).execute();
  await recordAudit(db, audit, {
    action: "panel.scoring_due_set", recordType: "tender", recordId: args.tenderId,
    before: { scoring_due_on: current.scoring_due_on }, after: { scoring_due_on: args.dueOn },
  });
}
