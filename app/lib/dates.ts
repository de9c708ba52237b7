// Dates and times, in one place. Stored as ISO text: calendar dates as "2026-11-24",
// instants as UTC ("2026-07-01T08:00:00.000Z"). People see and type them in UK time,
// which is GMT in winter and BST in summer, whatever the server's own time zone.

const LONDON = "Europe/London";

const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: LONDON });
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric", month: "long", year: "numeric", hour: "numeric", minute: "2-digit", hourCycle: "h12", timeZone: LONDON,
});
const clockFormat = new Intl.DateTimeFormat("en-GB", { hour: "numeric", minute: "2-digit", hourCycle: "h12", timeZone: LONDON });
// en-CA writes dates as YYYY-MM-DD, which is the ISO form.
const ukDayFormat = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: LONDON });
const londonPartsFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: LONDON, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
});

// ---------------------------------------------------------------------------------------
// Showing dates to people, GOV.UK style.

/** "3 November 2025". A calendar date is read at noon UTC so no time zone moves its day. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "";
  return dateFormat.format(new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso));
}

/** "3 November 2025, 10:42am" in UK time. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  // en-GB writes "3 November 2025 at 10:42 am"; GOV.UK style is "3 November 2025, 10:42am".
  return dateTimeFormat.format(new Date(iso)).replace(" at ", ", ").replace(/\s(am|pm)$/i, (m) => m.trim().toLowerCase());
}

/** "10:42am", in UK time. */
export function formatClock(iso: string): string {
  return clockFormat.format(new Date(iso)).replace(/\s/g, "").toLowerCase();
}

/** "12:00pm on 3 March 2027", in UK time. */
export function formatClockOnDate(iso: string): string {
  return `${formatClock(iso)} on ${formatDate(iso)}`;
}

/** When something was saved: "10:42am" today, else "10:42am on 3 March 2027". */
export function formatSavedAt(iso: string, now = new Date()): string {
  return ukToday(new Date(iso)) === ukToday(now) ? formatClock(iso) : formatClockOnDate(iso);
}

const generatedAtFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: LONDON,
});

/** "6 December 2026 13:40" in UK time, as the PDF's header and footer state when it was made. */
export function formatGeneratedAt(iso: string): string {
  const parts = generatedAtFormat.formatToParts(new Date(iso));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("day")} ${get("month")} ${get("year")} ${get("hour")}:${get("minute")}`;
}

// ---------------------------------------------------------------------------------------
// Calendar dates.

/** Today's date in the UK as an ISO date ("2026-11-24"): due dates and years turn on UK days. */
export function ukToday(now: Date = new Date()): string {
  return ukDayFormat.format(now);
}

/** The calendar year in the UK at an instant: references are numbered per year. */
export function ukYear(at: Date): number {
  return londonParts(at.getTime()).year;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The years a date typed into the portal may fall in. Nothing the portal records (tenders,
 * projects, returns, visits) happens outside them, and refusing the rest before any
 * computation keeps quarter and schedule arithmetic bounded.
 */
export const EARLIEST_YEAR = 1990;
export const LATEST_YEAR = 2100;

/** A real calendar date written as YYYY-MM-DD (not 2026-02-30), or null. */
export function parseIsoDate(text: string): string | null {
  const match = ISO_DATE.exec(text.trim());
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return match[0];
}

/** A real calendar date in YYYY-MM-DD form. */
export function isRealIsoDate(value: string): boolean {
  return parseIsoDate(value) === value;
}

/** A real date in the years the portal deals in (EARLIEST_YEAR to LATEST_YEAR). */
export function isSensibleIsoDate(value: string): boolean {
  if (!isRealIsoDate(value)) return false;
  const year = Number(value.slice(0, 4));
  return year >= EARLIEST_YEAR && year <= LATEST_YEAR;
}

/** A date plus a number of days, as an ISO date. */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from one ISO date to another: daysBetween("2026-07-21", "2026-07-29") = 8. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

// ---------------------------------------------------------------------------------------
// UK local time. Opening and closing times are typed in UK local time and stored as UTC.

function londonParts(utcMs: number): Record<"year" | "month" | "day" | "hour" | "minute" | "second", number> {
  const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of londonPartsFormat.formatToParts(new Date(utcMs))) {
    if (part.type in out) out[part.type as keyof typeof out] = Number(part.value);
  }
  return out;
}

/** The wall-clock time in London at an instant, as if it were a UTC time. */
function londonWallClockMs(utcMs: number): number {
  const p = londonParts(utcMs);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

export type UkTimeResult = { ok: true; iso: string } | { ok: false; reason: "format" | "clock-change" };

/**
 * "2026-07-01T09:00" typed in the UK → "2026-07-01T08:00:00.000Z". In the hour the clocks
 * go back the time happens twice: the first (BST) is meant. In the hour they go forward it
 * does not happen at all, and is refused.
 */
export function ukLocalToUtc(value: string): UkTimeResult {
  const m = LOCAL_PATTERN.exec(value.trim());
  if (!m) return { ok: false, reason: "format" };
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? "0"].map(Number);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return { ok: false, reason: "format" };
  if (year < EARLIEST_YEAR || year > LATEST_YEAR) return { ok: false, reason: "format" };
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return { ok: false, reason: "format" };
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  // The UK is an hour ahead of UTC (BST) or level with it (GMT).
  for (const offsetHours of [1, 0]) {
    const utc = wall - offsetHours * 60 * 60 * 1000;
    if (londonWallClockMs(utc) === wall) return { ok: true, iso: new Date(utc).toISOString() };
  }
  return { ok: false, reason: "clock-change" };
}

/** The UTC ISO string for a UK local time, or null when there is no such time. */
export function ukLocalToUtcIso(value: string): string | null {
  const result = ukLocalToUtc(value);
  return result.ok ? result.iso : null;
}

/** "2026-07-01T08:00:00.000Z" → "2026-07-01T09:00", what a datetime-local field shows. */
export function utcIsoToUkLocal(iso: string | null | undefined): string {
  if (!iso) return "";
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return "";
  const p = londonParts(ms);
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** The instant a UK calendar day starts, as ISO text in UTC: "2026-07-01" → "2026-06-30T23:00:00.000Z". */
export function ukDayStartUtc(isoDate: string, addDays = 0): string {
  const [y, m, d] = isoDate.split("-").map(Number);
  const midnightUtc = Date.UTC(y, m - 1, d + addDays);
  // UK clocks change at 01:00 UTC, so midnight is never in a gap or overlap.
  const offset = londonWallClockMs(midnightUtc) - midnightUtc;
  return new Date(midnightUtc - offset).toISOString();
}
