// What every part of the tender journey shares: the status the clock gives a tender, what
// may still be done to it at that status, and its reference.
import type { Executor } from "../../../db/client";
import type { TenderStoredStatus } from "../../../db/schema";
import { ukYear } from "~/lib/dates";
import type { TenderStatus } from "~/models/statuses";
import { peekReference, takeReference, type ReferenceSequence } from "~/models/locks.server";

/**
 * The status a tender has now. Published tenders open and close by the clock: no job has to
 * run at the closing time, and a bid arriving a second late is refused because this says so.
 */
export function tenderStatus(
  t: { status: TenderStoredStatus; opens_at: string; closes_at: string; award_intended_at: string | null },
  now: Date = new Date(),
): TenderStatus {
  // Decisions are only recorded once it has closed: from then until the contract is entered
  // the award is pending (app/models/awards/).
  if ((t.status === "published" || t.status === "evaluation") && t.award_intended_at) return "award_pending";
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
// three digits, taken from the year's counter in the transaction that creates the tender, so
// two officers creating tenders at the same moment get numbers one after the other.

export const REFERENCE_PREFIX = "ESI";

export function formatTenderReference(year: number, sequence: number): string {
  return `${REFERENCE_PREFIX}-${year}-${String(sequence).padStart(3, "0")}`;
}

export function parseTenderReference(reference: string): { year: number; sequence: number } | null {
  const m = new RegExp(`^${REFERENCE_PREFIX}-(\\d{4})-(\\d{3,})$`).exec(reference);
  return m ? { year: Number(m[1]), sequence: Number(m[2]) } : null;
}

/** The highest sequence used in a year (0 when none). */
function highestSequence(year: number, existing: readonly string[]): number {
  let max = 0;
  for (const reference of existing) {
    const parsed = parseTenderReference(reference);
    if (parsed && parsed.year === year) max = Math.max(max, parsed.sequence);
  }
  return max;
}

/** The reference after the highest one used this year (ESI-2026-001 when none). */
export function nextReferenceAfter(year: number, existing: readonly string[]): string {
  return formatTenderReference(year, highestSequence(year, existing) + 1);
}

function tenderReferences(db: Executor, year: number): ReferenceSequence {
  return {
    counter: `tender-reference:${year}`,
    highestUsed: async () => {
      const rows = await db.selectFrom("tenders").select("reference").where("reference", "like", `${REFERENCE_PREFIX}-${year}-%`).execute();
      return highestSequence(year, rows.map((r) => r.reference));
    },
    format: (n) => formatTenderReference(year, n),
    isTaken: async (reference) => !!(await db.selectFrom("tenders").select("id").where("reference", "=", reference).executeTakeFirst()),
  };
}

/** Takes this year's next tender reference, in the caller's transaction. */
export function takeTenderReference(trx: Executor, now = new Date()): Promise<string> {
  return takeReference(trx, tenderReferences(trx, ukYear(now)));
}

/** The reference the next tender made this year will take, taking nothing. */
export function nextTenderReference(db: Executor, now = new Date()): Promise<string> {
  return peekReference(db, tenderReferences(db, ukYear(now)));
}
