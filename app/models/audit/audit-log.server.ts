// Reading the audit log: newest first, filtered from the URL. Events are only ever written
// by recordAudit (services/audit.server.ts) and never changed.
import type { Executor } from "../../../db/client";
import { containsText, pageWindow, toListPage, type ListPage, type ListParams } from "~/lib/lists";
import { ukDayStartUtc } from "~/lib/dates";

export interface AuditFilters {
  /** Actions starting with this, e.g. "allocation." or "user.signed_in". */
  action: string;
  recordType: string;
  actorId: string;
  /** ISO dates (YYYY-MM-DD), inclusive, in UK time; "" for no limit. */
  from: string;
  to: string;
}

export interface AuditEvent {
  id: string;
  actorUserId: string | null;
  actorName: string | null;
  action: string;
  recordType: string;
  recordId: string;
  before: unknown;
  after: unknown;
  ip: string | null;
  createdAt: string;
}


function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function listAuditEvents(db: Executor, params: ListParams<"created_at">, filters: AuditFilters): Promise<ListPage<AuditEvent>> {
  let base = db.selectFrom("audit_events").leftJoin("users", "users.id", "audit_events.actor_user_id");
  if (filters.action) {
    // A prefix by substr, not LIKE, so "_" and "%" in an action name mean themselves.
    const prefix = filters.action;
    base = base.where((eb) => eb(eb.fn<string>("substr", ["audit_events.action", eb.lit(1), eb.lit(prefix.length)]), "=", prefix));
  }
  if (filters.recordType) base = base.where("audit_events.record_type", "=", filters.recordType);
  if (filters.actorId) base = base.where("audit_events.actor_user_id", "=", filters.actorId);
  if (filters.from) base = base.where("audit_events.created_at", ">=", ukDayStartUtc(filters.from));
  if (filters.to) base = base.where("audit_events.created_at", "<", ukDayStartUtc(filters.to, 1));
  if (params.q) base = base.where((eb) => containsText(eb.ref("audit_events.record_id"), params.q));

  const { total } = await base.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
  const { limit, offset } = pageWindow(params);
  const rows = await base
    .select([
      "audit_events.id",
      "audit_events.actor_user_id",
      "users.name as actor_name",
      "audit_events.action",
      "audit_events.record_type",
      "audit_events.record_id",
      "audit_events.before_json",
      "audit_events.after_json",
      "audit_events.ip",
      "audit_events.created_at",
    ])
    .orderBy("audit_events.created_at", params.dir)
    .orderBy("audit_events.id", params.dir)
    .limit(limit)
    .offset(offset)
    .execute();
  const items = rows.map((r) => ({
    id: r.id,
    actorUserId: r.actor_user_id,
    actorName: r.actor_name,
    action: r.action,
    recordType: r.record_type,
    recordId: r.record_id,
    before: parseJson(r.before_json),
    after: parseJson(r.after_json),
    ip: r.ip,
    createdAt: r.created_at,
  }));
  return toListPage(items, Number(total), params);
}

/** What the filter pickers offer: record types in the log, and the people who acted. */
export async function auditFilterOptions(db: Executor): Promise<{ recordTypes: string[]; actors: { id: string; name: string }[] }> {
  const [types, actors] = await Promise.all([
    db.selectFrom("audit_events").select("record_type").distinct().orderBy("record_type").execute(),
    db
      .selectFrom("users")
      .select(["users.id", "users.name"])
      .where("users.id", "in", db.selectFrom("audit_events").select("actor_user_id").where("actor_user_id", "is not", null).$narrowType<{ actor_user_id: string }>())
      .orderBy("users.name")
      .orderBy("users.id")
      .execute(),
  ]);
  return { recordTypes: types.map((t) => t.record_type), actors };
}
