// The deadlines each person lives by, for their calendar feed: what they would otherwise
// copy from the portal into Outlook by hand. Each list is scoped as the person's own pages
// are (the tender policy's public set, their organisation's returns, their panels, the
// districts they cover), and each deadline appears once, however many roles lead to it.
//
// - Providers: open and upcoming tenders' closing times and clarification deadlines, and
//   their organisation's returns until they are submitted (including queried ones).
// - Panel members: the scoring deadline of each tender they score, until they submit.
// - Officers: closing times of tenders in their districts, projects due a monitoring visit
//   this financial year (due by its last day) and open actions from visits.
import type { Executor } from "../../../db/client";
import type { SignedInUser } from "~/models/accounts/users.server";
import { getSettings } from "~/models/admin/settings.server";
import { listOpenActions, listVisitsDue } from "~/models/visits/due.server";
import { financialYearDates, financialYearOf } from "~/lib/financial-year";
import { formatDate, formatDateTime, ukToday } from "~/lib/dates";
import { hasRole, inOfficerScope } from "~/policies/actor";
import { publicTenders } from "~/policies/tenders";

export interface Deadline {
  /** Stable: the same deadline keeps its id from one download to the next. */
  id: string;
  summary: string;
  description: string;
  path: string;
  start: { at: string } | { date: string };
}

/** Returns still to be sent: not started, in draft, or sent back with questions. */
const RETURN_STILL_DUE = ["not_started", "draft", "queried"] as const;

export async function listDeadlines(db: Executor, user: SignedInUser, now = new Date()): Promise<Deadline[]> {
  const deadlines = new Map<string, Deadline>();
  const add = (d: Deadline) => deadlines.set(d.id, d);
  const nowIso = now.toISOString();
  const today = ukToday(now);

  if (hasRole(user, "provider") && user.organisationId) {
    const tenders = await db.selectFrom("tenders")
      .select(["id", "reference", "title", "closes_at", "clarifications_close_at"])
      .where((eb) => publicTenders(eb))
      .where("status", "=", "published")
      .where("closes_at", ">", nowIso)
      .orderBy("closes_at")
      .execute();
    for (const t of tenders) for (const d of tenderDeadlines(t, now)) add(d);
    const returns = await db.selectFrom("returns as r")
      .innerJoin("projects as p", "p.id", "r.project_id")
      .select(["r.id", "r.quarter", "r.due_date", "r.status", "p.reference", "p.title"])
      .where("p.organisation_id", "=", user.organisationId)
      .where("r.status", "in", [...RETURN_STILL_DUE])
      .orderBy("r.due_date")
      .execute();
    for (const r of returns) {
      add({
        id: `return-${r.id}`,
        summary: `Return due: ${r.reference} ${r.quarter}`,
        description: `The ${r.quarter} quarterly return for ${r.reference}, ${r.title}, is due on ${formatDate(r.due_date)}.${r.status === "queried" ? " The council has sent it back with questions." : ""}`,
        path: `/returns/${r.id}`,
        start: { date: r.due_date },
      });
    }
  }

  if (hasRole(user, "panel")) {
    const panels = await db.selectFrom("tender_panel_members as m")
      .innerJoin("tenders as t", "t.id", "m.tender_id")
      .select(["t.id", "t.reference", "t.title", "t.scoring_due_on"])
      .where("m.user_id", "=", user.id)
      .where("m.scores_submitted_at", "is", null)
      .where("t.scoring_due_on", "is not", null)
      .where("t.status", "in", ["published", "evaluation"])
      .orderBy("t.scoring_due_on")
      .execute();
    for (const t of panels) {
      add({
        id: `tender-${t.id}-scoring`,
        summary: `Panel scores due: ${t.reference} ${t.title}`,
        description: `Your scores for the bids to ${t.reference}, ${t.title}, are due by the end of ${formatDate(t.scoring_due_on)}.`,
        path: `/panel/${t.id}`,
        start: { date: t.scoring_due_on! },
      });
    }
  }

  if (hasRole(user, "officer")) {
    const tenders = await db.selectFrom("tenders")
      .select(["tenders.id", "tenders.reference", "tenders.title", "tenders.closes_at"])
      .where("tenders.status", "=", "published")
      .where("tenders.closes_at", ">", nowIso)
      .where((eb) => eb.exists(
        eb.selectFrom("tender_districts as td").select("td.tender_id").whereRef("td.tender_id", "=", "tenders.id")
          .where((inner) => inOfficerScope(inner, user, "td.district_id")),
      ))
      .orderBy("tenders.closes_at")
      .execute();
    for (const t of tenders) add(closingDeadline(t));

    const { visit_threshold_pence: thresholdPence } = await getSettings(db);
    const yearEnd = financialYearDates(financialYearOf(today)).end;
    const due = await listVisitsDue(db, user, { page: 1, sort: "reference", dir: "asc", q: "", format: "csv" }, { districtId: "" }, { today, thresholdPence });
    for (const p of due.items) {
      add({
        id: `visit-due-${p.projectId}-${yearEnd}`,
        summary: `Monitoring visit due: ${p.reference} ${p.title}`,
        description: `${p.reference}, ${p.title} (${p.organisationName}, ${p.districtName}), needs a monitoring visit this financial year, by ${formatDate(yearEnd)}.`,
        path: `/projects/${p.projectId}/visits`,
        start: { date: yearEnd },
      });
    }
    const actions = await listOpenActions(db, user, { districtId: "", q: "" }, { today, limit: 500 });
    for (const a of actions.items) {
      add({
        id: `visit-action-${a.id}`,
        summary: `Visit action due: ${a.reference}`,
        description: `From the visit to ${a.reference}, ${a.title}, on ${formatDate(a.visitDate)}: ${a.action} (owner: ${a.owner}).`,
        path: `/projects/${a.projectId}/visits/${a.visitId}`,
        start: { date: a.dueDate },
      });
    }
  }
  return [...deadlines.values()];
}

/** A tender's own deadlines still to come: its last time for questions (when it has one) and its closing time. */
export function tenderDeadlines(
  t: { id: string; reference: string; title: string; closes_at: string; clarifications_close_at: string | null },
  now = new Date(),
): Deadline[] {
  const nowIso = now.toISOString();
  const deadlines: Deadline[] = [];
  if (t.clarifications_close_at && t.clarifications_close_at > nowIso) {
    deadlines.push({
      id: `tender-${t.id}-clarifications`,
      summary: `Questions close: ${t.reference} ${t.title}`,
      description: `The last time to ask the council a clarification question about ${t.reference}, ${t.title}: ${formatDateTime(t.clarifications_close_at)} (UK time).`,
      path: `/opportunities/${t.id}`,
      start: { at: t.clarifications_close_at },
    });
  }
  if (t.closes_at > nowIso) deadlines.push(closingDeadline(t));
  return deadlines;
}

function closingDeadline(t: { id: string; reference: string; title: string; closes_at: string }): Deadline {
  return {
    id: `tender-${t.id}-closes`,
    summary: `Tender closes: ${t.reference} ${t.title}`,
    description: `Bids for ${t.reference}, ${t.title}, must be submitted by ${formatDateTime(t.closes_at)} (UK time). Late bids cannot be accepted.`,
    path: `/opportunities/${t.id}`,
    start: { at: t.closes_at },
  };
}
