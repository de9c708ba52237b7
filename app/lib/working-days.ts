// Working days as the Procurement Act 2023 counts them (s123): not a Saturday or Sunday, nor
// a bank holiday in any part of the United Kingdom. So Scotland's (2 January, the first
// Monday of August, St Andrew's Day) and Northern Ireland's (St Patrick's Day, the Battle of
// the Boyne) count as well as England and Wales's. The standstill (s51) is eight of them,
// beginning with the day the contract award notice is published.
//
// The dates are gov.uk/bank-holidays' (announced to 2027) and, after that, what the same rules
// give (Easter; the first and last Mondays of May; the August Mondays; substitute days when a
// fixed holiday falls at a weekend). A royal or special holiday announced later must be added
// here. A date outside the table is refused rather than counted wrongly.
import { addDays } from "./dates";

/** Every UK bank holiday (England and Wales, Scotland, Northern Ireland), by year. */
const BANK_HOLIDAYS: Readonly<Record<number, readonly string[]>> = {
  2024: ["2024-01-01", "2024-01-02", "2024-03-18", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-07-12", "2024-08-05", "2024-08-26", "2024-12-02", "2024-12-25", "2024-12-26"],
  2025: ["2025-01-01", "2025-01-02", "2025-03-17", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-07-14", "2025-08-04", "2025-08-25", "2025-12-01", "2025-12-25", "2025-12-26"],
  2026: ["2026-01-01", "2026-01-02", "2026-03-17", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-07-13", "2026-08-03", "2026-08-31", "2026-11-30", "2026-12-25", "2026-12-28"],
  2027: ["2027-01-01", "2027-01-04", "2027-03-17", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-07-12", "2027-08-02", "2027-08-30", "2027-11-30", "2027-12-27", "2027-12-28"],
  2028: ["2028-01-03", "2028-01-04", "2028-03-17", "2028-04-14", "2028-04-17", "2028-05-01", "2028-05-29", "2028-07-12", "2028-08-07", "2028-08-28", "2028-11-30", "2028-12-25", "2028-12-26"],
  2029: ["2029-01-01", "2029-01-02", "2029-03-19", "2029-03-30", "2029-04-02", "2029-05-07", "2029-05-28", "2029-07-12", "2029-08-06", "2029-08-27", "2029-11-30", "2029-12-25", "2029-12-26"],
  2030: ["2030-01-01", "2030-01-02", "2030-03-18", "2030-04-19", "2030-04-22", "2030-05-06", "2030-05-27", "2030-07-12", "2030-08-05", "2030-08-26", "2030-12-02", "2030-12-25", "2030-12-26"],
  2031: ["2031-01-01", "2031-01-02"],
};

const HOLIDAYS = new Set(Object.values(BANK_HOLIDAYS).flat());
const FIRST_KNOWN = "2024-01-01";
const LAST_KNOWN = "2031-01-02";

export function isWorkingDay(dateIso: string): boolean {
  if (dateIso < FIRST_KNOWN || dateIso > LAST_KNOWN) {
    throw new RangeError(`Bank holidays for ${dateIso} are not in the table (app/lib/working-days.ts)`);
  }
  const weekday = new Date(`${dateIso}T12:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !HOLIDAYS.has(dateIso);
}

/** The nth working day counting `from` itself as the first when it is one. */
export function nthWorkingDay(from: string, n: number): string {
  let day = from;
  let counted = isWorkingDay(day) ? 1 : 0;
  while (counted < n) {
    day = addDays(day, 1);
    if (isWorkingDay(day)) counted += 1;
  }
  return day;
}

export const STANDSTILL_WORKING_DAYS = 8;

/**
 * The standstill after a contract award notice published on `noticeDate`: its last day, and
 * the first day the contract may be entered (the day after, once the last has ended).
 */
export function standstill(noticeDate: string): { lastDay: string; contractFrom: string } {
  const lastDay = nthWorkingDay(noticeDate, STANDSTILL_WORKING_DAYS);
  return { lastDay, contractFrom: addDays(lastDay, 1) };
}
