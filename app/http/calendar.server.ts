// Calendars at the HTTP edge: deadlines as events with full addresses (from APP_URL, never
// from the request), and the response a calendar application expects.
import type { Deadline } from "~/models/calendar/deadlines.server";
import type { CalendarEvent } from "~/lib/icalendar.server";
import { appBaseUrl, appUrl } from "~/services/app-url.server";

export function deadlineEvents(deadlines: Deadline[]): CalendarEvent[] {
  const host = new URL(appBaseUrl()).host;
  return deadlines.map((d) => ({ uid: `${d.id}@${host}`, summary: d.summary, description: `${d.description}\n\n${appUrl(d.path)}`, url: appUrl(d.path), start: d.start }));
}

/** A calendar, private to whoever holds its address: never kept by a cache on the way. */
export function calendarResponse(body: string, download?: string): Response {
  const headers = new Headers({
    "Content-Type": "text/calendar; charset=utf-8",
    "Cache-Control": "private, no-store",
    "X-Robots-Tag": "noindex",
  });
  if (download) headers.set("Content-Disposition", `attachment; filename="${download}"`);
  return new Response(body, { headers });
}
