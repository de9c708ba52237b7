// Every change of state writes one audit event, inside the same transaction as the change,
// appended to the tamper-evident chain (chain.server.ts).
import type { Executor } from "../../../db/client";
import { newId, nowIso } from "~/lib/ids.server";
import { appendAuditEvent } from "./chain.server";

export interface AuditContext {
  actorUserId: string | null;
  ip: string | null;
}

export interface AuditEntry {
  action: string;
  recordType: string;
  recordId: string;
  before?: unknown;
  after?: unknown;
}

const SECRET_KEYS = new Set(["password", "password_hash", "token", "token_hash"]);

/** Secrets never reach the audit log, even when a whole row is passed in. */
function redact(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(value, (key, v) => (SECRET_KEYS.has(key) ? "[redacted]" : v));
}

export async function recordAudit(db: Executor, context: AuditContext, entry: AuditEntry): Promise<void> {
  const event = {
    id: newId(),
    actor_user_id: context.actorUserId,
    action: entry.action,
    record_type: entry.recordType,
    record_id: entry.recordId,
    before_json: redact(entry.before),
    after_json: redact(entry.after),
    ip: context.ip,
    created_at: nowIso(),
  };
  // The chain is appended under a lock that only a transaction holds to its end.
  if (db.isTransaction) await appendAuditEvent(db, event);
  else await db.transaction().execute((trx) => appendAuditEvent(trx, event));
}
