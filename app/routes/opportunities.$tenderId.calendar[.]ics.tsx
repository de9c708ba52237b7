// "Add to calendar" for a tender: its last time for questions and its closing time, as an
// iCalendar file anyone may download, since the tender's notice is public (the policy's).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "../../db/client";
import { getPublicTender } from "~/models/tenders/public.server";
import { tenderDeadlines } from "~/models/calendar/deadlines.server";
import { icalendar } from "~/lib/icalendar.server";
import { calendarResponse, deadlineEvents } from "~/http/calendar.server";
import { notFound } from "~/http/guards.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const tender = await getPublicTender(getDb(), params.tenderId ?? "");
  if (!tender) notFound("Tender not found");
  const deadlines = tenderDeadlines({
    id: tender.id, reference: tender.reference, title: tender.title, closes_at: tender.closesAt, clarifications_close_at: tender.clarificationsCloseAt,
  });
  return calendarResponse(icalendar(`${tender.reference} ${tender.title}`, deadlineEvents(deadlines)), `${tender.reference}.ics`);
}
