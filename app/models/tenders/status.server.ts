// What every part of the tender journey shares: the status the clock gives a tender, what
// may still be done to it at that status, and its reference.
import type { Executor } from "../../../db/client";
import type { TenderStoredStatus } from "../../../db/schema";
import { ukYear } from "~/lib/dates";
import type { TenderStatus } from "~/models/statuses";

/**
 * The status a tender has now. Published tenders open and close by the clock: no job has to
 * run at the closing time, and a bid arriving a second late is refused because this says so.
 */
export function tenderStatus(
  t: { status: TenderStoredStatus; opens_at: string; closes_at: string },
  now: Date = new Date(),
): TenderStatus {
  if (t.status !== "published") return t.status;
  const at = now.toISOString();
  if (at < t.opens_at) return "upcoming";
  if (at < t.closes_at) return "open";
  return "closed";
}

/** Can this tender still be changed (edited or amended)? Only until it closes. */
export function isEditable(status: TenderStatus): boolean {
  return status === "draft" || status === "upcoming" || status === "open";
}

/** Can it still be cancelled? Not once awarded (or already cancelled). */
export function isCancellable(status: TenderStatus): boolean {
  return status !== "awarded" && status !== "cancelled";
}

// ---------------------------------------------------------------------------------------
// References: ESI-2026-014. Prefix, the UK calendar year, a per-year sequence of at least
// three digits. Unique in the database; a clash with another officer creating a tender at
// the same moment is retried.

export const REFERENCE_PREFIX = "ESI";

export function formatTenderReference(year: number, sequence: number): string {
  return `${REFERENCE_PREFIX}-${year}-${String(sequence).padStart(3, "0")}`;
}

export function parseTenderReference(reference: string): { year: number; sequence: number } | null {
  const m = new RegExp(`^${REFERENCE_PREFIX}-(\\d{4})-(\\d{3,})$`).exec(reference);
  return m ? { year: Number(m[1]), sequence: Number(m[2]) } : null;
}

/** The reference after the highest one used this year (ESI-2026-001 when none). */
export function nextReferenceAfter(year: number, existing: readonly string[]): string {
  let max = 0;
  for (const reference of existing) {
    const parsed = parseTenderReference(reference);
    if (parsed && parsed.year === year) max = Math.max(max, parsed.sequence);
  }
  return formatTenderReference(year, max + 1);
}

export async function nextTenderReference(db: Executor, now = new Date()): Promise<string> {
  const year = ukYear(now);
  const rows = await db.selectFrom("tenders").select("reference").where("reference", "like", `${REFERENCE_PREFIX}-${year}-%`).execute();
  return nextReferenceAfter(year, rows.map((r) => r.reference));
}

/** The unique index on the reference refused an insert: another officer took that number. */
export function isReferenceClash(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; constraint?: unknown } | null;
  if (!e) return false;
  const message = String(e.message ?? "");
  if (String(e.code ?? "").startsWith("SQLITE_CONSTRAINT") && message.includes("tenders.reference")) return true;
  return e.code === "23505" && String(e.constraint ?? "").includes("reference");
}
