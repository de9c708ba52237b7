// The steps between the decisions and the contract: every bidder has been sent its
// assessment summary (s50(2): before the contract award notice), then, for a light-touch
// contract, the contract award notice, which starts the 8-working-day standstill (s51) unless
// the officer waives it with a reason (s51(3)(d)). Each step is a conditional update on the
// step before it, so a double submit or a second officer is told it has been done already.
import type { Executor } from "../../../db/client";
import { ukToday } from "~/lib/dates";
import { standstill } from "~/lib/working-days";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { RefusedError } from "~/models/errors";
import { procedureSteps } from "~/models/tenders/procedures";

/**
 * Records that every bidder has its assessment summary: done by the portal once the e-mails
 * have gone, or by the officer who sent the ones that failed another way.
 */
export async function recordSummariesSent(
  db: Executor,
  audit: AuditContext,
  args: { tenderId: string; how: "e-mail" | "another way"; now?: Date },
): Promise<void> {
  const now = (args.now ?? new Date()).toISOString();
  const updated = await db
    .updateTable("tenders")
    .set((eb) => ({ summaries_sent_at: now, updated_at: now, version: eb("version", "+", 1) }))
    .where("id", "=", args.tenderId)
    .where("award_intended_at", "is not", null)
    .where("summaries_sent_at", "is", null)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    throw new RefusedError("The assessment summaries have already been recorded as sent, or the decisions have not been recorded yet. Nothing has been changed.");
  }
  await recordAudit(db, audit, {
    action: "tender.summaries_sent",
    recordType: "tender",
    recordId: args.tenderId,
    before: { summariesSentAt: null },
    after: { summariesSentAt: now, how: args.how },
  });
}

export interface AwardNotice {
  noticeAt: string;
  /** The standstill's last day (a UK date), or null when it was waived. */
  standstillLastDay: string | null;
  contractFrom: string;
}

/**
 * Publishes the contract award notice of a light-touch tender. The standstill is counted from
 * the UK day the notice is published; a reason waives it.
 */
export async function publishAwardNotice(
  db: Executor,
  audit: AuditContext,
  args: { tenderId: string; waiverReason: string | null; now?: Date },
): Promise<AwardNotice> {
  const at = args.now ?? new Date();
  const now = at.toISOString();
  const tender = await db
    .selectFrom("tenders")
    .select(["procedure", "award_intended_at", "summaries_sent_at", "award_notice_at"])
    .where("id", "=", args.tenderId)
    .executeTakeFirst();
  if (!tender) throw new RefusedError("This tender no longer exists.", 404);
  const steps = procedureSteps(tender.procedure);
  if (!steps.awardNotice) throw new RefusedError("This tender's procedure has no contract award notice: enter the contract once the assessment summaries are sent.");
  if (tender.award_notice_at) throw new RefusedError("The contract award notice has already been published. Nothing has been changed.");
  if (!tender.award_intended_at) throw new RefusedError("Record the decisions before you publish the contract award notice.");
  if (!tender.summaries_sent_at) {
    throw new RefusedError("Every bidder must have its assessment summary before the contract award notice is published. Record how the ones that could not be e-mailed were sent.");
  }
  if (args.waiverReason && !steps.standstillWaivable) throw new RefusedError("This tender's standstill cannot be waived.");

  const noticeDay = ukToday(at);
  const period = args.waiverReason ? null : standstill(noticeDay);
  const updated = await db
    .updateTable("tenders")
    .set((eb) => ({
      award_notice_at: now,
      standstill_last_day: period?.lastDay ?? null,
      standstill_waived_reason: args.waiverReason,
      updated_at: now,
      version: eb("version", "+", 1),
    }))
    .where("id", "=", args.tenderId)
    .where("award_notice_at", "is", null)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) throw new RefusedError("The contract award notice has already been published. Nothing has been changed.");
  await recordAudit(db, audit, {
    action: "tender.award_notice_published",
    recordType: "tender",
    recordId: args.tenderId,
    before: { awardNoticeAt: null },
    after: { awardNoticeAt: now, standstillLastDay: period?.lastDay ?? null, standstillWaivedReason: args.waiverReason },
  });
  return { noticeAt: now, standstillLastDay: period?.lastDay ?? null, contractFrom: period?.contractFrom ?? noticeDay };
}
