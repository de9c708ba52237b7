// A tender's conflicts assessment (Procurement Act 2023, s83): for each person involved in
// its decisions, what they declared and how it is mitigated. An entry is never edited: a
// revision is a new, dated row, so the assessment's history stays readable. A procedure that
// needs one (procedureSteps) cannot be published without an entry, nor awarded until the
// assessment has been reviewed after the tender closed. The panel's own declarations on each
// bid feed it: they are shown beside it, so the officer can record them here.
import type { Executor } from "../../../db/client";
import type { ConflictRole } from "../../../db/schema";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { RefusedError, StaleEditError } from "~/models/errors";
import { isUniqueViolation } from "~/models/errors";
import { newId, nowIso } from "~/lib/ids.server";
import { LOCKS, takeLocks } from "~/models/locks.server";
import { procedureSteps, type TenderProcedure } from "./procedures";

export interface ConflictEntry {
  id: string;
  personUserId: string;
  personName: string;
  role: ConflictRole;
  interest: string;
  mitigation: string;
  revision: number;
  recordedBy: string | null;
  recordedAt: string;
}

export interface ConflictsAssessment {
  required: boolean;
  /** The latest revision of each person's entry, by name. */
  current: ConflictEntry[];
  /** Every revision, newest first. */
  history: ConflictEntry[];
  reviewedAt: string | null;
  reviewedBy: string | null;
  /** What the panel declared on the tender's bids (conflicts only), for the officer to record. */
  panelDeclarations: { personUserId: string; personName: string; conflicts: number; reasons: string[] }[];
  /** Who may be entered: the tender's panel and the officers, with their names. */
  people: { id: string; name: string; role: ConflictRole }[];
}

export async function getConflictsAssessment(db: Executor, tenderId: string): Promise<ConflictsAssessment | null> {
  const tender = await db.selectFrom("tenders")
    .leftJoin("users as reviewer", "reviewer.id", "tenders.conflicts_reviewed_by")
    .select(["tenders.procedure", "tenders.conflicts_reviewed_at", "reviewer.name as reviewer"])
    .where("tenders.id", "=", tenderId).executeTakeFirst();
  if (!tender) return null;
  const [entries, declarations, panel, officers] = await Promise.all([
    db.selectFrom("conflict_assessment_entries as e")
      .innerJoin("users as person", "person.id", "e.person_user_id")
      .leftJoin("users as recorder", "recorder.id", "e.recorded_by")
      .select(["e.id", "e.person_user_id", "person.name as person", "e.role", "e.interest", "e.mitigation", "e.revision", "recorder.name as recorder", "e.recorded_at"])
      .where("e.tender_id", "=", tenderId).orderBy("e.recorded_at", "desc").orderBy("e.revision", "desc").execute(),
    db.selectFrom("panel_declarations").innerJoin("bids", "bids.id", "panel_declarations.bid_id").innerJoin("users", "users.id", "panel_declarations.user_id")
      .select(["panel_declarations.user_id", "users.name", "panel_declarations.reason"])
      .where("bids.tender_id", "=", tenderId).where("panel_declarations.conflict", "=", 1).execute(),
    db.selectFrom("tender_panel_members").innerJoin("users", "users.id", "tender_panel_members.user_id")
      .select(["users.id", "users.name"]).where("tender_panel_members.tender_id", "=", tenderId).orderBy("users.name").execute(),
    db.selectFrom("users").innerJoin("user_roles", "user_roles.user_id", "users.id")
      .select(["users.id", "users.name"]).where("user_roles.role", "=", "officer").where("users.is_active", "=", 1).orderBy("users.name").execute(),
  ]);
  const history: ConflictEntry[] = entries.map((e) => ({
    id: e.id, personUserId: e.person_user_id, personName: e.person, role: e.role, interest: e.interest, mitigation: e.mitigation,
    revision: e.revision, recordedBy: e.recorder, recordedAt: e.recorded_at,
  }));
  const latest = new Map<string, ConflictEntry>();
  for (const e of history) if (!latest.has(e.personUserId)) latest.set(e.personUserId, e);
  const byMember = new Map<string, { personUserId: string; personName: string; conflicts: number; reasons: string[] }>();
  for (const d of declarations) {
    const row = byMember.get(d.user_id) ?? { personUserId: d.user_id, personName: d.name, conflicts: 0, reasons: [] };
    row.conflicts += 1;
    if (d.reason) row.reasons.push(d.reason);
    byMember.set(d.user_id, row);
  }
  const people = new Map<string, { id: string; name: string; role: ConflictRole }>();
  for (const o of officers) people.set(o.id, { ...o, role: "officer" });
  for (const p of panel) people.set(p.id, { ...p, role: "panel" });
  return {
    required: procedureSteps(tender.procedure).conflictsAssessment,
    current: [...latest.values()].sort((a, b) => a.personName.localeCompare(b.personName)),
    history,
    reviewedAt: tender.conflicts_reviewed_at,
    reviewedBy: tender.reviewer,
    panelDeclarations: [...byMember.values()],
    people: [...people.values()].sort((a, b) => a.name.localeCompare(b.name)),
  };
}

export interface ConflictEntryInput {
  personUserId: string;
  role: ConflictRole;
  interest: string;
  mitigation: string;
  /** How many entries the page showed in the whole assessment: one recorded since makes this stale. */
  basedOnEntries: number;
}

/** Records a person's entry as the next revision; stale when someone recorded one meanwhile. */
export async function recordConflictEntry(trx: Executor, audit: AuditContext, tenderId: string, input: ConflictEntryInput): Promise<{ revision: number }> {
  await takeLocks(trx, LOCKS.conflicts(tenderId));
  const [all, last] = await Promise.all([
    trx.selectFrom("conflict_assessment_entries").select((eb) => eb.fn.countAll<number>().as("n")).where("tender_id", "=", tenderId).executeTakeFirstOrThrow(),
    trx.selectFrom("conflict_assessment_entries").select((eb) => eb.fn.max("revision").as("revision"))
      .where("tender_id", "=", tenderId).where("person_user_id", "=", input.personUserId).executeTakeFirst(),
  ]);
  if (Number(all.n) !== input.basedOnEntries) throw new StaleEditError("conflicts assessment");
  const revision = Number(last?.revision ?? 0) + 1;
  const at = nowIso();
  try {
    await trx.insertInto("conflict_assessment_entries").values({
      id: newId(), tender_id: tenderId, person_user_id: input.personUserId, role: input.role, interest: input.interest,
      mitigation: input.mitigation, revision, recorded_by: audit.actorUserId, recorded_at: at,
    }).execute();
  } catch (error) {
    // Two saves of the same revision at once: the unique key keeps one.
    if (isUniqueViolation(error)) throw new StaleEditError("conflicts assessment entry");
    throw error;
  }
  await recordAudit(trx, audit, {
    action: "tender.conflicts.recorded", recordType: "tender", recordId: tenderId,
    after: { person_user_id: input.personUserId, role: input.role, interest: input.interest, mitigation: input.mitigation, revision },
  });
  return { revision };
}

/** Marks the assessment reviewed: only once the tender has closed, and only with an entry. */
export async function reviewConflictsAssessment(trx: Executor, audit: AuditContext, tenderId: string, now = new Date()): Promise<void> {
  const tender = await trx.selectFrom("tenders").select(["closes_at", "status", "conflicts_reviewed_at"]).where("id", "=", tenderId).executeTakeFirstOrThrow();
  if (tender.status === "draft" || tender.closes_at > now.toISOString()) {
    throw new RefusedError("Review the conflicts assessment once the tender has closed, when the panel has declared its interests in the bids.");
  }
  const entries = await trx.selectFrom("conflict_assessment_entries").select((eb) => eb.fn.countAll<number>().as("n")).where("tender_id", "=", tenderId).executeTakeFirstOrThrow();
  if (Number(entries.n) === 0) throw new RefusedError("Record at least one person's entry before you review the assessment.");
  const at = now.toISOString();
  await trx.updateTable("tenders").set({ conflicts_reviewed_at: at, conflicts_reviewed_by: audit.actorUserId, updated_at: nowIso() }).where("id", "=", tenderId).execute();
  await recordAudit(trx, audit, {
    action: "tender.conflicts.reviewed", recordType: "tender", recordId: tenderId,
    before: { conflicts_reviewed_at: tender.conflicts_reviewed_at }, after: { conflicts_reviewed_at: at },
  });
}

/** Refuses to publish a tender whose procedure needs an assessment that has no entry yet. */
export async function requireAssessmentToPublish(db: Executor, tenderId: string, procedure: TenderProcedure): Promise<void> {
  if (!procedureSteps(procedure).conflictsAssessment) return;
  const entries = await db.selectFrom("conflict_assessment_entries").select("id").where("tender_id", "=", tenderId).limit(1).execute();
  if (entries.length === 0) {
    throw new RefusedError("Record the conflicts assessment before you publish: the Procurement Act asks for one before a light-touch tender is advertised.");
  }
}

/** Refuses to award a tender whose procedure needs an assessment not reviewed since it closed. */
export function requireAssessmentReviewedToAward(t: { procedure: TenderProcedure; closes_at: string; conflicts_reviewed_at: string | null }): void {
  if (!procedureSteps(t.procedure).conflictsAssessment) return;
  if (!t.conflicts_reviewed_at || t.conflicts_reviewed_at < t.closes_at) {
    throw new RefusedError("Review the conflicts assessment before you award: the panel's declarations since the tender closed must be assessed first.");
  }
}
