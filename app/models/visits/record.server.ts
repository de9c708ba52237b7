// Recording a monitoring visit (its grades and actions, once however often the button is
// pressed) and closing its actions, each with its audit event in the caller's transaction.
import type { Executor } from "../../../db/client";
import { formatDate } from "~/lib/dates";
import { newId, nowIso } from "~/lib/ids.server";
import type { VisitInput } from "~/schemas/visits";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { NotFoundError, RefusedError, StaleEditError } from "~/models/errors";
import { LOCKS, takeLocks } from "~/models/locks.server";

export type RecordVisitOutcome = { outcome: "recorded"; visitId: string } | { outcome: "duplicate"; visitId: string };

/** A second press of "Record the visit" within this long finds the first one. */
const DUPLICATE_WINDOW_MS = 10 * 60 * 1000;

/**
 * Writes the visit, a grade per area and its actions, with one audit event, all in the
 * caller's transaction. The same visit sent twice (a double submit) is stored once: the
 * project's visits lock, taken first, makes the second wait and then find the first.
 */
export async function recordVisit(
  db: Executor,
  audit: AuditContext,
  args: { projectId: string; recordedBy: string },
  input: VisitInput,
  now = new Date(),
): Promise<RecordVisitOutcome> {
  await takeLocks(db, LOCKS.projectVisits(args.projectId));
  const since = new Date(now.getTime() - DUPLICATE_WINDOW_MS).toISOString();
  const twin = await db
    .selectFrom("monitoring_visits")
    .select("id")
    .where("project_id", "=", args.projectId)
    .where("visit_date", "=", input.visitDate)
    .where("officer_id", "=", input.officerId)
    .where("created_by", "=", args.recordedBy)
    .where("findings", "=", input.findings)
    .where("areas_seen", "=", input.areasSeen)
    .where("created_at", ">=", since)
    .executeTakeFirst();
  if (twin) return { outcome: "duplicate", visitId: twin.id };

  const id = newId();
  const at = now.toISOString();
  await db.insertInto("monitoring_visits").values({
    id, project_id: args.projectId, visit_date: input.visitDate, officer_id: input.officerId, areas_seen: input.areasSeen,
    findings: input.findings, overall_grade: input.overallGrade, created_by: args.recordedBy, created_at: at, updated_at: at, version: 1,
  }).execute();
  await db.insertInto("visit_grades").values(input.grades.map((g) => ({ visit_id: id, area: g.area, grade: g.grade }))).execute();
  const actions = input.actions.map((a) => ({
    id: newId(), visit_id: id, action: a.action, owner: a.owner, due_date: a.dueDate, status: "open" as const,
    closed_at: null, closed_by: null, closing_note: null, version: 1,
  }));
  if (actions.length) await db.insertInto("visit_actions").values(actions).execute();
  await recordAudit(db, audit, {
    action: "visit.recorded",
    recordType: "monitoring_visit",
    recordId: id,
    after: {
      project_id: args.projectId,
      visit_date: input.visitDate,
      officer_id: input.officerId,
      areas_seen: input.areasSeen,
      findings: input.findings,
      grades: Object.fromEntries(input.grades.map((g) => [g.area, g.grade])),
      overall_grade: input.overallGrade,
      actions: actions.map((a) => ({ id: a.id, action: a.action, owner: a.owner, due_date: a.due_date })),
    },
  });
  return { outcome: "recorded", visitId: id };
}

/** "This action was already closed by Olivia Officer on 24 November 2026. Nothing has been changed." */
export function alreadyClosedMessage(byName: string | null, closedAt: string | null): string {
  const by = byName ? ` by ${byName}` : "";
  const on = closedAt ? ` on ${formatDate(closedAt)}` : "";
  return `This action was already closed${by}${on}. Nothing has been changed.`;
}

export const STALE_ACTION_MESSAGE =
  "Someone else changed this action while you were looking at it. Nothing has been changed: check it and try again.";

/**
 * Closes an open action at the version the officer saw, and gives back its text. A second
 * close is refused with who closed it; an action of another visit is not found.
 */
export async function closeVisitAction(
  db: Executor,
  audit: AuditContext,
  args: { visitId: string; actionId: string; version: number; closingNote: string | null; userId: string },
): Promise<{ action: string }> {
  const at = nowIso();
  const updated = await db
    .updateTable("visit_actions")
    .set({ status: "closed", closed_at: at, closed_by: args.userId, closing_note: args.closingNote, version: args.version + 1 })
    .where("id", "=", args.actionId)
    .where("visit_id", "=", args.visitId)
    .where("status", "=", "open")
    .where("version", "=", args.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) {
    const current = await db
      .selectFrom("visit_actions as a")
      .leftJoin("users as u", "u.id", "a.closed_by")
      .select(["a.status", "a.closed_at", "u.name as closed_by_name"])
      .where("a.id", "=", args.actionId)
      .where("a.visit_id", "=", args.visitId)
      .executeTakeFirst();
    if (!current) throw new NotFoundError("That action is not part of this visit.");
    if (current.status === "closed") throw new RefusedError(alreadyClosedMessage(current.closed_by_name, current.closed_at));
    throw new StaleEditError("action", STALE_ACTION_MESSAGE);
  }
  const row = await db.selectFrom("visit_actions").select(["action"]).where("id", "=", args.actionId).executeTakeFirstOrThrow();
  await recordAudit(db, audit, {
    action: "visit_action.closed",
    recordType: "visit_action",
    recordId: args.actionId,
    before: { status: "open", version: args.version },
    after: { status: "closed", closed_at: at, closing_note: args.closingNote, version: args.version + 1 },
  });
  return { action: row.action };
}
