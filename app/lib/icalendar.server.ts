// iCalendar (RFC 5545) for deadlines: a calendar of events, each either a moment (a tender's
// closing time, in UK local time with the Europe/London zone written out, so every
// calendar shows it at the hour the council set) or a whole day (a return's due date).
// Written here rather than by a library: the feed needs only VEVENTs with a summary,
// description, address and start, and the libraries that write time zones need a date
// library as well. What the standard asks of text is all here: escaping, CRLF line ends and
// lines folded at 75 octets.
import { utcIsoToUkLocal } from "~/lib/dates";

export interface CalendarEvent {
  /** Stable across downloads, so a calendar updates an event rather than adding it twice. */
  uid: string;
  summary: string;
  description: string;
  url: string;
  /** A moment (ISO UTC), shown in UK local time, or a whole day (ISO date). */
  start: { at: string } | { date: string };
}

// The UK's rules since 1996: BST from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October.
const EUROPE_LONDON = [
  "BEGIN:VTIMEZONE",
  "TZID:Europe/London",
  "BEGIN:DAYLIGHT",
  "TZOFFSETFROM:+0000",
  "TZOFFSETTO:+0100",
  "TZNAME:BST",
  "DTSTART:19700329T010000",
  "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
  "END:DAYLIGHT",
  "BEGIN:STANDARD",
  "TZOFFSETFROM:+0100",
  "TZOFFSETTO:+0000",
  "TZNAME:GMT",
  "DTSTART:19701025T020000",
  "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
  "END:STANDARD",
  "END:VTIMEZONE",
];

/** Text as a property value: control characters dropped, the four special characters escaped. */
function escapeText(value: string): string {
  return value
    .replace(/\r\n?/g, "\n")
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "")
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\n/g, "\\n");
}

/** A content line folded into lines of at most 75 octets, never inside a character. */
function fold(line: string): string {
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    // Continuation lines begin with a space, which counts towards their 75.
    if (octets + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = "";
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

const compactUtc = (iso: string): string => iso.replace(/[-:]/g, "").replace(/\.\d{3}/, "");
const compactDate = (date: string): string => date.replace(/-/g, "");

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function startLines(start: CalendarEvent["start"]): string[] {
  if ("date" in start) {
    return [`DTSTART;VALUE=DATE:${compactDate(start.date)}`, `DTEND;VALUE=DATE:${compactDate(nextDay(start.date))}`];
  }
  // "2027-01-13T12:00" in UK local time; the seconds are the same in UTC and UK time.
  const local = utcIsoToUkLocal(start.at);
  return [`DTSTART;TZID=Europe/London:${local.replace(/[-:]/g, "")}${start.at.slice(17, 19)}`];
}

/** The calendar as text/calendar: its name, the UK time zone and the events. */
export function icalendar(name: string, events: CalendarEvent[], now = new Date()): string {
  const stamp = compactUtc(now.toISOString());
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Early help portal//Deadlines//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeText(name)}`,
    "X-WR-TIMEZONE:Europe/London",
    // Ask calendars to fetch the feed again every few hours.
    "REFRESH-INTERVAL;VALUE=DURATION:PT4H",
    "X-PUBLISHED-TTL:PT4H",
    ...EUROPE_LONDON,
  ];
  for (const event of events) {
    lines.push(
      "BEGIN:VEVENT",
      `UID:${escapeText(event.uid)}`,
      `DTSTAMP:${stamp}`,
      ...startLines(event.start),
      `SUMMARY:${escapeText(event.summary)}`,
      `DESCRIPTION:${escapeText(event.description)}`,
      `URL:${event.url}`,
      "TRANSP:TRANSPARENT",
      "END:VEVENT",
    );
  }
  lines.push("END:VCALENDAR");
  return lines.map(fold).join("\r\n") + "\r\n";
}
