// Reads an iCalendar file with ical.js (Mozilla's parser, as Thunderbird uses), so the tests
// check the feed as a calendar application would read it, not as the portal wrote it.
import ICAL from "ical.js";

export interface ParsedEvent {
  uid: string;
  summary: string;
  description: string;
  url: string;
  allDay: boolean;
  /** As the calendar shows it: "2027-01-13T12:00:00" in its zone, or "2027-01-13" for a day. */
  local: string;
  tzid: string | null;
  /** The moment, in UTC (whole days: their start in UTC). */
  utc: string;
}

export function parseCalendar(text: string): { name: string | null; events: ParsedEvent[] } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
  const events = calendar.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    const start = event.startDate;
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description,
      url: String(component.getFirstPropertyValue("url") ?? ""),
      allDay: start.isDate,
      local: start.toString(),
      tzid: start.isDate ? null : start.zone?.tzid ?? null,
      utc: start.toJSDate().toISOString(),
    };
  });
  return { name: (calendar.getFirstPropertyValue("x-wr-calname") as string | null) ?? null, events };
}
