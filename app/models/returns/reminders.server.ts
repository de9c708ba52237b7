// E-mail reminders about quarterly returns, sent by `npm run reminders` (safe to run from
// cron as often as wanted):
// - to the provider, 7 days before a return is due while it is not submitted ("due_soon",
//   once per return and due date);
// - to the provider, when a return is overdue, then weekly while it stays overdue
//   ("overdue", once per return and week overdue: overdue-week-1 is days 1–7 past due);
// - to each officer, a weekly digest of the overdue returns in their districts ("digest",
//   once per officer and ISO week).
//
// Each message is claimed BEFORE it is sent, by inserting its row into reminders_sent,
// whose unique constraint (kind, subject_id, period_key) lets exactly one insert win. Only
// the run whose insert succeeded sends, so two copies of the command running at once never
// send the same message twice. If sending then fails for every recipient, the claim is
// released so a later run tries again.
import type { Executor } from "../../../db/client";
import { formatDate, addDays, daysBetween, ukToday as ukDate } from "~/lib/dates";
import { newId } from "~/lib/ids.server";
import { getSettings } from "~/models/admin/settings.server";
import { bidderRecipients } from "~/models/awards/mail.server";
import { sendMail, type MailMessage } from "~/services/mail.server";
import { RETURN_NOT_SUBMITTED } from "~/models/statuses";
import { isUniqueViolation } from "~/models/errors";
import { hasRole, officerCoversDistrict } from "~/policies/actor";
import { activeStaff } from "~/models/notifications/officers.server";
import { appBaseUrl } from "~/services/app-url.server";

/** A reminder goes this many days (or fewer) before the due date. */
export const DUE_SOON_REMINDER_DAYS = 7;

/** The job that sends them (app/jobs/handlers.server.ts). */
export const REMINDERS_JOB = "reminders";

/** Projects that no longer owe returns are never chased. */
const CHASED_PROJECT_STATES = ["active", "completed"] as const;

export type ReminderKind = "due_soon" | "overdue" | "digest";

export interface ReminderCounts {
  dueSoon: number;
  overdue: number;
  digests: number;
  /** Messages another run (or an earlier one) had already claimed. */
  alreadySent: number;
  /** Messages that could not be sent to anyone: released for the next run. */
  failed: number;
}

// ---------------------------------------------------------------------------------------
// Periods.

/** The week of overdue a date falls in: 1 for days 1–7 past due, 2 for days 8–14, … */
export function overdueWeek(dueDate: string, today: string): number {
  const days = daysBetween(dueDate, today);
  return days < 1 ? 0 : Math.floor((days - 1) / 7) + 1;
}

/** ISO 8601 week of an ISO date: "2026-07-29" → "2026-W31". */
export function isoWeek(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  const day = d.getUTCDay() || 7; // Monday 1 … Sunday 7
  d.setUTCDate(d.getUTCDate() + 4 - day); // the Thursday of this week decides the year
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

// ---------------------------------------------------------------------------------------
// Claims.

/**
 * Claims a message: the claim's id when this call inserted its row (and so must send it),
 * null when a row was already there. Runs outside any transaction so the claim is visible at once.
 */
export async function claimReminder(
  db: Executor,
  claim: { kind: ReminderKind; subjectId: string; periodKey: string },
  now: Date,
): Promise<string | null> {
  const id = newId();
  try {
    await db
      .insertInto("reminders_sent")
      .values({ id, kind: claim.kind, subject_id: claim.subjectId, period_key: claim.periodKey, sent_at: now.toISOString() })
      .execute();
    return id;
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

async function releaseClaim(db: Executor, id: string): Promise<void> {
  await db.deleteFrom("reminders_sent").where("id", "=", id).execute();
}

// ---------------------------------------------------------------------------------------
// What is outstanding.

interface OutstandingReturn {
  id: string;
  quarter: string;
  due_date: string;
  project_reference: string;
  project_title: string;
  organisation_id: string;
  provider_name: string;
  district_id: string;
  district_name: string;
}

async function outstandingReturns(db: Executor, range: { dueFrom?: string; dueTo?: string; dueBefore?: string }): Promise<OutstandingReturn[]> {
  let q = db
    .selectFrom("returns")
    .innerJoin("projects", "projects.id", "returns.project_id")
    .innerJoin("organisations", "organisations.id", "projects.organisation_id")
    .innerJoin("districts", "districts.id", "projects.district_id")
    .select([
      "returns.id", "returns.quarter", "returns.due_date", "projects.reference as project_reference", "projects.title as project_title",
      "projects.organisation_id", "organisations.name as provider_name", "projects.district_id", "districts.name as district_name",
    ])
    .where("returns.status", "in", RETURN_NOT_SUBMITTED)
    .where("projects.status", "in", [...CHASED_PROJECT_STATES]);
  if (range.dueFrom) q = q.where("returns.due_date", ">=", range.dueFrom);
  if (range.dueTo) q = q.where("returns.due_date", "<=", range.dueTo);
  if (range.dueBefore) q = q.where("returns.due_date", "<", range.dueBefore);
  return q.orderBy("returns.due_date").orderBy("projects.reference").orderBy("returns.id").execute();
}

function link(baseUrl: string, pathname: string): string {
  return new URL(pathname, baseUrl).toString();
}

const daysText = (n: number): string => (n === 1 ? "1 day" : `${n} days`);

// ---------------------------------------------------------------------------------------
// The messages.

export function dueSoonEmail(args: { to: string; name: string; r: OutstandingReturn; daysLeft: number; link: string; councilName: string }): MailMessage {
  const { r } = args;
  return {
    to: args.to,
    subject: `Reminder: your ${r.quarter} return for ${r.project_reference} is due on ${formatDate(r.due_date)}`,
    text: [
      `Dear ${args.name},`,
      "",
      `${r.provider_name}'s ${r.quarter} return for ${r.project_reference} ${r.project_title} is due on ${formatDate(r.due_date)}` +
        (args.daysLeft === 0 ? ", today." : `, in ${daysText(args.daysLeft)}.`),
      "It has not been submitted yet. Sign in to fill it in and submit it:",
      args.link,
      "",
      "If you have already submitted it since this e-mail was sent, you can ignore this reminder.",
      "",
      args.councilName,
    ].join("\n"),
  };
}

export function overdueEmail(args: { to: string; name: string; r: OutstandingReturn; daysOverdue: number; week: number; link: string; councilName: string }): MailMessage {
  const { r } = args;
  return {
    to: args.to,
    subject: `${args.week > 1 ? "Still overdue" : "Overdue"}: your ${r.quarter} return for ${r.project_reference} was due on ${formatDate(r.due_date)}`,
    text: [
      `Dear ${args.name},`,
      "",
      `${r.provider_name}'s ${r.quarter} return for ${r.project_reference} ${r.project_title} was due on ${formatDate(r.due_date)} and is ${daysText(args.daysOverdue)} overdue.`,
      "Please sign in and submit it as soon as you can:",
      args.link,
      "",
      "If something is stopping you, reply to your commissioning officer so they know.",
      "",
      args.councilName,
    ].join("\n"),
  };
}

export function digestEmail(args: { to: string; name: string; week: string; returns: (OutstandingReturn & { daysOverdue: number })[]; link: string; councilName: string }): MailMessage {
  const n = args.returns.length;
  return {
    to: args.to,
    subject: `${n === 1 ? "1 overdue return" : `${n} overdue returns`} in your districts (week ${args.week})`,
    text: [
      `Dear ${args.name},`,
      "",
      `${n === 1 ? "This return is" : `These ${n} returns are`} past their due date and not yet submitted:`,
      "",
      ...args.returns.map(
        (r) => `- ${r.project_reference} ${r.project_title} (${r.provider_name}, ${r.district_name}): ${r.quarter}, due ${formatDate(r.due_date)}, ${daysText(r.daysOverdue)} overdue`,
      ),
      "",
      "The providers are being reminded each week. The list of overdue returns is at:",
      args.link,
      "",
      args.councilName,
    ].join("\n"),
  };
}

// ---------------------------------------------------------------------------------------
// The run.

/** Sends one claimed message to every recipient; releases the claim when none could be reached. */
async function deliver(db: Executor, claimId: string, messages: MailMessage[], counts: ReminderCounts): Promise<boolean> {
  let sent = 0;
  for (const m of messages) {
    try {
      await sendMail(m);
      sent += 1;
    } catch (error) {
      console.error(`Could not send a reminder to ${m.to}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (sent === 0) {
    await releaseClaim(db, claimId);
    counts.failed += 1;
    return false;
  }
  return true;
}

/**
 * Sends every reminder, chaser and digest that is due at `now` and has not been sent.
 * Safe to run again and to run twice at once: each message goes out once.
 */
export async function runReminders(db: Executor, now: Date = new Date(), options: { baseUrl?: string } = {}): Promise<ReminderCounts> {
  const baseUrl = options.baseUrl ?? appBaseUrl();
  const today = ukDate(now);
  const settings = await getSettings(db);
  const counts: ReminderCounts = { dueSoon: 0, overdue: 0, digests: 0, alreadySent: 0, failed: 0 };
  const recipientsOf = async (organisationId: string) => bidderRecipients(db, organisationId);

  // Due within the week and not submitted.
  for (const r of await outstandingReturns(db, { dueFrom: today, dueTo: addDays(today, DUE_SOON_REMINDER_DAYS) })) {
    const claim = await claimReminder(db, { kind: "due_soon", subjectId: r.id, periodKey: `due-${r.due_date}` }, now);
    if (!claim) { counts.alreadySent += 1; continue; }
    const recipients = await recipientsOf(r.organisation_id);
    const daysLeft = daysBetween(today, r.due_date);
    const messages = recipients.map((p) =>
      dueSoonEmail({ to: p.email, name: p.name, r, daysLeft, link: link(baseUrl, `/returns/${r.id}`), councilName: settings.council_name }),
    );
    if (await deliver(db, claim, messages, counts)) counts.dueSoon += 1;
  }

  // Overdue: a chaser in the first week, then one a week while it stays overdue.
  const overdue = (await outstandingReturns(db, { dueBefore: today })).map((r) => ({ ...r, daysOverdue: daysBetween(r.due_date, today) }));
  for (const r of overdue) {
    const week = overdueWeek(r.due_date, today);
    const claim = await claimReminder(db, { kind: "overdue", subjectId: r.id, periodKey: `overdue-week-${week}` }, now);
    if (!claim) { counts.alreadySent += 1; continue; }
    const recipients = await recipientsOf(r.organisation_id);
    const messages = recipients.map((p) =>
      overdueEmail({ to: p.email, name: p.name, r, daysOverdue: r.daysOverdue, week, link: link(baseUrl, `/returns/${r.id}`), councilName: settings.council_name }),
    );
    if (await deliver(db, claim, messages, counts)) counts.overdue += 1;
  }

  // Officers: one digest a week of the overdue returns in their districts.
  if (overdue.length > 0) {
    const week = isoWeek(today);
    const officers = (await activeStaff(db)).filter((s) => hasRole(s.actor, "officer"));
    for (const { actor, ...officer } of officers) {
      // The officer as the rules see them, so the digest covers what their review queue shows.
      const theirs = overdue.filter((r) => officerCoversDistrict(actor, r.district_id));
      if (theirs.length === 0) continue;
      const claim = await claimReminder(db, { kind: "digest", subjectId: actor.id, periodKey: week }, now);
      if (!claim) { counts.alreadySent += 1; continue; }
      const message = digestEmail({
        to: officer.email, name: officer.name, week, returns: theirs, link: link(baseUrl, "/reviews?tab=overdue"), councilName: settings.council_name,
      });
      if (await deliver(db, claim, [message], counts)) counts.digests += 1;
    }
  }
  return counts;
}

/** One line for the console and the cron log. */
export function describeCounts(c: ReminderCounts): string {
  return [
    `${c.dueSoon} due-soon reminder${c.dueSoon === 1 ? "" : "s"}`,
    `${c.overdue} overdue chaser${c.overdue === 1 ? "" : "s"}`,
    `${c.digests} officer digest${c.digests === 1 ? "" : "s"} sent`,
    `${c.alreadySent} already sent`,
    `${c.failed} failed (to be retried)`,
  ].join(", ");
}
