// Dates are stored as ISO text and shown the way GOV.UK writes them: "3 November 2025".
const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London" });
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric", month: "long", year: "numeric", hour: "numeric", minute: "2-digit", hourCycle: "h12", timeZone: "Europe/London",
});

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

const ukDayFormat = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: "Europe/London" });

/** Today's date in the UK as an ISO date ("2026-11-24"): due dates and years turn on UK days. */
export function ukToday(now: Date = new Date()): string {
  return ukDayFormat.format(now);
}
