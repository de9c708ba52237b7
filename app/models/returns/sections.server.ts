// Saving a return, section by section. Each function runs inside the caller's transaction
// and throws to roll it back: every save carries the version the page was loaded with, and
// returns.version guards every section, so a save made from a stale page is refused
// (StaleReturnError) and nothing typed is lost; a return no longer the provider's to change
// is refused too (ReturnLockedError). Every change writes one audit event naming its section,
// which is how the task list knows a queried section has been worked on again.
import type { Executor } from "../../../db/client";
import type { ReturnSection, ReturnStatus } from "../../../db/schema";
import type { BeneficiaryEntry, IndicatorEntry, NarrativeInput, SpendEntry } from "~/schemas/returns";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { LOCKS, takeLocks } from "~/models/locks.server";
import { ReturnLockedError, StaleReturnError } from "~/models/errors";
import { returnLockedMessage } from "~/policies/returns";
import { RETURN_WITH_PROVIDER } from "~/models/statuses";
import { lastSavedBy } from "./returns.server";

/**
 * Claims the return for one save: the version must be the one the page was loaded with, and
 * the return still the provider's to change. Bumps the version; a first save makes it a draft.
 */
export async function claimReturn(trx: Executor, returnId: string, version: number, now: Date, set: Record<string, unknown> = {}) {
  const current = await trx
    .selectFrom("returns")
    .select(["status", "version", "updated_at"])
    .where("id", "=", returnId)
    .executeTakeFirst();
  if (!current) throw new Error(`Return ${returnId} not found`);
  if (!RETURN_WITH_PROVIDER.includes(current.status)) throw new ReturnLockedError(current.status, returnLockedMessage(current.status, true));
  if (current.version !== version) throw new StaleReturnError(current.updated_at, await lastSavedBy(trx, returnId), now);
  const status: ReturnStatus = current.status === "not_started" ? "draft" : current.status;
  const result = await trx
    .updateTable("returns")
    .set({ ...set, status, updated_at: now.toISOString(), version: version + 1 })
    .where("id", "=", returnId)
    .where("version", "=", version)
    .where("status", "=", current.status)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new StaleReturnError(current.updated_at, await lastSavedBy(trx, returnId), now);
  return { statusBefore: current.status, statusAfter: status, version: version + 1 };
}

const COMPLETE_COLUMN: Record<ReturnSection, `${ReturnSection}_complete`> = {
  outputs: "outputs_complete",
  outcomes: "outcomes_complete",
  spend: "spend_complete",
  beneficiaries: "beneficiaries_complete",
  narrative: "narrative_complete",
  case_studies: "case_studies_complete",
  evidence: "evidence_complete",
};

async function completeFlag(trx: Executor, returnId: string, section: ReturnSection): Promise<boolean> {
  const row = await trx.selectFrom("returns").select(COMPLETE_COLUMN[section]).where("id", "=", returnId).executeTakeFirstOrThrow();
  return (row as Record<string, number>)[COMPLETE_COLUMN[section]] === 1;
}

export interface SaveArgs {
  returnId: string;
  version: number;
  complete: boolean;
}

/** Outputs or outcomes: the actual and comment for each indicator of that kind. */
export async function saveIndicatorSection(
  trx: Executor,
  audit: AuditContext,
  args: SaveArgs & { kind: "output" | "outcome"; entries: IndicatorEntry[] },
  now = new Date(),
): Promise<{ version: number }> {
  const section: ReturnSection = args.kind === "output" ? "outputs" : "outcomes";
  const ret = await trx.selectFrom("returns").select("project_id").where("id", "=", args.returnId).executeTakeFirstOrThrow();
  // Figures for the plan's indicators as they are: a plan change under way finishes first.
  await takeLocks(trx, LOCKS.project(ret.project_id));
  const ids = (await trx.selectFrom("project_indicators").select("id").where("project_id", "=", ret.project_id).where("kind", "=", args.kind).execute())
    .map((i) => i.id);
  const before = {
    section,
    complete: await completeFlag(trx, args.returnId, section),
    values: ids.length
      ? await trx.selectFrom("return_indicator_values").select(["indicator_id", "actual", "comment"])
        .where("return_id", "=", args.returnId).where("indicator_id", "in", ids).orderBy("indicator_id").execute()
      : [],
  };
  const claimed = await claimReturn(trx, args.returnId, args.version, now, { [COMPLETE_COLUMN[section]]: args.complete ? 1 : 0 });
  if (ids.length) await trx.deleteFrom("return_indicator_values").where("return_id", "=", args.returnId).where("indicator_id", "in", ids).execute();
  const rows = args.entries
    .filter((e) => ids.includes(e.indicatorId) && e.actual !== null)
    .map((e) => ({ return_id: args.returnId, indicator_id: e.indicatorId, actual: e.actual as number, comment: e.comment }));
  if (rows.length) await trx.insertInto("return_indicator_values").values(rows).execute();
  await recordAudit(trx, audit, {
    action: "return.section_saved", recordType: "return", recordId: args.returnId,
    before: { ...before, status: claimed.statusBefore },
    after: {
      section, complete: args.complete, status: claimed.statusAfter, version: claimed.version,
      values: rows.map((r) => ({ indicator_id: r.indicator_id, actual: r.actual, comment: r.comment })).sort((a, b) => (a.indicator_id < b.indicator_id ? -1 : 1)),
    },
  });
  return { version: claimed.version };
}

/** Spend: the amount and any variance reason per budget category. */
export async function saveSpendSection(
  trx: Executor,
  audit: AuditContext,
  args: SaveArgs & { entries: SpendEntry[] },
  now = new Date(),
): Promise<{ version: number }> {
  const before = {
    section: "spend",
    complete: await completeFlag(trx, args.returnId, "spend"),
    lines: await trx.selectFrom("return_spend").select(["category", "amount_pence", "variance_reason"]).where("return_id", "=", args.returnId).orderBy("category").execute(),
  };
  const claimed = await claimReturn(trx, args.returnId, args.version, now, { spend_complete: args.complete ? 1 : 0 });
  await trx.deleteFrom("return_spend").where("return_id", "=", args.returnId).execute();
  const rows = args.entries
    .filter((e) => e.amountPence !== null)
    .map((e) => ({ return_id: args.returnId, category: e.category, amount_pence: e.amountPence as number, variance_reason: e.varianceReason }));
  if (rows.length) await trx.insertInto("return_spend").values(rows).execute();
  await recordAudit(trx, audit, {
    action: "return.section_saved", recordType: "return", recordId: args.returnId,
    before: { ...before, status: claimed.statusBefore },
    after: {
      section: "spend", complete: args.complete, status: claimed.statusAfter, version: claimed.version,
      lines: rows.map((r) => ({ category: r.category, amount_pence: r.amount_pence, variance_reason: r.variance_reason })),
    },
  });
  return { version: claimed.version };
}

/** Beneficiaries: new and continuing counts for every age band (0 when left empty). */
export async function saveBeneficiariesSection(
  trx: Executor,
  audit: AuditContext,
  args: SaveArgs & { entries: BeneficiaryEntry[] },
  now = new Date(),
): Promise<{ version: number }> {
  const before = {
    section: "beneficiaries",
    complete: await completeFlag(trx, args.returnId, "beneficiaries"),
    bands: await trx.selectFrom("return_beneficiaries").select(["age_band", "new_count", "continuing_count"]).where("return_id", "=", args.returnId).execute(),
  };
  const claimed = await claimReturn(trx, args.returnId, args.version, now, { beneficiaries_complete: args.complete ? 1 : 0 });
  await trx.deleteFrom("return_beneficiaries").where("return_id", "=", args.returnId).execute();
  const rows = args.entries.map((e) => ({
    return_id: args.returnId, age_band: e.ageBand, new_count: e.newCount, continuing_count: e.continuingCount,
  }));
  if (rows.length) await trx.insertInto("return_beneficiaries").values(rows).execute();
  await recordAudit(trx, audit, {
    action: "return.section_saved", recordType: "return", recordId: args.returnId,
    before: { ...before, status: claimed.statusBefore },
    after: {
      section: "beneficiaries", complete: args.complete, status: claimed.statusAfter, version: claimed.version,
      bands: rows.map((r) => ({ age_band: r.age_band, new_count: r.new_count, continuing_count: r.continuing_count })),
    },
  });
  return { version: claimed.version };
}

/** Narrative: highlights, challenges, risks and next quarter's plans. */
export async function saveNarrativeSection(
  trx: Executor,
  audit: AuditContext,
  args: SaveArgs & { input: NarrativeInput },
  now = new Date(),
): Promise<{ version: number }> {
  const current = await trx.selectFrom("returns").select(["highlights", "challenges", "risks", "next_steps", "narrative_complete"])
    .where("id", "=", args.returnId).executeTakeFirstOrThrow();
  const claimed = await claimReturn(trx, args.returnId, args.version, now, { ...args.input, narrative_complete: args.complete ? 1 : 0 });
  await recordAudit(trx, audit, {
    action: "return.section_saved", recordType: "return", recordId: args.returnId,
    before: {
      section: "narrative", complete: current.narrative_complete === 1, status: claimed.statusBefore,
      highlights: current.highlights, challenges: current.challenges, risks: current.risks, next_steps: current.next_steps,
    },
    after: { section: "narrative", complete: args.complete, status: claimed.statusAfter, version: claimed.version, ...args.input },
  });
  return { version: claimed.version };
}

/** Case studies and evidence are changed one item at a time; this marks the section done (or not). */
export async function saveSectionComplete(
  trx: Executor,
  audit: AuditContext,
  args: SaveArgs & { section: "case_studies" | "evidence" },
  now = new Date(),
): Promise<{ version: number }> {
  const before = await completeFlag(trx, args.returnId, args.section);
  const claimed = await claimReturn(trx, args.returnId, args.version, now, { [COMPLETE_COLUMN[args.section]]: args.complete ? 1 : 0 });
  await recordAudit(trx, audit, {
    action: "return.section_saved", recordType: "return", recordId: args.returnId,
    before: { section: args.section, complete: before, status: claimed.statusBefore },
    after: { section: args.section, complete: args.complete, status: claimed.statusAfter, version: claimed.version },
  });
  return { version: claimed.version };
}
