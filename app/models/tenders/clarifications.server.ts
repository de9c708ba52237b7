// Clarifications: a provider asks privately; an officer answers and publishes the question
// and answer to everyone, never saying who asked.
import type { Executor } from "../../../db/client";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { ClarificationConflictError } from "~/models/errors";
import { newId, nowIso } from "~/lib/ids.server";
import type { TenderStatus } from "~/models/statuses";

/**
 * Whether providers may still ask: while the tender is open, and before its last time for
 * questions when it has one (so the council can answer everyone before bids are due).
 */
export function questionsOpen(t: { status: TenderStatus; clarificationsCloseAt: string | null }, now = new Date()): boolean {
  return t.status === "open" && (t.clarificationsCloseAt === null || t.clarificationsCloseAt > now.toISOString());
}

export async function askClarification(
  trx: Executor,
  audit: AuditContext,
  args: { tenderId: string; organisationId: string; userId: string; question: string },
): Promise<string> {
  const id = newId();
  const at = nowIso();
  await trx.insertInto("clarifications").values({
    id, tender_id: args.tenderId, organisation_id: args.organisationId, asked_by: args.userId, question: args.question,
    answer: null, status: "asked", asked_at: at, answered_at: null, answered_by: null, version: 1,
  }).execute();
  await recordAudit(trx, audit, {
    action: "clarification.asked", recordType: "clarification", recordId: id,
    after: { tender_id: args.tenderId, organisation_id: args.organisationId, question: args.question },
  });
  return id;
}

export interface QueuedClarification {
  id: string;
  question: string;
  askedAt: string;
  organisationName: string;
  askerName: string;
  version: number;
}

/** For officers: the questions waiting for an answer, oldest first, with who asked. */
export async function listClarificationQueue(db: Executor, tenderId: string): Promise<QueuedClarification[]> {
  const rows = await db
    .selectFrom("clarifications")
    .innerJoin("organisations", "organisations.id", "clarifications.organisation_id")
    .innerJoin("users", "users.id", "clarifications.asked_by")
    .select([
      "clarifications.id", "clarifications.question", "clarifications.asked_at", "clarifications.version",
      "organisations.name as organisation_name", "users.name as asker_name",
    ])
    .where("clarifications.tender_id", "=", tenderId)
    .where("clarifications.status", "=", "asked")
    .orderBy("clarifications.asked_at")
    .orderBy("clarifications.id")
    .execute();
  return rows.map((r) => ({
    id: r.id, question: r.question, askedAt: r.asked_at, organisationName: r.organisation_name, askerName: r.asker_name, version: r.version,
  }));
}

/** For a provider: their own organisation's questions still waiting for an answer. */
export async function listOwnPendingClarifications(db: Executor, tenderId: string, organisationId: string) {
  const rows = await db
    .selectFrom("clarifications")
    .select(["id", "question", "asked_at"])
    .where("tender_id", "=", tenderId)
    .where("organisation_id", "=", organisationId)
    .where("status", "=", "asked")
    .orderBy("asked_at")
    .execute();
  return rows.map((r) => ({ id: r.id, question: r.question, askedAt: r.asked_at }));
}

export async function answerClarification(
  trx: Executor,
  audit: AuditContext,
  args: { tenderId: string; clarificationId: string; version: number; question: string; answer: string; userId: string },
): Promise<{ askerEmail: string; askerName: string; askerActive: boolean } | null> {
  const row = await trx
    .selectFrom("clarifications")
    .innerJoin("users", "users.id", "clarifications.asked_by")
    .select(["clarifications.status", "clarifications.version", "clarifications.question", "users.email", "users.name", "users.is_active"])
    .where("clarifications.id", "=", args.clarificationId)
    .where("clarifications.tender_id", "=", args.tenderId)
    .executeTakeFirst();
  if (!row) return null;
  if (row.status !== "asked" || row.version !== args.version) throw new ClarificationConflictError();
  const at = nowIso();
  const updated = await trx
    .updateTable("clarifications")
    .set({ question: args.question, answer: args.answer, status: "published", answered_at: at, answered_by: args.userId, version: args.version + 1 })
    .where("id", "=", args.clarificationId)
    .where("version", "=", args.version)
    .where("status", "=", "asked")
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new ClarificationConflictError();
  await recordAudit(trx, audit, {
    action: "clarification.answered", recordType: "clarification", recordId: args.clarificationId,
    before: { status: "asked", question: row.question },
    after: { status: "published", question: args.question, answer: args.answer, answered_at: at },
  });
  return { askerEmail: row.email, askerName: row.name, askerActive: row.is_active === 1 };
}

