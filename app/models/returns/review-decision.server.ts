// Query and approve: the officer's two decisions on a submitted return. Both are guarded by
// the return's version: a second click, or a click on a page opened before someone else
// acted, is refused (RefusedError, 409) with what happened instead, and nothing is changed.
// Approving records the return's spend in the district ledger in the same transaction.
import { sql } from "kysely";
import type { Executor } from "../../../db/client";
import type { ReturnStatus } from "../../../db/schema";
import { formatDateTime } from "~/lib/dates";
import { newId } from "~/lib/ids.server";
import { addLedgerEntry } from "~/models/funding/ledger.server";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { NotFoundError, RefusedError } from "~/models/errors";
import { RETURN_AWAITING_REVIEW, RETURN_NOT_SUBMITTED } from "~/models/statuses";
import type { QueryComment, QueryFigure } from "~/schemas/return-review";

interface CurrentReturn {
  id: string;
  status: ReturnStatus;
  version: number;
  quarter: string;
  approved_at: string | null;
  approved_by_name: string | null;
}

async function currentReturn(db: Executor, returnId: string): Promise<CurrentReturn | undefined> {
  return db
    .selectFrom("returns")
    .leftJoin("users", "users.id", "returns.approved_by")
    .select(["returns.id", "returns.status", "returns.version", "returns.quarter", "returns.approved_at", "users.name as approved_by_name"])
    .where("returns.id", "=", returnId)
    .executeTakeFirst();
}

/**
 * Where a return stands when it cannot be reviewed, in words for the officer (and what they
 * can do next); null when it can be reviewed.
 */
async function unreviewableState(db: Executor, current: CurrentReturn): Promise<{ what: string; next: string | null } | null> {
  if (current.status === "approved") {
    return {
      what: `This return was approved${current.approved_at ? ` on ${formatDateTime(current.approved_at)}` : ""}${current.approved_by_name ? ` by ${current.approved_by_name}` : ""} and is locked.`,
      next: null,
    };
  }
  if (current.status === "queried") {
    const last = await db.selectFrom("return_queries").leftJoin("users", "users.id", "return_queries.created_by")
      .select(["return_queries.created_at", "users.name"]).where("return_queries.return_id", "=", current.id)
      .orderBy("return_queries.created_at", "desc").limit(1).executeTakeFirst();
    const when = last ? ` on ${formatDateTime(last.created_at)}${last.name ? ` by ${last.name}` : ""}` : "";
    return { what: `This return was queried${when} and is back with the provider.`, next: "you can review it again when they resubmit it." };
  }
  if (RETURN_NOT_SUBMITTED.includes(current.status)) {
    return { what: "The provider has not submitted this return yet, so there is nothing to review.", next: null };
  }
  return null;
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** Why a review action cannot go ahead now, in words for the officer; null when it can. */
export async function reviewRefusal(db: Executor, current: CurrentReturn, expectedVersion: number): Promise<string | null> {
  const state = await unreviewableState(db, current);
  if (state) return `${state.what} Nothing has been changed${state.next ? `: ${state.next}` : "."}`;
  if (current.version !== expectedVersion) {
    return "This return has changed since you opened it: the provider may have resubmitted it. Nothing has been changed: check the latest version on this page and review it again.";
  }
  return null;
}

/** For the review page: why the officer cannot act on the return now, or null. */
export async function reviewBlockedReason(db: Executor, returnId: string): Promise<string | null> {
  const current = await currentReturn(db, returnId);
  const state = current ? await unreviewableState(db, current) : null;
  return state ? `${state.what}${state.next ? ` ${capitalise(state.next)}` : ""}` : null;
}

/** Why a review action on this return cannot go ahead, for a refusal outside a transaction. */
export async function explainRefusal(db: Executor, returnId: string, expectedVersion: number): Promise<string> {
  const current = await currentReturn(db, returnId);
  const reason = current ? await reviewRefusal(db, current, expectedVersion) : null;
  return reason ?? "This return cannot be reviewed now. Nothing has been changed.";
}

/** The figures of a project that a query can comment on, in the order of the return. */
export async function queryFiguresOf(db: Executor, projectId: string): Promise<QueryFigure[]> {
  const rows = await db.selectFrom("project_indicators").select(["id", "kind", "name"]).where("project_id", "=", projectId).orderBy("position").execute();
  return rows.map((r) => ({ indicatorId: r.id, section: r.kind === "output" ? "outputs" : "outcomes", label: r.name }));
}

/**
 * Another review committed between our check and our update (two officers at once): say
 * what it did. A fresh read sees it (PostgreSQL reads committed rows statement by statement).
 */
async function lostRace(db: Executor, returnId: string, expectedVersion: number): Promise<string> {
  const now = await currentReturn(db, returnId);
  const reason = now ? await reviewRefusal(db, now, expectedVersion) : null;
  return reason ?? "Someone else reviewed this return at the same time. Nothing has been changed: check where it stands now.";
}

/** The return as it stands, when it can be reviewed at the version the officer saw; refused otherwise. */
async function reviewable(db: Executor, returnId: string, expectedVersion: number): Promise<CurrentReturn> {
  const current = await currentReturn(db, returnId);
  if (!current) throw new NotFoundError("Return not found");
  const refusal = await reviewRefusal(db, current, expectedVersion);
  if (refusal) throw new RefusedError(refusal);
  return current;
}

async function latestVersionNumber(db: Executor, returnId: string): Promise<number> {
  const row = await db.selectFrom("return_versions").select((eb) => eb.fn.max("number").as("n")).where("return_id", "=", returnId).executeTakeFirst();
  const n = Number(row?.n ?? 0);
  // A submitted return always has its version 1; the fallback covers returns from before versions were kept.
  return n > 0 ? n : 1;
}

/** Moves the return from the officer to the provider with the officer's comments. Call inside a transaction. */
export async function queryReturn(
  trx: Executor,
  audit: AuditContext,
  args: { returnId: string; expectedVersion: number; officerId: string; comments: readonly QueryComment[]; now?: Date },
): Promise<{ versionNumber: number; comments: readonly QueryComment[] }> {
  const current = await reviewable(trx, args.returnId, args.expectedVersion);
  const at = (args.now ?? new Date()).toISOString();
  const versionNumber = await latestVersionNumber(trx, args.returnId);
  const updated = await trx
    .updateTable("returns")
    .set({ status: "queried", updated_at: at, version: args.expectedVersion + 1 })
    .where("id", "=", args.returnId)
    .where("version", "=", args.expectedVersion)
    .where("status", "in", [...RETURN_AWAITING_REVIEW])
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new RefusedError(await lostRace(trx, args.returnId, args.expectedVersion));
  const rows = args.comments.map((c) => ({
    id: newId(), return_id: args.returnId, version_number: versionNumber, section: c.section, indicator_id: c.indicatorId,
    comment: c.comment, created_by: args.officerId, created_at: at,
  }));
  if (rows.length) await trx.insertInto("return_queries").values(rows).execute();
  await recordAudit(trx, audit, {
    action: "return.queried",
    recordType: "return",
    recordId: args.returnId,
    before: { status: current.status, version: current.version },
    after: { status: "queried", version: args.expectedVersion + 1, versionNumber, queries: args.comments },
  });
  return { versionNumber, comments: args.comments };
}

/**
 * Approves the return: it is locked (approved, with who and when) and its total spend is
 * recorded as spent in the district ledger for the return's financial year, in the
 * caller's transaction so neither happens without the other.
 */
export async function approveReturn(
  trx: Executor,
  audit: AuditContext,
  args: { returnId: string; expectedVersion: number; officerId: string; now?: Date },
): Promise<{ spendPence: number; ledgerEntryId: string; versionNumber: number }> {
  const current = await reviewable(trx, args.returnId, args.expectedVersion);
  const at = (args.now ?? new Date()).toISOString();
  const updated = await trx
    .updateTable("returns")
    .set({ status: "approved", approved_at: at, approved_by: args.officerId, updated_at: at, version: args.expectedVersion + 1 })
    .where("id", "=", args.returnId)
    .where("version", "=", args.expectedVersion)
    .where("status", "in", [...RETURN_AWAITING_REVIEW])
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new RefusedError(await lostRace(trx, args.returnId, args.expectedVersion));
  const details = await trx
    .selectFrom("returns")
    .innerJoin("projects", "projects.id", "returns.project_id")
    .select(["returns.financial_year", "projects.id as project_id", "projects.district_id", "projects.funding_stream_id"])
    .where("returns.id", "=", args.returnId)
    .executeTakeFirstOrThrow();
  const spend = await trx
    .selectFrom("return_spend")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("amount_pence"), sql<number>`0`).as("total"))
    .where("return_id", "=", args.returnId)
    .executeTakeFirstOrThrow();
  const spendPence = Number(spend.total);
  const versionNumber = await latestVersionNumber(trx, args.returnId);
  // Every approved return has exactly one spend entry (even of £0), so the ledger can be
  // reconciled against the approved returns one for one.
  const ledgerEntryId = await addLedgerEntry(trx, audit, {
    districtId: details.district_id,
    fundingStreamId: details.funding_stream_id,
    financialYear: Number(details.financial_year),
    kind: "spend",
    amountPence: spendPence,
    projectId: details.project_id,
    sourceType: "return",
    sourceId: args.returnId,
  });
  await recordAudit(trx, audit, {
    action: "return.approved",
    recordType: "return",
    recordId: args.returnId,
    before: { status: current.status, version: current.version },
    after: { status: "approved", version: args.expectedVersion + 1, approved_at: at, approved_by: args.officerId, versionNumber, spendPence, ledgerEntryId },
  });
  return { spendPence, ledgerEntryId, versionNumber };
}
