// "Send a reminder": an officer chases an overdue return by hand, on top of the weekly
// chasers `npm run reminders` sends (reminders.server.ts). One a day per return, so a
// provider is not flooded by several officers or a double click: the claim is a conditional
// update of the return's reminded_at, which only one request can win. It is audited with
// who sent it; the e-mail goes after the commit, and if nobody at the provider could be
// e-mailed the claim is given back so the officer can try again.
import type { Kysely } from "kysely";
import type { Executor } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { formatDate, formatDateTime, ukToday } from "~/lib/dates";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { bidderRecipients } from "~/models/awards/mail.server";
import { RefusedError } from "~/models/errors";
import { RETURN_NOT_SUBMITTED } from "~/models/statuses";
import { sendMailAfterCommit, type MailMessage } from "~/services/mail.server";
import { isOverdue } from "./returns.server";

/** The shortest time between two reminders sent by hand for one return. */
export const CHASE_INTERVAL_HOURS = 24;

const HOUR_MS = 3_600_000;

export interface ChaseClaim {
  returnId: string;
  organisationId: string;
  previous: { at: string | null; by: string | null };
  at: string;
}

/** When the next reminder may be sent, after one sent at `lastAt`. */
export function nextChaseAt(lastAt: string): string {
  return new Date(Date.parse(lastAt) + CHASE_INTERVAL_HOURS * HOUR_MS).toISOString();
}

/** Claims today's reminder for an overdue return, in the caller's transaction; refused (409) when it is not due one. */
export async function claimChase(trx: Executor, audit: AuditContext, args: { returnId: string; officerId: string }, now = new Date()): Promise<ChaseClaim> {
  const r = await trx
    .selectFrom("returns")
    .innerJoin("projects", "projects.id", "returns.project_id")
    .leftJoin("users", "users.id", "returns.reminded_by")
    .select(["returns.status", "returns.due_date", "returns.reminded_at", "returns.reminded_by", "projects.organisation_id", "users.name as reminded_by_name"])
    .where("returns.id", "=", args.returnId)
    .executeTakeFirstOrThrow();
  if (!isOverdue(r, ukToday(now))) throw new RefusedError("This return is not overdue, so there is nothing to chase.");
  if (r.reminded_at && Date.parse(nextChaseAt(r.reminded_at)) > now.getTime()) throw tooSoon(r.reminded_at, r.reminded_by_name);
  const at = now.toISOString();
  const cutoff = new Date(now.getTime() - CHASE_INTERVAL_HOURS * HOUR_MS).toISOString();
  const claimed = await trx
    .updateTable("returns")
    .set({ reminded_at: at, reminded_by: args.officerId })
    .where("id", "=", args.returnId)
    .where("status", "in", RETURN_NOT_SUBMITTED)
    .where((eb) => eb.or([eb("reminded_at", "is", null), eb("reminded_at", "<=", cutoff)]))
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) {
    // Another officer (or a second click) got there between the read and the update.
    const now2 = await trx.selectFrom("returns").leftJoin("users", "users.id", "returns.reminded_by")
      .select(["returns.reminded_at", "users.name"]).where("returns.id", "=", args.returnId).executeTakeFirstOrThrow();
    throw now2.reminded_at ? tooSoon(now2.reminded_at, now2.name) : new RefusedError("This return has just been submitted, so there is nothing to chase.");
  }
  await recordAudit(trx, audit, {
    action: "return.reminder_sent", recordType: "return", recordId: args.returnId,
    before: { reminded_at: r.reminded_at, reminded_by: r.reminded_by }, after: { reminded_at: at, reminded_by: args.officerId },
  });
  return { returnId: args.returnId, organisationId: r.organisation_id, previous: { at: r.reminded_at, by: r.reminded_by }, at };
}

function tooSoon(lastAt: string, by: string | null): RefusedError {
  return new RefusedError(
    `A reminder was sent at ${formatDateTime(lastAt)}${by ? ` by ${by}` : ""}. To avoid flooding the provider, the next can be sent from ${formatDateTime(nextChaseAt(lastAt))}.`,
  );
}

export function chaseEmail(args: {
  to: string; name: string; organisationName: string; officerName: string; officerEmail: string; councilName: string;
  quarter: string; projectReference: string; projectTitle: string; dueDate: string; link: string;
}): MailMessage {
  return {
    to: args.to,
    subject: `Overdue: your ${args.quarter} return for ${args.projectReference} was due on ${formatDate(args.dueDate)}`,
    text: [
      `Dear ${args.name},`,
      "",
      `${args.officerName} at ${args.councilName} has asked us to remind you that ${args.organisationName}'s ${args.quarter} return for ` +
        `${args.projectReference} ${args.projectTitle} was due on ${formatDate(args.dueDate)} and has not been submitted.`,
      "Please sign in and submit it as soon as you can:",
      args.link,
      "",
      `If something is stopping you, reply to ${args.officerName} at ${args.officerEmail}.`,
      "",
      args.councilName,
    ].join("\n"),
  };
}

/**
 * After the claim has committed: e-mails everyone at the provider. If none could be e-mailed,
 * gives the claim back (only if it is still this one) and answers 0.
 */
export async function sendChase(
  db: Kysely<Database>,
  audit: AuditContext,
  claim: ChaseClaim,
  compose: (to: { email: string; name: string; organisationName: string }) => MailMessage,
): Promise<number> {
  let sent = 0;
  for (const to of await bidderRecipients(db, claim.organisationId)) {
    if (await sendMailAfterCommit(compose(to))) sent += 1;
  }
  if (sent === 0) {
    // Given back, and said so in the audit trail beside the claim.
    await db.transaction().execute(async (trx) => {
      const undone = await trx.updateTable("returns").set({ reminded_at: claim.previous.at, reminded_by: claim.previous.by })
        .where("id", "=", claim.returnId).where("reminded_at", "=", claim.at).executeTakeFirst();
      if (Number(undone.numUpdatedRows) !== 1) return;
      await recordAudit(trx, audit, {
        action: "return.reminder_not_sent", recordType: "return", recordId: claim.returnId,
        before: { reminded_at: claim.at }, after: { reminded_at: claim.previous.at, reminded_by: claim.previous.by },
      });
    });
  }
  return sent;
}
