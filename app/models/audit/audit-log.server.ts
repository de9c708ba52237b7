// Reading the audit log: newest first, filtered from the URL. Events are only ever written
// by recordAudit (services/audit.server.ts) and never changed.
import type { Executor } from "../../../db/client";
import { containsText, pageWindow, toListPage, type ListPage, type ListParams } from "~/lib/lists";

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

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date as YYYY-MM-DD, or null. */
export function parseIsoDate(text: string): string | null {
  const match = ISO_DATE.exec(text.trim());
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return match[0];
}

const londonParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  hourCycle: "h23",
  year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
});

/** Minutes UK time is ahead of UTC at this instant: 0 in winter, 60 in summer. */
function londonOffsetMinutes(instant: Date): number {
  const parts = Object.fromEntries(londonParts.formatToParts(instant).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The instant a UK calendar day starts, as ISO text in UTC: "2026-07-01" → "2026-06-30T23:00:00.000Z". */
export function ukDayStartUtc(isoDate: string, addDays = 0): string {
  const [y, m, d] = isoDate.split("-").map(Number);
  const midnightUtc = Date.UTC(y, m - 1, d + addDays);
  // UK clocks change at 01:00 UTC, so midnight is never in a gap or overlap.
  const offset = londonOffsetMinutes(new Date(midnightUtc));
  return new Date(midnightUtc - offset * 60_000).toISOString();
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
