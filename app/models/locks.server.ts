// Writers that must take turns, on SQLite and on PostgreSQL alike, however many servers run.
//
// A save that reads what is stored, compares it with what the form was loaded with and then
// writes is only safe when nobody can write in between. A record with a `version` column
// does it in one statement (`update … where version = ?`). What has no version row of its
// own (the settings, a district's grid of figures, a stream's allocations for a year) takes
// a named lock first; references are numbered from a counter in the transaction that uses
// them, never from "the highest so far plus one".
//
// Both are rows the transaction writes, and so holds until it ends: on PostgreSQL a row
// lock, which the next writer waits for and then reads what was committed; on SQLite the
// database's write lock, taken by the first write. A SQLite transaction that has already
// read when it first writes fails with SQLITE_BUSY if another connection wrote meanwhile
// (busy_timeout does not help there): so the lock comes first, before any read.
//
// Locks are taken in one order everywhere, so two transactions never wait on each other for
// ever: named locks (sorted, in one call) → the records' own rows → counters → the audit
// chain's head (app/models/audit/chain.server.ts), which every audited change takes last.
import type { Executor } from "../../db/client";

/** Every named lock, so that what takes one and what it guards are found in one place. */
export const LOCKS = {
  /** The settings, saved all together against the basis the form was loaded with. */
  settings: () => "settings",
  /** A district's context figures: its grid and the CSV import. */
  contextFigures: (districtId: string) => `context:${districtId}`,
  /** A funding stream's money: its allocations, and the commitments an award checks against them. */
  funding: (fundingStreamId: string) => `funding:${fundingStreamId}`,
  /**
   * A project's plan (indicators, targets, budget), which is fixed once a return is submitted:
   * plan changes, variations, first submissions and indicator figures take turns on it.
   */
  project: (projectId: string) => `project:${projectId}`,
  /** A tender's conflicts assessment: entries are recorded one at a time, against the count the page showed. */
  conflicts: (tenderId: string) => `conflicts:${tenderId}`,
  /** One reference-data list (districts, themes…), whose names must stay unique. */
  referenceList: (table: string) => `reference:${table}`,
  /** A district's chosen case studies for a quarter. */
  profileCaseStudies: (districtId: string, quarter: string) => `profile-case-studies:${districtId}:${quarter}`,
  /** The county pack of a quarter: one queued or building at a time. */
  countyPack: (quarter: string) => `county-pack:${quarter}`,
  /** The one county pack being built at a time, whatever its quarter, across every server. */
  countyPackBuild: () => "county-pack-build",
  /** A tender's panel dates (when scores are due): two saves take turns, each audited against the last. */
  panelDates: (tenderId: string) => `panel-dates:${tenderId}`,
  /** A project's monitoring visits, so a double submit stores one. */
  projectVisits: (projectId: string) => `visits:${projectId}`,
  /** A person's choice of e-mail notifications: two saves at once take turns, the last one wins. */
  notificationChoices: (userId: string) => `notifications:${userId}`,
  /** A provider's registration, by its contact e-mail, so a double submit registers once. */
  registration: (contactEmail: string) => `registration:${contactEmail}`,
} as const;

function inTransaction(trx: Executor, what: string): void {
  // Outside a transaction the lock would end with its own statement and guard nothing.
  if (!trx.isTransaction) throw new Error(`${what} is held by a transaction: call it inside one`);
}

/**
 * Holds the named locks until the transaction ends: anyone else taking one waits until this
 * transaction commits or rolls back, and then reads what it wrote. Call it first in the
 * transaction, with all the locks it needs, before reading what it will compare.
 */
export async function takeLocks(trx: Executor, ...names: string[]): Promise<void> {
  inTransaction(trx, "A lock");
  for (const name of [...new Set(names)].sort()) {
    // One statement makes the row the first time and writes it every time after.
    await trx
      .insertInto("locks")
      .values({ name })
      .onConflict((oc) => oc.column("name").doUpdateSet((eb) => ({ name: eb.ref("excluded.name") })))
      .execute();
  }
}

// ---------------------------------------------------------------------------------------
// Counters and the references made from them.

export interface ReferenceSequence {
  /** The counter's name: "project-reference:2026". */
  counter: string;
  /** The highest number already used, where the counter starts the first time. */
  highestUsed: () => Promise<number>;
  format: (n: number) => string;
  /** Whether a reference is in use already (written some other way: demo data, an import). */
  isTaken: (reference: string) => Promise<boolean>;
}

async function increment(trx: Executor, counter: string): Promise<number | null> {
  const row = await trx
    .updateTable("counters")
    .set((eb) => ({ value: eb("value", "+", 1) }))
    .where("name", "=", counter)
    .returning("value")
    .executeTakeFirst();
  return row ? Number(row.value) : null;
}

/**
 * The next number from a counter, in this transaction: its row stays locked until the
 * transaction ends, so others wait and then take the numbers after it, and a transaction
 * that rolls back gives its number back. The first time, the counter starts from `highestUsed`.
 */
export async function nextInSequence(trx: Executor, counter: string, highestUsed: () => Promise<number>): Promise<number> {
  inTransaction(trx, "A counter");
  const next = await increment(trx, counter);
  if (next !== null) return next;
  // Two first callers at once: the second one's insert waits for the first and does nothing.
  await trx.insertInto("counters").values({ name: counter, value: await highestUsed() })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
  const first = await increment(trx, counter);
  if (first === null) throw new Error(`Counter ${counter} could not be started`);
  return first;
}

/** Takes the next reference of the sequence that nothing uses yet. */
export async function takeReference(trx: Executor, sequence: ReferenceSequence): Promise<string> {
  for (;;) {
    const reference = sequence.format(await nextInSequence(trx, sequence.counter, sequence.highestUsed));
    if (!(await sequence.isTaken(reference))) return reference;
  }
}

/** The reference the next `takeReference` would give, taking nothing. */
export async function peekReference(db: Executor, sequence: ReferenceSequence): Promise<string> {
  const row = await db.selectFrom("counters").select("value").where("name", "=", sequence.counter).executeTakeFirst();
  for (let n = (row ? Number(row.value) : await sequence.highestUsed()) + 1; ; n += 1) {
    const reference = sequence.format(n);
    if (!(await sequence.isTaken(reference))) return reference;
  }
}
