// A person's private calendar feed (iCalendar), read by their calendar application, which
// cannot sign in: the token in the address is the key. Given out as /calendar/<token>.ics.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "../../db/client";
import { loadActor } from "~/models/accounts/users.server";
import { calendarFeedOwner } from "~/models/calendar/feeds.server";
import { listDeadlines } from "~/models/calendar/deadlines.server";
import { getSettings } from "~/models/admin/settings.server";
import { icalendar } from "~/lib/icalendar.server";
import { calendarResponse, deadlineEvents } from "~/http/calendar.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const db = getDb();
  const token = (params.token ?? "").replace(/\.ics$/, "");
  const userId = await calendarFeedOwner(db, token);
  const actor = userId ? await loadActor(db, userId) : null;
  // One answer for a wrong, stopped or deactivated address: nothing says which.
  if (!actor) throw new Response("This calendar address does not work. Make a new one from your account page.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const [deadlines, { council_name }] = await Promise.all([listDeadlines(db, actor), getSettings(db)]);
  return calendarResponse(icalendar(`${council_name} early help: deadlines`, deadlineEvents(deadlines)));
}
